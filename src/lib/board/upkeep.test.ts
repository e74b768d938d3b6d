import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ElementIndex } from '$lib/doc/element-index.js';
import { createElement, moveBy, updateElement } from '$lib/doc/commands.js';
import type { Element } from '$lib/doc/schema.js';
import { affectedBy, startUpkeep } from './upkeep.js';

function board() {
	const doc = new Y.Doc();
	const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 1000, h: 800, title: 'Causal loops' });
	const a = createElement(doc, { kind: 'note', x: 100, y: 100, text: 'a' });
	const b = createElement(doc, { kind: 'note', x: 400, y: 100, text: 'b' });
	const far = createElement(doc, { kind: 'note', x: 5000, y: 5000, text: 'far away' });
	const link = createElement(doc, { kind: 'connector', from: a, to: b });
	for (let i = 0; i < 50; i++) createElement(doc, { kind: 'note', x: 3000 + i * 250, y: 3000, text: `other ${i}` });
	return { doc, index: new ElementIndex(doc), frame, a, b, far, link };
}

const ids = (els: readonly Element[]) => new Set(els.map((e) => e.id));

describe(affectedBy, () => {
	it('takes a moved note with its connectors, their other ends and the frame it sits in: not the board', () => {
		const { index, frame, a, b, link, far } = board();
		expect(ids(affectedBy(index, [a]))).toEqual(new Set([a, link, b, frame]));
		expect(ids(affectedBy(index, [far]))).toEqual(new Set([far]));
	});

	it('takes a changed frame with everything in it', () => {
		const { index, frame, a, b, link } = board();
		expect(ids(affectedBy(index, [frame]))).toEqual(new Set([frame, a, b, link]));
	});
});

describe(startUpkeep, () => {
	it('settles the whole board first, then only what each change touched', async () => {
		const { doc, index, a, b, far, link, frame } = board();
		const runs: Set<string>[] = [];
		let wake: () => void = () => {};
		const next = () => new Promise<void>((resolve) => (wake = resolve));
		let ran = next();
		const stop = startUpkeep(
			index,
			(elements) => {
				runs.push(ids(elements));
				wake();
			},
			0
		);
		await ran;
		expect(runs[0].size).toBe(index.size);
		ran = next();
		moveBy(doc, [far], 10, 0);
		updateElement(doc, a, { color: 'pink' });
		await ran;
		expect(runs[1]).toEqual(new Set([far, a, link, b, frame]));
		stop();
	});
});
