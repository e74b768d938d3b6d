import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, readElements } from '$lib/doc/index.js';
import { buildOutline, describeElement, freeSlot } from './outline.js';

describe(buildOutline, () => {
	it('groups notes under their frames in reading order, loose notes last, and lists connections', () => {
		const doc = new Y.Doc();
		const map = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 900, h: 600, title: 'System-Players Map' });
		const b = createElement(doc, { kind: 'note', x: 400, y: 100, text: 'SENCO' });
		const a = createElement(doc, { kind: 'note', x: 40, y: 100, text: 'Parents' });
		createElement(doc, { kind: 'note', x: 2000, y: 0, text: 'Loose idea' });
		createElement(doc, { kind: 'connector', from: a, to: b, label: 'trusts' });
		const outline = buildOutline(readElements(doc));
		expect(outline.groups.map((g) => [g.frame?.id ?? null, g.items.map((i) => (i.kind === 'note' ? i.text : ''))])).toEqual([
			[map, ['Parents', 'SENCO']],
			[null, ['Loose idea']]
		]);
		const byId = new Map(readElements(doc).map((e) => [e.id, e]));
		expect(describeElement(outline.connections[0], byId)).toBe('Connection from “Parents” to “SENCO”, labelled “trusts”');
	});
});

describe(freeSlot, () => {
	it('finds the first free grid place in a frame, skipping taken ones', () => {
		const frame = { x: 0, y: 0, w: 700, h: 600 };
		const first = freeSlot(frame, [], []);
		expect(first).toEqual({ x: 24, y: 64 });
		const second = freeSlot(frame, [{ ...first, w: 200, h: 160 }], []);
		expect(second).toEqual({ x: 244, y: 64 });
	});
	it('puts a note with no frame to the right of everything', () => {
		expect(freeSlot(null, [], [{ x: 0, y: 50, w: 300, h: 100 }])).toEqual({ x: 380, y: 50 });
	});
});
