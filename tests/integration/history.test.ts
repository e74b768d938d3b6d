/**
 * Nothing is ever lost (issue 12): snapshots taken on their own and by name, restoring one as a forward change
 * that reaches everyone (including someone offline at the time), starting a board from one, and bringing back
 * recently deleted elements with their connectors and template data. Real server, stock clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, join, roundTrip, synced, waitFor, type Client } from '../helpers/clients.js';
import { createElement, deleteElements, readElement, readElements, setAgenda, setText, type Element } from '../../src/lib/doc/index.js';

let server: TestServer;
const clients: Client[] = [];
/** Activity is snapshotted once an hour here; the history's clock runs this far ahead of the real one, moved by the test. */
const PERIODIC_MS = 60 * 60 * 1000;
let clockAhead = 0;
beforeAll(async () => {
	server = await startServer({ history: { periodicMs: PERIODIC_MS, now: () => Date.now() + clockAhead } });
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server.stop();
});

function open(boardId: string, doc: string, session: string): Client {
	const client = connect(server.url, boardId, doc, session);
	clients.push(client);
	return client;
}
const post = (path: string, body: unknown) =>
	fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const get = (path: string) => fetch(`${server.url}${path}`);

async function setup(templates: string[] = ['iceberg']) {
	const board = await (await post('/api/boards', { title: 'History board', templates })).json();
	const fac = await join(server.url, board.id, board.links.facilitator, 'Fran', 'Local authority');
	const pat = await join(server.url, board.id, board.links.participant, 'Pat', 'Police');
	const sam = await join(server.url, board.id, board.links.participant, 'Sam', 'School');
	const facContent = open(board.id, 'content', fac.sessionToken);
	const patContent = open(board.id, 'content', pat.sessionToken);
	const samContent = open(board.id, 'content', sam.sessionToken);
	await Promise.all([facContent, patContent, samContent].map((c) => synced(c)));
	return { board, fac, pat, sam, facContent, patContent, samContent };
}

const snapshots = async (boardId: string, session: string) =>
	(await (await get(`/api/boards/${boardId}/snapshots?session=${session}`)).json()).snapshots as {
		id: string;
		reason: string;
		label: string;
		by: string | null;
		elements: number;
	}[];

describe('board history', () => {
	it('restoring a snapshot brings a deleted note back for everyone, including someone who was offline; the restore can itself be undone', async () => {
		const s = await setup();
		const note = createElement(s.patContent.doc, {
			kind: 'note',
			x: 3000,
			y: 0,
			text: 'Waiting lists for CAMHS',
			createdBy: s.pat.participantId
		});
		await waitFor(() => readElement(s.facContent.doc, note) !== null, 'note on the facilitator');
		const taken = await post(`/api/boards/${s.board.id}/snapshots`, { session: s.fac.sessionToken, label: 'Before lunch' });
		expect(taken.status).toBe(201);
		const { snapshot } = await taken.json();
		expect(snapshot).toMatchObject({ reason: 'named', label: 'Before lunch', by: 'Fran' });

		// Sam goes offline and edits there; Pat deletes the note.
		s.samContent.provider.disconnect();
		const offline = createElement(s.samContent.doc, { kind: 'note', x: 3500, y: 0, text: 'Written offline' });
		deleteElements(s.patContent.doc, [note]);
		await waitFor(() => readElement(s.facContent.doc, note) === null, 'deletion reaches the facilitator');

		expect((await post(`/api/boards/${s.board.id}/snapshots/${snapshot.id}/restore`, { session: s.pat.sessionToken })).status).toBe(403);
		const restored = await post(`/api/boards/${s.board.id}/snapshots/${snapshot.id}/restore`, { session: s.fac.sessionToken });
		expect(restored.status).toBe(200);
		const done = await restored.json();
		expect(done.before).toMatchObject({ reason: 'restore', label: 'Before restoring “Before lunch”' });
		await waitFor(
			() => readElement(s.patContent.doc, note) !== null && readElement(s.facContent.doc, note) !== null,
			'note back for those online'
		);

		// Sam comes back: the restore reaches them, and their offline note merges in.
		s.samContent.provider.connect();
		await waitFor(() => readElement(s.samContent.doc, note) !== null, 'note back for the one who was offline');
		await waitFor(() => readElement(s.facContent.doc, offline) !== null, 'the offline edit merged');

		// Undo the restore: restore the snapshot taken before it.
		const undo = await post(`/api/boards/${s.board.id}/snapshots/${done.before.id}/restore`, { session: s.fac.sessionToken });
		expect(undo.status).toBe(200);
		await waitFor(() => readElement(s.patContent.doc, note) === null, 'the restore undone');
	});

	it('takes snapshots on its own: at a phase change, before a reveal, on import, and after activity', async () => {
		const s = await setup();
		const facControl = open(s.board.id, 'control', s.fac.sessionToken);
		await synced(facControl);
		setAgenda(facControl.doc, { phases: ['System players', 'Iceberg'], current: 0 });
		setAgenda(facControl.doc, { phases: ['System players', 'Iceberg'], current: 1 });
		await expect
			.poll(async () => (await snapshots(s.board.id, s.fac.sessionToken)).filter((x) => x.reason === 'phase').map((x) => x.label), {
				timeout: 5000
			})
			.toEqual(['At the start of “Iceberg”', 'At the start of “System players”']);
		expect((await post(`/api/boards/${s.board.id}/reveal`, { session: s.fac.sessionToken, frameId: null })).status).toBe(200);
		// Activity: two changes more than `periodicMs` apart on the history's clock, which the test moves on.
		createElement(s.patContent.doc, { kind: 'note', x: 0, y: 5000, text: 'first' });
		await expect
			.poll(async () => (await snapshots(s.board.id, s.fac.sessionToken)).map((x) => x.reason), { timeout: 5000 })
			.toContain('reveal');
		await roundTrip(s.patContent);
		expect((await snapshots(s.board.id, s.fac.sessionToken)).map((x) => x.reason)).not.toContain('periodic');
		clockAhead += PERIODIC_MS;
		createElement(s.patContent.doc, { kind: 'note', x: 300, y: 5000, text: 'second' });
		await expect
			.poll(async () => (await snapshots(s.board.id, s.fac.sessionToken)).map((x) => x.reason), { timeout: 5000 })
			.toContain('periodic');
		// Import.
		const file = await (await get(`/api/boards/${s.board.id}/export/json?session=${s.fac.sessionToken}`)).json();
		const imported = await (await post('/api/boards/import', file)).json();
		const importer = await join(server.url, imported.id, imported.links.facilitator, 'Fran', 'Local authority');
		expect((await snapshots(imported.id, importer.sessionToken)).map((x) => x.reason)).toEqual(['import']);
		expect((await get(`/api/boards/${s.board.id}/snapshots?session=${s.pat.sessionToken}`)).status).toBe(403);
	});

	it('previews a snapshot read-only and starts a new board from it', async () => {
		const s = await setup(['how-might-we']);
		const note = createElement(s.facContent.doc, { kind: 'note', x: 3000, y: 0, text: 'Kept in the snapshot' });
		await waitFor(() => readElement(s.patContent.doc, note) !== null, 'note everywhere');
		const { snapshot } = await (
			await post(`/api/boards/${s.board.id}/snapshots`, { session: s.fac.sessionToken, label: 'End of day one' })
		).json();
		setText(s.facContent.doc, note, 'Changed afterwards');
		const preview = await (await get(`/api/boards/${s.board.id}/snapshots/${snapshot.id}?session=${s.fac.sessionToken}`)).json();
		expect(preview.content.elements.find((e: Element) => e.id === note)).toMatchObject({ text: 'Kept in the snapshot' });
		const copy = await post(`/api/boards/${s.board.id}/snapshots/${snapshot.id}/copy`, { session: s.fac.sessionToken });
		expect(copy.status).toBe(201);
		const created = await copy.json();
		expect(created.title).toBe('History board (End of day one)');
		const reader = await join(server.url, created.id, created.links.viewer, 'Vic', 'Parent');
		const c = open(created.id, 'content', reader.sessionToken);
		await waitFor(
			() => (readElement(c.doc, note) as { text?: string } | null)?.text === 'Kept in the snapshot',
			'the new board holds the snapshot'
		);
		expect(readElements(c.doc).some((e) => e.kind === 'frame' && e.template === 'how-might-we')).toBe(true);
	});

	it('brings back a deleted section — a frame with its notes, their template data and connectors — for everyone', async () => {
		const s = await setup(['how-might-we']);
		const frame = readElements(s.facContent.doc).find((e) => e.kind === 'frame') as Element & { x: number; y: number; template: string };
		// Structure is facilitator-only by default; a facilitator deletes the whole exercise by mistake.
		const a = createElement(s.patContent.doc, { kind: 'note', x: 4000, y: 0, text: 'Loose note A', createdBy: s.pat.participantId });
		const b = createElement(s.patContent.doc, { kind: 'note', x: 4400, y: 0, text: 'Loose note B', createdBy: s.pat.participantId });
		const link = createElement(s.patContent.doc, { kind: 'connector', from: a, to: b, label: 'leads to', createdBy: s.pat.participantId });
		const inside = readElements(s.facContent.doc)
			.filter((e) => e.parent === frame.id)
			.map((e) => e.id);
		await waitFor(() => readElement(s.facContent.doc, link) !== null, 'all on the facilitator');
		// Pat deletes two notes and their connector in one go.
		deleteElements(s.patContent.doc, [a, b, link]);
		await waitFor(() => readElement(s.samContent.doc, a) === null, 'deletion everywhere');
		deleteElements(s.facContent.doc, [frame.id, ...inside]);
		await waitFor(() => readElement(s.samContent.doc, frame.id) === null, 'frame gone everywhere');

		expect((await get(`/api/boards/${s.board.id}/deleted?session=${s.sam.sessionToken}`)).status).toBe(403);
		const { groups } = await (await get(`/api/boards/${s.board.id}/deleted?session=${s.fac.sessionToken}`)).json();
		expect(groups).toHaveLength(2);
		expect(groups[0]).toMatchObject({ deletedBy: 'Fran' });
		expect(groups[0].elements.map((e: Element) => e.id)).toContain(frame.id);
		expect(groups[1]).toMatchObject({ deletedBy: 'Pat' });
		expect(groups[1].elements.map((e: Element) => e.id).sort()).toEqual([a, b, link].sort());

		for (const group of groups) {
			const res = await post(`/api/boards/${s.board.id}/deleted/${group.group}/restore`, { session: s.fac.sessionToken });
			expect(res.status).toBe(200);
		}
		await waitFor(
			() => [a, b, link, frame.id, ...inside].every((id) => readElement(s.samContent.doc, id) !== null),
			'everything back on Sam'
		);
		expect(readElement(s.samContent.doc, link)).toMatchObject({ from: a, to: b, label: 'leads to' });
		expect(readElement(s.samContent.doc, frame.id)).toMatchObject({ template: 'how-might-we', data: frame.data });
		// Brought back once: the list is empty now.
		const after = await (await get(`/api/boards/${s.board.id}/deleted?session=${s.fac.sessionToken}`)).json();
		expect(after.groups).toEqual([]);
	});
});
