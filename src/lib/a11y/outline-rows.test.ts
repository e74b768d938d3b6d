import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, readElements } from '$lib/doc/index.js';
import { outlineRows, treeKey, type OutlineRow } from './outline-rows.js';

function board() {
	const doc = new Y.Doc();
	const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 900, h: 600, title: 'Ideas' });
	const a = createElement(doc, { kind: 'note', x: 40, y: 100, text: 'Parents feel unheard' });
	const b = createElement(doc, { kind: 'note', x: 400, y: 100, text: 'Waiting lists for CAMHS' });
	createElement(doc, { kind: 'note', x: 2000, y: 0, text: 'Loose idea' });
	createElement(doc, { kind: 'connector', from: a, to: b, label: 'leads to' });
	return { doc, frame, a, b };
}
const view = (rows: OutlineRow[]) => rows.map((r) => [r.level, r.posinset, r.setsize, r.expanded ?? null, r.label]);

describe(outlineRows, () => {
	it('flattens the board into tree rows with their level, position, set size and open state', () => {
		const { doc } = board();
		expect(view(outlineRows(readElements(doc)))).toEqual([
			[1, 1, 3, true, 'Frame: Ideas (2 items)'],
			[2, 1, 2, null, 'Note, yellow: “Parents feel unheard”'],
			[2, 2, 2, null, 'Note, yellow: “Waiting lists for CAMHS”'],
			[1, 2, 3, true, 'Not in a frame (1 item)'],
			[2, 1, 1, null, 'Note, yellow: “Loose idea”'],
			[1, 3, 3, true, 'Connections (1 item)'],
			[2, 1, 1, null, 'Connection from “Parents feel unheard” to “Waiting lists for CAMHS”, labelled “leads to”']
		]);
	});

	it('leaves out the children of a closed group, and keeps only matches (with their groups) when filtering', () => {
		const { doc, frame } = board();
		const closed = outlineRows(readElements(doc), { collapsed: new Set([frame]) });
		expect(closed[0]).toMatchObject({ key: frame, expanded: false, count: 2 });
		expect(closed[1].label).toBe('Not in a frame (1 item)');
		const found = outlineRows(readElements(doc), { query: 'camhs', collapsed: new Set([frame]) });
		expect(view(found)).toEqual([
			[1, 1, 2, true, 'Frame: Ideas (1 item)'],
			[2, 1, 1, null, 'Note, yellow: “Waiting lists for CAMHS”'],
			[1, 2, 2, true, 'Connections (1 item)'],
			[2, 1, 1, null, 'Connection from “Parents feel unheard” to “Waiting lists for CAMHS”, labelled “leads to”']
		]);
	});
});

describe(treeKey, () => {
	const { doc, frame } = board();
	const rows = outlineRows(readElements(doc));
	it('moves up and down, to the ends, and by letter', () => {
		expect(treeKey(rows, 0, 'ArrowDown')).toEqual({ kind: 'focus', index: 1 });
		expect(treeKey(rows, 0, 'ArrowUp')).toEqual({ kind: 'focus', index: 0 });
		expect(treeKey(rows, 2, 'End')).toEqual({ kind: 'focus', index: 6 });
		expect(treeKey(rows, 6, 'Home')).toEqual({ kind: 'focus', index: 0 });
		expect(treeKey(rows, 0, 'c')).toEqual({ kind: 'focus', index: 5 });
		expect(treeKey(rows, 1, 'x')).toEqual({ kind: 'none' });
	});
	it('→ goes into an open group and opens a closed one; ← closes an open group or goes to the parent', () => {
		expect(treeKey(rows, 0, 'ArrowRight')).toEqual({ kind: 'focus', index: 1 });
		expect(treeKey(rows, 0, 'ArrowLeft')).toEqual({ kind: 'collapse', key: frame });
		expect(treeKey(rows, 2, 'ArrowLeft')).toEqual({ kind: 'focus', index: 0 });
		expect(treeKey(rows, 2, 'ArrowRight')).toEqual({ kind: 'none' });
		const closed = outlineRows(readElements(doc), { collapsed: new Set([frame]) });
		expect(treeKey(closed, 0, 'ArrowRight')).toEqual({ kind: 'expand', key: frame });
	});
	it('Enter and F2 act on the row', () => {
		expect(treeKey(rows, 1, 'Enter')).toEqual({ kind: 'activate', index: 1 });
		expect(treeKey(rows, 1, 'F2')).toEqual({ kind: 'activate', index: 1 });
	});
});
