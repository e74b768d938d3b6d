/**
 * The "Saved" pill after a burst: the server answers a burst of updates with one or two acknowledgements,
 * and the app's status (its own counts, `savedCounts`, and `connectionStatus`) must still reach "saved",
 * for insertions and for deletions, which move no clock. The stock provider against the real server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, createBoard, join, synced, waitFor, type Client } from '../helpers/clients.js';
import * as decoding from 'lib0/decoding';
import { createElement, deleteElements, readElements } from '../../src/lib/doc/index.js';
import { MESSAGE_SAVED, readSaved, watchSaved } from '../../src/lib/sync/saved.js';
import { getElementsMap } from '../../src/lib/doc/board-doc.js';
import { SQLITE_FILE, createSqliteStore } from '../../server/persistence/sqlite-store.js';
import type { Store } from '../../server/persistence/types.js';
import { silentLogger } from '../../server/log.js';
import { connectionStatus } from '../../src/lib/sync/status.js';

let server: TestServer;
const clients: Client[] = [];
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server.stop();
});

/** A content client with the app's saved-state bookkeeping, wired by the same `watchSaved` as src/lib/sync/board-connection.ts. */
async function appLikeClient() {
	const board = await createBoard(server.url);
	const alex = await join(server.url, board.id, board.links.participant, 'Alex', 'School');
	const client = connect(server.url, board.id, 'content', alex.sessionToken, undefined, { acks: '1' });
	clients.push(client);
	const saved = watchSaved(client.provider, client.doc);
	// Also count the acknowledgements themselves (the app's handler, wrapped).
	let acks = 0;
	const handle = client.provider.messageHandlers[MESSAGE_SAVED];
	client.provider.messageHandlers[MESSAGE_SAVED] = (...args) => {
		acks++;
		handle(...args);
	};
	await synced(client);
	const status = () =>
		connectionStatus({
			refusal: null,
			offline: false,
			connected: client.provider.wsconnected,
			synced: client.provider.synced,
			everConnected: true,
			...saved.counts(),
			myClock: Y.getState(client.doc.store, client.doc.clientID)
		});
	return { client, status, acks: () => acks, counts: saved.counts, boardId: board.id };
}

describe('the saved status after a burst of changes', () => {
	it('reaches "saved" when one acknowledgement covers a burst of additions', async () => {
		const { client, status, acks, counts } = await appLikeClient();
		for (let i = 0; i < 30; i++) createElement(client.doc, { kind: 'note', x: i * 10, y: 0, text: `note ${i}` });
		expect(status()).toBe('saving');
		await waitFor(() => status() === 'saved', 'the status saying saved after the burst');
		// The burst really was answered with fewer acknowledgements than updates (else this proves nothing).
		expect(acks()).toBeLessThan(30);
		expect(counts()).toMatchObject({ sent: 30, acked: 30 });
	});

	it('reaches "saved" after a burst of deletions, which move no clock', async () => {
		const { client, status, acks, counts } = await appLikeClient();
		const ids = Array.from({ length: 20 }, (_, i) => createElement(client.doc, { kind: 'note', x: i * 10, y: 0, text: `note ${i}` }));
		await waitFor(() => status() === 'saved', 'the additions saved');
		const acksBefore = acks();
		// Each deletion its own transaction, as a person deleting notes one by one.
		for (const id of ids) deleteElements(client.doc, [id]);
		expect(readElements(client.doc)).toHaveLength(0);
		expect(status()).toBe('saving');
		await waitFor(() => status() === 'saved', 'the status saying saved after the deletions');
		expect(acks() - acksBefore).toBeLessThan(20);
		expect(counts()).toMatchObject({ sent: 40, acked: 40 });
	});

	it('acknowledges only what is committed, when moves come in bursts, one by one, and paced', async () => {
		const { client, status, counts, boardId } = await appLikeClient();
		const id = createElement(client.doc, { kind: 'note', x: 0, y: 0, text: 'moved' });
		await waitFor(() => status() === 'saved', 'the note saved');
		// Another connection to the database file reads what is committed, whatever the server holds in memory.
		const reader = new Database(joinPath(server.dir, SQLITE_FILE), { readonly: true });
		const rows = reader.prepare('SELECT data FROM doc_updates WHERE room = ? ORDER BY seq').pluck();
		const snapshot = reader.prepare('SELECT data FROM doc_snapshots WHERE room = ?').pluck();
		const room = `${boardId}/content`;
		const committedClock = () => {
			const copy = new Y.Doc();
			const base = snapshot.get(room) as Buffer | undefined;
			if (base) Y.applyUpdateV2(copy, base);
			for (const data of rows.all(room) as Buffer[]) Y.applyUpdate(copy, data);
			return Y.getState(copy.store, client.doc.clientID);
		};
		const claims: { acked: number; committed: number }[] = [];
		const handle = client.provider.messageHandlers[MESSAGE_SAVED];
		client.provider.messageHandlers[MESSAGE_SAVED] = (encoder, decoder, ...rest) => {
			const { vector } = readSaved(decoding.clone(decoder));
			// Read at once, in the turn the acknowledgement arrives: what it claims must be on disk already.
			claims.push({ acked: vector.get(client.doc.clientID) ?? 0, committed: committedClock() });
			handle(encoder, decoder, ...rest);
		};
		try {
			const note = getElementsMap(client.doc).get(id)!;
			const move = (i: number) =>
				client.doc.transact(() => {
					note.set('x', i);
					note.set('y', i * 2);
				});
			// Bursts (one turn), moves a turn apart, and moves a few milliseconds apart (a busy room's pace): every
			// arrangement of batches, shared and not.
			for (let i = 0; i < 60; i++) {
				move(i + 1);
				if (i % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
				else if (i % 3 === 1) await new Promise((resolve) => setTimeout(resolve, i % 20));
			}
			await waitFor(() => status() === 'saved', 'every move saved');
			expect(counts()).toMatchObject({ sent: 61, acked: 61 });
			expect(claims.length).toBeGreaterThan(0);
			for (const claim of claims) expect(claim.committed).toBeGreaterThanOrEqual(claim.acked);
		} finally {
			client.provider.messageHandlers[MESSAGE_SAVED] = handle;
			reader.close();
		}
	});
});

describe('acknowledgements when the store answers later (as PostgreSQL does: one batch in flight, the next queued)', () => {
	it('claim only the changes whose appends have resolved, however the batches fall', async () => {
		const dir = mkdtempSync(joinPath(tmpdir(), 'convene-slow-'));
		const real = createSqliteStore({ dir, log: silentLogger });
		// Every change of a content room whose append has resolved (the store's word that it is durable).
		const resolved = new Y.Doc();
		// The real store, answering 15 ms after each commit: a write still in flight while the next moves arrive.
		const store: Store = {
			...real,
			docs: {
				...real.docs,
				append: (room, update) => {
					const copy = update.slice();
					return real.docs.append(room, update).then(
						(seq) =>
							new Promise<number>((resolve) =>
								setTimeout(() => {
									if (room.endsWith('/content')) Y.applyUpdate(resolved, copy);
									resolve(seq);
								}, 15)
							)
					);
				}
			}
		};
		const slow = await startServer({ store, dir });
		try {
			const board = await createBoard(slow.url);
			const alex = await join(slow.url, board.id, board.links.participant, 'Alex', 'School');
			const client = connect(slow.url, board.id, 'content', alex.sessionToken, undefined, { acks: '1' });
			clients.push(client);
			const saved = watchSaved(client.provider, client.doc);
			const claims: { acked: number; durable: number }[] = [];
			const handle = client.provider.messageHandlers[MESSAGE_SAVED];
			client.provider.messageHandlers[MESSAGE_SAVED] = (encoder, decoder, ...rest) => {
				const { vector } = readSaved(decoding.clone(decoder));
				claims.push({ acked: vector.get(client.doc.clientID) ?? 0, durable: Y.getState(resolved.store, client.doc.clientID) });
				handle(encoder, decoder, ...rest);
			};
			await synced(client);
			const id = createElement(client.doc, { kind: 'note', x: 0, y: 0, text: 'moved' });
			const note = getElementsMap(client.doc).get(id)!;
			for (let i = 0; i < 40; i++) {
				client.doc.transact(() => {
					note.set('x', i);
					note.set('y', i * 2);
				});
				await new Promise((resolve) => setTimeout(resolve, i % 4 === 0 ? 0 : 5));
			}
			await waitFor(() => saved.counts().acked === 41, 'every move acknowledged');
			// Some acknowledgement came while later moves were still being written (else this proves nothing).
			expect(claims.some((c) => c.acked < Y.getState(client.doc.store, client.doc.clientID))).toBe(true);
			for (const claim of claims) expect(claim.durable).toBeGreaterThanOrEqual(claim.acked);
			client.destroy();
		} finally {
			await slow.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
