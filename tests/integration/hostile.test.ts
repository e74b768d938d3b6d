/**
 * A member cannot take a workshop down (issue 10): hostile frames close only their own connection,
 * presence is bounded, and what the server stored is read back as carefully as what a peer sends.
 * Real server, real sockets, stock WebsocketProvider clients beside the attacker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TestServer } from '../helpers/server.js';
import { createSqliteStore } from '../../server/persistence/sqlite-store.js';
import { silentLogger } from '../../server/log.js';
import type { Store } from '../../server/persistence/types.js';
import { connect, createBoard, join as joinBoard, synced, waitFor, type Client } from '../helpers/clients.js';
import { createElement, readCapacity, readElements } from '../../src/lib/doc/index.js';
import { MAX_TEXT } from '../../src/lib/doc/schema.js';
import { MAX_PRESENCE_IDS } from '../../src/lib/doc/presence.js';

let server: TestServer;
const clients: Client[] = [];
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server.stop();
});

async function boardWithPeople(url = server.url) {
	const board = await createBoard(url);
	const alex = await joinBoard(url, board.id, board.links.participant, 'Alex', 'School');
	const sam = await joinBoard(url, board.id, board.links.participant, 'Sam', 'Health');
	const viewer = await joinBoard(url, board.id, board.links.viewer, 'Vic', 'Parent');
	return { board, alex, sam, viewer };
}

function open(boardId: string, docName: string, session: string, url = server.url): Client {
	const client = connect(url, boardId, docName, session);
	clients.push(client);
	return client;
}

/** A raw socket that has had the server's greeting (so the room is loaded and frames are handled at once). */
function rawSocket(
	url: string,
	boardId: string,
	session: string,
	doc = 'content'
): Promise<{ ws: WebSocket; received: Uint8Array[]; closed: Promise<number> }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${url.replace('http', 'ws')}/sync/${boardId}/${doc}?session=${session}`);
		const received: Uint8Array[] = [];
		const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
		const timer = setTimeout(() => reject(new Error('no greeting within 5 s')), 5000);
		ws.on('error', () => {});
		ws.on('message', (data: Buffer) => {
			received.push(new Uint8Array(data));
			if (received.length === 1) {
				clearTimeout(timer);
				resolve({ ws, received, closed });
			}
		});
	});
}

function awarenessFrame(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

/** An awareness frame for one client with `state` as its JSON. */
function presenceFrame(clientId: number, clock: number, state: unknown): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, clientId);
	encoding.writeVarUint(e, clock);
	encoding.writeVarString(e, JSON.stringify(state));
	return awarenessFrame(encoding.toUint8Array(e));
}

describe('hostile frames', () => {
	it('regression: the 6-byte sync step 1 with a malformed state vector closes only its connection (4400)', async () => {
		const { board, alex, sam, viewer } = await boardWithPeople();
		const other = await boardWithPeople();
		const a = open(other.board.id, 'content', other.alex.sessionToken);
		const b = open(other.board.id, 'content', other.sam.sessionToken);
		const here = open(board.id, 'content', alex.sessionToken);
		await Promise.all([synced(a), synced(b), synced(here)]);
		createElement(here.doc, { kind: 'note', x: 0, y: 0, text: 'Written before the attack' });

		// A viewer link is enough.
		const raw = await rawSocket(server.url, board.id, viewer.sessionToken);
		raw.ws.send(new Uint8Array([0x00, 0x00, 0x03, 0x05, 0x01, 0x02]));
		expect(await raw.closed).toBe(4400);
		expect(server.logs.join('\n')).toMatch(/sync step 1: .*state vector/);

		// Nobody else noticed: both rooms keep syncing, and no stock client was disconnected.
		createElement(a.doc, { kind: 'note', x: 0, y: 0, text: 'after the attack' });
		await waitFor(() => readElements(b.doc).some((e) => e.kind === 'note' && e.text === 'after the attack'), 'sync in the other room');
		const late = open(board.id, 'content', sam.sessionToken);
		await synced(late);
		await waitFor(
			() => readElements(late.doc).some((e) => e.kind === 'note' && e.text === 'Written before the attack'),
			'the attacked board still opens'
		);
		for (const c of [a, b, here]) expect(c.closes).toEqual([]);
	});

	it('every message type with a malformed tail closes with 4400 and the room stays up', async () => {
		const { board, alex, sam } = await boardWithPeople();
		const a = open(board.id, 'content', alex.sessionToken);
		await synced(a);
		const hugeVarint = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
		const frames: [string, number[]][] = [
			['sync step 1, count beyond its bytes', [0, 0, 2, 0x7f, 0x01]],
			['sync step 1, huge varint clock', [0, 0, 11, 1, 1, ...hugeVarint]],
			['sync step 1, trailing bytes in the vector', [0, 0, 4, 1, 1, 1, 9]],
			['sync step 2, not an update', [0, 1, 3, 9, 9, 9]],
			['unknown sync type', [0, 7, 0]],
			['awareness, truncated', [1, 5, 1, 1]],
			['awareness, state not JSON', [1, 6, 1, 7, 1, 2, 0x7b, 0x7b]],
			['awareness, huge client count', [1, 11, ...hugeVarint, 0]],
			['auth, truncated', [2, 0]],
			['unknown message type', [42]],
			['empty frame', []]
		];
		for (const [what, bytes] of frames) {
			// A participant: a viewer's writes are dropped unread, a participant's are decoded.
			const raw = await rawSocket(server.url, board.id, sam.sessionToken);
			raw.ws.send(new Uint8Array(bytes));
			expect(await raw.closed, what).toBe(4400);
		}
		createElement(a.doc, { kind: 'note', x: 0, y: 0, text: 'still here' });
		const b = open(board.id, 'content', alex.sessionToken);
		await waitFor(() => readElements(b.doc).some((e) => e.kind === 'note' && e.text === 'still here'), 'room still serves');
		expect(a.closes).toEqual([]);
	});

	it('frames sent before authentication are capped', async () => {
		// A database that answers the session lookup only when the test says so: the frames certainly
		// arrive before authentication finishes.
		const dir = mkdtempSync(join(tmpdir(), 'convene-slow-'));
		const real = createSqliteStore({ dir, log: silentLogger });
		let release = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		const store: Store = { ...real, boards: { ...real.boards, findSession: async (hash) => (await gate, real.boards.findSession(hash)) } };
		const slow = await startServer({ store, dir });
		try {
			release();
			const { board, alex } = await boardWithPeople(slow.url);
			const held = new Promise<void>((resolve) => (release = resolve));
			store.boards.findSession = async (hash) => (await held, real.boards.findSession(hash));
			const code = await new Promise<number>((resolve) => {
				const ws = new WebSocket(`${slow.url.replace('http', 'ws')}/sync/${board.id}/content?session=${alex.sessionToken}`);
				ws.on('error', () => {});
				ws.on('open', () => {
					for (let i = 0; i < 500; i++) ws.send(new Uint8Array([3]));
				});
				ws.on('close', (c) => resolve(c));
			});
			release();
			expect(code).toBe(4429);
			expect(slow.logs.join('\n')).toMatch(/too many messages before authentication/);
		} finally {
			release();
			await slow.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('presence is bounded', () => {
	it('keeps only the documented fields, pins the identity, and refuses states over the size cap', async () => {
		const { board, alex, viewer } = await boardWithPeople();
		const a = open(board.id, 'content', alex.sessionToken);
		await synced(a);
		const raw = await rawSocket(server.url, board.id, viewer.sessionToken);
		const ids = Array.from({ length: 300 }, (_, i) => `id-${i}`);
		raw.ws.send(
			presenceFrame(424242, 1, {
				user: { id: 'someone-else', name: 'The Head', role: 'facilitator' },
				cursor: { x: 5, y: 6 },
				selection: ids,
				secret: 'x'.repeat(2000),
				nested: { deep: true }
			})
		);
		await waitFor(() => a.provider.awareness.getStates().has(424242), 'the trimmed presence reaches a peer');
		const state = a.provider.awareness.getStates().get(424242) as Record<string, unknown>;
		expect(Object.keys(state).sort()).toEqual(['cursor', 'selection', 'user']);
		expect((state.selection as string[]).length).toBe(MAX_PRESENCE_IDS);
		expect(state.user).toMatchObject({ id: viewer.participantId, name: 'Vic', agency: 'Parent', role: 'viewer' });

		// A state still too big after trimming (long ids) is not relayed; a 100 KiB frame closes the socket.
		raw.ws.send(
			presenceFrame(424242, 2, { cursor: { x: 1, y: 1 }, selection: Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(64, 'x')) })
		);
		raw.ws.send(presenceFrame(424242, 3, { cursor: { x: 99, y: 99 } }));
		await waitFor(
			() => (a.provider.awareness.getStates().get(424242) as { cursor?: { x: number } })?.cursor?.x === 99,
			'the next small state'
		);
		expect(a.provider.awareness.meta.get(424242)?.clock).toBe(3);
		raw.ws.send(presenceFrame(424242, 4, { cursor: { x: 1, y: 1 }, junk: 'x'.repeat(100 * 1024) }));
		expect(await raw.closed).toBe(4400);
		expect(a.closes).toEqual([]);
		// Its presence left with it.
		await waitFor(() => !a.provider.awareness.getStates().has(424242), 'presence removed on close');
	});

	it('a connection speaks for a few awareness clients, never for someone else’s', async () => {
		const { board, alex, sam } = await boardWithPeople();
		const a = open(board.id, 'content', alex.sessionToken);
		const watcher = open(board.id, 'content', sam.sessionToken);
		await Promise.all([synced(a), synced(watcher)]);
		a.provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 });
		// Once a peer sees Alex's presence, the server holds it.
		await waitFor(() => watcher.provider.awareness.getStates().has(a.doc.clientID), 'Alex’s presence on the server');
		const raw = await rawSocket(server.url, board.id, sam.sessionToken);
		// Alex's own awareness client: Sam cannot overwrite it.
		raw.ws.send(presenceFrame(a.doc.clientID, 99, { cursor: { x: 1, y: 1 } }));
		for (let id = 1; id <= 10; id++) raw.ws.send(presenceFrame(1000 + id, 1, { cursor: { x: id, y: id } }));
		await waitFor(() => a.provider.awareness.getStates().has(1004), 'the first few clients');
		// A round trip: query-awareness is answered after everything before it was handled.
		raw.ws.send(new Uint8Array([3]));
		await waitFor(() => raw.received.length >= 3, 'the answer to query-awareness');
		const ids = [...a.provider.awareness.getStates().keys()].filter((id) => id > 1000 && id <= 1010);
		expect(ids.sort()).toEqual([1001, 1002, 1003, 1004]);
		expect(a.provider.awareness.meta.get(a.doc.clientID)?.clock).not.toBe(99);
		raw.ws.close();
	});

	it('presence held back over its rate still speaks for at most 4 awareness clients', async () => {
		const limited = await startServer({ limits: { awarenessPerSecond: 4, awarenessBurst: 2 } });
		try {
			const { board, alex, sam } = await boardWithPeople(limited.url);
			const a = open(board.id, 'content', alex.sessionToken, limited.url);
			await synced(a);
			const raw = await rawSocket(limited.url, board.id, sam.sessionToken);
			// Two go out at once; the other eight are held back, each naming a client the connection does not have yet.
			for (let id = 1; id <= 10; id++) raw.ws.send(presenceFrame(2000 + id, 1, { cursor: { x: id, y: id } }));
			await waitFor(() => a.provider.awareness.getStates().has(2002), 'the first two at once');
			const mine = () => [...a.provider.awareness.getStates().keys()].filter((id) => id > 2000 && id <= 2010);
			await waitFor(() => mine().length >= 4, 'the held ones, when the rate allows', 5000);
			// Long enough for any further held message to go out (the rate allows one every 250 ms).
			await new Promise((r) => setTimeout(r, 600));
			expect(mine().sort()).toEqual([2001, 2002, 2003, 2004]);
			raw.ws.close();
		} finally {
			await limited.stop();
		}
	});

	it('presence has its own rate limit: a flood is held back and only the latest state goes out; the sender is not cut off', async () => {
		const limited = await startServer({ limits: { awarenessPerSecond: 10, awarenessBurst: 20 } });
		try {
			const { board, alex, sam } = await boardWithPeople(limited.url);
			const a = open(board.id, 'content', alex.sessionToken, limited.url);
			await synced(a);
			let seen = 0;
			a.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
				if (added.includes(777) || updated.includes(777)) seen++;
			});
			const raw = await rawSocket(limited.url, board.id, sam.sessionToken);
			for (let clock = 1; clock <= 200; clock++) raw.ws.send(presenceFrame(777, clock, { cursor: { x: clock, y: 0 } }));
			// A document edit after the flood proves the server handled every frame before it.
			const doc = new Y.Doc();
			createElement(doc, { kind: 'note', x: 0, y: 0, text: 'after the flood' });
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint(e, 2);
			encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
			raw.ws.send(encoding.toUint8Array(e));
			await waitFor(
				() => readElements(a.doc).some((el) => el.kind === 'note' && el.text === 'after the flood'),
				'the edit after the flood'
			);
			// The latest state arrives (nobody is left with a stale cursor), and only a few updates were relayed.
			await waitFor(
				() => (a.provider.awareness.getStates().get(777) as { cursor?: { x: number } } | undefined)?.cursor?.x === 200,
				'the latest presence'
			);
			expect(seen).toBeGreaterThan(0);
			expect(seen).toBeLessThanOrEqual(25);
			expect(raw.ws.readyState).toBe(WebSocket.OPEN);
			raw.ws.close();
		} finally {
			await limited.stop();
		}
	});
});

describe('documents have a size cap', () => {
	it('refuses a change that would take a document past the cap, with a message, and keeps earlier ones', async () => {
		const small = await startServer({ limits: { maxDocBytes: 64 * 1024 } });
		try {
			const { board, alex, sam } = await boardWithPeople(small.url);
			const a = open(board.id, 'content', alex.sessionToken, small.url);
			const b = open(board.id, 'content', sam.sessionToken, small.url);
			await Promise.all([synced(a), synced(b)]);
			createElement(a.doc, { kind: 'note', x: 0, y: 0, text: 'A small note' });
			await waitFor(() => readElements(b.doc).length === 1, 'first note');
			const denied: string[] = [];
			a.provider.on('status', () => {});
			// y-websocket hands auth messages to this handler.
			(a.provider as unknown as { messageHandlers: ((e: unknown, decoder: decoding.Decoder) => void)[] }).messageHandlers[2] = (
				_e,
				decoder
			) => {
				decoding.readVarUint(decoder);
				denied.push(decoding.readVarString(decoder));
			};
			// Each note is its own update of about 5 KB: the first dozen fit, the rest are refused.
			for (let i = 0; i < 20; i++) createElement(a.doc, { kind: 'note', x: i, y: 600, text: 'y'.repeat(MAX_TEXT) });
			await waitFor(() => denied.length > 0, 'the refusal');
			expect(denied[0]).toMatch(/This board is full/);
			createElement(b.doc, { kind: 'note', x: 300, y: 0, text: 'A second small note' });
			await waitFor(() => readElements(a.doc).some((e) => e.kind === 'note' && e.text === 'A second small note'), 'small edits still flow');
			const big = readElements(b.doc).filter((e) => e.kind === 'note' && e.text.length === MAX_TEXT).length;
			expect(big).toBeGreaterThan(0);
			expect(big).toBeLessThan(20);
			expect(Y.encodeStateAsUpdate(b.doc).length).toBeLessThan(64 * 1024 + 2 * MAX_TEXT);
		} finally {
			await small.stop();
		}
	});

	it('publishes how full the board is in the server document, so the app can say so before the cap', async () => {
		const small = await startServer({ limits: { maxDocBytes: 64 * 1024 } });
		try {
			const { board, alex, sam } = await boardWithPeople(small.url);
			const a = open(board.id, 'content', alex.sessionToken, small.url);
			const watcher = open(board.id, 'server', sam.sessionToken, small.url);
			await Promise.all([synced(a), synced(watcher)]);
			// Under 1% full, nothing is published.
			expect(readCapacity(watcher.doc)).toBeNull();
			// Five notes of about 5 KB: about 40% of 64 KiB, published as it grows.
			for (let i = 0; i < 5; i++) createElement(a.doc, { kind: 'note', x: i * 250, y: 0, text: 'y'.repeat(MAX_TEXT) });
			await waitFor(() => (readCapacity(watcher.doc)?.percent ?? 0) >= 30, 'the board a third full');
			expect(readCapacity(watcher.doc)).toMatchObject({ maxMb: 0.06 });
			expect(readCapacity(watcher.doc)!.percent).toBeLessThan(60);
			for (let i = 0; i < 20; i++) createElement(a.doc, { kind: 'note', x: i * 250, y: 600, text: 'y'.repeat(MAX_TEXT) });
			await waitFor(() => (readCapacity(watcher.doc)?.percent ?? 0) >= 90, 'the board nearly full');
		} finally {
			await small.stop();
		}
	});
});

describe('what was stored is read back carefully', () => {
	it('a stored update Yjs cannot apply is skipped and the rest of the board opens', async () => {
		const { board, alex } = await boardWithPeople();
		const room = `${board.id}/content`;
		const good = new Y.Doc();
		createElement(good, { kind: 'note', x: 0, y: 0, text: 'Kept through a bad record' });
		await server.store.docs.append(room, new Uint8Array([9, 9, 9, 9, 9, 9]));
		await server.store.docs.append(room, Y.encodeStateAsUpdate(good));
		const a = open(board.id, 'content', alex.sessionToken);
		await waitFor(() => readElements(a.doc).some((e) => e.kind === 'note' && e.text === 'Kept through a bad record'), 'the board opens');
		expect(server.logs.join('\n')).toMatch(/skipped a stored update/);
	});
});

describe('awareness from a stock client still works', () => {
	it('a normal presence state reaches peers unchanged apart from the pinned identity', async () => {
		const { board, alex, sam } = await boardWithPeople();
		const a = open(board.id, 'content', alex.sessionToken);
		const b = open(board.id, 'content', sam.sessionToken);
		await Promise.all([synced(a), synced(b)]);
		b.provider.awareness.setLocalState({
			user: { id: 'x', name: 'Sam', agency: 'Health', color: '#1d4ed8', role: 'participant' },
			cursor: { x: 10, y: 20 },
			selection: ['n1'],
			drag: null,
			viewport: { x: 0, y: 0, scale: 1 }
		});
		await waitFor(() => (a.provider.awareness.getStates().get(b.doc.clientID) as { cursor?: unknown })?.cursor !== undefined, 'presence');
		const state = a.provider.awareness.getStates().get(b.doc.clientID) as Record<string, unknown>;
		expect(state).toMatchObject({
			cursor: { x: 10, y: 20 },
			selection: ['n1'],
			drag: null,
			viewport: { x: 0, y: 0, scale: 1 },
			user: { id: sam.participantId, name: 'Sam' }
		});
	});
});
