/**
 * SQLite schema, versioned with `PRAGMA user_version`: migration i brings the database from version i to i + 1.
 * Add a migration at the end of the list; never edit one that has shipped.
 */
import type Database from 'better-sqlite3';

const MIGRATIONS: readonly string[] = [
	// 1: the update log, snapshots, boards, capability tokens and sessions.
	`
	CREATE TABLE doc_updates (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		room TEXT NOT NULL,
		data BLOB NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX doc_updates_room ON doc_updates (room, seq);
	CREATE TABLE doc_snapshots (
		room TEXT PRIMARY KEY,
		data BLOB NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE boards (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE capabilities (
		board_id TEXT NOT NULL,
		token_hash TEXT NOT NULL UNIQUE,
		role TEXT NOT NULL
	);
	CREATE TABLE sessions (
		token_hash TEXT PRIMARY KEY,
		board_id TEXT NOT NULL,
		participant_id TEXT NOT NULL,
		role TEXT NOT NULL,
		name TEXT NOT NULL,
		agency TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX sessions_board ON sessions (board_id, created_at);
	`,
	// 2: the dot vote: one current round per board, and one row per (round, voter, question, criterion).
	`
	CREATE TABLE vote_rounds (
		board_id TEXT PRIMARY KEY,
		round_id TEXT NOT NULL,
		data TEXT NOT NULL
	);
	CREATE TABLE votes (
		board_id TEXT NOT NULL,
		round_id TEXT NOT NULL,
		participant_id TEXT NOT NULL,
		agency TEXT NOT NULL,
		item_id TEXT NOT NULL,
		criterion TEXT NOT NULL,
		count INTEGER NOT NULL CHECK (count >= 0),
		PRIMARY KEY (board_id, round_id, participant_id, item_id, criterion)
	);
	`,
	// 3: which link each person joined with, links that can be replaced, sessions that can be revoked or expire.
	`
	ALTER TABLE capabilities ADD COLUMN id TEXT;
	ALTER TABLE capabilities ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE capabilities ADD COLUMN revoked_at INTEGER;
	UPDATE capabilities SET id = role || '-' || substr(token_hash, 1, 8),
		created_at = COALESCE((SELECT created_at FROM boards WHERE boards.id = capabilities.board_id), 0);
	CREATE INDEX capabilities_board ON capabilities (board_id, created_at);
	ALTER TABLE sessions ADD COLUMN link_id TEXT;
	ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE sessions ADD COLUMN revoked_at INTEGER;
	UPDATE sessions SET last_seen_at = created_at;
	CREATE INDEX sessions_participant ON sessions (board_id, participant_id);
	`,
	// 4: history: snapshots of a board's content, and recently deleted elements.
	`
	CREATE TABLE snapshots (
		board_id TEXT NOT NULL,
		id TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		reason TEXT NOT NULL,
		label TEXT NOT NULL,
		by TEXT,
		elements INTEGER NOT NULL,
		data BLOB NOT NULL,
		PRIMARY KEY (board_id, id)
	);
	CREATE INDEX snapshots_board ON snapshots (board_id, created_at);
	CREATE TABLE deleted_elements (
		board_id TEXT NOT NULL,
		element_id TEXT NOT NULL,
		deleted_at INTEGER NOT NULL,
		deleted_by TEXT,
		grp TEXT NOT NULL,
		element TEXT NOT NULL
	);
	CREATE INDEX deleted_elements_board ON deleted_elements (board_id, deleted_at);
	`,
	// 5: which write of a room's snapshot is stored, so a compaction can replace its own last snapshot without merging.
	`
	ALTER TABLE doc_snapshots ADD COLUMN version TEXT;
	`
];

/**
 * Every table that holds rows of a board, with the condition that picks them: `@board` is the board's id, and
 * every room of the board starts with `<board>/` (`<board>/content`,
 * `<board>/drafts/<participant>`, …). `deleteBoard` deletes from each in one transaction.
 *
 * A new table with per-board rows adds one line here; a table that holds no board's rows goes in
 * `SQLITE_TABLES_WITHOUT_BOARD_ROWS`. `sqlite-store.test.ts` fails while a table is in neither.
 */
export const SQLITE_BOARD_ROWS: Readonly<Record<string, string>> = {
	doc_updates: "substr(room, 1, length(@board) + 1) = @board || '/'",
	doc_snapshots: "substr(room, 1, length(@board) + 1) = @board || '/'",
	votes: 'board_id = @board',
	vote_rounds: 'board_id = @board',
	snapshots: 'board_id = @board',
	deleted_elements: 'board_id = @board',
	sessions: 'board_id = @board',
	capabilities: 'board_id = @board',
	boards: 'id = @board'
};

/** Tables that hold nothing of any one board (SQLite's own bookkeeping included). */
export const SQLITE_TABLES_WITHOUT_BOARD_ROWS: readonly string[] = ['sqlite_sequence'];

/** The schema version this code writes; a database from a newer version is refused rather than misread. */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to `SQLITE_SCHEMA_VERSION` (or `upTo`, for tests of old databases), each migration in its own transaction. */
export function migrateSqlite(db: Database.Database, upTo = SQLITE_SCHEMA_VERSION): void {
	// IMMEDIATE takes the write lock before reading the version, so two processes cannot both apply a migration.
	const step = db.transaction(() => {
		const version = db.pragma('user_version', { simple: true }) as number;
		if (version > SQLITE_SCHEMA_VERSION) {
			throw new Error(`database schema version ${version} is newer than this server (${SQLITE_SCHEMA_VERSION})`);
		}
		if (version >= upTo) return false;
		db.exec(MIGRATIONS[version]);
		db.pragma(`user_version = ${version + 1}`);
		return true;
	});
	while (step.immediate()) {
		// Keep going until the database is current.
	}
}
