/**
 * PostgreSQL schema, versioned in a `schema_migrations` table inside the store's schema. Migration i brings the
 * schema from version i to i + 1. Add a migration at the end of the list; never edit one that has shipped.
 */
import type pg from 'pg';

/** Each migration gets the quoted schema name and returns its SQL. */
const MIGRATIONS: ReadonlyArray<(s: string) => string> = [
	// 1: the update log, snapshots, boards, capability tokens and sessions.
	(s) => `
	CREATE TABLE IF NOT EXISTS ${s}.doc_updates (
		seq BIGSERIAL PRIMARY KEY,
		room TEXT NOT NULL,
		data BYTEA NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE INDEX IF NOT EXISTS doc_updates_room ON ${s}.doc_updates (room, seq);
	CREATE TABLE IF NOT EXISTS ${s}.doc_snapshots (
		room TEXT PRIMARY KEY,
		data BYTEA NOT NULL,
		updated_at BIGINT NOT NULL
	);
	CREATE TABLE IF NOT EXISTS ${s}.boards (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE TABLE IF NOT EXISTS ${s}.capabilities (
		board_id TEXT NOT NULL,
		token_hash TEXT NOT NULL UNIQUE,
		role TEXT NOT NULL
	);
	CREATE TABLE IF NOT EXISTS ${s}.sessions (
		token_hash TEXT PRIMARY KEY,
		board_id TEXT NOT NULL,
		participant_id TEXT NOT NULL,
		role TEXT NOT NULL,
		name TEXT NOT NULL,
		agency TEXT NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE INDEX IF NOT EXISTS sessions_board ON ${s}.sessions (board_id, created_at);
	`,
	// 2: the dot vote: one current round per board, and one row per (round, voter, question, criterion).
	(s) => `
	CREATE TABLE IF NOT EXISTS ${s}.vote_rounds (
		board_id TEXT PRIMARY KEY,
		round_id TEXT NOT NULL,
		data JSONB NOT NULL
	);
	CREATE TABLE IF NOT EXISTS ${s}.votes (
		board_id TEXT NOT NULL,
		round_id TEXT NOT NULL,
		participant_id TEXT NOT NULL,
		agency TEXT NOT NULL,
		item_id TEXT NOT NULL,
		criterion TEXT NOT NULL,
		count INT NOT NULL CHECK (count >= 0),
		PRIMARY KEY (board_id, round_id, participant_id, item_id, criterion)
	);
	`,
	// 3: which link each person joined with, links that can be replaced, sessions that can be revoked or expire.
	(s) => `
	ALTER TABLE ${s}.capabilities ADD COLUMN IF NOT EXISTS id TEXT;
	ALTER TABLE ${s}.capabilities ADD COLUMN IF NOT EXISTS created_at BIGINT NOT NULL DEFAULT 0;
	ALTER TABLE ${s}.capabilities ADD COLUMN IF NOT EXISTS revoked_at BIGINT;
	UPDATE ${s}.capabilities c SET id = c.role || '-' || substr(c.token_hash, 1, 8),
		created_at = COALESCE((SELECT b.created_at FROM ${s}.boards b WHERE b.id = c.board_id), 0);
	CREATE INDEX IF NOT EXISTS capabilities_board ON ${s}.capabilities (board_id, created_at);
	ALTER TABLE ${s}.sessions ADD COLUMN IF NOT EXISTS link_id TEXT;
	ALTER TABLE ${s}.sessions ADD COLUMN IF NOT EXISTS last_seen_at BIGINT NOT NULL DEFAULT 0;
	ALTER TABLE ${s}.sessions ADD COLUMN IF NOT EXISTS revoked_at BIGINT;
	UPDATE ${s}.sessions SET last_seen_at = created_at;
	CREATE INDEX IF NOT EXISTS sessions_participant ON ${s}.sessions (board_id, participant_id);
	`,
	// 4: history: snapshots of a board's content, and recently deleted elements.
	(s) => `
	CREATE TABLE IF NOT EXISTS ${s}.snapshots (
		board_id TEXT NOT NULL,
		id TEXT NOT NULL,
		created_at BIGINT NOT NULL,
		reason TEXT NOT NULL,
		label TEXT NOT NULL,
		by TEXT,
		elements INT NOT NULL,
		data BYTEA NOT NULL,
		PRIMARY KEY (board_id, id)
	);
	CREATE INDEX IF NOT EXISTS snapshots_board ON ${s}.snapshots (board_id, created_at);
	CREATE TABLE IF NOT EXISTS ${s}.deleted_elements (
		board_id TEXT NOT NULL,
		element_id TEXT NOT NULL,
		deleted_at BIGINT NOT NULL,
		deleted_by TEXT,
		grp TEXT NOT NULL,
		element TEXT NOT NULL
	);
	CREATE INDEX IF NOT EXISTS deleted_elements_board ON ${s}.deleted_elements (board_id, deleted_at);
	`,
	// 5: which write of a room's snapshot is stored, so a compaction can replace its own last snapshot without merging.
	(s) => `
	ALTER TABLE ${s}.doc_snapshots ADD COLUMN IF NOT EXISTS version TEXT;
	`
];

export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Every table that holds rows of a board, with the condition that picks them: `$1` is the board's id, and every
 * room of the board starts with `<board>/` (`<board>/content`, `<board>/drafts/<participant>`, …).
 * `deleteBoard` deletes from each in one transaction.
 *
 * A new table with per-board rows adds one line here; a table that holds no board's rows goes in
 * `POSTGRES_TABLES_WITHOUT_BOARD_ROWS`. `postgres-store.test.ts` fails while a table is in neither.
 */
export const POSTGRES_BOARD_ROWS: Readonly<Record<string, string>> = {
	doc_updates: "starts_with(room, $1 || '/')",
	doc_snapshots: "starts_with(room, $1 || '/')",
	votes: 'board_id = $1',
	vote_rounds: 'board_id = $1',
	snapshots: 'board_id = $1',
	deleted_elements: 'board_id = $1',
	sessions: 'board_id = $1',
	capabilities: 'board_id = $1',
	boards: 'id = $1'
};

/** Tables that hold nothing of any one board. */
export const POSTGRES_TABLES_WITHOUT_BOARD_ROWS: readonly string[] = ['schema_migrations'];

/** Quotes an identifier that has already been checked against `^[a-z_][a-z0-9_]*$`. */
export function quoteIdent(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates the schema if needed and applies missing migrations in one transaction. An advisory lock keyed on the
 * schema name makes concurrent starts (several servers, a worker) wait for each other instead of racing.
 */
export async function migratePostgres(pool: pg.Pool, schema: string): Promise<void> {
	const s = quoteIdent(schema);
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`convene-migrate:${schema}`]);
		await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
		await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version INT PRIMARY KEY, applied_at BIGINT NOT NULL)`);
		const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${s}.schema_migrations`);
		const current = rows[0]?.version ?? 0;
		if (current > POSTGRES_SCHEMA_VERSION) {
			throw new Error(`database schema version ${current} is newer than this server (${POSTGRES_SCHEMA_VERSION})`);
		}
		for (let version = current; version < POSTGRES_SCHEMA_VERSION; version++) {
			await client.query(MIGRATIONS[version](s));
			await client.query(`INSERT INTO ${s}.schema_migrations (version, applied_at) VALUES ($1, $2)`, [version + 1, Date.now()]);
		}
		await client.query('COMMIT');
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {});
		throw error;
	} finally {
		client.release();
	}
}
