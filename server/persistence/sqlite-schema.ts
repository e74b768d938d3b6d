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
	`
];

/** The schema version this code writes; a database from a newer version is refused rather than misread. */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to `SQLITE_SCHEMA_VERSION`, each migration in its own transaction. */
export function migrateSqlite(db: Database.Database): void {
	// IMMEDIATE takes the write lock before reading the version, so two processes cannot both apply a migration.
	const step = db.transaction(() => {
		const version = db.pragma('user_version', { simple: true }) as number;
		if (version > SQLITE_SCHEMA_VERSION) {
			throw new Error(`database schema version ${version} is newer than this server (${SQLITE_SCHEMA_VERSION})`);
		}
		if (version === SQLITE_SCHEMA_VERSION) return false;
		db.exec(MIGRATIONS[version]);
		db.pragma(`user_version = ${version + 1}`);
		return true;
	});
	while (step.immediate()) {
		// Keep going until the database is current.
	}
}
