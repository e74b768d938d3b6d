/**
 * Floods, leaked links and departing people (issue 10): HTTP rate limits with 429 and Retry-After, links a
 * facilitator replaces, people a facilitator removes, sessions that expire, browser origins behind a
 * proxy, and small refusals that used to be 500s. The real server, real HTTP, stock y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, createBoard, join, synced, tokenOf, waitFor, type Client } from '../helpers/clients.js';
import { spawnServer } from '../helpers/spawn-server.js';
import { RateSpec } from '../../server/http/rate-limits.js';
import { createElement, readElements, readMembers } from '../../src/lib/doc/index.js';
import { LinksReply, MembersReply } from '../../src/lib/doc/members.js';

const clients: Client[] = [];
afterAll(() => {
	for (const c of clients) c.destroy();
});
function open(url: string, boardId: string, doc: string, session: string): Client {
	const client = connect(url, boardId, doc, session);
	clients.push(client);
	return client;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
	fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Closes with a code, or stays open (then resolves 'open' once the server greeted it). */
function wsOutcome(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
	return new Promise((resolve) => {
		const ws = new WebSocket(url, { headers });
		ws.on('error', () => {});
		ws.once('message', () => {
			resolve('open');
			ws.close();
		});
		ws.on('close', (code) => resolve(code));
	});
}

describe('rate limits', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer({
			rates: {
				createBoard: RateSpec.parse('3/h'),
				joinPerLink: RateSpec.parse('4/h'),
				joinPerAddress: RateSpec.parse('8/h'),
				import: RateSpec.parse('2/h'),
				export: RateSpec.parse('3/min')
			},
			trustProxy: 1
		});
	});
	afterAll(() => server.stop());

	it('board creation: the fourth from one address gets 429 with Retry-After and a readable JSON error; another address still can', async () => {
		const from = (address: string) => post(`${server.url}/api/boards`, { title: 'Flood' }, { 'x-forwarded-for': address });
		for (let i = 0; i < 3; i++) expect((await from('203.0.113.7')).status).toBe(201);
		const refused = await from('203.0.113.7');
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		const body = await refused.json();
		expect(body.error.code).toBe('rate_limited');
		expect(body.error.message).toMatch(/Too many new boards from your network\. Please try again in \d+ minutes\./);
		expect((await from('198.51.100.4')).status).toBe(201);
	});

	it('joins: limited per link and per address; a refused join adds nobody to the board', async () => {
		const make = async (address: string) =>
			(await post(`${server.url}/api/boards`, { title: 'Joins' }, { 'x-forwarded-for': address })).json();
		const joinFrom = (board: { id: string }, link: string, address: string, name: string) =>
			post(`${server.url}/api/boards/${board.id}/join`, { token: tokenOf(link), name, agency: 'School' }, { 'x-forwarded-for': address });

		// Per link: four people from four addresses, then the link is busy; another link is not.
		const x = await make('192.0.2.1');
		for (let i = 0; i < 4; i++) expect((await joinFrom(x, x.links.participant, `192.0.2.${10 + i}`, `Person ${i}`)).status).toBe(200);
		const perLink = await joinFrom(x, x.links.participant, '192.0.2.50', 'Fifth on the link');
		expect(perLink.status).toBe(429);
		expect((await perLink.json()).error.message).toMatch(/Too many people joining with this link/);
		expect((await joinFrom(x, x.links.viewer, '192.0.2.51', 'Viewer')).status).toBe(200);

		// Per address: eight joins from one address over two boards, then that address is busy; another is not.
		const y = await make('192.0.2.2');
		const z = await make('192.0.2.3');
		for (let i = 0; i < 4; i++) expect((await joinFrom(y, y.links.participant, '198.18.0.1', `Y ${i}`)).status).toBe(200);
		for (let i = 0; i < 4; i++) expect((await joinFrom(z, z.links.participant, '198.18.0.1', `Z ${i}`)).status).toBe(200);
		const perAddress = await joinFrom(y, y.links.viewer, '198.18.0.1', 'Ninth from the address');
		expect(perAddress.status).toBe(429);
		expect((await perAddress.json()).error.message).toMatch(/Too many people joining from your network/);
		const reader = await (await joinFrom(y, y.links.viewer, '198.18.0.2', 'Reader')).json();

		// Nobody refused is on either board.
		const sx = open(server.url, x.id, 'server', (await (await joinFrom(x, x.links.viewer, '192.0.2.52', 'X reader')).json()).sessionToken);
		const sy = open(server.url, y.id, 'server', reader.sessionToken);
		await Promise.all([synced(sx), synced(sy)]);
		expect(readMembers(sx.doc).map((m) => m.name)).toEqual(['Person 0', 'Person 1', 'Person 2', 'Person 3', 'Viewer', 'X reader']);
		expect(readMembers(sy.doc).map((m) => m.name)).toEqual(['Y 0', 'Y 1', 'Y 2', 'Y 3', 'Reader']);
	});

	it('X-Forwarded-For is ignored unless the server is told to trust a proxy', async () => {
		const direct = await startServer({ rates: { createBoard: RateSpec.parse('2/h') } });
		try {
			const from = (address: string) => post(`${direct.url}/api/boards`, { title: 'Spoof' }, { 'x-forwarded-for': address });
			expect((await from('1.1.1.1')).status).toBe(201);
			expect((await from('2.2.2.2')).status).toBe(201);
			// A made-up header does not buy a fresh limit: all three came from this test's socket.
			expect((await from('3.3.3.3')).status).toBe(429);
		} finally {
			await direct.stop();
		}
	});

	it('imports and exports are limited too', async () => {
		const board = await (await post(`${server.url}/api/boards`, { title: 'Export me' }, { 'x-forwarded-for': '100.64.0.1' })).json();
		const person = await (
			await post(
				`${server.url}/api/boards/${board.id}/join`,
				{ token: tokenOf(board.links.viewer), name: 'Vic' },
				{ 'x-forwarded-for': '100.64.0.1' }
			)
		).json();
		const exportJson = () =>
			fetch(`${server.url}/api/boards/${board.id}/export/json?session=${person.sessionToken}`, {
				headers: { 'x-forwarded-for': '100.64.0.1' }
			});
		const file = await (await exportJson()).json();
		expect((await exportJson()).status).toBe(200);
		expect((await exportJson()).status).toBe(200);
		const fourth = await exportJson();
		expect(fourth.status).toBe(429);
		expect(fourth.headers.get('retry-after')).toMatch(/^\d+$/);
		const importFrom = () => post(`${server.url}/api/boards/import`, file, { 'x-forwarded-for': '100.64.0.9' });
		expect((await importFrom()).status).toBe(201);
		expect((await importFrom()).status).toBe(201);
		expect((await importFrom()).status).toBe(429);
	});
});

describe('leaked links and departing people', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(() => server.stop());

	it('a facilitator replaces the participant link: the old one admits nobody new, people already in stay', async () => {
		const board = await createBoard(server.url);
		const fac = await join(server.url, board.id, board.links.facilitator, 'Fran', 'LA');
		const early = await join(server.url, board.id, board.links.participant, 'Early bird', 'School');
		const stayed = open(server.url, board.id, 'content', early.sessionToken);
		await synced(stayed);

		// Only facilitators may.
		const byParticipant = await post(`${server.url}/api/boards/${board.id}/links`, { session: early.sessionToken, role: 'participant' });
		expect(byParticipant.status).toBe(403);
		const made = await post(`${server.url}/api/boards/${board.id}/links`, { session: fac.sessionToken, role: 'participant' });
		expect(made.status).toBe(201);
		const { link } = await made.json();
		expect(link).toMatch(new RegExp(`/b/${board.id}/join\\?token=`));

		const old = await post(`${server.url}/api/boards/${board.id}/join`, {
			token: tokenOf(board.links.participant),
			name: 'Late with an old QR code'
		});
		expect(old.status).toBe(403);
		expect((await old.json()).error.message).toMatch(/replaced/);
		const fresh = await join(server.url, board.id, link, 'Late with the new link', 'Health');
		expect(fresh.role).toBe('participant');

		// The person who joined with the old link still works, and their edit reaches the newcomer.
		const newcomer = open(server.url, board.id, 'content', fresh.sessionToken);
		await synced(newcomer);
		createElement(stayed.doc, { kind: 'note', x: 0, y: 0, text: 'still here after the new link' });
		await waitFor(
			() => readElements(newcomer.doc).some((e) => e.kind === 'note' && e.text === 'still here after the new link'),
			'old-link person still edits'
		);

		// The facilitator sees who joined with which link.
		const links = LinksReply.parse(
			await (await fetch(`${server.url}/api/boards/${board.id}/links?session=${fac.sessionToken}`)).json()
		).links;
		const participantLinks = links.filter((l) => l.role === 'participant');
		expect(participantLinks.map((l) => [l.retiredAt === null, l.joined])).toEqual([
			[false, 1],
			[true, 1]
		]);
		const members = MembersReply.parse(
			await (await fetch(`${server.url}/api/boards/${board.id}/members?session=${fac.sessionToken}`)).json()
		).members;
		const linkOf = (name: string) => members.find((m) => m.name === name)?.linkId;
		expect(linkOf('Early bird')).toBe(participantLinks[0].id);
		expect(linkOf('Late with the new link')).toBe(participantLinks[1].id);
		expect((await fetch(`${server.url}/api/boards/${board.id}/members?session=${early.sessionToken}`)).status).toBe(403);
	});

	it('a removed person is disconnected at once (4401), their session stops working, and they leave the member list', async () => {
		const board = await createBoard(server.url);
		const fac = await join(server.url, board.id, board.links.facilitator, 'Fran', 'LA');
		const pat = await join(server.url, board.id, board.links.participant, 'Pat', 'Police');
		const sam = await join(server.url, board.id, board.links.participant, 'Sam', 'Health');
		const patContent = open(server.url, board.id, 'content', pat.sessionToken);
		const patServer = open(server.url, board.id, 'server', pat.sessionToken);
		const samServer = open(server.url, board.id, 'server', sam.sessionToken);
		await Promise.all([synced(patContent), synced(patServer), synced(samServer)]);
		createElement(patContent.doc, { kind: 'note', x: 0, y: 0, text: "Pat's note stays" });

		expect(
			(await post(`${server.url}/api/boards/${board.id}/members/${pat.participantId}/remove`, { session: sam.sessionToken })).status
		).toBe(403);
		expect(
			(await post(`${server.url}/api/boards/${board.id}/members/${fac.participantId}/remove`, { session: fac.sessionToken })).status
		).toBe(409);
		const removed = await post(`${server.url}/api/boards/${board.id}/members/${pat.participantId}/remove`, { session: fac.sessionToken });
		expect(removed.status).toBe(200);
		await waitFor(() => patContent.closes.length > 0 && patServer.closes.length > 0, 'both of Pat’s sockets closed');
		expect(patContent.closes[0]).toEqual({ code: 4401, reason: 'A facilitator removed you from this board.' });
		await waitFor(() => !readMembers(samServer.doc).some((m) => m.name === 'Pat'), 'Pat leaves the member list');

		// Pat's session opens nothing any more, over WebSocket or HTTP.
		expect(await wsOutcome(`${server.url.replace('http', 'ws')}/sync/${board.id}/content?session=${pat.sessionToken}`)).toBe(4401);
		expect((await fetch(`${server.url}/api/boards/${board.id}/votes?session=${pat.sessionToken}`)).status).toBe(401);
		// What Pat wrote stays.
		const reader = open(server.url, board.id, 'content', sam.sessionToken);
		await waitFor(() => readElements(reader.doc).some((e) => e.kind === 'note' && e.text === "Pat's note stays"), 'note kept');
		expect(samServer.closes).toEqual([]);
	});

	it('sessions expire after the configured idle time', async () => {
		const quick = await startServer({ sessionIdleMs: 300 });
		try {
			const board = await createBoard(quick.url);
			const vic = await join(quick.url, board.id, board.links.viewer, 'Vic', 'Parent');
			const url = `${quick.url.replace('http', 'ws')}/sync/${board.id}/content?session=${vic.sessionToken}`;
			expect(await wsOutcome(url)).toBe('open');
			// Polls the server until the session is refused (no fixed sleep decides the outcome).
			await expect.poll(() => wsOutcome(url), { timeout: 5000, interval: 100 }).toBe(4401);
			expect((await fetch(`${quick.url}/api/boards/${board.id}/votes?session=${vic.sessionToken}`)).status).toBe(401);
		} finally {
			await quick.stop();
		}
	});
});

describe('browser origins behind a proxy', () => {
	it('accepts the PUBLIC_URL origin and configured ones even when the proxy rewrote Host; refuses others with 4403', async () => {
		const server = await startServer({ publicUrl: 'https://convene.example.org', allowedOrigins: ['https://workshops.example.net'] });
		try {
			const board = await createBoard(server.url);
			const vic = await join(server.url, board.id, board.links.viewer, 'Vic', 'Parent');
			const url = `${server.url.replace('http', 'ws')}/sync/${board.id}/content?session=${vic.sessionToken}`;
			// The proxy forwards to 127.0.0.1:<port>, so Host is not the page's host.
			expect(await wsOutcome(url, { origin: 'https://convene.example.org' })).toBe('open');
			expect(await wsOutcome(url, { origin: 'https://workshops.example.net' })).toBe('open');
			expect(await wsOutcome(url, { origin: 'https://evil.example.com' })).toBe(4403);
			// Without an Origin (not a browser) and from the same host, as before.
			expect(await wsOutcome(url)).toBe('open');
			expect(await wsOutcome(url, { origin: server.url })).toBe('open');
		} finally {
			await server.stop();
		}
	});
});

describe('small refusals', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(() => server.stop());

	it('a malformed percent-encoding in an API path is a 400, not a 500', async () => {
		const res = await fetch(`${server.url}/api/boards/%E0%A4%A/votes?session=x`);
		expect(res.status).toBe(400);
		expect((await res.json()).error.code).toBe('invalid_request');
	});

	it('an import nested deeper than any board file is refused with 400 and changes nothing', async () => {
		const board = await createBoard(server.url, 'Source');
		const viewer = await join(server.url, board.id, board.links.viewer, 'Vic', 'Parent');
		const file = await (await fetch(`${server.url}/api/boards/${board.id}/export/json?session=${viewer.sessionToken}`)).json();
		file.content.elements.push({
			id: 'deep-note',
			kind: 'note',
			x: 0,
			y: 0,
			w: 200,
			h: 200,
			index: 'a0',
			text: '',
			color: 'yellow',
			data: { nested: 'DEEP' }
		});
		// 5,000 levels: written as text, since JSON.stringify itself would overflow on it.
		const text = JSON.stringify(file).replace('"DEEP"', '{"deeper":'.repeat(5000) + '"bottom"' + '}'.repeat(5000));
		const res = await fetch(`${server.url}/api/boards/import`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: text
		});
		expect(res.status).toBe(400);
		const body = await res.json();
		expect(body.error.code).toBe('invalid_import');
		expect(body.error.message).toMatch(/nested more than 32 levels deep/);
	});

	it('import strips control characters from the title, as create does', async () => {
		const board = await createBoard(server.url, 'Source');
		const viewer = await join(server.url, board.id, board.links.viewer, 'Vic', 'Parent');
		const file = await (await fetch(`${server.url}/api/boards/${board.id}/export/json?session=${viewer.sessionToken}`)).json();
		file.board.title = 'Line one\nLine\u0007 two\u001b[31m';
		const res = await post(`${server.url}/api/boards/import`, file);
		expect(res.status).toBe(201);
		expect((await res.json()).title).toBe('Line one Line  two [31m');
	});
});

describe('/join answers only once the member record is on disk', () => {
	it('a kill -9 just after a join keeps the person in the member list', async () => {
		const dir = mkdtempSync(joinPath(tmpdir(), 'convene-join-'));
		let server = await spawnServer({ DATA_DIR: dir, LOG_LEVEL: 'error' });
		try {
			const board = await createBoard(server.url);
			const names = ['Asha', 'Ben', 'Cai'];
			const sessions = [];
			for (const name of names) sessions.push(await join(server.url, board.id, board.links.participant, name, 'School'));
			await server.kill('SIGKILL');
			server = await spawnServer({ DATA_DIR: dir, LOG_LEVEL: 'error' });
			const reader = connect(server.url, board.id, 'server', sessions[0].sessionToken, new Y.Doc());
			await waitFor(() => readMembers(reader.doc).length === 3, 'every joined person after kill -9');
			expect(readMembers(reader.doc).map((m) => m.name)).toEqual(names);
			reader.destroy();
		} finally {
			await server.kill('SIGKILL');
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
