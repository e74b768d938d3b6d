/**
 * An in-memory Store for unit tests and throwaway dev servers. It follows the same contract as the durable
 * stores (see `doc-store.contract.ts`, `board-store.contract.ts`) but keeps nothing across restarts.
 */
import type { BoardRecord, BoardStore, DocStore, SessionRecord, Store, StoredDoc, StoredUpdate } from './types.js';
import type { Role } from '../../src/lib/doc/members.js';
import { copyBytes, mergeSnapshots } from './merge-snapshot.js';

interface Room {
	snapshot: Uint8Array | null;
	updates: StoredUpdate[];
}

function closedError(): Error {
	return new Error('the store is closed');
}

function createMemoryDocStore(isClosed: () => boolean): Omit<DocStore, 'close'> {
	const rooms = new Map<string, Room>();
	// One counter for all rooms, like the SQL stores' sequences.
	let lastSeq = 0;

	function room(name: string): Room {
		let r = rooms.get(name);
		if (!r) rooms.set(name, (r = { snapshot: null, updates: [] }));
		return r;
	}

	return {
		async load(name) {
			const r = rooms.get(name);
			const doc: StoredDoc = {
				snapshot: r?.snapshot ? copyBytes(r.snapshot) : null,
				updates: (r?.updates ?? []).map((u) => ({ seq: u.seq, data: copyBytes(u.data) }))
			};
			return doc;
		},
		async append(name, update) {
			if (isClosed()) throw closedError();
			const seq = ++lastSeq;
			room(name).updates.push({ seq, data: copyBytes(update) });
			return seq;
		},
		async compact(name, snapshot, seqs) {
			if (isClosed()) throw closedError();
			const r = room(name);
			const drop = new Set(seqs);
			r.snapshot = mergeSnapshots(r.snapshot, copyBytes(snapshot));
			r.updates = r.updates.filter((u) => !drop.has(u.seq));
		},
		async countUpdates(name) {
			return rooms.get(name)?.updates.length ?? 0;
		},
		async deleteRoom(name) {
			if (isClosed()) throw closedError();
			rooms.delete(name);
		},
		async flush() {}
	};
}

function createMemoryBoardStore(isClosed: () => boolean): BoardStore {
	const boards = new Map<string, BoardRecord>();
	const capabilities = new Map<string, { boardId: string; role: Role }>();
	const sessions = new Map<string, SessionRecord>();

	return {
		async createBoard(board, tokens) {
			if (isClosed()) throw closedError();
			if (boards.has(board.id)) throw new Error(`board ${board.id} already exists`);
			// Check every token before writing anything, so a failure leaves no partial board (as a transaction would).
			const hashes = new Set<string>();
			for (const t of tokens) {
				if (capabilities.has(t.tokenHash) || hashes.has(t.tokenHash)) throw new Error('capability token hash already exists');
				hashes.add(t.tokenHash);
			}
			boards.set(board.id, { ...board });
			for (const t of tokens) capabilities.set(t.tokenHash, { boardId: board.id, role: t.role });
		},
		async getBoard(id) {
			const b = boards.get(id);
			return b ? { ...b } : null;
		},
		async findCapability(boardId, tokenHash) {
			const c = capabilities.get(tokenHash);
			return c && c.boardId === boardId ? c.role : null;
		},
		async createSession(session) {
			if (isClosed()) throw closedError();
			if (sessions.has(session.tokenHash)) throw new Error('session token hash already exists');
			sessions.set(session.tokenHash, { ...session });
		},
		async findSession(tokenHash) {
			const s = sessions.get(tokenHash);
			return s ? { ...s } : null;
		},
		async listSessions(boardId) {
			return [...sessions.values()]
				.filter((s) => s.boardId === boardId)
				.sort((a, b) => a.createdAt - b.createdAt || compareText(a.tokenHash, b.tokenHash))
				.map((s) => ({ ...s }));
		}
	};
}

/** Byte-order comparison, matching the SQL stores' `ORDER BY created_at, token_hash` tie-break (hex hashes). */
function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Creates an empty in-memory Store. */
export function createMemoryStore(): Store {
	let closed = false;
	const isClosed = () => closed;
	const close = async () => {
		closed = true;
	};
	// As in the SQL stores, closing the docs closes the whole store.
	return { docs: { ...createMemoryDocStore(isClosed), close }, boards: createMemoryBoardStore(isClosed), close };
}
