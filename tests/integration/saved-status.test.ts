/**
 * The "Saved" pill after a burst: the server answers a burst of updates with one or two acknowledgements,
 * and the app's status (its own counts, `savedCounts`, and `connectionStatus`) must still reach "saved",
 * for insertions and for deletions, which move no clock. The stock provider against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, createBoard, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { createElement, deleteElements, readElements } from '../../src/lib/doc/index.js';
import { MESSAGE_SAVED, watchSaved } from '../../src/lib/sync/saved.js';
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
	return { client, status, acks: () => acks, counts: saved.counts };
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
});
