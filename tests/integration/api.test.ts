import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { createBoard, join, tokenOf } from '../helpers/clients.js';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.stop());

const post = (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
	fetch(`${server.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('HTTP contract', () => {
	it('GET /healthz answers ok with the server clock', async () => {
		const before = Date.now();
		const res = await fetch(`${server.url}/healthz`);
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body).toEqual({ ok: true, now: expect.any(Number) });
		expect(body.now).toBeGreaterThanOrEqual(before);
		expect(body.now).toBeLessThanOrEqual(Date.now());
	});

	it('POST /invitation names the board a link opens, writes nothing, and refuses a wrong link', async () => {
		const board = await createBoard(server.url, 'Northshire: session 2');
		const res = await post(`/api/boards/${board.id}/invitation`, { token: tokenOf(board.links.participant) });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ title: 'Northshire: session 2', role: 'participant' });
		const viewer = await post(`/api/boards/${board.id}/invitation`, { token: tokenOf(board.links.viewer) });
		expect((await viewer.json()).role).toBe('viewer');
		const wrong = await post(`/api/boards/${board.id}/invitation`, { token: 'x'.repeat(43) });
		expect(wrong.status).toBe(403);
		expect((await wrong.json()).error.code).toBe('invalid_token');
		const missing = await post('/api/boards/nosuchboard00/invitation', { token: tokenOf(board.links.participant) });
		expect(missing.status).toBe(404);
		const bad = await post(`/api/boards/${board.id}/invitation`, { token: 'short', extra: 1 });
		expect(bad.status).toBe(400);
		// Asking made nobody a member: the facilitator's member list holds only the facilitator.
		const fac = await join(server.url, board.id, board.links.facilitator, 'Alex');
		const members = await (await fetch(`${server.url}/api/boards/${board.id}/members?session=${fac.sessionToken}`)).json();
		expect(members.members).toHaveLength(1);
	});

	it('creates a board with three links holding distinct long tokens', async () => {
		const res = await post('/api/boards', { title: 'Inclusion in Northshire' });
		expect(res.status).toBe(201);
		const board = await res.json();
		expect(board).toMatchObject({ id: expect.any(String), title: 'Inclusion in Northshire' });
		const tokens = (['facilitator', 'participant', 'viewer'] as const).map((role) => {
			const link = new URL(board.links[role]);
			expect(link.origin).toBe(server.url);
			expect(link.pathname).toBe(`/b/${board.id}/join`);
			return tokenOf(board.links[role]);
		});
		expect(new Set(tokens).size).toBe(3);
		// 256 bits as base64url is 43 characters; the contract asks for at least 128 bits.
		for (const t of tokens) expect(Buffer.from(t, 'base64url').length).toBeGreaterThanOrEqual(16);
	});

	it('stores tokens only hashed', async () => {
		const board = await createBoard(server.url);
		const token = tokenOf(board.links.facilitator);
		const { readFileSync, readdirSync } = await import('node:fs');
		await server.store.docs.flush();
		const raw = readdirSync(server.dir)
			.map((f) => readFileSync(`${server.dir}/${f}`))
			.map((b) => b.toString('latin1'))
			.join('');
		expect(raw.includes(token)).toBe(false);
	});

	it('join gives the role the token carries', async () => {
		const board = await createBoard(server.url);
		for (const role of ['facilitator', 'participant', 'viewer'] as const) {
			const joined = await join(server.url, board.id, board.links[role], `A ${role}`, 'Early help');
			expect(joined.role).toBe(role);
			expect(joined.sessionToken.length).toBeGreaterThanOrEqual(22);
			expect(joined.participantId).toMatch(/^[a-z0-9]+$/);
		}
	});

	it('refuses bad input with readable JSON errors and no stack traces', async () => {
		const board = await createBoard(server.url);
		const cases: [Response, number, string][] = [
			[await post('/api/boards', { title: '' }), 400, 'invalid_request'],
			[await post('/api/boards', { title: 42 }), 400, 'invalid_request'],
			[await post('/api/boards', '{"title": "unterminated'), 400, 'invalid_json'],
			[await post('/api/boards', { title: 'x' }, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
			[await post('/api/boards', { title: 'x'.repeat(20_000) }), 413, 'too_large'],
			[await post('/api/boards', { title: 'T', templates: ['no-such-template'] }), 400, 'unknown_template'],
			[await post(`/api/boards/${board.id}/join`, { token: 'x'.repeat(43), name: 'Sam' }), 403, 'invalid_token'],
			[await post(`/api/boards/${board.id}/join`, { token: tokenOf(board.links.participant), name: '  ' }), 400, 'invalid_request'],
			[await post('/api/boards/nosuchboard123/join', { token: tokenOf(board.links.participant), name: 'Sam' }), 404, 'not_found'],
			[await post('/api/boards/../../etc/join', { token: 'x'.repeat(43), name: 'Sam' }), 404, 'not_found'],
			[await fetch(`${server.url}/api/boards`, { method: 'DELETE' }), 405, 'method_not_allowed'],
			[await fetch(`${server.url}/api/nothing-here`), 404, 'not_found']
		];
		for (const [res, status, code] of cases) {
			expect(res.status, code).toBe(status);
			const body = await res.json();
			expect(body.error.code).toBe(code);
			expect(typeof body.error.message).toBe('string');
			expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
		}
		const invalid = await (await post('/api/boards', { title: 7 })).json();
		expect(invalid.error.path).toBe('title');
	});

	it('sets security headers', async () => {
		const res = await fetch(`${server.url}/healthz`);
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(res.headers.get('referrer-policy')).toBe('no-referrer');
	});
});

describe('boards made from templates', () => {
	it('seeds each named template as a frame, with its worked example when asked', async () => {
		const { TEMPLATE_MODELS } = await import('../../src/lib/templates/models.js');
		const { connect, synced } = await import('../helpers/clients.js');
		const { readElements } = await import('../../src/lib/doc/index.js');
		const ids = TEMPLATE_MODELS.map((m) => m.id);
		for (const example of [false, true]) {
			const res = await post('/api/boards', { title: 'Session 1', templates: ids, example });
			expect(res.status).toBe(201);
			const board = await res.json();
			const me = await join(server.url, board.id, board.links.viewer, 'Vic');
			const client = connect(server.url, board.id, 'content', me.sessionToken);
			try {
				await synced(client);
				const elements = readElements(client.doc);
				const frames = elements.filter((e) => e.kind === 'frame');
				expect(frames.map((f) => (f.kind === 'frame' ? f.template : null))).toEqual(ids);
				// Frames sit side by side, never on top of each other.
				const boxes = frames.map((f) => f as { x: number; w: number });
				for (let i = 1; i < boxes.length; i++) expect(boxes[i].x).toBeGreaterThanOrEqual(boxes[i - 1].x + boxes[i - 1].w);
				const seeded = TEMPLATE_MODELS.map((m) => (example ? m.example({ x: 0, y: 0 }) : m.seed({ x: 0, y: 0 })).elements.length).reduce(
					(a, b) => a + b,
					0
				);
				expect(elements).toHaveLength(seeded);
			} finally {
				client.destroy();
			}
		}
	});
});

describe('GET /api/boards/:id/export/json', () => {
	it('exports the whole board as versioned JSON that reads back into an equal board', async () => {
		const { connect, roundTrip, synced } = await import('../helpers/clients.js');
		const { createElement, exportContent, importContent, readElements } = await import('../../src/lib/doc/index.js');
		const Y = await import('yjs');
		const board = await createBoard(server.url, 'Export me');
		const alex = await join(server.url, board.id, board.links.participant, 'Alex');
		const client = connect(server.url, board.id, 'content', alex.sessionToken);
		try {
			await synced(client);
			const a = createElement(client.doc, { kind: 'note', x: 0, y: 0, text: 'Thresholds for CAMHS <b>&</b> "quotes"' });
			const b = createElement(client.doc, { kind: 'note', x: 300, y: 0, text: 'Needs escalate' });
			createElement(client.doc, { kind: 'connector', from: a, to: b, label: 'leads to' });
			// The server has applied all three before the export reads the board.
			await roundTrip(client);
			const res = await fetch(`${server.url}/api/boards/${board.id}/export/json?session=${alex.sessionToken}`);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-disposition')).toContain('attachment');
			const body = await res.json();
			expect(body).toMatchObject({ format: 'convene-board', version: 1, board: { id: board.id, title: 'Export me' } });
			const copy = new Y.Doc();
			importContent(copy, body.content);
			expect(exportContent(copy)).toEqual(exportContent(client.doc));
			expect(readElements(copy)).toHaveLength(3);
		} finally {
			client.destroy();
		}
	});

	it('needs a session for that board, and says which formats exist', async () => {
		const board = await createBoard(server.url);
		const other = await createBoard(server.url);
		const stranger = await join(server.url, other.id, other.links.participant, 'Mallory');
		const noSession = await fetch(`${server.url}/api/boards/${board.id}/export/json`);
		expect(noSession.status).toBe(401);
		const wrongBoard = await fetch(`${server.url}/api/boards/${board.id}/export/json?session=${stranger.sessionToken}`);
		expect(wrongBoard.status).toBe(401);
		const unknown = await fetch(`${server.url}/api/boards/${board.id}/export/exe?session=${stranger.sessionToken}`);
		expect(unknown.status).toBe(404);
		expect((await unknown.json()).error.message).toContain('json');
		const me = await join(server.url, board.id, board.links.viewer, 'Vic');
		const pdf = await fetch(`${server.url}/api/boards/${board.id}/export/pdf?session=${me.sessionToken}`);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
	});
});
