import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPeers } from './test-peers.js';
import { ElementIndex } from './element-index.js';
import { getElementsMap } from './board-doc.js';
import { readElements } from './read.js';
import { bringToFront, createElement, deleteElements, moveBy, sendToBack, setData, setText, updateElement, frameAt } from './commands.js';
import { isBox, type BoxElement } from './schema.js';
import { seededRandom as prng } from '$lib/shared/seeded-random.js';

function expectMatches(index: ElementIndex, doc: Y.Doc) {
	const full = readElements(doc);
	expect(index.all()).toEqual(full);
	expect(index.size).toBe(full.length);
	for (const el of full) {
		expect(index.get(el.id)).toEqual(el);
		if (el.kind !== 'connector' && el.parent) expect(index.childrenOf(el.parent).map((c) => c.id)).toContain(el.id);
		if (el.kind === 'connector') for (const end of [el.from, el.to]) expect(index.connectorsOn(end).map((c) => c.id)).toContain(el.id);
	}
	expect(index.frames().map((f) => f.id)).toEqual(full.filter((e) => e.kind === 'frame').map((f) => f.id));
	let framed = 0;
	for (const frame of full.filter((e) => e.kind === 'frame')) {
		// A frame's contents: its boxes (frames aside) and the connectors between two of them, in z-order.
		const items = full.filter((e) => e.kind !== 'connector' && e.kind !== 'frame' && e.parent === frame.id);
		const ids = new Set(items.map((e) => e.id));
		const links = full.filter((e) => e.kind === 'connector' && ids.has(e.from) && ids.has(e.to));
		const contents = index.contentsOf(frame.id);
		expect(contents).toEqual({ items, links });
		// Handed out once per change: every view reads the same lists.
		expect(index.contentsOf(frame.id)).toBe(contents);
		framed += items.length;
	}
	return framed;
	for (const box of full.filter(isBox)) expect(index.frameAt(box)?.id ?? null).toBe(frameAt(doc, box)?.id ?? null);
}

describe(ElementIndex, () => {
	it('equals a full read after every step of random edits from two peers, delivered in shuffled order', () => {
		let framed = 0;
		for (const seed of [1, 2, 3]) {
			const random = prng(seed);
			const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
			const { docs, flush } = createPeers(2, seed);
			const indexes = docs.map((doc) => new ElementIndex(doc));
			for (let step = 0; step < 120; step++) {
				const doc = pick(docs);
				const all = readElements(doc);
				const boxes = all.filter(isBox);
				const roll = random();
				try {
					if (roll < 0.25 || boxes.length < 2) {
						createElement(doc, { kind: 'note', x: Math.round(random() * 2000), y: Math.round(random() * 2000), text: `n${step}` });
					} else if (roll < 0.3) {
						createElement(doc, {
							kind: 'frame',
							x: Math.round(random() * 1500),
							y: Math.round(random() * 1500),
							w: 600,
							h: 400,
							title: `f${step}`
						});
					} else if (roll < 0.4) {
						createElement(doc, { kind: 'connector', from: pick(boxes).id, to: pick(boxes).id });
					} else if (roll < 0.55) {
						moveBy(doc, [pick(boxes).id], Math.round(random() * 600 - 300), Math.round(random() * 600 - 300));
					} else if (roll < 0.62) {
						deleteElements(doc, [pick(all).id]);
					} else if (roll < 0.7) {
						(random() < 0.5 ? bringToFront : sendToBack)(doc, [pick(all).id]);
					} else if (roll < 0.78) {
						const target = pick(boxes);
						if (target.kind === 'note') setText(doc, target.id, `t${step}`);
					} else if (roll < 0.84) {
						const target = pick(boxes);
						if (target.kind === 'note') updateElement(doc, target.id, { color: pick(['pink', 'blue', 'green'] as const) });
					} else if (roll < 0.9) {
						setData(doc, pick(all).id, { mark: step });
					} else if (roll < 0.95) {
						// Junk from a hostile peer or a newer client: invalid, so left out of both.
						const map = getElementsMap(doc).get(pick(all).id);
						doc.transact(() => map?.set('x', random() < 0.5 ? 'not a number' : 5));
					} else {
						// An index tie: two elements at the same index are ordered by id.
						const [a, b] = [pick(all), pick(all)];
						doc.transact(() => getElementsMap(doc).get(b.id)?.set('index', a.index));
					}
				} catch {
					// A command may refuse (e.g. a connector to a shape just deleted elsewhere); the index must still match.
				}
				framed += expectMatches(indexes[docs.indexOf(doc)], doc);
				if (random() < 0.3) {
					flush();
					docs.forEach((d, i) => expectMatches(indexes[i], d));
				}
			}
			flush();
			docs.forEach((d, i) => expectMatches(indexes[i], d));
			expect(indexes[0].all()).toEqual(indexes[1].all());
		}
		// Frames did hold boxes, so their contents were compared.
		expect(framed).toBeGreaterThan(100);
	}, 60_000);

	it('takes a whole board arriving in one update (the first sync) and says which ids changed', () => {
		const source = new Y.Doc();
		for (let i = 0; i < 300; i++) createElement(source, { kind: 'note', x: i * 10, y: 0, text: String(i) });
		const doc = new Y.Doc();
		const index = new ElementIndex(doc);
		const seen: number[] = [];
		index.onChange((ids) => seen.push(ids.size));
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
		expect(seen).toEqual([300]);
		expectMatches(index, doc);
		const version = index.version;
		const first = index.all();
		moveBy(doc, [first[10].id], 5, 5);
		expect(index.version).toBe(version + 1);
		expect(index.all()).not.toBe(first);
		expect(index.get(first[10].id)).toMatchObject({ x: (first[10] as BoxElement).x + 5 });
		expectMatches(index, doc);
	});

	it("leaves a frame out of another frame's contents, as the templates do", () => {
		const doc = new Y.Doc();
		const outer = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 2000, h: 2000, title: 'Outer' });
		const inner = createElement(doc, { kind: 'frame', x: 100, y: 100, w: 400, h: 300, title: 'Inner' });
		const note = createElement(doc, { kind: 'note', x: 900, y: 900, text: 'in' });
		const index = new ElementIndex(doc);
		doc.transact(() => {
			getElementsMap(doc).get(inner)?.set('parent', outer);
			getElementsMap(doc).get(note)?.set('parent', outer);
		});
		expect(index.childrenOf(outer).map((e) => e.id)).toContain(inner);
		expect(index.contentsOf(outer).items.map((e) => e.id)).toEqual([note]);
	});

	it('is told nothing for a transaction that changes no element', () => {
		const doc = new Y.Doc();
		const index = new ElementIndex(doc);
		createElement(doc, { kind: 'note', x: 0, y: 0 });
		let calls = 0;
		index.onChange(() => calls++);
		doc.getMap('control').set('phase', 'diverge');
		expect(calls).toBe(0);
		index.destroy();
		createElement(doc, { kind: 'note', x: 0, y: 0 });
		expect(calls).toBe(0);
	});
});
