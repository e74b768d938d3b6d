/**
 * GET /api/boards/:id/picture: the board's first picture (src/lib/doc/far-picture.ts), which a board page draws
 * while its scripts load. Real server, real HTTP, a stock WebsocketProvider making the changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, createBoard, join, synced, type Client } from '../helpers/clients.js';
import { createElement, moveBy } from '../../src/lib/doc/commands.js';
import { FarPicture } from '../../src/lib/doc/far-picture.js';
import { NOTE_COLORS } from '../../src/lib/shared/colors.js';

let server: TestServer;
const clients: Client[] = [];
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	clients.forEach((c) => c.destroy());
	await server.stop();
});

const picture = async (id: string, session: string) => {
	const res = await fetch(`${server.url}/api/boards/${id}/picture?session=${encodeURIComponent(session)}`);
	return { status: res.status, cacheControl: res.headers.get('cache-control'), body: await res.json() };
};

describe('the board picture', () => {
	it('is every note and connector as the far canvas draws them, for any member, and follows each change', async () => {
		const board = await createBoard(server.url, 'Picture');
		const alex = await join(server.url, board.id, board.links.facilitator, 'Alex');
		const viewer = await join(server.url, board.id, board.links.viewer, 'Vic');
		const client = connect(server.url, board.id, 'content', alex.sessionToken);
		clients.push(client);
		await synced(client);

		const empty = await picture(board.id, viewer.sessionToken);
		expect(empty.status).toBe(200);
		expect(empty.cacheControl).toBe('no-store');
		expect(FarPicture.parse(empty.body)).toEqual({ v: 1, bounds: null, farBelow: 0.2, notes: [], lines: [], boxes: [] });

		const a = createElement(client.doc, {
			kind: 'note',
			x: 0,
			y: 0,
			w: 200,
			h: 160,
			color: 'pink',
			text: 'A',
			createdBy: alex.participantId
		});
		const b = createElement(client.doc, { kind: 'note', x: 1000, y: 0, w: 200, h: 160, text: 'B', createdBy: alex.participantId });
		createElement(client.doc, { kind: 'connector', from: a, to: b, createdBy: alex.participantId });
		createElement(client.doc, { kind: 'frame', x: 0, y: 400, w: 600, h: 300, title: 'Exercise', createdBy: alex.participantId });
		await expect
			.poll(async () => FarPicture.parse((await picture(board.id, viewer.sessionToken)).body).lines.length, { timeout: 5000 })
			.toBe(1);
		const drawn = FarPicture.parse((await picture(board.id, viewer.sessionToken)).body);
		expect(drawn.notes).toEqual([
			[NOTE_COLORS.pink, [0, 0, 200, 160]],
			[NOTE_COLORS.yellow, [1000, 0, 200, 160]]
		]);
		// From the edge of A towards B's centre to the edge of B: the far canvas's straight line.
		expect(drawn.lines).toEqual([['#475569', [200, 80, 1000, 80]]]);
		expect(drawn.boxes).toEqual([0, 400, 600, 300]);
		// The frame's title above it is part of what a fit shows.
		expect(drawn.bounds).toEqual({ x: 0, y: 0, w: 1200, h: 700 });

		// A move is in the next picture (the kept one is dropped when the board changes).
		moveBy(client.doc, [b], 50, 20);
		await expect
			.poll(async () => FarPicture.parse((await picture(board.id, alex.sessionToken)).body).notes[1], { timeout: 5000 })
			.toEqual([NOTE_COLORS.yellow, [1050, 20, 200, 160]]);
	});

	it('is refused without a session for the board, and for a board that does not exist, changing nothing', async () => {
		const board = await createBoard(server.url, 'Private');
		const other = await createBoard(server.url, 'Another');
		const stranger = await join(server.url, other.id, other.links.participant, 'Sam');
		const none = await fetch(`${server.url}/api/boards/${board.id}/picture`);
		expect(none.status).toBe(401);
		expect((await none.json()).error.message).toMatch(/session/i);
		expect((await picture(board.id, stranger.sessionToken)).status).toBe(401);
		expect((await picture(board.id, 'x'.repeat(40))).status).toBe(401);
		expect((await fetch(`${server.url}/api/boards/not a board/picture?session=${stranger.sessionToken}`)).status).toBe(404);
		expect((await fetch(`${server.url}/api/boards/${board.id}/picture?session=${'%00'.repeat(300)}`)).status).toBe(401);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	});
});
