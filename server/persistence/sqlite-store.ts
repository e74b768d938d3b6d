/**
 * The default, embedded Store: one SQLite file in WAL mode. Appends are batched into one transaction every
 * `batchMs` at most, and each append resolves with its sequence number once its batch has committed, so
 * an acknowledged update survives a `kill -9` of the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { silentLogger, type Logger } from '../log.js';
import type { LinkRole, Role } from '../../src/lib/doc/members.js';
import {
	isRefusal,
	type BoardStore,
	type DeletedRecord,
	type DeletedRows,
	type DocStore,
	type HistoryStore,
	type NewCapability,
	type SessionRecord,
	type SnapshotReason,
	type SnapshotRecord,
	type Store,
	type VoteRow,
	type VoteStore
} from './types.js';
import { Criterion, Round } from '../../src/lib/doc/votes.js';
import { createWriteBatcher } from './write-batcher.js';
import { copyBytes, swapSnapshot } from './merge-snapshot.js';
import { SQLITE_BOARD_ROWS, migrateSqlite } from './sqlite-schema.js';
import { LoggerOption } from './logger-option.js';

/** The database's file name in DATA_DIR. */
export const SQLITE_FILE = 'convene.sqlite';

const SqliteOptions = z.object({
	dir: z.string().min(1),
	file: z.string().min(1).default(SQLITE_FILE),
	// Capped at 50 ms: DocStore promises an update is written within about 50 ms of the append.
	batchMs: z.number().int().min(0).max(50).default(20),
	log: LoggerOption.default(silentLogger)
});
export type SqliteOptions = z.input<typeof SqliteOptions>;

interface UpdateRow {
	seq: number;
	data: Buffer;
}

interface SnapshotRow {
	data: Buffer;
	version: string | null;
}

interface SessionRow {
	token_hash: string;
	board_id: string;
	participant_id: string;
	role: string;
	name: string;
	agency: string;
	created_at: number;
	link_id: string | null;
	last_seen_at: number;
	revoked_at: number | null;
}

interface CapabilityRow {
	id: string;
	board_id: string;
	role: string;
	token_hash: string;
	created_at: number;
	revoked_at: number | null;
}

function toSession(row: SessionRow): SessionRecord {
	return {
		tokenHash: row.token_hash,
		boardId: row.board_id,
		participantId: row.participant_id,
		// The row was written from a validated SessionRecord, so its role is one of ours.
		role: row.role as Role,
		name: row.name,
		agency: row.agency,
		createdAt: row.created_at,
		linkId: row.link_id,
		lastSeenAt: row.last_seen_at,
		revokedAt: row.revoked_at
	};
}

/** better-sqlite3 binds Buffers, not plain Uint8Arrays; this wraps without copying. */
function asBuffer(data: Uint8Array): Buffer {
	return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function createSqliteDocStore(db: Database.Database, batchMs: number, log: Logger, isClosed: () => boolean): Omit<DocStore, 'close'> {
	const insertUpdate = db.prepare('INSERT INTO doc_updates (room, data, created_at) VALUES (?, ?, ?)');
	const selectSnapshot = db.prepare('SELECT data, version FROM doc_snapshots WHERE room = ?');
	const selectUpdates = db.prepare('SELECT seq, data FROM doc_updates WHERE room = ? ORDER BY seq');
	const countUpdates = db.prepare('SELECT count(*) FROM doc_updates WHERE room = ?').pluck();
	const upsertSnapshot = db.prepare(
		'INSERT INTO doc_snapshots (room, data, updated_at, version) VALUES (?, ?, ?, ?) ON CONFLICT (room) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, version = excluded.version'
	);
	const deleteUpdate = db.prepare('DELETE FROM doc_updates WHERE room = ? AND seq = ?');
	const deleteRoomUpdates = db.prepare('DELETE FROM doc_updates WHERE room = ?');
	const deleteRoomSnapshot = db.prepare('DELETE FROM doc_snapshots WHERE room = ?');

	const writeBatch = db.transaction((items: { room: string; data: Uint8Array }[]) => {
		const now = Date.now();
		return items.map((item) => Number(insertUpdate.run(item.room, asBuffer(item.data), now).lastInsertRowid));
	});
	const batcher = createWriteBatcher<{ room: string; data: Uint8Array }, number>({
		batchMs,
		log,
		// IMMEDIATE: take the write lock up front, so busy_timeout applies instead of a failed lock upgrade.
		write: (items) => writeBatch.immediate(items)
	});

	// One read transaction, so a compaction committed by another process between the two reads cannot hide updates.
	const readRoom = db.transaction((room: string) => {
		const snapshot = selectSnapshot.get(room) as SnapshotRow | undefined;
		const updates = selectUpdates.all(room) as UpdateRow[];
		return {
			snapshot: snapshot ? copyBytes(snapshot.data) : null,
			version: snapshot?.version ?? null,
			updates: updates.map((u) => ({ seq: u.seq, data: copyBytes(u.data) }))
		};
	});

	const compactRoom = db.transaction((room: string, snapshot: Uint8Array, seqs: readonly number[], base: string | null | undefined) => {
		const stored = selectSnapshot.get(room) as SnapshotRow | undefined;
		const next = swapSnapshot(stored ? { data: copyBytes(stored.data), version: stored.version } : null, snapshot, base);
		upsertSnapshot.run(room, asBuffer(next.data), Date.now(), next.version);
		for (const seq of seqs) deleteUpdate.run(room, seq);
		return { version: next.version, merged: next.merged ? next.data : null };
	});

	const removeRoom = db.transaction((room: string) => {
		deleteRoomUpdates.run(room);
		deleteRoomSnapshot.run(room);
	});

	function assertOpen(): void {
		if (isClosed()) throw new Error('the store is closed');
	}

	return {
		async load(room) {
			// Flushing everything (not only this room) is simpler and at most one batch of extra work.
			await batcher.flush();
			assertOpen();
			return readRoom(room);
		},
		append(room, update) {
			// Not async: the batcher's promise is the append's (one promise fewer per stored update).
			if (isClosed()) return Promise.reject(new Error('the store is closed'));
			// Copy now: the caller may reuse its array before the batch is written.
			return batcher.add({ room, data: copyBytes(update) });
		},
		async compact(room, snapshot, seqs, base) {
			await batcher.flush();
			assertOpen();
			// The stored bytes are a copy of the caller's (better-sqlite3 copies bound Buffers), so it may reuse them.
			return compactRoom.immediate(room, snapshot, seqs, base);
		},
		async countUpdates(room) {
			await batcher.flush();
			assertOpen();
			return countUpdates.get(room) as number;
		},
		async deleteRoom(room) {
			await batcher.flush();
			assertOpen();
			removeRoom.immediate(room);
		},
		flush: () => batcher.flush()
	};
}

function createSqliteBoardStore(db: Database.Database): BoardStore {
	const insertBoard = db.prepare('INSERT INTO boards (id, title, created_at) VALUES (?, ?, ?)');
	const insertCapability = db.prepare('INSERT INTO capabilities (id, board_id, token_hash, role, created_at) VALUES (?, ?, ?, ?, ?)');
	const selectBoard = db.prepare('SELECT id, title, created_at FROM boards WHERE id = ?');
	const selectCapability = db.prepare('SELECT id, role FROM capabilities WHERE board_id = ? AND token_hash = ? AND revoked_at IS NULL');
	const selectCapabilities = db.prepare('SELECT * FROM capabilities WHERE board_id = ? ORDER BY created_at, id');
	const retireCapabilities = db.prepare('UPDATE capabilities SET revoked_at = ? WHERE board_id = ? AND role = ? AND revoked_at IS NULL');
	const insertSession = db.prepare(
		'INSERT INTO sessions (token_hash, board_id, participant_id, role, name, agency, created_at, link_id, last_seen_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
	);
	const selectSession = db.prepare('SELECT * FROM sessions WHERE token_hash = ?');
	const selectSessions = db.prepare('SELECT * FROM sessions WHERE board_id = ? ORDER BY created_at, token_hash');
	const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?');
	const revoke = db.prepare('UPDATE sessions SET revoked_at = ? WHERE board_id = ? AND participant_id = ? AND revoked_at IS NULL');
	const setRole = db.prepare('UPDATE sessions SET role = ? WHERE board_id = ? AND participant_id = ?');

	const createBoard = db.transaction(
		(board: Parameters<BoardStore['createBoard']>[0], tokens: Parameters<BoardStore['createBoard']>[1]) => {
			insertBoard.run(board.id, board.title, board.createdAt);
			for (const t of tokens) insertCapability.run(t.id, board.id, t.tokenHash, t.role, t.createdAt);
		}
	);
	const rotate = db.transaction((boardId: string, next: NewCapability) => {
		retireCapabilities.run(next.createdAt, boardId, next.role);
		insertCapability.run(next.id, boardId, next.tokenHash, next.role, next.createdAt);
	});

	return {
		async createBoard(board, tokens) {
			createBoard.immediate(board, tokens);
		},
		async getBoard(id) {
			const row = selectBoard.get(id) as { id: string; title: string; created_at: number } | undefined;
			return row ? { id: row.id, title: row.title, createdAt: row.created_at } : null;
		},
		async findCapability(boardId, tokenHash) {
			const row = selectCapability.get(boardId, tokenHash) as { id: string; role: string } | undefined;
			return row ? { id: row.id, role: row.role as LinkRole } : null;
		},
		async listCapabilities(boardId) {
			return (selectCapabilities.all(boardId) as CapabilityRow[]).map((row) => ({
				id: row.id,
				boardId: row.board_id,
				role: row.role as LinkRole,
				tokenHash: row.token_hash,
				createdAt: row.created_at,
				revokedAt: row.revoked_at
			}));
		},
		async rotateCapability(boardId, next) {
			rotate.immediate(boardId, next);
		},
		async createSession(s) {
			insertSession.run(
				s.tokenHash,
				s.boardId,
				s.participantId,
				s.role,
				s.name,
				s.agency,
				s.createdAt,
				s.linkId,
				s.lastSeenAt,
				s.revokedAt
			);
		},
		async findSession(tokenHash) {
			const row = selectSession.get(tokenHash) as SessionRow | undefined;
			return row ? toSession(row) : null;
		},
		async touchSession(tokenHash, at) {
			touch.run(at, tokenHash, at);
		},
		async revokeParticipant(boardId, participantId, at) {
			return revoke.run(at, boardId, participantId).changes;
		},
		async setParticipantRole(boardId, participantId, role) {
			return setRole.run(role, boardId, participantId).changes;
		},
		async listSessions(boardId) {
			return (selectSessions.all(boardId) as SessionRow[]).map(toSession);
		}
	};
}

interface SnapshotRow {
	board_id: string;
	id: string;
	created_at: number;
	reason: string;
	label: string;
	by: string | null;
	elements: number;
}

function toSnapshot(row: SnapshotRow): SnapshotRecord {
	return {
		id: row.id,
		boardId: row.board_id,
		createdAt: row.created_at,
		reason: row.reason as SnapshotReason,
		label: row.label,
		by: row.by,
		elements: row.elements
	};
}

interface DeletedRow {
	board_id: string;
	element_id: string;
	deleted_at: number;
	deleted_by: string | null;
	grp: string;
	element: string;
}

function toDeleted(row: DeletedRow): DeletedRecord {
	return {
		boardId: row.board_id,
		elementId: row.element_id,
		deletedAt: row.deleted_at,
		deletedBy: row.deleted_by,
		group: row.grp,
		element: row.element
	};
}

function createSqliteHistoryStore(db: Database.Database): HistoryStore {
	const insertSnapshot = db.prepare(
		'INSERT INTO snapshots (board_id, id, created_at, reason, label, by, elements, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
	);
	const selectSnapshots = db.prepare(
		'SELECT board_id, id, created_at, reason, label, by, elements FROM snapshots WHERE board_id = ? ORDER BY created_at DESC, id DESC'
	);
	const selectSnapshot = db.prepare('SELECT * FROM snapshots WHERE board_id = ? AND id = ?');
	const pruneSnapshots = db.prepare("DELETE FROM snapshots WHERE created_at < ? AND reason <> 'named'");
	const insertDeleted = db.prepare(
		'INSERT INTO deleted_elements (board_id, element_id, deleted_at, deleted_by, grp, element) VALUES (?, ?, ?, ?, ?, ?)'
	);
	const selectDeleted = db.prepare(
		'SELECT * FROM deleted_elements WHERE board_id = ? AND deleted_at >= ? ORDER BY deleted_at DESC, rowid DESC'
	);
	const forgetDeleted = db.prepare('DELETE FROM deleted_elements WHERE board_id = ? AND grp = ?');
	const pruneDeleted = db.prepare('DELETE FROM deleted_elements WHERE deleted_at < ?');
	const recordDeleted = db.transaction((rows: readonly DeletedRecord[]) => {
		for (const r of rows) insertDeleted.run(r.boardId, r.elementId, r.deletedAt, r.deletedBy, r.group, r.element);
	});
	return {
		async saveSnapshot(r, data) {
			insertSnapshot.run(r.boardId, r.id, r.createdAt, r.reason, r.label, r.by, r.elements, asBuffer(data));
		},
		async listSnapshots(boardId) {
			return (selectSnapshots.all(boardId) as SnapshotRow[]).map(toSnapshot);
		},
		async loadSnapshot(boardId, id) {
			const row = selectSnapshot.get(boardId, id) as (SnapshotRow & { data: Buffer }) | undefined;
			return row ? { record: toSnapshot(row), data: copyBytes(row.data) } : null;
		},
		async pruneSnapshots(before) {
			return pruneSnapshots.run(before).changes;
		},
		async recordDeleted(rows) {
			recordDeleted.immediate(rows);
		},
		async listDeleted(boardId, since) {
			return (selectDeleted.all(boardId, since) as DeletedRow[]).map(toDeleted);
		},
		async forgetDeleted(boardId, group) {
			return forgetDeleted.run(boardId, group).changes;
		},
		async pruneDeleted(before) {
			return pruneDeleted.run(before).changes;
		}
	};
}

interface VoteRowRecord {
	participant_id: string;
	agency: string;
	item_id: string;
	criterion: string;
	count: number;
}

function toVoteRow(row: VoteRowRecord): VoteRow {
	return {
		participantId: row.participant_id,
		agency: row.agency,
		itemId: row.item_id,
		criterion: Criterion.parse(row.criterion),
		count: row.count
	};
}

/** Parses a stored round; a row that no longer fits the schema reads as no round rather than crashing. */
function parseRound(data: string | undefined): Round | null {
	if (data === undefined) return null;
	try {
		const parsed = Round.safeParse(JSON.parse(data));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

/**
 * Votes in SQLite. Each check-and-write is one IMMEDIATE transaction: it takes the database's write lock
 * before reading, so no other request (in this process or another) can change the round or the voter's
 * rows between the budget check and the insert.
 */
function createSqliteVoteStore(db: Database.Database, isClosed: () => boolean): VoteStore {
	const selectRound = db.prepare('SELECT data FROM vote_rounds WHERE board_id = ?').pluck();
	const upsertRound = db.prepare(
		'INSERT INTO vote_rounds (board_id, round_id, data) VALUES (?, ?, ?) ON CONFLICT (board_id) DO UPDATE SET round_id = excluded.round_id, data = excluded.data'
	);
	const selectMine = db.prepare(
		'SELECT participant_id, agency, item_id, criterion, count FROM votes WHERE board_id = ? AND round_id = ? AND participant_id = ? AND count > 0 ORDER BY participant_id, item_id, criterion'
	);
	const selectAll = db.prepare(
		'SELECT participant_id, agency, item_id, criterion, count FROM votes WHERE board_id = ? AND round_id = ? AND count > 0 ORDER BY participant_id, item_id, criterion'
	);
	const addToCount = db.prepare(
		`INSERT INTO votes (board_id, round_id, participant_id, agency, item_id, criterion, count) VALUES (?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT (board_id, round_id, participant_id, item_id, criterion) DO UPDATE SET count = votes.count + excluded.count`
	);
	const takeFromCount = db.prepare(
		'UPDATE votes SET count = count - 1 WHERE board_id = ? AND round_id = ? AND participant_id = ? AND item_id = ? AND criterion = ?'
	);

	const mine = (boardId: string, roundId: string, participantId: string) =>
		(selectMine.all(boardId, roundId, participantId) as VoteRowRecord[]).map(toVoteRow);

	const changeRound = db.transaction((boardId: string, decide: (current: Round | null) => Round | { refused: never }) => {
		const next = decide(parseRound(selectRound.get(boardId) as string | undefined));
		if (isRefusal(next)) return next;
		const saved = Round.parse(next);
		upsertRound.run(boardId, saved.id, JSON.stringify(saved));
		return saved;
	});

	const cast = db.transaction((request: Parameters<VoteStore['cast']>[0], decide: Parameters<VoteStore['cast']>[1]) => {
		const round = parseRound(selectRound.get(request.boardId) as string | undefined);
		const before = round ? mine(request.boardId, round.id, request.participantId) : [];
		const refusal = decide(round, before);
		if (refusal) return refusal;
		if (!round) throw new Error('decide accepted a vote without a round');
		// The CHECK (count >= 0) turns a take-back below zero into an error that rolls the transaction back.
		if (request.delta === 1)
			addToCount.run(request.boardId, round.id, request.participantId, request.agency, request.itemId, request.criterion, 1);
		else takeFromCount.run(request.boardId, round.id, request.participantId, request.itemId, request.criterion);
		return { round, mine: mine(request.boardId, round.id, request.participantId) };
	});

	function assertOpen(): void {
		if (isClosed()) throw new Error('the store is closed');
	}

	return {
		async getRound(boardId) {
			assertOpen();
			return parseRound(selectRound.get(boardId) as string | undefined);
		},
		async changeRound(boardId, decide) {
			assertOpen();
			return changeRound.immediate(boardId, decide as Parameters<typeof changeRound>[1]);
		},
		async cast(request, decide) {
			assertOpen();
			return cast.immediate(request, decide);
		},
		async votesOf(boardId, roundId, participantId) {
			assertOpen();
			return mine(boardId, roundId, participantId);
		},
		async roundVotes(boardId, roundId) {
			assertOpen();
			return (selectAll.all(boardId, roundId) as VoteRowRecord[]).map(toVoteRow);
		}
	};
}

/**
 * What spans the tables: deleting a board (one statement per table in `SQLITE_BOARD_ROWS`, all in one
 * IMMEDIATE transaction) and finding boards nobody has used since a moment.
 */
function createSqliteBoardLifecycle(db: Database.Database): Pick<Store, 'deleteBoard' | 'listIdleBoards'> {
	const deletes = Object.entries(SQLITE_BOARD_ROWS).map(
		([table, where]) => [table, db.prepare(`DELETE FROM ${table} WHERE ${where}`)] as const
	);
	const deleteAll = db.transaction((boardId: string): DeletedRows => {
		return Object.fromEntries(deletes.map(([table, statement]) => [table, statement.run({ board: boardId }).changes]));
	});
	// A board's last use: its creation, its sessions' last use, its rooms' last writes (rooms are `<board>/…`).
	const idle = db
		.prepare(
			`WITH activity (board_id, at) AS (
				SELECT id, created_at FROM boards
				UNION ALL SELECT board_id, max(last_seen_at) FROM sessions GROUP BY board_id
				UNION ALL SELECT substr(room, 1, instr(room, '/') - 1), max(created_at) FROM doc_updates GROUP BY 1
				UNION ALL SELECT substr(room, 1, instr(room, '/') - 1), max(updated_at) FROM doc_snapshots GROUP BY 1
			)
			SELECT b.id FROM boards b JOIN activity a ON a.board_id = b.id
			GROUP BY b.id HAVING max(a.at) < @before ORDER BY min(b.created_at), b.id LIMIT @limit`
		)
		.pluck();
	return {
		async deleteBoard(boardId) {
			const deleted = deleteAll.immediate(boardId);
			// The write-ahead log still holds the pages as they were before; fold it into the file (where
			// secure_delete has zeroed the rows) and empty it. Best effort: a reader elsewhere may hold it a moment.
			db.pragma('wal_checkpoint(TRUNCATE)');
			return deleted;
		},
		async listIdleBoards(before, limit) {
			return idle.all({ before, limit }) as string[];
		}
	};
}

/**
 * Opens (creating if needed) the SQLite store at `dir/file` and brings its schema up to date.
 * Call `close()` on shutdown: it writes anything still queued.
 */
export function createSqliteStore(options: SqliteOptions): Store {
	const { dir, file, batchMs, log } = SqliteOptions.parse(options);
	fs.mkdirSync(dir, { recursive: true });
	const filename = path.join(dir, file);
	const db = new Database(filename);
	try {
		db.pragma('journal_mode = WAL');
		// NORMAL in WAL mode: a commit is safe from a process crash (kill -9); only an OS crash can lose the last commits.
		db.pragma('synchronous = NORMAL');
		// Other processes (a compaction worker, a second server) may hold the write lock briefly.
		db.pragma('busy_timeout = 5000');
		// Deleted rows are overwritten with zeros, not left in free pages: a deleted board (or a compacted update)
		// must not be readable from the file afterwards.
		db.pragma('secure_delete = ON');
		migrateSqlite(db);
	} catch (error) {
		db.close();
		throw error;
	}
	log.info({ filename }, 'opened SQLite store');

	let closed = false;
	let closing: Promise<void> | null = null;
	const docs = createSqliteDocStore(db, batchMs, log, () => closed);
	const close = (): Promise<void> => {
		closing ??= (async () => {
			// Refuse new appends first, then write what is queued, then close.
			closed = true;
			await docs.flush();
			db.close();
		})();
		return closing;
	};
	const lifecycle = createSqliteBoardLifecycle(db);
	const assertOpen = () => {
		if (closed) throw new Error('the store is closed');
	};
	// The docs and the boards share one connection, so closing either closes the store.
	return {
		docs: { ...docs, close },
		boards: createSqliteBoardStore(db),
		votes: createSqliteVoteStore(db, () => closed),
		history: createSqliteHistoryStore(db),
		async deleteBoard(boardId) {
			// Queued appends first: an update for the board written after the deletion would bring part of it back.
			await docs.flush();
			assertOpen();
			return lifecycle.deleteBoard(boardId);
		},
		async listIdleBoards(before, limit) {
			assertOpen();
			return lifecycle.listIdleBoards(before, limit);
		},
		close
	};
}
