/**
 * The board's rules hold against any client (issue 12). Each test writes with a stock WebsocketProvider
 * straight into the Y.Doc, as a modified browser or a script would, bypassing every check the app makes.
 * A refused change must reach no other client (a watcher records every update it receives), must not be
 * stored (checked after a restart), and the sender must end up in the server's state; the sender's
 * permitted edits in the same update stand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, join, synced, waitFor, type Client } from '../helpers/clients.js';
import {
	createElement,
	deleteElements,
	readElement,
	readElements,
	setLocked,
	setRules,
	setText,
	updateElement,
	type Element
} from '../../src/lib/doc/index.js';
import { getElementsMap } from '../../src/lib/doc/board-doc.js';

let server: TestServer;
const clients: Client[] = [];
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server.stop();
});

function open(boardId: string, doc: string, session: string, url = server.url): Client {
	const client = connect(url, boardId, doc, session);
	clients.push(client);
	return client;
}

const post = (path: string, body: unknown) =>
	fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A watcher that records every update it receives and whether an element was ever absent or changed. */
function watch(client: Client) {
	const received: Uint8Array[] = [];
	client.doc.on('update', (update: Uint8Array) => received.push(update));
	const seen = new Map<string, string[]>();
	const record = () => {
		const present = new Set<string>();
		for (const el of readElements(client.doc)) {
			present.add(el.id);
			const list = seen.get(el.id) ?? [];
			const json = JSON.stringify(el);
			if (list.at(-1) !== json) list.push(json);
			seen.set(el.id, list);
		}
		// An element that was readable and no longer is (deleted, or left invalid) is recorded as absent.
		for (const [id, list] of seen) if (!present.has(id) && list.at(-1) !== 'absent') list.push('absent');
	};
	record();
	getElementsMap(client.doc).observeDeep(record);
	return {
		received,
		/** Whether any update the watcher received contains these characters. */
		saw: (text: string) => received.some((u) => Buffer.from(u).toString('latin1').includes(text)),
		versions: (id: string) => seen.get(id) ?? []
	};
}

/** A board with the How-might-we exercise, a facilitator, two participants and a viewer-watcher, all connected. */
async function setup() {
	const res = await post('/api/boards', { title: 'Rules board', templates: ['how-might-we'] });
	const board = await res.json();
	const fac = await join(server.url, board.id, board.links.facilitator, 'Fran', 'Local authority');
	const pat = await join(server.url, board.id, board.links.participant, 'Pat', 'Police');
	const sam = await join(server.url, board.id, board.links.participant, 'Sam', 'School');
	const vic = await join(server.url, board.id, board.links.viewer, 'Vic', 'Parent');
	const facContent = open(board.id, 'content', fac.sessionToken);
	const facControl = open(board.id, 'control', fac.sessionToken);
	const patContent = open(board.id, 'content', pat.sessionToken);
	const samContent = open(board.id, 'content', sam.sessionToken);
	const watcher = open(board.id, 'content', vic.sessionToken);
	await Promise.all([facContent, facControl, patContent, samContent, watcher].map((c) => synced(c)));
	const frame = readElements(facContent.doc).find((e) => e.kind === 'frame' && e.template === 'how-might-we') as Element;
	return { board, fac, pat, sam, vic, facContent, facControl, patContent, samContent, watcher, frame };
}

/** A round trip on `client`'s connection: once this note is back from another client, the server has handled everything before it. */
async function roundTrip(from: Client, to: Client): Promise<void> {
	const id = createElement(from.doc, { kind: 'note', x: 5000 + Math.random() * 1000, y: 5000, text: `probe ${Math.random()}` });
	await waitFor(() => readElement(to.doc, id) !== null, 'round trip');
	deleteElements(from.doc, [id]);
	await waitFor(() => readElement(to.doc, id) === null, 'round trip cleaned');
}

describe('the server enforces the board rules on content', () => {
	it('a locked element and what a locked frame holds cannot be changed, moved or deleted by a participant; the sender comes back into line', async () => {
		const s = await setup();
		const w = watch(s.watcher);
		const locked = createElement(s.facContent.doc, { kind: 'note', x: 2000, y: 0, text: 'Agreed definition of exclusion' });
		const inFrame = createElement(s.facContent.doc, {
			kind: 'note',
			x: s.frame.kind === 'frame' ? s.frame.x + 40 : 0,
			y: s.frame.kind === 'frame' ? s.frame.y + 200 : 0,
			text: 'Inside the locked frame',
			parent: s.frame.id
		});
		await waitFor(
			() => readElement(s.patContent.doc, locked) !== null && readElement(s.patContent.doc, inFrame) !== null,
			'notes reach Pat'
		);
		setLocked(s.facControl.doc, [locked, s.frame.id], true);
		await roundTrip(s.facContent, s.patContent);
		// The control update reached the server before Pat acts: Pat's provider on control proves it.
		const patControl = open(s.board.id, 'control', s.pat.sessionToken);
		await waitFor(() => patControl.doc.getMap('locks').size === 2, 'Pat sees the locks');

		// Pat's raw client: move the locked note, retype the one in the locked frame, delete the frame.
		updateElement(s.patContent.doc, locked, { x: 9999 });
		setText(s.patContent.doc, inFrame, 'VANDALISED TEXT');
		deleteElements(s.patContent.doc, [s.frame.id]);
		// The sender comes back into line.
		await waitFor(() => {
			const a = readElement(s.patContent.doc, locked);
			const b = readElement(s.patContent.doc, inFrame);
			return (
				a?.kind === 'note' &&
				a.x === 2000 &&
				b?.kind === 'note' &&
				b.text === 'Inside the locked frame' &&
				readElement(s.patContent.doc, s.frame.id) !== null
			);
		}, 'Pat back in line with the server');
		await roundTrip(s.samContent, s.watcher);
		// Nobody else ever saw any of it.
		expect(w.versions(locked).map((v) => JSON.parse(v).x)).toEqual([2000]);
		expect(w.versions(inFrame).map((v) => JSON.parse(v).text)).toEqual(['Inside the locked frame']);
		expect(readElement(s.watcher.doc, s.frame.id)).not.toBeNull();
		expect(w.saw('VANDALISED')).toBe(false);
		// The facilitator can still change them.
		updateElement(s.facContent.doc, locked, { x: 2100 });
		await waitFor(() => (readElement(s.watcher.doc, locked) as { x: number } | null)?.x === 2100, 'facilitator moves a locked note');
	});

	it("an exercise's structure is facilitator-only by default; opening it lets participants change it", async () => {
		const s = await setup();
		const w = watch(s.watcher);
		updateElement(s.patContent.doc, s.frame.id, { x: 12345 });
		await waitFor(() => (readElement(s.patContent.doc, s.frame.id) as { x: number }).x !== 12345, 'Pat back in line');
		await roundTrip(s.samContent, s.watcher);
		expect(w.versions(s.frame.id)).toHaveLength(1);
		expect((readElement(s.watcher.doc, s.frame.id) as { x: number }).x).not.toBe(12345);
		setRules(s.facControl.doc, { structureOpen: true });
		await roundTrip(s.facContent, s.patContent);
		const patControl = open(s.board.id, 'control', s.pat.sessionToken);
		await synced(patControl);
		await waitFor(
			() => (patControl.doc.getMap('control').get('rules') as { structureOpen?: boolean } | undefined)?.structureOpen === true,
			'rules reach Pat'
		);
		updateElement(s.patContent.doc, s.frame.id, { x: 12345 });
		await waitFor(() => (readElement(s.watcher.doc, s.frame.id) as { x: number }).x === 12345, 'structure open: Pat moves the frame');
	});

	it('a notes-only participant adds notes and changes only their own; changing a role reconnects the person at once', async () => {
		const s = await setup();
		const samNote = createElement(s.samContent.doc, { kind: 'note', x: 3000, y: 0, text: "Sam's note", createdBy: s.sam.participantId });
		await waitFor(() => readElement(s.patContent.doc, samNote) !== null, "Sam's note reaches Pat");
		expect(
			(await post(`/api/boards/${s.board.id}/members/${s.pat.participantId}/role`, { session: s.sam.sessionToken, role: 'notes-only' }))
				.status
		).toBe(403);
		const changed = await post(`/api/boards/${s.board.id}/members/${s.pat.participantId}/role`, {
			session: s.fac.sessionToken,
			role: 'notes-only'
		});
		expect(changed.status).toBe(200);
		// Pat's socket closed with 4001 and the provider reconnected by itself, now as notes-only.
		await waitFor(() => s.patContent.closes.some((c) => c.code === 4001), "Pat's socket closed for the new role");
		await waitFor(() => s.patContent.provider.synced && s.patContent.provider.wsconnected, 'Pat reconnected');
		const w = watch(s.watcher);
		const own = createElement(s.patContent.doc, { kind: 'note', x: 3300, y: 0, text: "Pat's own note", createdBy: s.pat.participantId });
		await waitFor(() => readElement(s.watcher.doc, own) !== null, "Pat's own note is kept");
		setText(s.patContent.doc, own, "Pat's own note, edited");
		await waitFor(() => (readElement(s.watcher.doc, own) as { text: string } | null)?.text === "Pat's own note, edited", 'own edit kept');
		setText(s.patContent.doc, samNote, 'Pat rewrote this');
		deleteElements(s.patContent.doc, [samNote]);
		const forged = createElement(s.patContent.doc, { kind: 'note', x: 3600, y: 0, text: 'In Sam’s name', createdBy: s.sam.participantId });
		await waitFor(
			() =>
				readElement(s.patContent.doc, samNote)?.kind === 'note' &&
				(readElement(s.patContent.doc, samNote) as { text: string }).text === "Sam's note" &&
				readElement(s.patContent.doc, forged) === null,
			'Pat back in line'
		);
		await roundTrip(s.samContent, s.watcher);
		expect(w.saw('Pat rewrote')).toBe(false);
		expect(readElement(s.watcher.doc, forged)).toBeNull();
		expect((readElement(s.watcher.doc, samNote) as { text: string }).text).toBe("Sam's note");
	});

	it('a closed workshop is read-only for everyone but facilitators, and every export still works', async () => {
		const s = await setup();
		setRules(s.facControl.doc, { closed: true });
		const patControl = open(s.board.id, 'control', s.pat.sessionToken);
		await waitFor(
			() => (patControl.doc.getMap('control').get('rules') as { closed?: boolean } | undefined)?.closed === true,
			'closed reaches Pat'
		);
		const w = watch(s.watcher);
		const late = createElement(s.patContent.doc, { kind: 'note', x: 0, y: 4000, text: 'Written after closing' });
		await waitFor(() => readElement(s.patContent.doc, late) === null, 'Pat back in line');
		const fromFac = createElement(s.facContent.doc, { kind: 'note', x: 0, y: 4200, text: 'Facilitator summary' });
		await waitFor(() => readElement(s.watcher.doc, fromFac) !== null, 'facilitator still writes');
		expect(w.saw('Written after closing')).toBe(false);
		for (const format of ['json', 'md', 'csv']) {
			const res = await fetch(`${server.url}/api/boards/${s.board.id}/export/${format}?session=${s.pat.sessionToken}`);
			expect(res.status, format).toBe(200);
		}
	});

	it('an update that would leave an element the schema rejects is refused, for facilitators too', async () => {
		const s = await setup();
		const note = createElement(s.samContent.doc, { kind: 'note', x: 10, y: 10, text: 'Valid note' });
		await waitFor(() => readElement(s.facContent.doc, note) !== null, 'note reaches the facilitator');
		const w = watch(s.watcher);
		s.facContent.doc.transact(() => getElementsMap(s.facContent.doc).get(note)!.set('x', 'left'));
		s.patContent.doc.transact(() => getElementsMap(s.patContent.doc).get(note)!.set('w', -5));
		await waitFor(() => {
			const a = getElementsMap(s.facContent.doc).get(note)?.get('x');
			const b = getElementsMap(s.patContent.doc).get(note)?.get('w');
			return a === 10 && typeof b === 'number' && b > 0;
		}, 'both back in line');
		await roundTrip(s.samContent, s.watcher);
		// The watcher only ever had the valid note.
		expect(w.versions(note).map((v) => JSON.parse(v))).toEqual([expect.objectContaining({ x: 10, text: 'Valid note' })]);
	});

	it("the sender's permitted edits in the same update stand; the refused ones are not stored", async () => {
		const s = await setup();
		const locked = createElement(s.facContent.doc, { kind: 'note', x: 2000, y: 500, text: 'Locked' });
		setLocked(s.facControl.doc, [locked], true);
		const patControl = open(s.board.id, 'control', s.pat.sessionToken);
		await waitFor(() => patControl.doc.getMap('locks').has(locked) && readElement(s.patContent.doc, locked) !== null, 'lock reaches Pat');
		// One transaction, so one update: a new note (allowed) and deleting the locked note (refused).
		let fresh = '';
		s.patContent.doc.transact(() => {
			fresh = createElement(
				s.patContent.doc,
				{ kind: 'note', x: 0, y: 900, text: 'Permitted in the same update', createdBy: s.pat.participantId },
				'raw'
			);
			getElementsMap(s.patContent.doc).delete(locked);
		});
		await waitFor(() => readElement(s.watcher.doc, fresh) !== null, 'the permitted note arrives');
		await waitFor(() => readElement(s.patContent.doc, locked) !== null, 'Pat gets the locked note back');
		expect(readElement(s.watcher.doc, locked)).not.toBeNull();

		// After a restart, the store holds what everyone saw.
		for (const c of [s.facContent, s.facControl, s.patContent, s.samContent, s.watcher, patControl]) c.provider.disconnect();
		const dir = server.dir;
		const port = server.port;
		await server.stop({ keepData: true });
		server = await startServer({ dir, port });
		const reader = open(s.board.id, 'content', s.vic.sessionToken);
		await synced(reader);
		expect(readElement(reader.doc, locked)).toMatchObject({ text: 'Locked' });
		expect(readElement(reader.doc, fresh)).toMatchObject({ text: 'Permitted in the same update' });
	});

	it('a raw client deleting every element leaves the facilitator’s locked frames and their contents', async () => {
		const s = await setup();
		const ids: string[] = [];
		for (let i = 0; i < 20; i++) ids.push(createElement(s.samContent.doc, { kind: 'note', x: 3000 + i * 10, y: 2000, text: `loose ${i}` }));
		const inside = createElement(s.facContent.doc, {
			kind: 'note',
			x: (s.frame as { x: number }).x + 50,
			y: (s.frame as { y: number }).y + 300,
			text: 'kept inside',
			parent: s.frame.id
		});
		setLocked(s.facControl.doc, [s.frame.id], true);
		const patControl = open(s.board.id, 'control', s.pat.sessionToken);
		await waitFor(
			() =>
				patControl.doc.getMap('locks').has(s.frame.id) &&
				readElement(s.patContent.doc, inside) !== null &&
				ids.every((id) => readElement(s.patContent.doc, id)),
			'all on Pat'
		);
		s.patContent.doc.transact(() => {
			const elements = getElementsMap(s.patContent.doc);
			for (const id of [...elements.keys()]) elements.delete(id);
		});
		await waitFor(
			() => readElement(s.patContent.doc, s.frame.id) !== null && readElement(s.patContent.doc, inside) !== null,
			'locked frame and its note come back to Pat'
		);
		await waitFor(() => ids.every((id) => readElement(s.watcher.doc, id) === null), 'unlocked notes deleted (participants may)');
		expect(readElement(s.watcher.doc, s.frame.id)).not.toBeNull();
		expect(readElement(s.watcher.doc, inside)).toMatchObject({ text: 'kept inside' });
	});

	it('writes outside the elements map are refused whole', async () => {
		const s = await setup();
		const w = watch(s.watcher);
		s.patContent.doc.getMap('evil').set('x', 'y'.repeat(100));
		await roundTrip(s.samContent, s.watcher);
		expect(w.saw('yyyyyyyyyy')).toBe(false);
		expect(Y.encodeStateAsUpdate(s.watcher.doc).length).toBeLessThan(200_000);
	});
});
