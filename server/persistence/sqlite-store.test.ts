import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { silentLogger } from '../log.js';
import { createSqliteStore } from './sqlite-store.js';
import { SQLITE_SCHEMA_VERSION } from './sqlite-schema.js';
import { describeDocStore } from './doc-store.contract.js';
import { describeBoardStore } from './board-store.contract.js';
import { describeVoteStore } from './vote-store.contract.js';
import type { StoreFixture } from './store-fixture.js';

async function makeSqliteFixture(): Promise<StoreFixture> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-sqlite-'));
	const open = async () => createSqliteStore({ dir, log: silentLogger });
	return { store: await open(), reopen: open, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describeDocStore('SqliteStore', makeSqliteFixture);
describeBoardStore('SqliteStore', makeSqliteFixture);
describeVoteStore('SqliteStore', makeSqliteFixture);

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

	it('rejects bad options', () => {
		expect(() => createSqliteStore({ dir: '' })).toThrow();
		expect(() => createSqliteStore({ dir: os.tmpdir(), batchMs: 500 })).toThrow();
	});
});
