/**
 * The round preview tells the truth about the server: every question it offers is accepted by the
 * real rounds endpoint, and every card it calls "not a question card" is refused by it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { createElement, readElements, type Frame } from '../../src/lib/doc/index.js';
import { geometry } from '../../src/lib/templates/how-might-we/layout.js';
import { roundPreview } from '../../src/lib/vote/preview.js';
import { call } from './votes-fixture.js';

let server: TestServer;
const clients: Client[] = [];
afterAll(async () => {
	clients.forEach((c) => c.destroy());
	await server?.stop();
});

describe('the vote round preview', () => {
	let boardId = '';
	let session = '';
	let content: Client;

	beforeAll(async () => {
		server = await startServer();
		const created = await call(server.url, 'POST', '/api/boards', {
			title: 'Energy for change',
			templates: ['how-might-we', 'iceberg'],
			example: true
		});
		boardId = created.json.id;
		session = (await join(server.url, boardId, created.json.links.facilitator, 'Fran', 'Local authority')).sessionToken;
		content = connect(server.url, boardId, 'content', session);
		clients.push(content);
		await synced(content);
	});

	it('offers only cards the server accepts, and the cards it leaves out as "not a question card" are ones the server refuses', async () => {
		const hmw = readElements(content.doc).find((e): e is Frame => e.kind === 'frame' && e.template === 'how-might-we')!;
		const across = geometry(hmw).columns[1].body;
		// A sticky note drawn in the "Across school practice" column, and a text label in the column too.
		const note = createElement(content.doc, {
			kind: 'note',
			x: across.x + 40,
			y: across.y + across.h - 200,
			text: 'What if heads met every month?'
		});
		const label = createElement(content.doc, {
			kind: 'text',
			x: across.x + 300,
			y: across.y + across.h - 120,
			text: 'Ideas from the breakout'
		});
		const reader = connect(server.url, boardId, 'content', session);
		clients.push(reader);
		await synced(reader);
		await waitFor(() => readElements(reader.doc).some((e) => e.id === label), 'the new cards on the server', 5000);

		const preview = roundPreview(readElements(reader.doc), hmw.id);
		expect(preview.eligible.length).toBe(8);
		expect(preview.leftOut.map((c) => c.id).sort()).toEqual([label, note].sort());
		for (const c of preview.leftOut) expect(c.why).toMatch(/not a question card/);

		const started = await call(server.url, 'POST', `/api/boards/${boardId}/rounds`, {
			session,
			action: 'start',
			questions: preview.eligible.map((q) => q.id)
		});
		expect(started.status).toBe(200);
		expect(started.json.round.questions).toEqual(preview.eligible.map((q) => q.id));
		expect((await call(server.url, 'POST', `/api/boards/${boardId}/rounds`, { session, action: 'end' })).status).toBe(200);

		for (const card of preview.leftOut) {
			const refused = await call(server.url, 'POST', `/api/boards/${boardId}/rounds`, {
				session,
				action: 'start',
				questions: [preview.eligible[0].id, card.id]
			});
			expect(refused.status, card.text).toBe(400);
			expect(refused.json.error.code).toBe('not_a_question');
		}
	});
});
