/**
 * Private writing with the real server and stock providers: each person's drafts reach nobody else
 * (checked on the bytes), and the facilitator's reveal places everyone's notes on the board at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, createBoard, join, roundTrip, synced, waitFor, type Client } from '../helpers/clients.js';
import {
	addDraft,
	createElement,
	deleteElements,
	readDrafts,
	readElements,
	readMembers,
	readPrivateWriting,
	readLastReveal,
	readWaiting,
	removeDraft,
	setPrivateWriting,
	type BoxElement,
	type Frame,
	type Note
} from '../../src/lib/doc/index.js';
import { getDraftsMap } from '../../src/lib/doc/board-doc.js';
import { intersects, rectCenter } from '../../src/lib/shared/geometry.js';
import { cellAt, geometry as icebergGeometry } from '../../src/lib/templates/iceberg/layout.js';
import { columnAt, geometry as hmwGeometry } from '../../src/lib/templates/how-might-we/layout.js';

let server: TestServer;
const clients: Client[] = [];
afterAll(async () => {
	clients.forEach((c) => c.provider.destroy());
	await server?.stop();
});

const open = async (boardId: string, doc: string, session: string, frames?: Uint8Array[]) => {
	const client = connect(server.url, boardId, doc, session);
	clients.push(client);
	if (frames) recordFrames(client, frames);
	await synced(client);
	return client;
};

/** Every frame a client's socket receives, as bytes (across reconnects). */
function recordFrames(client: Client, frames: Uint8Array[] = []): Uint8Array[] {
	const attach = () => {
		const ws = client.provider.ws as unknown as {
			binaryType: string;
			addEventListener(type: 'message', fn: (e: { data: ArrayBuffer }) => void): void;
		} | null;
		ws?.addEventListener('message', (e) => frames.push(new Uint8Array(e.data)));
	};
	attach();
	// The provider sets its new socket before it says 'connecting' (y-websocket's setupWS).
	client.provider.on('status', ({ status }: { status: string }) => status === 'connecting' && attach());
	return frames;
}
const holds = (frames: Uint8Array[], text: string) => frames.some((f) => Buffer.from(f).includes(Buffer.from(text, 'utf8')));

describe('private writing', () => {
	const samFrames: Uint8Array[] = [];
	const facFrames: Uint8Array[] = [];
	let board: { id: string; links: { facilitator: string; participant: string; viewer: string } };
	let fac: { participantId: string; sessionToken: string };
	let alex: { participantId: string; sessionToken: string };
	let sam: { participantId: string; sessionToken: string };
	const reveal = (session: string, frameId: string | null = null) =>
		fetch(`${server.url}/api/boards/${board.id}/reveal`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ session, frameId })
		});

	beforeAll(async () => {
		server = await startServer();
		board = await createBoard(server.url, 'Private writing');
		fac = await join(server.url, board.id, board.links.facilitator, 'Fran', 'Local authority education');
		alex = await join(server.url, board.id, board.links.participant, 'Alex', 'School');
		sam = await join(server.url, board.id, board.links.participant, 'Sam', 'Health or CAMHS');
	});

	it('keeps each person’s drafts to themselves, on every byte the others receive', async () => {
		const control = await open(board.id, 'control', fac.sessionToken);
		setPrivateWriting(control.doc, true, Date.now());
		// Sam watches everything a participant can receive: content, control, server and Sam's own drafts.
		const samDocs = await Promise.all(
			['content', 'control', 'server', 'drafts'].map((d) => open(board.id, d, sam.sessionToken, samFrames))
		);
		const facDrafts = await open(board.id, 'drafts', fac.sessionToken, facFrames);
		await waitFor(() => readPrivateWriting(samDocs[1].doc) !== null, 'private writing on for Sam', 5000);

		const alexDrafts = await open(board.id, 'drafts', alex.sessionToken);
		addDraft(alexDrafts.doc, { text: 'Parents feel unheard at transition meetings', createdAt: Date.now() });
		addDraft(alexDrafts.doc, { text: 'Part-time timetables are used informally', createdAt: Date.now() + 1 });
		addDraft(samDocs[3].doc, { text: 'Waiting lists for CAMHS are eighteen months', createdAt: Date.now() });

		// Alex's notes reach the server (a second connection of Alex's sees them) ...
		const alexAgain = await open(board.id, 'drafts', alex.sessionToken);
		await waitFor(() => readDrafts(alexAgain.doc).length === 2, "Alex's drafts on the server", 5000);
		// ... and nobody else: not Sam, not the facilitator (everything the server sent them before has arrived).
		await Promise.all([roundTrip(samDocs[3]), roundTrip(facDrafts)]);
		expect(readDrafts(samDocs[3].doc).map((d) => d.text)).toEqual(['Waiting lists for CAMHS are eighteen months']);
		expect(readDrafts(facDrafts.doc)).toEqual([]);
		expect(samFrames.length).toBeGreaterThan(4);
		expect(holds(samFrames, 'Parents feel unheard')).toBe(false);
		expect(holds(samFrames, 'Part-time timetables')).toBe(false);
		expect(holds(facFrames, 'Parents feel unheard')).toBe(false);
		expect(holds(facFrames, 'Waiting lists for CAMHS')).toBe(false);
	});

	it('lets only a facilitator reveal, and refuses a frame that is not there', async () => {
		expect((await reveal(alex.sessionToken)).status).toBe(403);
		expect((await reveal('not-a-session-at-all-000000')).status).toBe(401);
		const bad = await reveal(fac.sessionToken, 'no-such-frame');
		expect(bad.status).toBe(409);
		expect((await bad.json()).error.message).toMatch(/frame/);
		const malformed = await fetch(`${server.url}/api/boards/${board.id}/reveal`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"session": 7}'
		});
		expect(malformed.status).toBe(400);
	});

	it('reveals everyone’s notes onto the board at once, empties the drafts and ends private writing', async () => {
		const viewer = await join(server.url, board.id, board.links.viewer, 'Probe');
		const probe = await open(board.id, 'content', viewer.sessionToken);
		const probeControl = await open(board.id, 'control', viewer.sessionToken);
		expect(readElements(probe.doc)).toEqual([]);

		const res = await reveal(fac.sessionToken);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ revealed: 3, people: 2, inPlace: 0, elsewhere: 0 });
		await waitFor(() => readElements(probe.doc).length === 3, 'three notes on the board', 5000);
		const notes = readElements(probe.doc) as Note[];
		expect(notes.map((n) => n.text).sort()).toEqual([
			'Parents feel unheard at transition meetings',
			'Part-time timetables are used informally',
			'Waiting lists for CAMHS are eighteen months'
		]);
		expect(notes.find((n) => n.text.startsWith('Waiting'))?.createdBy).toBe(sam.participantId);
		// The recorder works: once revealed, Alex's words do reach Sam.
		await waitFor(() => holds(samFrames, 'Parents feel unheard'), "Alex's note reaching Sam after the reveal", 5000);
		// No two notes on top of each other.
		const spots = new Set(notes.map((n) => `${n.x},${n.y}`));
		expect(spots.size).toBe(3);
		await waitFor(() => readPrivateWriting(probeControl.doc) === null, 'private writing ended', 5000);
		// Every screen can tell a reveal from "End without revealing" (the room's moments, src/lib/board/moments.ts).
		expect(readLastReveal(probeControl.doc)).not.toBeNull();

		const alexDrafts = await open(board.id, 'drafts', alex.sessionToken);
		expect(readDrafts(alexDrafts.doc)).toEqual([]);
		// A second reveal with nothing waiting places nothing.
		expect(await (await reveal(fac.sessionToken)).json()).toEqual({ revealed: 0, people: 0, inPlace: 0, elsewhere: 0 });
		expect(readElements(probe.doc)).toHaveLength(3);
	});
});

describe('private notes written for a place', () => {
	let board: { id: string; links: { facilitator: string; participant: string; viewer: string } };
	let fac: { participantId: string; sessionToken: string };
	let alex: { participantId: string; sessionToken: string };
	let sam: { participantId: string; sessionToken: string };
	const samFrames: Uint8Array[] = [];
	const alexServerFrames: Uint8Array[] = [];

	beforeAll(async () => {
		server ??= await startServer();
		const res = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'Iceberg and questions', templates: ['iceberg', 'how-might-we'], example: true })
		});
		board = await res.json();
		fac = await join(server.url, board.id, board.links.facilitator, 'Fran', 'Local authority education');
		alex = await join(server.url, board.id, board.links.participant, 'Alex', 'School');
		sam = await join(server.url, board.id, board.links.participant, 'Sam', 'Health or CAMHS');
	});

	it('publishes how many notes each person has waiting, never the words, and reveals each note into its place without overlaps', async () => {
		const facContent = await open(board.id, 'content', fac.sessionToken);
		const facControl = await open(board.id, 'control', fac.sessionToken);
		const facServer = await open(board.id, 'server', fac.sessionToken);
		setPrivateWriting(facControl.doc, true, Date.now());
		const frames = readElements(facContent.doc).filter((e): e is Frame => e.kind === 'frame');
		const iceberg = frames.find((f) => f.template === 'iceberg')!;
		const hmw = frames.find((f) => f.template === 'how-might-we')!;
		// A scratch frame Sam writes for, which the facilitator deletes before the reveal.
		const scratch = createElement(facContent.doc, { kind: 'frame', x: -3000, y: 0, w: 900, h: 600, title: 'Parking lot' });

		// Sam receives everything a participant can: content, control, server and Sam's own drafts.
		const [, , samServer, samDrafts] = await Promise.all(
			['content', 'control', 'server', 'drafts'].map((d) => open(board.id, d, sam.sessionToken, samFrames))
		);
		const alexServer = await open(board.id, 'server', alex.sessionToken, alexServerFrames);
		const alexDrafts = await open(board.id, 'drafts', alex.sessionToken);
		await waitFor(() => readMembers(samServer.doc).length === 3, 'Sam sees the members', 5000);

		const alexNotes = [
			{ text: 'Year 9 exclusions doubled since 2019', section: 'layer-1-barriers' },
			{ text: 'Managed moves agreed informally between heads', section: 'layer-2-barriers' },
			{ text: 'High-needs funding follows the EHCP, not the child', section: 'layer-3-barriers' },
			{ text: 'Some staff believe inclusion lowers standards', section: 'layer-4-barriers' }
		];
		alexNotes.forEach((n, i) =>
			addDraft(alexDrafts.doc, { text: n.text, createdAt: Date.now() + i, place: { frame: iceberg.id, section: n.section } })
		);
		const question = 'How might we keep a key adult with each child through a move?';
		addDraft(alexDrafts.doc, { text: question, createdAt: Date.now() + 9, place: { frame: hmw.id, section: 'across' } });
		// A draft as a version 1 client wrote it (no version, no place): it still counts and still reveals.
		const legacy = 'Written before notes had places';
		getDraftsMap(alexDrafts.doc).set('legacy-draft-1', { text: legacy, color: 'green', createdAt: Date.now() + 10 });
		const samIceberg = 'Trusted adults in every primary school';
		const samParked = 'CAMHS thresholds keep rising';
		const samLoose = 'Parents are not told their rights';
		addDraft(samDrafts.doc, { text: samIceberg, createdAt: Date.now(), place: { frame: iceberg.id, section: 'layer-1-drivers' } });
		addDraft(samDrafts.doc, { text: samParked, createdAt: Date.now() + 1, place: { frame: scratch, section: null } });
		const oops = addDraft(samDrafts.doc, { text: 'typo note', createdAt: Date.now() + 2 });
		addDraft(samDrafts.doc, { text: samLoose, createdAt: Date.now() + 3 });

		// The facilitator sees how many notes each person has waiting, as they change.
		const waiting = () => Object.fromEntries(readWaiting(facServer.doc));
		await waitFor(() => waiting()[alex.participantId] === 6 && waiting()[sam.participantId] === 4, 'the counts: Alex 6, Sam 4', 5000);
		removeDraft(samDrafts.doc, oops);
		await waitFor(() => waiting()[sam.participantId] === 3, "Sam's count after deleting a note", 5000);
		expect(waiting()).toEqual({ [alex.participantId]: 6, [sam.participantId]: 3 });
		// Everyone's copy of the server doc has the counts (Sam's and Alex's too) ...
		await waitFor(
			() => readWaiting(samServer.doc).get(alex.participantId) === 6 && readWaiting(alexServer.doc).get(sam.participantId) === 3,
			'the counts on the participants’ machines',
			5000
		);
		// ... and no words: nothing Alex wrote reached Sam's machine on any document, and nothing Sam wrote reached Alex's server doc.
		for (const n of [...alexNotes.map((a) => a.text), question, legacy]) expect(holds(samFrames, n), n).toBe(false);
		for (const n of [samIceberg, samParked, samLoose, 'typo note']) expect(holds(alexServerFrames, n), n).toBe(false);
		expect(JSON.stringify(facServer.doc.toJSON())).not.toMatch(/exclusions doubled|Trusted adults|CAMHS thresholds/);

		deleteElements(facContent.doc, [scratch]);
		const probe = await open(board.id, 'content', (await join(server.url, board.id, board.links.viewer, 'Probe')).sessionToken);
		await waitFor(() => !readElements(probe.doc).some((e) => e.id === scratch), 'the parking lot deleted', 5000);
		const before = new Set(readElements(probe.doc).map((e) => e.id));

		const res = await fetch(`${server.url}/api/boards/${board.id}/reveal`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ session: fac.sessionToken, frameId: null })
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ revealed: 9, people: 2, inPlace: 6, elsewhere: 1 });
		await waitFor(() => readElements(probe.doc).filter((e) => !before.has(e.id)).length === 9, 'nine new elements', 5000);
		const els = readElements(probe.doc);
		const fresh = els.filter((e): e is BoxElement => !before.has(e.id) && e.kind !== 'connector');
		const byText = (t: string) => fresh.find((e) => 'text' in e && e.text === t)!;

		// The Iceberg: each note in its cell, with its layer and column, clear of the labels and of everything else.
		const ice = els.find((e): e is Frame => e.id === iceberg.id)!;
		const g = icebergGeometry(ice);
		for (const [text, layer, column] of [
			[alexNotes[0].text, 1, 'barriers'],
			[alexNotes[1].text, 2, 'barriers'],
			[alexNotes[2].text, 3, 'barriers'],
			[alexNotes[3].text, 4, 'barriers'],
			[samIceberg, 1, 'drivers']
		] as const) {
			const el = byText(text);
			expect(el.parent, text).toBe(iceberg.id);
			expect(el.data, text).toMatchObject({ layer, column });
			expect(cellAt(g, rectCenter(el)), text).toMatchObject({ layer, column });
			for (const chrome of [g.header, g.columnHead, ...g.labels]) expect(intersects(el, chrome), `${text} over a label`).toBe(false);
		}
		const inIceberg = els.filter((e): e is BoxElement => e.kind !== 'connector' && e.kind !== 'frame' && e.parent === iceberg.id);
		for (let i = 0; i < inIceberg.length; i++)
			for (let j = i + 1; j < inIceberg.length; j++)
				expect(intersects(inIceberg[i], inIceberg[j]), `${inIceberg[i].id} × ${inIceberg[j].id}`).toBe(false);

		// The question is a question card in its column, below the column's head.
		const q = byText(question);
		expect(q).toMatchObject({ kind: 'item', template: 'how-might-we', type: 'question', parent: hmw.id, data: { category: 'across' } });
		const hg = hmwGeometry(els.find((e): e is Frame => e.id === hmw.id)!);
		expect(columnAt(hg, rectCenter(q))?.category).toBe('across');
		expect(intersects(q, hg.header) || hg.columns.some((c) => intersects(q, c.head))).toBe(false);
		const inHmw = els.filter((e): e is BoxElement => e.kind !== 'connector' && e.kind !== 'frame' && e.parent === hmw.id);
		expect(inHmw.filter((e) => e.id !== q.id && intersects(e, q))).toEqual([]);

		// The note meant for the deleted frame and the one with no place are on the board, in free space, apart.
		for (const [text, author] of [
			[samParked, sam.participantId],
			[samLoose, sam.participantId],
			[legacy, alex.participantId]
		]) {
			const el = byText(text) as Note;
			expect(el.kind).toBe('note');
			expect(el.parent).toBe(null);
			expect(el.createdBy).toBe(author);
			expect(
				els.filter((e): e is BoxElement => e.kind !== 'connector' && e.id !== el.id && intersects(e, el)),
				`${text} overlaps`
			).toEqual([]);
		}

		// Counts cleared, drafts empty, private writing over; and only now do Alex's words reach Sam.
		await waitFor(() => readWaiting(facServer.doc).size === 0, 'no notes waiting', 5000);
		expect(readDrafts(alexDrafts.doc)).toEqual([]);
		await waitFor(() => readPrivateWriting(facControl.doc) === null, 'private writing ended', 5000);
		await waitFor(() => holds(samFrames, alexNotes[0].text), "Alex's note reaching Sam after the reveal", 5000);
	});
});
