/**
 * Private writing with the real server and stock providers: each person's drafts reach nobody else
 * (checked on the bytes), and the facilitator's reveal places everyone's notes on the board at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, createBoard, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { addDraft, readDrafts, readElements, readPrivateWriting, setPrivateWriting, type Note } from '../../src/lib/doc/index.js';

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
		const ws = client.provider.ws as unknown as { binaryType: string; addEventListener(type: 'message', fn: (e: { data: ArrayBuffer }) => void): void } | null;
		ws?.addEventListener('message', (e) => frames.push(new Uint8Array(e.data)));
	};
	attach();
	client.provider.on('status', ({ status }: { status: string }) => status === 'connecting' && setTimeout(attach));
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
		fetch(`${server.url}/api/boards/${board.id}/reveal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session, frameId }) });

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
		const samDocs = await Promise.all(['content', 'control', 'server', 'drafts'].map((d) => open(board.id, d, sam.sessionToken, samFrames)));
		const facDrafts = await open(board.id, 'drafts', fac.sessionToken, facFrames);
		await waitFor(() => readPrivateWriting(samDocs[1].doc) !== null, 'private writing on for Sam', 5000);

		const alexDrafts = await open(board.id, 'drafts', alex.sessionToken);
		addDraft(alexDrafts.doc, { text: 'Parents feel unheard at transition meetings', createdAt: Date.now() });
		addDraft(alexDrafts.doc, { text: 'Part-time timetables are used informally', createdAt: Date.now() + 1 });
		addDraft(samDocs[3].doc, { text: 'Waiting lists for CAMHS are eighteen months', createdAt: Date.now() });

		// Alex's notes reach the server (a second connection of Alex's sees them) ...
		const alexAgain = await open(board.id, 'drafts', alex.sessionToken);
		await waitFor(() => readDrafts(alexAgain.doc).length === 2, "Alex's drafts on the server", 5000);
		// ... and nobody else: not Sam, not the facilitator.
		await new Promise((r) => setTimeout(r, 300));
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
		const malformed = await fetch(`${server.url}/api/boards/${board.id}/reveal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"session": 7}' });
		expect(malformed.status).toBe(400);
	});

	it('reveals everyone’s notes onto the board at once, empties the drafts and ends private writing', async () => {
		const viewer = await join(server.url, board.id, board.links.viewer, 'Probe');
		const probe = await open(board.id, 'content', viewer.sessionToken);
		const probeControl = await open(board.id, 'control', viewer.sessionToken);
		expect(readElements(probe.doc)).toEqual([]);

		const res = await reveal(fac.sessionToken);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ revealed: 3, people: 2 });
		await waitFor(() => readElements(probe.doc).length === 3, 'three notes on the board', 5000);
		const notes = readElements(probe.doc) as Note[];
		expect(notes.map((n) => n.text).sort()).toEqual(['Parents feel unheard at transition meetings', 'Part-time timetables are used informally', 'Waiting lists for CAMHS are eighteen months']);
		expect(notes.find((n) => n.text.startsWith('Waiting'))?.createdBy).toBe(sam.participantId);
		// The recorder works: once revealed, Alex's words do reach Sam.
		await waitFor(() => holds(samFrames, 'Parents feel unheard'), "Alex's note reaching Sam after the reveal", 5000);
		// No two notes on top of each other.
		const spots = new Set(notes.map((n) => `${n.x},${n.y}`));
		expect(spots.size).toBe(3);
		await waitFor(() => readPrivateWriting(probeControl.doc) === null, 'private writing ended', 5000);

		const alexDrafts = await open(board.id, 'drafts', alex.sessionToken);
		expect(readDrafts(alexDrafts.doc)).toEqual([]);
		// A second reveal with nothing waiting places nothing.
		expect(await (await reveal(fac.sessionToken)).json()).toEqual({ revealed: 0, people: 0 });
		expect(readElements(probe.doc)).toHaveLength(3);
	});
});

