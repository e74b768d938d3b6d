/**
 * Compaction off the event loop (docs/performance.md, "Compacting a big board"): the room's snapshot is built in
 * the compaction worker and handed to the store with the version it was built on. These tests run the real server
 * with its real worker and real stores, and check the promises that matter to people: an edit accepted while a
 * compaction is under way is never lost, and when two server processes compact one board, neither overwrites the
 * other's edits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, createBoard, join, savedOnDisk, synced, waitFor, type Client } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { TEST_DATABASE_URL, adminQuery, describeSkipped, missingServices } from '../helpers/services.js';
import { createSqliteStore } from '../../server/persistence/sqlite-store.js';
import { createPostgresStore } from '../../server/persistence/postgres-store.js';
import { silentLogger } from '../../server/log.js';
import type { DocStore, Store } from '../../server/persistence/types.js';
import { createElement, readElements } from '../../src/lib/doc/index.js';

const servers: TestServer[] = [];
const clients: Client[] = [];
afterAll(async () => {
	for (const c of clients) c.destroy();
	for (const s of servers) await s.stop().catch(() => undefined);
});

function open(server: TestServer, boardId: string, session: string): Client {
	const client = connect(server.url, boardId, 'content', session, undefined, { acks: '1' });
	clients.push(client);
	return client;
}

const notes = (client: Client) =>
	readElements(client.doc)
		.map((e) => (e.kind === 'note' ? e.text : ''))
		.sort();

function addNotes(client: Client, prefix: string, count: number): string[] {
	const texts = Array.from({ length: count }, (_, i) => `${prefix} ${String(i).padStart(2, '0')}`);
	// One update per note, as people add them one at a time.
	for (const [i, text] of texts.entries()) createElement(client.doc, { kind: 'note', x: i * 20, y: 0, text });
	return texts;
}

/** Wraps a store so a test can see (and hold) the compactions of `content` rooms. */
function watchCompactions(store: Store) {
	const seen: { seqs: number[]; merged: boolean }[] = [];
	let hold: Promise<void> | null = null;
	let entered: (() => void) | null = null;
	const docs: DocStore = {
		...store.docs,
		async compact(room, snapshot, seqs, base) {
			if (room.endsWith('/content') && hold) {
				entered?.();
				await hold;
			}
			const result = await store.docs.compact(room, snapshot, seqs, base);
			if (room.endsWith('/content')) seen.push({ seqs: [...seqs], merged: result.merged !== null });
			return result;
		}
	};
	return {
		store: { ...store, docs } satisfies Store,
		seen,
		/** Holds the next content compaction at the store until `release()`; `reached` resolves when it gets there. */
		holdNext() {
			let release!: () => void;
			hold = new Promise<void>((resolve) => (release = resolve));
			const reached = new Promise<void>((resolve) => (entered = resolve));
			return {
				reached,
				release: () => {
					hold = null;
					release();
				}
			};
		}
	};
}

describe('compaction in the worker (SQLite)', () => {
	it('an edit accepted while a compaction is under way is kept; only the compacted updates leave the log; the board reopens whole', async () => {
		const dir = mkdtempSync(joinPath(tmpdir(), 'convene-compaction-'));
		try {
			const watched = watchCompactions(createSqliteStore({ dir, log: silentLogger }));
			const server = await startServer({ dir, store: watched.store, compactAfter: 20 });
			servers.push(server);
			const board = await createBoard(server.url);
			const alex = await join(server.url, board.id, board.links.participant, 'Alex', 'School');
			const client = open(server, board.id, alex.sessionToken);
			await synced(client);

			// 25 stored updates make the room compact; it is held at the store, after its snapshot was built.
			const held = watched.holdNext();
			const before = addNotes(client, 'before', 25);
			await savedOnDisk(client);
			await held.reached;
			// Accepted (on disk, acknowledged) while the compaction is under way: too few to start another.
			const during = addNotes(client, 'during', 10);
			await savedOnDisk(client);
			held.release();
			await waitFor(() => watched.seen.length === 1, 'the compaction to be stored');

			const stored = await watched.store.docs.load(`${board.id}/content`);
			expect(stored.snapshot).not.toBeNull();
			expect(stored.version).not.toBeNull();
			// The updates that arrived during the compaction (the ten, and the last of the 25 that came after it
			// started) are still logged: it deleted only those that went into its snapshot.
			expect(stored.updates.length).toBeGreaterThanOrEqual(10);
			expect(stored.updates.some((u) => watched.seen[0].seqs.includes(u.seq))).toBe(false);
			expect(watched.seen[0].merged).toBe(false);

			client.destroy();
			await server.stop({ keepData: true });
			servers.splice(servers.indexOf(server), 1);

			const again = await startServer({ dir });
			servers.push(again);
			const reader = open(again, board.id, alex.sessionToken);
			await synced(reader);
			expect(notes(reader)).toEqual([...before, ...during].sort());
			expect(again.logs.filter((line) => line.includes('compaction failed'))).toEqual([]);
			expect(server.logs.filter((line) => line.includes('compaction failed'))).toEqual([]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

const PG_TESTS = ['two servers compacting one board on one PostgreSQL merge rather than overwrite: every edit of both is kept'];
const missing = await missingServices({ postgres: TEST_DATABASE_URL });
if (missing) {
	describeSkipped(missing, PG_TESTS);
} else {
	describe('compaction in the worker (PostgreSQL, two servers)', () => {
		const schema = `convene_compaction_${process.pid}_${Date.now().toString(36)}`;
		afterAll(async () => {
			await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
		});
		const pgStore = () => createPostgresStore({ url: TEST_DATABASE_URL, schema, log: silentLogger });

		it(PG_TESTS[0], async () => {
			// Each server has its own bus here, so neither sees the other's edits live: each compacts only what it
			// holds, on the snapshot version it loaded, and the store must merge whenever the other wrote since.
			const a = watchCompactions(await pgStore());
			const b = watchCompactions(await pgStore());
			const serverA = await startServer({ store: a.store, compactAfter: 5 });
			const serverB = await startServer({ store: b.store, compactAfter: 5 });
			servers.push(serverA, serverB);
			const board = await createBoard(serverA.url);
			const alex = await join(serverA.url, board.id, board.links.participant, 'Alex', 'School');
			const sam = await join(serverA.url, board.id, board.links.participant, 'Sam', 'Health');
			const onA = open(serverA, board.id, alex.sessionToken);
			const onB = open(serverB, board.id, sam.sessionToken);
			await Promise.all([synced(onA), synced(onB)]);

			const texts = [...addNotes(onA, 'A first', 6)];
			await savedOnDisk(onA);
			await waitFor(() => a.seen.length >= 1, 'A to compact');
			// B loaded the room before A's compaction: its base is stale, so its compaction merges.
			texts.push(...addNotes(onB, 'B', 6));
			await savedOnDisk(onB);
			await waitFor(() => b.seen.length >= 1, 'B to compact');
			// A's base is now B's merge's predecessor: A merges too.
			texts.push(...addNotes(onA, 'A again', 6));
			await savedOnDisk(onA);
			await waitFor(() => a.seen.length >= 2, 'A to compact again');

			onA.destroy();
			onB.destroy();
			await serverA.stop();
			await serverB.stop();
			for (const stopped of [serverA, serverB]) servers.splice(servers.indexOf(stopped), 1);

			const fresh = await startServer({ store: await pgStore() });
			servers.push(fresh);
			const reader = open(fresh, board.id, alex.sessionToken);
			await synced(reader);
			await waitFor(() => notes(reader).length === texts.length, 'every note of both servers');
			expect(notes(reader)).toEqual(texts.sort());
			// Both took the merge path: B on its first compaction, A on its second.
			expect(b.seen[0].merged).toBe(true);
			expect(a.seen[1].merged).toBe(true);
			for (const server of [serverA, serverB, fresh]) expect(server.logs.filter((line) => line.includes('compaction failed'))).toEqual([]);
		});
	});
}
