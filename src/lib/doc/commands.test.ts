import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPeers } from './test-peers.js';
import {
	bringToFront,
	createElement,
	createUndoManager,
	deleteElements,
	duplicate,
	exportContent,
	importContent,
	insertCopies,
	moveBy,
	readElement,
	readElements,
	sendToBack,
	setText,
	updateElement,
	Element,
	LOCAL,
	NO_PLACEMENT,
	type Note,
	type PlacementRules
} from './index.js';
import { ElementIndex } from './element-index.js';

const note = (x = 0, y = 0, text = '') => ({ kind: 'note' as const, x, y, text });

function expectConverged(docs: Y.Doc[]) {
	const first = JSON.stringify(readElements(docs[0]));
	for (const doc of docs.slice(1)) expect(JSON.stringify(readElements(doc))).toBe(first);
	for (const el of readElements(docs[0])) expect(Element.safeParse(el).success).toBe(true);
}

describe(createElement, () => {
	it('creates a note with defaults, above everything else', () => {
		const doc = new Y.Doc();
		const a = createElement(doc, note(0, 0, 'first'));
		const b = createElement(doc, note(10, 10, 'second'));
		expect(readElement(doc, a)).toMatchObject({ kind: 'note', text: 'first', color: 'yellow', w: 200, h: 160 });
		expect(readElements(doc).map((e) => e.id)).toEqual([a, b]);
	});

	it('refuses bad input and changes nothing', () => {
		const doc = new Y.Doc();
		expect(() => createElement(doc, { kind: 'note', x: Number.NaN, y: 0 } as never)).toThrow();
		expect(() => createElement(doc, { kind: 'note', x: 0, y: 0, text: 'x'.repeat(6000) })).toThrow();
		expect(() => createElement(doc, { kind: 'connector', from: 'nope1', to: 'nope2' })).toThrow(/existing/);
		expect(readElements(doc)).toEqual([]);
	});

	it('puts a note dropped inside a frame into that frame', () => {
		const doc = new Y.Doc();
		const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 800, h: 600, title: 'Iceberg' });
		const inside = createElement(doc, note(100, 100));
		const outside = createElement(doc, note(1000, 1000));
		expect(readElement(doc, inside)?.parent).toBe(frame);
		expect(readElement(doc, outside)?.parent).toBeNull();
		// Frames sit below what is on them.
		expect(readElements(doc)[0].id).toBe(frame);
	});

	it('converges when three people add notes at once', () => {
		const { docs, flush } = createPeers(3);
		docs.forEach((doc, i) => {
			for (let j = 0; j < 5; j++) createElement(doc, note(i * 10, j * 10, `peer ${i} note ${j}`));
		});
		flush();
		expect(readElements(docs[0])).toHaveLength(15);
		expectConverged(docs);
	});
});

describe(setText, () => {
	it('merges two people typing in the same note', () => {
		const { docs, flush } = createPeers(2);
		const id = createElement(docs[0], note(0, 0, 'Parents feel unheard'));
		flush();
		setText(docs[0], id, 'Some parents feel unheard');
		setText(docs[1], id, 'Parents feel unheard by schools');
		flush();
		expect(readElement(docs[0], id)).toMatchObject({ text: 'Some parents feel unheard by schools' });
		expectConverged(docs);
	});
});

describe(moveBy, () => {
	it('moves a frame with its contents and reparents a note moved out', () => {
		const doc = new Y.Doc();
		const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 800, h: 600, title: 'Map' });
		const child = createElement(doc, note(100, 100));
		moveBy(doc, [frame], 50, 40);
		expect(readElement(doc, frame)).toMatchObject({ x: 50, y: 40 });
		expect(readElement(doc, child)).toMatchObject({ x: 150, y: 140, parent: frame });
		moveBy(doc, [child], 2000, 0);
		expect(readElement(doc, child)?.parent).toBeNull();
	});

	it('converges when two people move the same note at once (one position wins everywhere)', () => {
		const { docs, flush } = createPeers(2);
		const id = createElement(docs[0], note());
		flush();
		moveBy(docs[0], [id], 100, 0);
		moveBy(docs[1], [id], 0, 300);
		flush();
		expectConverged(docs);
	});
});

describe(updateElement, () => {
	it('changes colour and refuses a field the kind does not have', () => {
		const doc = new Y.Doc();
		const id = createElement(doc, note());
		updateElement(doc, id, { color: 'pink' });
		expect(readElement(doc, id)).toMatchObject({ color: 'pink' });
		expect(() => updateElement(doc, id, { color: 'tartan' as never })).toThrow();
		expect(() => updateElement(doc, id, { secret: 1 } as never)).toThrow();
		expect(readElement(doc, id)).toMatchObject({ color: 'pink' });
	});
});

describe('connectors', () => {
	it('connect, and go when an end is deleted, on every peer', () => {
		const { docs, flush } = createPeers(3);
		const a = createElement(docs[0], note(0, 0, 'Exclusions'));
		const b = createElement(docs[0], note(400, 0, 'Spending on AP'));
		flush();
		const link = createElement(docs[1], { kind: 'connector', from: a, to: b, label: 'increases' });
		flush();
		expect(readElement(docs[2], link)).toMatchObject({ from: a, to: b, label: 'increases' });
		deleteElements(docs[2], [a]);
		flush();
		for (const doc of docs) expect(readElements(doc).map((e) => e.id)).toEqual([b]);
	});

	it('a connector drawn while its end is deleted elsewhere is not shown', () => {
		const { docs, flush } = createPeers(2);
		const a = createElement(docs[0], note(0, 0));
		const b = createElement(docs[0], note(400, 0));
		flush();
		createElement(docs[0], { kind: 'connector', from: a, to: b });
		deleteElements(docs[1], [b]);
		flush();
		expectConverged(docs);
		// The dangling connector is still in the doc, but nothing reads an end that is missing.
		const els = readElements(docs[0]);
		const ids = new Set(els.map((e) => e.id));
		const dangling = els.filter((e) => e.kind === 'connector' && (!ids.has(e.from) || !ids.has(e.to)));
		expect(dangling).toHaveLength(1);
	});
});

describe('z-order', () => {
	it('brings to front and sends to back, converging across three peers', () => {
		const { docs, flush } = createPeers(3);
		const ids = [0, 1, 2].map((i) => createElement(docs[0], note(i * 10, 0, String(i))));
		flush();
		bringToFront(docs[1], [ids[0]]);
		sendToBack(docs[2], [ids[2]]);
		flush();
		expect(readElements(docs[0]).map((e) => e.id)).toEqual([ids[2], ids[1], ids[0]]);
		expectConverged(docs);
	});
});

describe(duplicate, () => {
	it('copies a frame with its contents and the connectors between them', () => {
		const doc = new Y.Doc();
		const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 800, h: 600, title: 'F' });
		const a = createElement(doc, note(10, 10));
		const b = createElement(doc, note(300, 10));
		createElement(doc, { kind: 'connector', from: a, to: b });
		const copies = duplicate(doc, [frame]);
		expect(copies).toHaveLength(4);
		const els = readElements(doc);
		expect(els).toHaveLength(8);
		const newFrame = copies.find((id) => readElement(doc, id)?.kind === 'frame')!;
		expect(els.filter((e) => e.parent === newFrame)).toHaveLength(2);
	});
});

describe(createUndoManager, () => {
	it("undoes only my own changes, never a collaborator's", () => {
		const { docs, flush } = createPeers(2);
		const undo = createUndoManager(docs[0], 0);
		const mine = createElement(docs[0], note(0, 0, 'mine'));
		flush();
		const theirs = createElement(docs[1], note(300, 0, 'theirs'));
		flush();
		undo.undo();
		flush();
		for (const doc of docs) expect(readElements(doc).map((e) => e.id)).toEqual([theirs]);
		undo.redo();
		flush();
		for (const doc of docs)
			expect(
				readElements(doc)
					.map((e) => e.id)
					.sort()
			).toEqual([mine, theirs].sort());
	});

	it('undoes a move and a text edit', () => {
		const doc = new Y.Doc();
		const undo = createUndoManager(doc, 0);
		const id = createElement(doc, note(0, 0, 'a'));
		undo.stopCapturing();
		moveBy(doc, [id], 10, 10);
		undo.stopCapturing();
		setText(doc, id, 'ab', LOCAL);
		undo.undo();
		expect(readElement(doc, id)).toMatchObject({ text: 'a', x: 10 });
		undo.undo();
		expect(readElement(doc, id)).toMatchObject({ x: 0 });
	});
});

describe('snapshot', () => {
	it('round-trips through JSON into an equal board', () => {
		const doc = new Y.Doc();
		const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 800, h: 600, title: 'F' });
		const a = createElement(doc, note(10, 10, 'Needs escalate'));
		createElement(doc, { kind: 'text', x: 500, y: 10, text: 'Heading' });
		createElement(doc, { kind: 'connector', from: a, to: frame, label: 'in' });
		const json = JSON.parse(JSON.stringify(exportContent(doc)));
		const copy = new Y.Doc();
		importContent(copy, json);
		expect(exportContent(copy)).toEqual(exportContent(doc));
	});

	it('refuses a snapshot with a dangling reference, changing nothing', () => {
		const doc = new Y.Doc();
		const bad = {
			version: 1,
			elements: [{ kind: 'connector', id: 'abc1', index: 'a0', from: 'nope', to: 'nah1', parent: null, label: '' }]
		};
		expect(() => importContent(doc, bad)).toThrow(/not there/);
		expect(readElements(doc)).toEqual([]);
	});
});

describe('template data and placement', () => {
	it('keeps each data key in its own field, so concurrent changes to different keys both land', async () => {
		const { setData } = await import('./index.js');
		const { docs, flush } = createPeers(2);
		const a = createElement(docs[0], { kind: 'note', x: 0, y: 0 });
		const b = createElement(docs[0], { kind: 'note', x: 300, y: 0 });
		const link = createElement(docs[0], { kind: 'connector', from: a, to: b });
		flush();
		setData(docs[0], link, { type: 'refers-to' });
		setData(docs[1], link, { quality: 'strained' });
		flush();
		for (const doc of docs) expect(readElement(doc, link)?.data).toEqual({ type: 'refers-to', quality: 'strained' });
		setData(docs[1], link, { quality: undefined });
		flush();
		expect(readElement(docs[0], link)?.data).toEqual({ type: 'refers-to' });
		expect(() => setData(docs[0], link, { 'bad key!': 1 })).toThrow();
	});

	it('applies the placement rule it is given when elements are created, moved and pasted, in the same transaction', () => {
		const doc = new Y.Doc();
		// A toy rule: inside a frame, remember which half of the frame the element is in.
		const rules: PlacementRules = {
			placement: (el, frame) => ({
				data: frame ? { half: el.x + el.w / 2 < frame.x + frame.w / 2 ? 'left' : 'right' } : { half: undefined }
			}),
			link: null
		};
		const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 1000, h: 600, title: 'Drivers | Barriers' }, LOCAL, rules);
		const note = createElement(doc, { kind: 'note', x: 100, y: 100 }, LOCAL, rules);
		expect(readElement(doc, note)?.data).toEqual({ half: 'left' });
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		moveBy(doc, [note], 600, 0, LOCAL, rules);
		expect(transactions).toBe(1);
		expect(readElement(doc, note)?.data).toEqual({ half: 'right' });
		moveBy(doc, [note], 2000, 0, LOCAL, rules);
		expect(readElement(doc, note)?.data).toEqual({});
		// Moving the frame carries the note without changing where in the frame it sits.
		moveBy(doc, [note], -2600, 0, LOCAL, rules);
		moveBy(doc, [frame], 50, 50, LOCAL, rules);
		expect(readElement(doc, note)?.data).toEqual({ half: 'left' });
		// Pasted into the right half: the copy is placed there.
		const [copy] = insertCopies(doc, [readElement(doc, note)!], 600, 0, { rules });
		expect(readElement(doc, copy)?.data).toEqual({ half: 'right' });
	});

	it('places nothing without rules: two boards in one page keep their own', () => {
		const ruled = new Y.Doc();
		const bare = new Y.Doc();
		const rules: PlacementRules = { placement: () => ({ data: { placed: true } }), link: null };
		const a = createElement(ruled, { kind: 'note', x: 0, y: 0 }, LOCAL, rules);
		const b = createElement(bare, { kind: 'note', x: 0, y: 0 });
		expect(readElement(ruled, a)?.data).toEqual({ placed: true });
		expect(readElement(bare, b)?.data).toEqual({});
	});

	it('reads template items with their type and data', () => {
		const doc = new Y.Doc();
		const id = createElement(doc, {
			kind: 'item',
			template: 'players-map',
			type: 'player',
			x: 0,
			y: 0,
			w: 180,
			h: 56,
			text: 'SENCO',
			data: { group: 'school', ring: 2 }
		});
		expect(readElement(doc, id)).toMatchObject({
			kind: 'item',
			template: 'players-map',
			type: 'player',
			text: 'SENCO',
			data: { group: 'school', ring: 2 }
		});
		const json = JSON.parse(JSON.stringify(exportContent(doc)));
		const copy = new Y.Doc();
		importContent(copy, json);
		expect(exportContent(copy)).toEqual(exportContent(doc));
	});
});

describe('frames that move or are copied with the shapes landing in them', () => {
	// With the board's live index and without it: the commands read the frames before they write.
	for (const kept of [false, true]) {
		const setup = () => {
			const doc = new Y.Doc();
			const index = kept ? new ElementIndex(doc) : undefined;
			const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 400, h: 400, title: 'f' });
			// Beside the frame, and out of it, on purpose (moved by 900 with it, it lands in it).
			const n = createElement(doc, { ...note(-90, 0), parent: null });
			return { doc, index, frame, n };
		};

		it(`a shape moved with a frame joins it where the frame now is${kept ? ' (index)' : ''}`, () => {
			const { doc, index, frame, n } = setup();
			moveBy(doc, [frame, n], 900, 0, LOCAL, NO_PLACEMENT, index);
			expect(readElement(doc, n)?.parent).toBe(frame);
		});

		it(`a shape pasted with a frame joins the copied frame${kept ? ' (index)' : ''}`, () => {
			const { doc, index, frame, n } = setup();
			const outside = readElement(doc, n) as Note;
			// Pasted so that the copy of the note lands on the copy of the frame.
			const [copiedFrame, copiedNote] = insertCopies(doc, [readElement(doc, frame)!, { ...outside, x: 100, y: 100 }], 2000, 0, {
				elements: index
			});
			expect(readElement(doc, copiedNote)?.parent).toBe(copiedFrame);
		});
	}
});
