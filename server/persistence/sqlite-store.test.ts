import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { silentLogger } from '../log.js';
import { createSqliteStore } from './sqlite-store.js';
import { SQLITE_BOARD_ROWS, SQLITE_SCHEMA_VERSION, SQLITE_TABLES_WITHOUT_BOARD_ROWS, migrateSqlite } from './sqlite-schema.js';
import { describeDocStore } from './doc-store.contract.js';
import { describeBoardStore } from './board-store.contract.js';
import { describeVoteStore } from './vote-store.contract.js';
import { describeHistoryStore } from './history-store.contract.js';
import { describeBoardDeletion } from './board-deletion.contract.js';
import type { StoreFixture } from './store-fixture.js';

async function makeSqliteFixture(): Promise<StoreFixture> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-sqlite-'));
	const open = async () => createSqliteStore({ dir, log: silentLogger });
	return { store: await open(), reopen: open, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describeDocStore('SqliteStore', makeSqliteFixture);
describeBoardStore('SqliteStore', makeSqliteFixture);
describeVoteStore('SqliteStore', makeSqliteFixture);
describeHistoryStore('SqliteStore', makeSqliteFixture);
describeBoardDeletion('SqliteStore', makeSqliteFixture);

describe('SqliteStore specifics', () => {
	it('creates a missing directory, uses WAL and records the schema version', async () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-sqlite-'));
		try {
			const dir = path.join(root, 'nested', 'data');
			const store = createSqliteStore({ dir, log: silentLogger });
			await store.docs.append('r', Uint8Array.of(1));
			await store.close();
			const db = new Database(path.join(dir, 'convene.sqlite'), { readonly: true });
			expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
			expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
			db.close();
		} finally {
			fs.rmSync(root, { recursive: true, force: true });
		}
	});

	it('refuses a database written by a newer schema version', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-sqlite-'));
		try {
			const db = new Database(path.join(dir, 'future.sqlite'));
			db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
			db.close();
			expect(() => createSqliteStore({ dir, file: 'future.sqlite', log: silentLogger })).toThrow(/newer/);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('a database from before links and sessions were recorded keeps working after the upgrade', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-sqlite-'));
		try {
			// A version 2 database, written as that version's code wrote it.
			const db = new Database(path.join(dir, 'convene.sqlite'));
			migrateSqlite(db, 2);
			db.prepare('INSERT INTO boards (id, title, created_at) VALUES (?, ?, ?)').run('oldboard1', 'Old board', 1000);
			db.prepare('INSERT INTO capabilities (board_id, token_hash, role) VALUES (?, ?, ?)').run('oldboard1', 'ab'.repeat(32), 'participant');
			db.prepare(
				'INSERT INTO sessions (token_hash, board_id, participant_id, role, name, agency, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
			).run('cd'.repeat(32), 'oldboard1', 'p1', 'participant', 'Ana', 'School', 2000);
			db.close();
			const store = createSqliteStore({ dir, log: silentLogger });
			expect(await store.boards.findCapability('oldboard1', 'ab'.repeat(32))).toEqual({
				id: `participant-${'ab'.repeat(4)}`,
				role: 'participant'
			});
			expect(await store.boards.findSession('cd'.repeat(32))).toMatchObject({
				name: 'Ana',
				linkId: null,
				lastSeenAt: 2000,
				revokedAt: null
			});
			expect((await store.boards.listCapabilities('oldboard1'))[0]).toMatchObject({ createdAt: 1000, revokedAt: null });
			await store.close();
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('every table is either deleted with a board (SQLITE_BOARD_ROWS) or named as holding no board rows', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-sqlite-'));
		try {
			const db = new Database(path.join(dir, 'convene.sqlite'));
			migrateSqlite(db);
			const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
			db.close();
			const accounted = new Set([...Object.keys(SQLITE_BOARD_ROWS), ...SQLITE_TABLES_WITHOUT_BOARD_ROWS]);
			expect(tables.filter((t) => !accounted.has(t))).toEqual([]);
			expect(Object.keys(SQLITE_BOARD_ROWS).filter((t) => !tables.includes(t))).toEqual([]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('rejects bad options', () => {
		expect(() => createSqliteStore({ dir: '' })).toThrow();
		expect(() => createSqliteStore({ dir: os.tmpdir(), batchMs: 500 })).toThrow();
	});
});
