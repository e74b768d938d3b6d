/**
 * An in-memory Store for unit tests and throwaway dev servers. It follows the same contract as the durable
 * stores (see `doc-store.contract.ts`, `board-store.contract.ts`) but keeps nothing across restarts.
 */
import {
	isRefusal,
	isRoomOfBoard,
	type DeletedRows,
	type BoardRecord,
	type BoardStore,
	type CapabilityRecord,
	type DeletedRecord,
	type HistoryStore,
	type SnapshotRecord,
	type DocStore,
	type SessionRecord,
	type Store,
	type StoredDoc,
	type StoredUpdate,
	type VoteRow,
	type VoteStore
} from './types.js';
import { Round } from '../../src/lib/doc/votes.js';
import { copyBytes, swapSnapshot } from './merge-snapshot.js';

function closedError(): Error {
	return new Error('the store is closed');
}

interface Room {
	snapshot: Uint8Array | null;
	version: string | null;
	updates: StoredUpdate[];
	/** When the room was last written (append or compact), for finding idle boards. */
	writtenAt: number;
}

/** What the Store-level operations need from each part: delete a board's rows, and when it was last used. */
interface BoardRows {
	deleteBoard(boardId: string): DeletedRows;
	/** The latest use of each board this part knows of. */
	lastUse(into: Map<string, number>): void;
}

const boardOfRoom = (room: string) => room.split('/')[0];
const later = (into: Map<string, number>, boardId: string, at: number) => into.set(boardId, Math.max(into.get(boardId) ?? -Infinity, at));

function createMemoryDocStore(isClosed: () => boolean): Omit<DocStore, 'close'> & BoardRows {
	const rooms = new Map<string, Room>();
	// One counter for all rooms, like the SQL stores' sequences.
	let lastSeq = 0;

	function room(name: string): Room {
		let r = rooms.get(name);
		if (!r) rooms.set(name, (r = { snapshot: null, version: null, updates: [], writtenAt: 0 }));
		r.writtenAt = Date.now();
		return r;
	}

	return {
		async load(name) {
			const r = rooms.get(name);
			const doc: StoredDoc = {
				snapshot: r?.snapshot ? copyBytes(r.snapshot) : null,
				version: r?.snapshot ? r.version : null,
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
		async compact(name, snapshot, seqs, base) {
			if (isClosed()) throw closedError();
			const r = room(name);
			const drop = new Set(seqs);
			const next = swapSnapshot(r.snapshot ? { data: r.snapshot, version: r.version } : null, copyBytes(snapshot), base);
			r.snapshot = next.data;
			r.version = next.version;
			r.updates = r.updates.filter((u) => !drop.has(u.seq));
			return { version: next.version, merged: next.merged ? copyBytes(next.data) : null };
		},
		async countUpdates(name) {
			return rooms.get(name)?.updates.length ?? 0;
		},
		async deleteRoom(name) {
			if (isClosed()) throw closedError();
			rooms.delete(name);
		},
		async flush() {},
		deleteBoard(boardId) {
			let updates = 0;
			let snapshots = 0;
			for (const [name, r] of rooms) {
				if (!isRoomOfBoard(name, boardId)) continue;
				updates += r.updates.length;
				if (r.snapshot) snapshots++;
				rooms.delete(name);
			}
			return { doc_updates: updates, doc_snapshots: snapshots };
		},
		lastUse(into) {
			for (const [name, r] of rooms) later(into, boardOfRoom(name), r.writtenAt);
		}
	};
}

function createMemoryBoardStore(isClosed: () => boolean): BoardStore & BoardRows & { listBoards(): BoardRecord[] } {
	const boards = new Map<string, BoardRecord>();
	const capabilities = new Map<string, CapabilityRecord>();
	const sessions = new Map<string, SessionRecord>();
	const live = (s: SessionRecord, boardId: string, participantId: string) => s.boardId === boardId && s.participantId === participantId;

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
			for (const t of tokens) capabilities.set(t.tokenHash, { ...t, boardId: board.id, revokedAt: null });
		},
		async getBoard(id) {
			const b = boards.get(id);
			return b ? { ...b } : null;
		},
		async findCapability(boardId, tokenHash) {
			const c = capabilities.get(tokenHash);
			return c && c.boardId === boardId && c.revokedAt === null ? { id: c.id, role: c.role } : null;
		},
		async listCapabilities(boardId) {
			return [...capabilities.values()]
				.filter((c) => c.boardId === boardId)
				.sort((a, b) => a.createdAt - b.createdAt || compareText(a.id, b.id))
				.map((c) => ({ ...c }));
		},
		async rotateCapability(boardId, next) {
			if (isClosed()) throw closedError();
			if (capabilities.has(next.tokenHash)) throw new Error('capability token hash already exists');
			for (const c of capabilities.values())
				if (c.boardId === boardId && c.role === next.role && c.revokedAt === null) c.revokedAt = next.createdAt;
			capabilities.set(next.tokenHash, { ...next, boardId, revokedAt: null });
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
		async touchSession(tokenHash, at) {
			const s = sessions.get(tokenHash);
			if (s && s.lastSeenAt < at) s.lastSeenAt = at;
		},
		async revokeParticipant(boardId, participantId, at) {
			let n = 0;
			for (const s of sessions.values()) {
				if (live(s, boardId, participantId) && s.revokedAt === null) {
					s.revokedAt = at;
					n++;
				}
			}
			return n;
		},
		async setParticipantRole(boardId, participantId, role) {
			let n = 0;
			for (const s of sessions.values()) {
				if (live(s, boardId, participantId)) {
					s.role = role;
					n++;
				}
			}
			return n;
		},
		async listSessions(boardId) {
			return [...sessions.values()]
				.filter((s) => s.boardId === boardId)
				.sort((a, b) => a.createdAt - b.createdAt || compareText(a.tokenHash, b.tokenHash))
				.map((s) => ({ ...s }));
		},
		deleteBoard(boardId) {
			const counts = { boards: boards.delete(boardId) ? 1 : 0, capabilities: 0, sessions: 0 };
			for (const [hash, c] of capabilities) if (c.boardId === boardId && capabilities.delete(hash)) counts.capabilities++;
			for (const [hash, s] of sessions) if (s.boardId === boardId && sessions.delete(hash)) counts.sessions++;
			return counts;
		},
		lastUse(into) {
			for (const b of boards.values()) later(into, b.id, b.createdAt);
			for (const s of sessions.values()) later(into, s.boardId, s.lastSeenAt);
		},
		listBoards() {
			return [...boards.values()].map((b) => ({ ...b }));
		}
	};
}

function createMemoryHistoryStore(isClosed: () => boolean): HistoryStore & Pick<BoardRows, 'deleteBoard'> {
	const snapshots: { record: SnapshotRecord; data: Uint8Array }[] = [];
	let deleted: DeletedRecord[] = [];
	return {
		async saveSnapshot(record, data) {
			if (isClosed()) throw closedError();
			if (snapshots.some((s) => s.record.boardId === record.boardId && s.record.id === record.id))
				throw new Error('snapshot id already exists');
			snapshots.push({ record: { ...record }, data: new Uint8Array(data) });
		},
		async listSnapshots(boardId) {
			return snapshots
				.filter((s) => s.record.boardId === boardId)
				.map((s) => ({ ...s.record }))
				.sort((a, b) => b.createdAt - a.createdAt || compareText(b.id, a.id));
		},
		async loadSnapshot(boardId, id) {
			const found = snapshots.find((s) => s.record.boardId === boardId && s.record.id === id);
			return found ? { record: { ...found.record }, data: new Uint8Array(found.data) } : null;
		},
		async pruneSnapshots(before) {
			let n = 0;
			for (let i = snapshots.length - 1; i >= 0; i--) {
				if (snapshots[i].record.createdAt < before && snapshots[i].record.reason !== 'named') {
					snapshots.splice(i, 1);
					n++;
				}
			}
			return n;
		},
		async recordDeleted(rows) {
			if (isClosed()) throw closedError();
			deleted.push(...rows.map((r) => ({ ...r })));
		},
		async listDeleted(boardId, since) {
			// Newest first; among equal times, the later recorded first (as the SQL stores order by insertion).
			return deleted
				.map((r, i) => ({ r, i }))
				.filter(({ r }) => r.boardId === boardId && r.deletedAt >= since)
				.sort((a, b) => b.r.deletedAt - a.r.deletedAt || b.i - a.i)
				.map(({ r }) => ({ ...r }));
		},
		async forgetDeleted(boardId, group) {
			const before = deleted.length;
			deleted = deleted.filter((r) => !(r.boardId === boardId && r.group === group));
			return before - deleted.length;
		},
		async pruneDeleted(before) {
			const count = deleted.length;
			deleted = deleted.filter((r) => r.deletedAt >= before);
			return count - deleted.length;
		},
		deleteBoard(boardId) {
			const counts = { snapshots: 0, deleted_elements: 0 };
			for (let i = snapshots.length - 1; i >= 0; i--) {
				if (snapshots[i].record.boardId !== boardId) continue;
				snapshots.splice(i, 1);
				counts.snapshots++;
			}
			const before = deleted.length;
			deleted = deleted.filter((r) => r.boardId !== boardId);
			counts.deleted_elements = before - deleted.length;
			return counts;
		}
	};
}

/**
 * Votes in memory. Each operation reads, decides and writes without awaiting in between, so on one JS thread
 * it is as atomic as the SQL stores' transactions.
 */
function createMemoryVoteStore(isClosed: () => boolean): VoteStore & Pick<BoardRows, 'deleteBoard'> {
	const rounds = new Map<string, Round>();
	// Key: board, round, participant, item, criterion.
	const rows = new Map<string, VoteRow & { boardId: string; roundId: string }>();
	const keyOf = (...parts: string[]) => JSON.stringify(parts);

	const select = (boardId: string, roundId: string, participantId?: string): VoteRow[] =>
		[...rows.values()]
			.filter(
				(r) =>
					r.boardId === boardId &&
					r.roundId === roundId &&
					r.count > 0 &&
					(participantId === undefined || r.participantId === participantId)
			)
			.map(({ participantId, agency, itemId, criterion, count }) => ({ participantId, agency, itemId, criterion, count }))
			.sort(
				(a, b) => compareText(a.participantId, b.participantId) || compareText(a.itemId, b.itemId) || compareText(a.criterion, b.criterion)
			);

	return {
		async getRound(boardId) {
			const round = rounds.get(boardId);
			return round ? structuredClone(round) : null;
		},
		async changeRound(boardId, decide) {
			if (isClosed()) throw closedError();
			const current = rounds.get(boardId);
			const next = decide(current ? structuredClone(current) : null);
			if (isRefusal(next)) return next;
			const saved = Round.parse(next);
			rounds.set(boardId, saved);
			return structuredClone(saved);
		},
		async cast(request, decide) {
			if (isClosed()) throw closedError();
			const current = rounds.get(request.boardId) ?? null;
			const round = current ? structuredClone(current) : null;
			const mine = round ? select(request.boardId, round.id, request.participantId) : [];
			const refusal = decide(round, mine);
			if (refusal) return refusal;
			if (!round) throw new Error('decide accepted a vote without a round');
			const key = keyOf(request.boardId, round.id, request.participantId, request.itemId, request.criterion);
			const row = rows.get(key);
			const count = (row?.count ?? 0) + request.delta;
			if (count < 0) throw new Error('a count cannot go below zero');
			rows.set(key, {
				boardId: request.boardId,
				roundId: round.id,
				participantId: request.participantId,
				agency: row?.agency ?? request.agency,
				itemId: request.itemId,
				criterion: request.criterion,
				count
			});
			return { round, mine: select(request.boardId, round.id, request.participantId) };
		},
		async votesOf(boardId, roundId, participantId) {
			return select(boardId, roundId, participantId);
		},
		async roundVotes(boardId, roundId) {
			return select(boardId, roundId);
		},
		deleteBoard(boardId) {
			const counts = { votes: 0, vote_rounds: rounds.delete(boardId) ? 1 : 0 };
			for (const [key, row] of rows) if (row.boardId === boardId && rows.delete(key)) counts.votes++;
			return counts;
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
	const docs = createMemoryDocStore(isClosed);
	const boards = createMemoryBoardStore(isClosed);
	const votes = createMemoryVoteStore(isClosed);
	const history = createMemoryHistoryStore(isClosed);
	// As in the SQL stores, closing the docs closes the whole store.
	return {
		docs: { ...docs, close },
		boards,
		votes,
		history,
		async deleteBoard(boardId) {
			if (isClosed()) throw closedError();
			// Synchronous throughout, so as atomic as the SQL stores' transactions.
			return {
				...docs.deleteBoard(boardId),
				...votes.deleteBoard(boardId),
				...history.deleteBoard(boardId),
				...boards.deleteBoard(boardId)
			};
		},
		async listIdleBoards(before, limit) {
			if (isClosed()) throw closedError();
			const lastUse = new Map<string, number>();
			docs.lastUse(lastUse);
			boards.lastUse(lastUse);
			return boards
				.listBoards()
				.filter((b) => (lastUse.get(b.id) ?? b.createdAt) < before)
				.sort((a, b) => a.createdAt - b.createdAt || compareText(a.id, b.id))
				.slice(0, limit)
				.map((b) => b.id);
		},
		close
	};
}
