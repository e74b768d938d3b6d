/**
 * The PostgreSQL Store, for deployments that already run PostgreSQL or run several server processes. Same
 * tables and batching as the SQLite store; compaction locks the snapshot row so concurrent compactions of a room
 * (two servers, or a server and a worker) merge instead of overwriting each other.
 */
import pg from 'pg';
import { z } from 'zod';
import { silentLogger, type Logger } from '../log.js';
import type { LinkRole, Role } from '../../src/lib/doc/members.js';
import {
	isRefusal,
	type BoardStore,
	type CompactResult,
	type DocStore,
	type HistoryStore,
	type SessionRecord,
	type SnapshotReason,
	type SnapshotRecord,
	type Store,
	type VoteRow,
	type VoteStore
} from './types.js';
import { Criterion, Round } from '../../src/lib/doc/votes.js';
import { createWriteBatcher } from './write-batcher.js';
import { copyBytes, newSnapshotVersion, swapSnapshot } from './merge-snapshot.js';
import { POSTGRES_BOARD_ROWS, migratePostgres, quoteIdent } from './postgres-schema.js';
import { LoggerOption } from './logger-option.js';

/** What a server's connections call themselves in `pg_stat_activity`. */
export const POSTGRES_APPLICATION_NAME = 'convene-server';

const PostgresOptions = z.object({
	url: z.string().min(1),
	schema: z
		.string()
		.regex(/^[a-z_][a-z0-9_]{0,62}$/, 'schema must be a lower-case SQL identifier')
		.default('public'),
	// Capped at 50 ms: DocStore promises an update is written within about 50 ms of the append.
	batchMs: z.number().int().min(0).max(50).default(20),
	log: LoggerOption.default(silentLogger)
});
export type PostgresOptions = z.input<typeof PostgresOptions>;

// A multi-row INSERT takes 3 parameters a row and PostgreSQL allows 65,535 per statement.
const ROWS_PER_INSERT = 1000;

interface SessionRow {
	token_hash: string;
	board_id: string;
	participant_id: string;
	role: string;
	name: string;
	agency: string;
	created_at: string;
	link_id: string | null;
	last_seen_at: string;
	revoked_at: string | null;
}

interface CapabilityRow {
	id: string;
	board_id: string;
	role: string;
	token_hash: string;
	created_at: string;
	revoked_at: string | null;
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
		// BIGINT arrives as a string; milliseconds since 1970 fit a double exactly.
		createdAt: Number(row.created_at),
		linkId: row.link_id,
		lastSeenAt: Number(row.last_seen_at),
		revokedAt: row.revoked_at === null ? null : Number(row.revoked_at)
	};
}

function asBuffer(data: Uint8Array): Buffer {
	return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		const result = await fn(client);
		await client.query('COMMIT');
		return result;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {});
		throw error;
	} finally {
		client.release();
	}
}

async function insertUpdates(client: pg.PoolClient | pg.Pool, s: string, items: { room: string; data: Uint8Array }[]): Promise<number[]> {
	const now = Date.now();
	const values: unknown[] = [];
	const rows = items.map((item, i) => {
		values.push(item.room, asBuffer(item.data), now);
		return `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`;
	});
	const { rows: inserted } = await client.query<{ seq: string }>(
		`INSERT INTO ${s}.doc_updates (room, data, created_at) VALUES ${rows.join(', ')} RETURNING seq`,
		values
	);
	// The sequence is drawn row by row in VALUES order, but RETURNING's order is not promised, so sort: the
	// smallest seq belongs to the first item.
	return inserted.map((r) => Number(r.seq)).sort((a, b) => a - b);
}

function createPostgresDocStore(pool: pg.Pool, s: string, batchMs: number, log: Logger, isClosed: () => boolean): Omit<DocStore, 'close'> {
	const batcher = createWriteBatcher<{ room: string; data: Uint8Array }, number>({
		batchMs,
		log,
		write: async (items) => {
			if (items.length <= ROWS_PER_INSERT) return insertUpdates(pool, s, items);
			return inTransaction(pool, async (client) => {
				const seqs: number[] = [];
				for (let i = 0; i < items.length; i += ROWS_PER_INSERT) {
					seqs.push(...(await insertUpdates(client, s, items.slice(i, i + ROWS_PER_INSERT))));
				}
				return seqs;
			});
		}
	});

	function assertOpen(): void {
		if (isClosed()) throw new Error('the store is closed');
	}

	return {
		async load(room) {
			await batcher.flush();
			assertOpen();
			// One statement sees one snapshot of the database, so a compaction committed by another process
			// cannot fall between reading the snapshot and reading the updates.
			const { rows } = await pool.query<{ part: number; seq: string | null; data: Buffer; version: string | null }>(
				`SELECT 0 AS part, NULL::bigint AS seq, data, version FROM ${s}.doc_snapshots WHERE room = $1
				 UNION ALL
				 SELECT 1 AS part, seq, data, NULL AS version FROM ${s}.doc_updates WHERE room = $1
				 ORDER BY part, seq`,
				[room]
			);
			const snapshot = rows.find((r) => r.part === 0);
			return {
				snapshot: snapshot ? copyBytes(snapshot.data) : null,
				version: snapshot?.version ?? null,
				updates: rows.filter((r) => r.part === 1).map((r) => ({ seq: Number(r.seq), data: copyBytes(r.data) }))
			};
		},
		async append(room, update) {
			assertOpen();
			return batcher.add({ room, data: copyBytes(update) });
		},
		async compact(room, snapshot, seqs, base) {
			await batcher.flush();
			assertOpen();
			return inTransaction(pool, async (client) => {
				let result: CompactResult;
				// Retry if a concurrent deleteRoom removes the row between our insert attempt and our lock.
				for (;;) {
					const now = Date.now();
					const version = newSnapshotVersion();
					const inserted = await client.query(
						`INSERT INTO ${s}.doc_snapshots (room, data, updated_at, version) VALUES ($1, $2, $3, $4) ON CONFLICT (room) DO NOTHING`,
						[room, asBuffer(snapshot), now, version]
					);
					if (inserted.rowCount === 1) {
						result = { version, merged: null };
						break;
					}
					// The row exists: lock it, so a concurrent compaction waits for ours and then compares with what we wrote.
					// The version alone is read first: when it is ours (the usual case), the stored bytes are not needed.
					const { rows } = await client.query<{ version: string | null }>(
						`SELECT version FROM ${s}.doc_snapshots WHERE room = $1 FOR UPDATE`,
						[room]
					);
					if (rows.length === 0) continue;
					let stored: { data: Uint8Array; version: string | null } = { data: new Uint8Array(0), version: rows[0].version };
					if (base == null || base !== stored.version) {
						const read = await client.query<{ data: Buffer }>(`SELECT data FROM ${s}.doc_snapshots WHERE room = $1`, [room]);
						stored = { data: copyBytes(read.rows[0].data), version: stored.version };
					}
					const next = swapSnapshot(stored, snapshot, base);
					await client.query(`UPDATE ${s}.doc_snapshots SET data = $2, updated_at = $3, version = $4 WHERE room = $1`, [
						room,
						asBuffer(next.data),
						now,
						next.version
					]);
					result = { version: next.version, merged: next.merged ? next.data : null };
					break;
				}
				await client.query(`DELETE FROM ${s}.doc_updates WHERE room = $1 AND seq = ANY($2::bigint[])`, [room, [...seqs]]);
				return result;
			});
		},
		async countUpdates(room) {
			await batcher.flush();
			assertOpen();
			const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}.doc_updates WHERE room = $1`, [room]);
			return rows[0].n;
		},
		async deleteRoom(room) {
			await batcher.flush();
			assertOpen();
			// Both deletes in one statement, hence atomic.
			await pool.query(`WITH u AS (DELETE FROM ${s}.doc_updates WHERE room = $1) DELETE FROM ${s}.doc_snapshots WHERE room = $1`, [room]);
		},
		flush: () => batcher.flush()
	};
}

function createPostgresBoardStore(pool: pg.Pool, s: string): BoardStore {
	const insertCapability = `INSERT INTO ${s}.capabilities (id, board_id, token_hash, role, created_at) VALUES ($1, $2, $3, $4, $5)`;
	return {
		async createBoard(board, tokens) {
			await inTransaction(pool, async (client) => {
				await client.query(`INSERT INTO ${s}.boards (id, title, created_at) VALUES ($1, $2, $3)`, [board.id, board.title, board.createdAt]);
				for (const t of tokens) await client.query(insertCapability, [t.id, board.id, t.tokenHash, t.role, t.createdAt]);
			});
		},
		async getBoard(id) {
			const { rows } = await pool.query<{ id: string; title: string; created_at: string }>(
				`SELECT id, title, created_at FROM ${s}.boards WHERE id = $1`,
				[id]
			);
			return rows[0] ? { id: rows[0].id, title: rows[0].title, createdAt: Number(rows[0].created_at) } : null;
		},
		async findCapability(boardId, tokenHash) {
			const { rows } = await pool.query<{ id: string; role: string }>(
				`SELECT id, role FROM ${s}.capabilities WHERE board_id = $1 AND token_hash = $2 AND revoked_at IS NULL`,
				[boardId, tokenHash]
			);
			return rows[0] ? { id: rows[0].id, role: rows[0].role as LinkRole } : null;
		},
		async listCapabilities(boardId) {
			const { rows } = await pool.query<CapabilityRow>(
				`SELECT * FROM ${s}.capabilities WHERE board_id = $1 ORDER BY created_at, id COLLATE "C"`,
				[boardId]
			);
			return rows.map((row) => ({
				id: row.id,
				boardId: row.board_id,
				role: row.role as LinkRole,
				tokenHash: row.token_hash,
				createdAt: Number(row.created_at),
				revokedAt: row.revoked_at === null ? null : Number(row.revoked_at)
			}));
		},
		async rotateCapability(boardId, next) {
			await inTransaction(pool, async (client) => {
				await client.query(`UPDATE ${s}.capabilities SET revoked_at = $1 WHERE board_id = $2 AND role = $3 AND revoked_at IS NULL`, [
					next.createdAt,
					boardId,
					next.role
				]);
				await client.query(insertCapability, [next.id, boardId, next.tokenHash, next.role, next.createdAt]);
			});
		},
		async createSession(x) {
			await pool.query(
				`INSERT INTO ${s}.sessions (token_hash, board_id, participant_id, role, name, agency, created_at, link_id, last_seen_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				[x.tokenHash, x.boardId, x.participantId, x.role, x.name, x.agency, x.createdAt, x.linkId, x.lastSeenAt, x.revokedAt]
			);
		},
		async findSession(tokenHash) {
			const { rows } = await pool.query<SessionRow>(`SELECT * FROM ${s}.sessions WHERE token_hash = $1`, [tokenHash]);
			return rows[0] ? toSession(rows[0]) : null;
		},
		async touchSession(tokenHash, at) {
			await pool.query(`UPDATE ${s}.sessions SET last_seen_at = $1 WHERE token_hash = $2 AND last_seen_at < $1`, [at, tokenHash]);
		},
		async revokeParticipant(boardId, participantId, at) {
			const result = await pool.query(
				`UPDATE ${s}.sessions SET revoked_at = $1 WHERE board_id = $2 AND participant_id = $3 AND revoked_at IS NULL`,
				[at, boardId, participantId]
			);
			return result.rowCount ?? 0;
		},
		async setParticipantRole(boardId, participantId, role) {
			const result = await pool.query(`UPDATE ${s}.sessions SET role = $1 WHERE board_id = $2 AND participant_id = $3`, [
				role,
				boardId,
				participantId
			]);
			return result.rowCount ?? 0;
		},
		async listSessions(boardId) {
			// COLLATE "C": byte order for the tie-break, as in the SQLite and memory stores.
			const { rows } = await pool.query<SessionRow>(
				`SELECT * FROM ${s}.sessions WHERE board_id = $1 ORDER BY created_at, token_hash COLLATE "C"`,
				[boardId]
			);
			return rows.map(toSession);
		}
	};
}

interface SnapshotRow {
	board_id: string;
	id: string;
	created_at: string;
	reason: string;
	label: string;
	by: string | null;
	elements: number;
}

function toSnapshot(row: SnapshotRow): SnapshotRecord {
	return {
		id: row.id,
		boardId: row.board_id,
		createdAt: Number(row.created_at),
		reason: row.reason as SnapshotReason,
		label: row.label,
		by: row.by,
		elements: Number(row.elements)
	};
}

interface DeletedRow {
	board_id: string;
	element_id: string;
	deleted_at: string;
	deleted_by: string | null;
	grp: string;
	element: string;
}

function createPostgresHistoryStore(pool: pg.Pool, s: string): HistoryStore {
	return {
		async saveSnapshot(r, data) {
			await pool.query(
				`INSERT INTO ${s}.snapshots (board_id, id, created_at, reason, label, by, elements, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				[r.boardId, r.id, r.createdAt, r.reason, r.label, r.by, r.elements, asBuffer(data)]
			);
		},
		async listSnapshots(boardId) {
			const { rows } = await pool.query<SnapshotRow>(
				`SELECT board_id, id, created_at, reason, label, by, elements FROM ${s}.snapshots WHERE board_id = $1 ORDER BY created_at DESC, id COLLATE "C" DESC`,
				[boardId]
			);
			return rows.map(toSnapshot);
		},
		async loadSnapshot(boardId, id) {
			const { rows } = await pool.query<SnapshotRow & { data: Buffer }>(`SELECT * FROM ${s}.snapshots WHERE board_id = $1 AND id = $2`, [
				boardId,
				id
			]);
			return rows[0] ? { record: toSnapshot(rows[0]), data: copyBytes(rows[0].data) } : null;
		},
		async pruneSnapshots(before) {
			return (await pool.query(`DELETE FROM ${s}.snapshots WHERE created_at < $1 AND reason <> 'named'`, [before])).rowCount ?? 0;
		},
		async recordDeleted(rows) {
			if (rows.length === 0) return;
			await inTransaction(pool, async (client) => {
				for (const r of rows) {
					await client.query(
						`INSERT INTO ${s}.deleted_elements (board_id, element_id, deleted_at, deleted_by, grp, element) VALUES ($1, $2, $3, $4, $5, $6)`,
						[r.boardId, r.elementId, r.deletedAt, r.deletedBy, r.group, r.element]
					);
				}
			});
		},
		async listDeleted(boardId, since) {
			const { rows } = await pool.query<DeletedRow>(
				`SELECT * FROM ${s}.deleted_elements WHERE board_id = $1 AND deleted_at >= $2 ORDER BY deleted_at DESC, ctid DESC`,
				[boardId, since]
			);
			return rows.map((row) => ({
				boardId: row.board_id,
				elementId: row.element_id,
				deletedAt: Number(row.deleted_at),
				deletedBy: row.deleted_by,
				group: row.grp,
				element: row.element
			}));
		},
		async forgetDeleted(boardId, group) {
			return (await pool.query(`DELETE FROM ${s}.deleted_elements WHERE board_id = $1 AND grp = $2`, [boardId, group])).rowCount ?? 0;
		},
		async pruneDeleted(before) {
			return (await pool.query(`DELETE FROM ${s}.deleted_elements WHERE deleted_at < $1`, [before])).rowCount ?? 0;
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

function parseRound(data: unknown): Round | null {
	const parsed = Round.safeParse(data);
	return parsed.success ? parsed.data : null;
}

/**
 * Votes in PostgreSQL. Atomicity across server processes comes from locks held to the end of a transaction:
 * - changing a round takes an advisory lock on the board's rounds, then locks the round row FOR UPDATE;
 * - a vote locks the round row FOR SHARE (so the round cannot end or be replaced under it) and takes an advisory
 *   lock on (board and round, participant), so one person's concurrent requests run one after the other and
 *   each sees the counts the previous one committed. Different people vote in parallel.
 */
function createPostgresVoteStore(pool: pg.Pool, s: string, isClosed: () => boolean): VoteStore {
	const columns = 'participant_id, agency, item_id, criterion, count';
	const order = 'ORDER BY participant_id COLLATE "C", item_id COLLATE "C", criterion COLLATE "C"';

	async function selectMine(client: pg.PoolClient | pg.Pool, boardId: string, roundId: string, participantId: string): Promise<VoteRow[]> {
		const { rows } = await client.query<VoteRowRecord>(
			`SELECT ${columns} FROM ${s}.votes WHERE board_id = $1 AND round_id = $2 AND participant_id = $3 AND count > 0 ${order}`,
			[boardId, roundId, participantId]
		);
		return rows.map(toVoteRow);
	}

	function assertOpen(): void {
		if (isClosed()) throw new Error('the store is closed');
	}

	return {
		async getRound(boardId) {
			assertOpen();
			const { rows } = await pool.query<{ data: unknown }>(`SELECT data FROM ${s}.vote_rounds WHERE board_id = $1`, [boardId]);
			return rows[0] ? parseRound(rows[0].data) : null;
		},
		async changeRound(boardId, decide) {
			assertOpen();
			return inTransaction(pool, async (client) => {
				// The row may not exist yet, so FOR UPDATE alone cannot stop two first starts racing: lock the board's rounds.
				await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`convene-rounds:${boardId}`]);
				const { rows } = await client.query<{ data: unknown }>(`SELECT data FROM ${s}.vote_rounds WHERE board_id = $1 FOR UPDATE`, [
					boardId
				]);
				const next = decide(rows[0] ? parseRound(rows[0].data) : null);
				if (isRefusal(next)) return next;
				const saved = Round.parse(next);
				await client.query(
					`INSERT INTO ${s}.vote_rounds (board_id, round_id, data) VALUES ($1, $2, $3)
					 ON CONFLICT (board_id) DO UPDATE SET round_id = excluded.round_id, data = excluded.data`,
					[boardId, saved.id, JSON.stringify(saved)]
				);
				return saved;
			});
		},
		async cast(request, decide) {
			assertOpen();
			return inTransaction(pool, async (client) => {
				const { rows } = await client.query<{ data: unknown }>(`SELECT data FROM ${s}.vote_rounds WHERE board_id = $1 FOR SHARE`, [
					request.boardId
				]);
				const round = rows[0] ? parseRound(rows[0].data) : null;
				if (round) {
					await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
						`convene-ballot:${request.boardId}/${round.id}`,
						request.participantId
					]);
				}
				const before = round ? await selectMine(client, request.boardId, round.id, request.participantId) : [];
				const refusal = decide(round, before);
				if (refusal) return refusal;
				if (!round) throw new Error('decide accepted a vote without a round');
				if (request.delta === 1) {
					await client.query(
						`INSERT INTO ${s}.votes (board_id, round_id, participant_id, agency, item_id, criterion, count) VALUES ($1, $2, $3, $4, $5, $6, 1)
						 ON CONFLICT (board_id, round_id, participant_id, item_id, criterion) DO UPDATE SET count = ${s}.votes.count + 1`,
						[request.boardId, round.id, request.participantId, request.agency, request.itemId, request.criterion]
					);
				} else {
					// The CHECK (count >= 0) turns a take-back below zero into an error that rolls the transaction back.
					await client.query(
						`UPDATE ${s}.votes SET count = count - 1 WHERE board_id = $1 AND round_id = $2 AND participant_id = $3 AND item_id = $4 AND criterion = $5`,
						[request.boardId, round.id, request.participantId, request.itemId, request.criterion]
					);
				}
				return { round, mine: await selectMine(client, request.boardId, round.id, request.participantId) };
			});
		},
		async votesOf(boardId, roundId, participantId) {
			assertOpen();
			return selectMine(pool, boardId, roundId, participantId);
		},
		async roundVotes(boardId, roundId) {
			assertOpen();
			const { rows } = await pool.query<VoteRowRecord>(
				`SELECT ${columns} FROM ${s}.votes WHERE board_id = $1 AND round_id = $2 AND count > 0 ${order}`,
				[boardId, roundId]
			);
			return rows.map(toVoteRow);
		}
	};
}

/**
 * What spans the tables: deleting a board (one statement per table in `POSTGRES_BOARD_ROWS`, in one
 * transaction) and finding boards nobody has used since a moment.
 */
function createPostgresBoardLifecycle(pool: pg.Pool, s: string): Pick<Store, 'deleteBoard' | 'listIdleBoards'> {
	return {
		async deleteBoard(boardId) {
			return inTransaction(pool, async (client) => {
				const deleted: Record<string, number> = {};
				for (const [table, where] of Object.entries(POSTGRES_BOARD_ROWS)) {
					const result = await client.query(`DELETE FROM ${s}.${table} WHERE ${where}`, [boardId]);
					deleted[table] = result.rowCount ?? 0;
				}
				return deleted;
			});
		},
		async listIdleBoards(before, limit) {
			// A board's last use: its creation, its sessions' last use, its rooms' last writes (rooms are `<board>/…`).
			const { rows } = await pool.query<{ id: string }>(
				`WITH activity (board_id, at) AS (
					SELECT id, created_at FROM ${s}.boards
					UNION ALL SELECT board_id, max(last_seen_at) FROM ${s}.sessions GROUP BY board_id
					UNION ALL SELECT split_part(room, '/', 1), max(created_at) FROM ${s}.doc_updates GROUP BY 1
					UNION ALL SELECT split_part(room, '/', 1), max(updated_at) FROM ${s}.doc_snapshots GROUP BY 1
				)
				SELECT b.id FROM ${s}.boards b JOIN activity a ON a.board_id = b.id
				GROUP BY b.id HAVING max(a.at) < $1 ORDER BY min(b.created_at), b.id COLLATE "C" LIMIT $2`,
				[before, limit]
			);
			return rows.map((r) => r.id);
		}
	};
}

/**
 * Connects to PostgreSQL at `url`, creates `schema` and its tables if needed and applies migrations.
 * Call `close()` on shutdown: it writes anything still queued and ends the pool.
 */
export async function createPostgresStore(options: PostgresOptions): Promise<Store> {
	const { url, schema, batchMs, log } = PostgresOptions.parse(options);
	// The name lets tools see a server is connected (`npm run restore` refuses to restore under a running server).
	const pool = new pg.Pool({ connectionString: url, max: 5, application_name: POSTGRES_APPLICATION_NAME });
	// An idle client losing its connection emits 'error' on the pool; unhandled, that would crash the process.
	pool.on('error', (error) => log.error({ error }, 'PostgreSQL pool error'));
	try {
		await migratePostgres(pool, schema);
	} catch (error) {
		await pool.end().catch(() => {});
		throw error;
	}
	log.info({ schema }, 'opened PostgreSQL store');

	const s = quoteIdent(schema);
	let closed = false;
	let closing: Promise<void> | null = null;
	const docs = createPostgresDocStore(pool, s, batchMs, log, () => closed);
	const close = (): Promise<void> => {
		closing ??= (async () => {
			// Refuse new appends first, then write what is queued, then end the pool.
			closed = true;
			await docs.flush();
			await pool.end();
		})();
		return closing;
	};
	const lifecycle = createPostgresBoardLifecycle(pool, s);
	const assertOpen = () => {
		if (closed) throw new Error('the store is closed');
	};
	// The docs and the boards share one pool, so closing either closes the store.
	return {
		docs: { ...docs, close },
		boards: createPostgresBoardStore(pool, s),
		votes: createPostgresVoteStore(pool, s, () => closed),
		history: createPostgresHistoryStore(pool, s),
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
