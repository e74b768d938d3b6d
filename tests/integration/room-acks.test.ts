import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/log.js';
import { createSqliteStore } from '../../server/persistence/sqlite-store.js';
import { createLocalBus } from '../../server/scale-out/local-bus.js';
import { afterWrites, loadRoom, type Room } from '../../server/transport/room.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const step of cleanup.splice(0).reverse()) await step();
});

/** A room on a real SQLite store, and how many of its updates another connection to the file sees committed. */
async function roomOnDisk(): Promise<{ room: Room; committed: () => number }> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-room-'));
	cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
	const store = createSqliteStore({ dir, file: 'room.db', batchMs: 50, log: silentLogger });
	cleanup.push(() => store.close());
	const room = await loadRoom('board0001/content', {
		store: store.docs,
		bus: createLocalBus(),
		log: silentLogger,
		compactAfter: 1000,
		compactor: { build: () => Promise.reject(new Error('no compaction here')) }
	});
	cleanup.push(() => room.doc.destroy());
	const reader = new Database(path.join(dir, 'room.db'), { readonly: true });
	cleanup.push(() => {
		reader.close();
	});
	const count = reader.prepare('SELECT count(*) FROM doc_updates WHERE room = ?').pluck();
	return { room, committed: () => count.get(room.name) as number };
}

describe(afterWrites, () => {
	it('calls back only once every update applied before it is committed to the database', async () => {
		const { room, committed } = await roomOnDisk();
		for (let i = 0; i < 3; i++) room.doc.getMap('m').set(`k${i}`, i);
		expect(committed()).toBe(0);
		await new Promise<void>((resolve) => afterWrites(room, resolve));
		expect(committed()).toBe(3);
		// Later updates are waited for by later calls, in order; with nothing being written it calls back at once.
		room.doc.getMap('m').set('k3', 3);
		const order: string[] = [];
		const first = new Promise<void>((resolve) => afterWrites(room, () => (order.push(`first ${committed()}`), resolve())));
		room.doc.getMap('m').set('k4', 4);
		const second = new Promise<void>((resolve) => afterWrites(room, () => (order.push(`second ${committed()}`), resolve())));
		await Promise.all([first, second]);
		expect(order).toEqual(['first 5', 'second 5']);
		await new Promise<void>((resolve) => afterWrites(room, resolve));
	});
});
