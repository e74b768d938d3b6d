import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, createBoard, join, roundTrip, synced, waitFor, type Client } from '../helpers/clients.js';
import { createElement, readElements, setText, readMembers, readBoardInfo, setFollow, readFollow } from '../../src/lib/doc/index.js';

let server: TestServer;
const clients: Client[] = [];
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server.stop();
});

async function boardWithPeople() {
	const board = await createBoard(server.url);
	const fac = await join(server.url, board.id, board.links.facilitator, 'Fran Facilitator', 'Local authority');
	const alex = await join(server.url, board.id, board.links.participant, 'Alex', 'School');
	const sam = await join(server.url, board.id, board.links.participant, 'Sam', 'Health');
	const viewer = await join(server.url, board.id, board.links.viewer, 'Vic', 'Parent');
	return { board, fac, alex, sam, viewer };
}

function open(boardId: string, docName: string, session: string): Client {
	const client = connect(server.url, boardId, docName, session);
	clients.push(client);
	return client;
}

describe('sync', () => {
	it('two participants converge on the same board', async () => {
		const { board, alex, sam } = await boardWithPeople();
		const a = open(board.id, 'content', alex.sessionToken);
		const b = open(board.id, 'content', sam.sessionToken);
		await Promise.all([synced(a), synced(b)]);
		const note = createElement(a.doc, { kind: 'note', x: 0, y: 0, text: 'Parents feel unheard' });
		createElement(b.doc, { kind: 'note', x: 300, y: 0, text: 'Long waits for CAMHS' });
		await waitFor(() => readElements(a.doc).length === 2 && readElements(b.doc).length === 2, 'both notes on both');
		setText(b.doc, note, 'Parents feel unheard by school');
		await waitFor(() => readElements(a.doc).some((e) => e.kind === 'note' && e.text === 'Parents feel unheard by school'), 'edit');
		expect(JSON.stringify(readElements(a.doc))).toBe(JSON.stringify(readElements(b.doc)));
	});

	it('everyone who joins gets the board as it is then, though joiners share one encoding of it', async () => {
		const { board, alex, sam } = await boardWithPeople();
		const a = open(board.id, 'content', alex.sessionToken);
		await synced(a);
		createElement(a.doc, { kind: 'note', x: 0, y: 0, text: 'Parents feel unheard' });
		const b = open(board.id, 'content', sam.sessionToken);
		await synced(b);
		await waitFor(() => readElements(b.doc).some((e) => e.kind === 'note' && e.text === 'Parents feel unheard'), 'the first note');
		// The server made the whole board's encoding for b; a change must not leave the next joiner with it.
		createElement(a.doc, { kind: 'note', x: 300, y: 0, text: 'Long waits for CAMHS' });
		await waitFor(() => readElements(b.doc).length === readElements(a.doc).length, 'the second note reaches b');
		const [c, d] = [open(board.id, 'content', sam.sessionToken), open(board.id, 'content', alex.sessionToken)];
		await Promise.all([synced(c), synced(d)]);
		// Nothing changed after they asked: what they hold at 'synced' is the server's answer alone.
		expect(JSON.stringify(readElements(c.doc))).toBe(JSON.stringify(readElements(a.doc)));
		expect(JSON.stringify(readElements(d.doc))).toBe(JSON.stringify(readElements(a.doc)));
	});

	it('publishes the board title and who joined in the server document', async () => {
		const { board, alex } = await boardWithPeople();
		const s = open(board.id, 'server', alex.sessionToken);
		await synced(s);
		expect(readBoardInfo(s.doc)?.title).toBe('Reducing exclusions in Northshire');
		expect(readMembers(s.doc).map((m) => [m.name, m.agency, m.role])).toEqual([
			['Fran Facilitator', 'Local authority', 'facilitator'],
			['Alex', 'School', 'participant'],
			['Sam', 'Health', 'participant'],
			['Vic', 'Parent', 'viewer']
		]);
	});

	it("a viewer's write reaches nobody, and the viewer is told", async () => {
		const { board, alex, viewer } = await boardWithPeople();
		const a = open(board.id, 'content', alex.sessionToken);
		const v = open(board.id, 'content', viewer.sessionToken);
		await Promise.all([synced(a), synced(v)]);
		const warnings: string[] = [];
		const original = console.warn;
		console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
		try {
			createElement(v.doc, { kind: 'note', x: 0, y: 0, text: 'viewer sneaks a note' });
			await waitFor(() => warnings.some((w) => w.includes('Permission denied')), 'permission denied message');
		} finally {
			console.warn = original;
		}
		expect(warnings.join('\n')).toMatch(/viewer.*cannot change the content document/);
		// A later participant edit arrives, so the viewer's note would have too.
		createElement(a.doc, { kind: 'note', x: 0, y: 300, text: 'participant note' });
		await waitFor(() => readElements(v.doc).length === 2, 'participant note at viewer');
		// The server has processed the viewer's frame, and everything it sent Alex before has arrived.
		await roundTrip(v);
		await roundTrip(a);
		expect(readElements(a.doc).map((e) => (e.kind === 'note' ? e.text : ''))).toEqual(['participant note']);
		// A newcomer loads the stored board: the viewer's note is not there either.
		const late = open(board.id, 'content', alex.sessionToken);
		await synced(late);
		expect(readElements(late.doc)).toHaveLength(1);
	});

	it('participants cannot write the control or server documents; facilitators can write control', async () => {
		const { board, fac, alex } = await boardWithPeople();
		const f = open(board.id, 'control', fac.sessionToken);
		const p = open(board.id, 'control', alex.sessionToken);
		const ps = open(board.id, 'server', alex.sessionToken);
		const fs = open(board.id, 'server', fac.sessionToken);
		await Promise.all([synced(f), synced(p), synced(ps), synced(fs)]);
		const original = console.warn;
		console.warn = () => {};
		try {
			setFollow(p.doc, { by: 'alex', rect: { x: 1, y: 1, w: 100, h: 100 } });
			ps.doc.getMap('members').set('intruder', { id: 'intruder', name: 'Mallory', role: 'facilitator' });
			// Both refused frames are processed, and whatever the server sent the observers before has arrived.
			await Promise.all([roundTrip(p), roundTrip(ps)]);
			await Promise.all([roundTrip(f), roundTrip(fs)]);
			expect(readFollow(f.doc)).toBeNull();
			expect(readMembers(fs.doc).some((m) => m.id === 'intruder')).toBe(false);
			setFollow(f.doc, { by: fac.participantId, name: 'Fac', rect: { x: 10, y: 20, w: 800, h: 600 } });
			// The refused writer has diverged only itself; another participant sees the facilitator's value.
			const observer = open(board.id, 'control', alex.sessionToken);
			await synced(observer);
			await waitFor(() => readFollow(observer.doc)?.rect.x === 10, 'facilitator control write reaches participant');
		} finally {
			console.warn = original;
		}
	});

	it('refuses a wrong session with a 44xx code, and the client stops retrying', async () => {
		const { board } = await boardWithPeople();
		const bad = open(board.id, 'content', 'not-a-real-session-token-at-all');
		await waitFor(() => bad.closes.length > 0, 'close');
		expect(bad.closes[0].code).toBe(4401);
		// y-websocket gives up on a 44xx close: it no longer wants to connect and has no socket to retry with.
		await waitFor(() => !bad.provider.shouldConnect && bad.provider.ws === null, 'the client giving up');
		expect(bad.closes).toHaveLength(1);
		expect(bad.provider.synced).toBe(false);
		// A real session for another board does not open this one.
		const other = await boardWithPeople();
		const cross = open(board.id, 'content', other.alex.sessionToken);
		await waitFor(() => cross.closes.length > 0, 'cross-board close');
		expect(cross.closes[0].code).toBe(4401);
	});

	it('refuses an unknown document and a browser from another origin', async () => {
		const { board, alex } = await boardWithPeople();
		const unknown = open(board.id, 'secrets', alex.sessionToken);
		await waitFor(() => unknown.closes.length > 0, 'close');
		expect(unknown.closes[0].code).toBe(4404);
		const code = await new Promise<number>((resolve) => {
			const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}/content?session=${alex.sessionToken}`, {
				headers: { origin: 'https://evil.example' }
			});
			ws.on('close', (c) => resolve(c));
		});
		expect(code).toBe(4403);
	});

	it('malformed, truncated and oversized frames close only their own connection', async () => {
		const small = await startServer({ limits: { maxFrameBytes: 64 * 1024 } });
		try {
			const one = await boardWithPeopleOn(small.url);
			const two = await boardWithPeopleOn(small.url);
			const a = connect(small.url, two.board.id, 'content', two.alex.sessionToken);
			const b = connect(small.url, two.board.id, 'content', two.sam.sessionToken);
			await Promise.all([synced(a), synced(b)]);
			const frames: [string, Uint8Array][] = [
				['garbage', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
				['unknown type', new Uint8Array([42])],
				['truncated update', truncatedUpdate()],
				['update Yjs cannot read', syncUpdate(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))],
				['oversized', new Uint8Array(200 * 1024)]
			];
			for (const [what, frame] of frames) {
				const code = await sendRaw(small.url, one.board.id, one.alex.sessionToken, frame);
				expect([4400, 1009], what).toContain(code);
				// Meanwhile the other room keeps syncing.
				createElement(a.doc, { kind: 'note', x: 0, y: 0, text: what });
				await waitFor(() => readElements(b.doc).some((e) => e.kind === 'note' && e.text === what), `sync after ${what}`);
			}
			expect(small.logs.join('\n')).toMatch(/closing connection/);
			// The attacked board still works too.
			const c = connect(small.url, one.board.id, 'content', one.sam.sessionToken);
			await synced(c);
			for (const x of [a, b, c]) x.destroy();
		} finally {
			await small.stop();
		}
	});

	it('edits made while disconnected merge on reconnect', async () => {
		const { board, alex, sam } = await boardWithPeople();
		const a = open(board.id, 'content', alex.sessionToken);
		const b = open(board.id, 'content', sam.sessionToken);
		await Promise.all([synced(a), synced(b)]);
		const shared = createElement(a.doc, { kind: 'note', x: 0, y: 0, text: 'Exclusions rise' });
		await waitFor(() => readElements(b.doc).length === 1, 'first note');
		a.provider.disconnect();
		createElement(a.doc, { kind: 'note', x: 0, y: 200, text: 'written offline' });
		setText(a.doc, shared, 'Exclusions rise sharply');
		createElement(b.doc, { kind: 'note', x: 300, y: 0, text: 'written online meanwhile' });
		await roundTrip(b);
		expect(readElements(b.doc)).toHaveLength(2);
		a.provider.connect();
		await waitFor(() => readElements(a.doc).length === 3 && readElements(b.doc).length === 3, 'merge');
		expect(JSON.stringify(readElements(a.doc))).toBe(JSON.stringify(readElements(b.doc)));
	});

	it('unloads a room after everyone leaves, and reloads it intact', async () => {
		const { board, alex } = await boardWithPeople();
		const a = connect(server.url, board.id, 'content', alex.sessionToken);
		await synced(a);
		for (let i = 0; i < 20; i++) createElement(a.doc, { kind: 'note', x: i * 10, y: 0, text: `note ${i}` });
		await roundTrip(a);
		const room = `${board.id}/content`;
		expect(server.app.rooms.loaded()).toContain(room);
		a.destroy();
		await waitFor(() => !server.app.rooms.loaded().includes(room), 'unload', 3000);
		const b = open(board.id, 'content', alex.sessionToken);
		await synced(b);
		expect(readElements(b.doc)).toHaveLength(20);
	});
});

async function boardWithPeopleOn(url: string) {
	const board = await createBoard(url);
	const alex = await join(url, board.id, board.links.participant, 'Alex');
	const sam = await join(url, board.id, board.links.participant, 'Sam');
	return { board, alex, sam };
}

function syncUpdate(update: Uint8Array): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 2);
	encoding.writeVarUint8Array(e, update);
	return encoding.toUint8Array(e);
}

function truncatedUpdate(): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('elements').set('x', 'y'.repeat(50));
	const full = syncUpdate(Y.encodeStateAsUpdate(doc));
	return full.slice(0, full.length - 10);
}

/** Opens a raw socket, waits for the server's greeting, sends one frame, and resolves with the close code. */
function sendRaw(url: string, boardId: string, session: string, frame: Uint8Array): Promise<number> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${url.replace('http', 'ws')}/sync/${boardId}/content?session=${session}`);
		const timer = setTimeout(() => reject(new Error('no close within 5 s')), 5000);
		ws.once('message', () => ws.send(frame));
		ws.on('error', () => {});
		ws.on('close', (code) => {
			clearTimeout(timer);
			resolve(code);
		});
	});
}

describe('saved acknowledgements', () => {
	it('with acks=1, acknowledges only what is on disk', async () => {
		const { board, alex } = await boardWithPeople();
		const doc = new Y.Doc();
		const { WebsocketProvider } = await import('y-websocket');
		const provider = new WebsocketProvider(`${server.url.replace('http', 'ws')}/sync/${board.id}`, 'content', doc, {
			params: { session: alex.sessionToken, acks: '1' },
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
		const acks: Map<number, number>[] = [];
		provider.messageHandlers[100] = (_e, decoder) => acks.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
		try {
			await waitFor(() => provider.synced, 'sync');
			const id = createElement(doc, { kind: 'note', x: 0, y: 0, text: '' });
			setText(doc, id, 'typed after creating');
			const mine = Y.getState(doc.store, doc.clientID);
			await waitFor(() => acks.some((sv) => (sv.get(doc.clientID) ?? 0) >= mine), 'ack covering my edits');
			// What was acknowledged is in the store now.
			const stored = await server.store.docs.load(`${board.id}/content`);
			const copy = new Y.Doc();
			if (stored.snapshot) Y.applyUpdateV2(copy, stored.snapshot);
			for (const u of stored.updates) Y.applyUpdate(copy, u.data);
			expect(readElements(copy).map((e) => (e.kind === 'note' ? e.text : ''))).toEqual(['typed after creating']);
		} finally {
			provider.destroy();
		}
	});
});

describe('limits', () => {
	it('closes a connection that floods messages with 4429, and others carry on', async () => {
		const { board, alex, sam } = await boardWithPeople();
		const other = open(board.id, 'content', sam.sessionToken);
		await synced(other);
		const code = await new Promise<number>((resolve, reject) => {
			const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}/content?session=${alex.sessionToken}`);
			const timer = setTimeout(() => reject(new Error('not closed within 5 s')), 5000);
			ws.once('message', () => {
				// A sync step 1 asking for nothing, 2,000 times at once.
				const frame = new Uint8Array([0, 0, 1, 0]);
				for (let i = 0; i < 2000 && ws.readyState === ws.OPEN; i++) ws.send(frame);
			});
			ws.on('error', () => {});
			ws.on('close', (c) => {
				clearTimeout(timer);
				resolve(c);
			});
		});
		expect(code).toBe(4429);
		createElement(other.doc, { kind: 'note', x: 0, y: 0, text: 'still here' });
		const check = open(board.id, 'content', sam.sessionToken);
		await waitFor(() => readElements(check.doc).length === 1, 'other connection still syncing');
	});

	it('frees every room after its last client leaves (no doc kept in memory)', async () => {
		const boards = await Promise.all(Array.from({ length: 10 }, () => boardWithPeople()));
		const live = boards.map(({ board, alex }) => connect(server.url, board.id, 'content', alex.sessionToken));
		await Promise.all(live.map((c) => synced(c)));
		for (const c of live) createElement(c.doc, { kind: 'note', x: 0, y: 0, text: 'x'.repeat(1000) });
		await Promise.all(live.map((c) => roundTrip(c)));
		const names = boards.map(({ board }) => `${board.id}/content`);
		expect(server.app.rooms.loaded()).toEqual(expect.arrayContaining(names));
		for (const c of live) c.destroy();
		await waitFor(() => names.every((n) => !server.app.rooms.loaded().includes(n)), 'all rooms unloaded', 5000);
		// Everything was written before unloading: reopening gives the note back.
		const again = open(boards[0].board.id, 'content', boards[0].alex.sessionToken);
		await synced(again);
		expect(readElements(again.doc)).toHaveLength(1);
	});
});
