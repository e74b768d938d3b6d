import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, insertCopies, readElement, readElements, selectionWithContents } from '$lib/doc/index.js';
import { PASTE_STEP, parseClipboard, pasteOffset, serializeElements } from './clipboard.js';

function seed(doc: Y.Doc) {
	const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 800, h: 600, title: 'Iceberg' });
	const a = createElement(doc, { kind: 'note', x: 100, y: 100, text: 'Events' });
	const b = createElement(doc, { kind: 'note', x: 400, y: 100, text: 'Patterns', color: 'blue' });
	const link = createElement(doc, { kind: 'connector', from: a, to: b, label: 'leads to' });
	const outside = createElement(doc, { kind: 'note', x: 2000, y: 2000, text: 'Elsewhere' });
	return { frame, a, b, link, outside };
}

describe('clipboard round trip', () => {
	it('copies a frame with its contents and connectors from one board into another', () => {
		const source = new Y.Doc();
		const target = new Y.Doc();
		const ids = seed(source);
		const text = serializeElements(selectionWithContents(source, [ids.frame]));
		const elements = parseClipboard(text);
		expect(elements).not.toBeNull();
		expect(elements!.map((e) => e.kind).sort()).toEqual(['connector', 'frame', 'note', 'note']);

		const offset = pasteOffset(elements!, { pointer: null, view: { x: 0, y: 0, w: 1000, h: 800 }, count: 1 });
		expect(offset).toEqual({ x: PASTE_STEP, y: PASTE_STEP });
		const newIds = insertCopies(target, elements!, offset.x, offset.y);
		const pasted = readElements(target);
		expect(pasted).toHaveLength(4);
		expect(newIds.every((id) => !Object.values(ids).includes(id))).toBe(true);

		const frame = pasted.find((e) => e.kind === 'frame')!;
		const notes = pasted.filter((e) => e.kind === 'note');
		const link = pasted.find((e) => e.kind === 'connector')!;
		expect(frame).toMatchObject({ x: 24, y: 24, title: 'Iceberg' });
		expect(notes.map((n) => n.parent)).toEqual([frame.id, frame.id]);
		expect(notes.map((n) => (n.kind === 'note' ? n.text : '')).sort()).toEqual(['Events', 'Patterns']);
		expect(link).toMatchObject({ label: 'leads to' });
		if (link.kind === 'connector') expect(notes.map((n) => n.id).sort()).toEqual([link.from, link.to].sort());
	});

	it('pastes twice into the same board with fresh ids', () => {
		const doc = new Y.Doc();
		const ids = seed(doc);
		const text = serializeElements(selectionWithContents(doc, [ids.a]));
		const first = insertCopies(doc, parseClipboard(text)!, 24, 24);
		const second = insertCopies(doc, parseClipboard(text)!, 48, 48);
		expect(first[0]).not.toBe(second[0]);
		expect(readElement(doc, second[0])).toMatchObject({ x: 148, y: 148, text: 'Events' });
	});

	it('refuses text that is not ours or not valid', () => {
		expect(parseClipboard('hello')).toBeNull();
		expect(parseClipboard('{"kind":"convene/elements","version":1,"elements":[{"kind":"note"}]}')).toBeNull();
		expect(parseClipboard('{not json')).toBeNull();
		expect(parseClipboard(JSON.stringify({ kind: 'other', version: 1, elements: [] }))).toBeNull();
	});
});

describe(pasteOffset, () => {
	const doc = new Y.Doc();
	const id = createElement(doc, { kind: 'note', x: 100, y: 100, w: 200, h: 160 });
	const elements = selectionWithContents(doc, [id]);

	it('centres the paste on the pointer', () => {
		expect(pasteOffset(elements, { pointer: { x: 1000, y: 1000 }, view: { x: 0, y: 0, w: 10, h: 10 }, count: 1 })).toEqual({
			x: 800,
			y: 820
		});
	});

	it('moves the paste into view when the originals are off screen', () => {
		expect(pasteOffset(elements, { pointer: null, view: { x: 5000, y: 5000, w: 1000, h: 800 }, count: 1 })).toEqual({ x: 5300, y: 5220 });
	});

	it('steps further for each repeated paste', () => {
		expect(pasteOffset(elements, { pointer: null, view: { x: 0, y: 0, w: 1000, h: 800 }, count: 3 })).toEqual({ x: 72, y: 72 });
	});
});
