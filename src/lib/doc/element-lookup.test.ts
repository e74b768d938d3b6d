import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { createPeers } from './test-peers.js';
import { ElementIndex } from './element-index.js';
import { getElementsMap } from './board-doc.js';
import { readElements } from './read.js';
import { plainOf } from './element-map.js';
import { scanElements, type ElementLookup } from './element-lookup.js';
import {
	bringToFront,
	createElement,
	deleteElements,
	duplicate,
	insertCopies,
	moveBy,
	selectionWithContents,
	sendToBack
} from './commands.js';
import { LOCAL } from './origins.js';
import type { PlacementRules } from './placement.js';
import { isBox, type Element } from './schema.js';
import { seededRandom as prng } from '$lib/shared/seeded-random.js';

/** A loop frame makes what lands in it a sized variable, two variables joined get a sign; elsewhere a note. */
const rules: PlacementRules = {
	placement: (el, frame) => {
		if (frame?.template === 'loop') {
			const cx = el.x + el.w / 2;
			const cy = el.y + el.h / 2;
			return {
				identity: { kind: 'item', template: 'loop', type: 'variable' },
				rect: { x: cx - 60, y: cy - 40, w: 120, h: 80 },
				data: { half: cx < frame.x + frame.w / 2 ? 'left' : 'right' }
			};
		}
		return frame ? { data: { half: 'plain' } } : { identity: { kind: 'note' }, data: { half: undefined } };
	},
	link: (from, to) => (from.kind === 'item' && to.kind === 'item' ? { template: 'loop', polarity: '+' } : null)
};

/** Everything the doc stores, element by element (raw fields, so an invalid write shows too). */
function stored(doc: Y.Doc): string {
	const out: Record<string, unknown> = {};
	for (const [id, map] of [...getElementsMap(doc).entries()].sort(([a], [b]) => (a < b ? -1 : 1))) out[id] = plainOf(map);
	return JSON.stringify(out);
}

/** One board: a local peer `doc` whose commands may use `lookup`, and a remote peer editing concurrently. */
function world(seed: number, withIndex: boolean) {
	const { docs, flush } = createPeers(2, seed);
	const [doc, remote] = docs;
	// Registered before the index, so it runs while the index still lags a remote change.
	let react: ((doc: Y.Doc) => void) | null = null;
	getElementsMap(doc).observeDeep((_, transaction) => {
		if (!transaction.local && react) {
			const run = react;
			react = null;
			run(doc);
		}
	});
	const index = withIndex ? new ElementIndex(doc) : undefined;
	// Counts the questions the index answered, so the test knows the commands did use it.
	const answered = { count: 0 };
	const lookup: ElementLookup | undefined = index && {
		isCurrent: (d) => index.isCurrent(d),
		get: (id) => (answered.count++, index.get(id)),
		topIndex: () => (answered.count++, index.topIndex()),
		bottomIndex: () => (answered.count++, index.bottomIndex()),
		frames: () => (answered.count++, index.frames()),
		childrenOfAny: (ids) => (answered.count++, index.childrenOfAny(ids)),
		connectorsOnAny: (ids) => (answered.count++, index.connectorsOnAny(ids))
	};
	return {
		doc,
		remote,
		index,
		flush,
		lookup,
		answered,
		armObserver(run: (doc: Y.Doc) => void) {
			react = run;
		}
	};
}
type World = ReturnType<typeof world>;

/** Ids come from crypto.getRandomValues: both worlds draw the same ones, step by step. */
let idStream = prng(0);
beforeEach(() => {
	vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
		const bytes = array as unknown as Uint8Array;
		for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(idStream() * 256);
		return array;
	});
});
afterEach(() => vi.restoreAllMocks());

describe('commands over an ElementIndex or a scan of the doc', () => {
	it('leave identical documents after random commands, nested ones, remote edits and commands run by observers', () => {
		let nested = 0;
		let observed = 0;
		let frames = 0;
		let answered = 0;
		for (const seed of [1, 2, 3, 4]) {
			const worlds = [world(seed, false), world(seed, true)];
			const random = prng(seed * 7919);
			const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
			const coord = () => Math.round(random() * 1600);

			/** One command on `doc`, its arguments drawn from `random` (the same in both worlds): returns what it returned. */
			type Command = (doc: Y.Doc, lookup: ElementLookup | undefined) => unknown;
			function drawCommand(all: readonly Element[]): Command {
				const boxes = all.filter(isBox);
				const notes = boxes.filter((b) => b.kind !== 'frame');
				const frameEls = boxes.filter((b) => b.kind === 'frame');
				const roll = random();
				if (roll < 0.22 || boxes.length < 3) {
					const [x, y] = [coord(), coord()];
					return (doc, lookup) => createElement(doc, { kind: 'note', x, y, text: 'n' }, LOCAL, rules, lookup);
				}
				if (roll < 0.28) {
					const [x, y, template] = [coord(), coord(), random() < 0.6 ? 'loop' : null];
					return (doc, lookup) => createElement(doc, { kind: 'frame', x, y, w: 700, h: 500, title: 'f', template }, LOCAL, rules, lookup);
				}
				if (roll < 0.4) {
					const [from, to] = [pick(boxes).id, pick(boxes).id];
					return (doc, lookup) => createElement(doc, { kind: 'connector', from, to }, LOCAL, rules, lookup);
				}
				if (roll < 0.55) {
					const ids = [pick(boxes).id, ...(random() < 0.3 ? [pick(boxes).id] : [])];
					const [dx, dy] = [Math.round(random() * 900 - 450), Math.round(random() * 900 - 450)];
					return (doc, lookup) => moveBy(doc, ids, dx, dy, LOCAL, rules, lookup);
				}
				if (roll < 0.62 && frameEls.length > 0) {
					const ids = [pick(frameEls).id, ...(random() < 0.4 ? [pick(notes.length ? notes : boxes).id] : [])];
					const [dx, dy] = [Math.round(random() * 700 - 350), Math.round(random() * 700 - 350)];
					return (doc, lookup) => moveBy(doc, ids, dx, dy, LOCAL, rules, lookup);
				}
				if (roll < 0.7) {
					const ids = [pick(all).id, ...(random() < 0.3 ? [pick(all).id] : [])];
					return (doc, lookup) => deleteElements(doc, ids, LOCAL, lookup);
				}
				if (roll < 0.78) {
					const ids = [pick(all).id, pick(all).id];
					const front = random() < 0.5;
					return (doc, lookup) => (front ? bringToFront : sendToBack)(doc, ids, LOCAL, lookup);
				}
				if (roll < 0.86) {
					const ids = [pick(boxes).id, pick(boxes).id, pick(boxes).id];
					return (doc, lookup) => duplicate(doc, ids, { by: 'p1', rules, elements: lookup });
				}
				const ids = [pick(all).id, pick(all).id];
				const [dx, dy] = [Math.round(random() * 800 - 400), Math.round(random() * 800 - 400)];
				return (doc, lookup) => {
					const copied = selectionWithContents(doc, ids, lookup);
					return [copied, insertCopies(doc, copied, dx, dy, { rules, elements: lookup })];
				};
			}

			/** Runs `each` in both worlds with the same ids drawn, and checks they returned and hold the same. */
			function inBoth(step: number, each: (w: World) => unknown) {
				const results = worlds.map((w) => {
					idStream = prng(seed * 100_003 + step);
					try {
						return each(w);
					} catch (error) {
						return `threw ${(error as Error).message}`;
					}
				});
				expect(JSON.stringify(results[1])).toBe(JSON.stringify(results[0]));
				expect(stored(worlds[1].doc)).toBe(stored(worlds[0].doc));
				expect(stored(worlds[1].remote)).toBe(stored(worlds[0].remote));
			}

			for (let step = 0; step < 150; step++) {
				const all = readElements(worlds[0].doc);
				const roll = random();
				if (roll < 0.55) {
					const command = drawCommand(all);
					inBoth(step, (w) => command(w.doc, w.lookup));
				} else if (roll < 0.7) {
					// Several commands in one outer transaction (a template's seeding, a binding's action): each
					// must see what the ones before it wrote, which the index holds only after the transaction.
					const commands = [drawCommand(all), drawCommand(all), drawCommand(all)];
					nested++;
					inBoth(step, (w) => w.doc.transact(() => commands.map((c) => c(w.doc, w.lookup)), LOCAL));
				} else if (roll < 0.82) {
					const command = drawCommand(readElements(worlds[0].remote));
					inBoth(step, (w) => command(w.remote, undefined));
				} else if (roll < 0.9) {
					// A command run by an observer of a remote change (a new note on top), before the index has it.
					const command = drawCommand(all);
					const [x, y] = [coord(), coord()];
					observed++;
					inBoth(step, (w) => {
						w.flush();
						createElement(w.remote, { kind: 'note', x, y, text: 'remote' }, LOCAL, rules);
						w.armObserver((doc) => command(doc, w.lookup));
						w.flush();
					});
				} else {
					inBoth(step, (w) => w.flush());
				}
			}
			inBoth(1_000_000, (w) => w.flush());
			expect(readElements(worlds[0].doc)).toEqual(readElements(worlds[0].remote));
			expect(worlds[1].index!.all()).toEqual(readElements(worlds[1].doc));
			frames += readElements(worlds[0].doc).filter((e) => e.kind === 'frame').length;
			answered += worlds[1].answered.count;
		}
		// The runs did what they are for.
		expect(nested).toBeGreaterThan(20);
		expect(observed).toBeGreaterThan(10);
		expect(frames).toBeGreaterThan(0);
		expect(answered).toBeGreaterThan(500);
	});

	it('a scan and a current index answer alike', () => {
		const { docs } = createPeers(1);
		const [doc] = docs;
		const index = new ElementIndex(doc);
		const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 800, h: 600, title: 'f' });
		const a = createElement(doc, { kind: 'note', x: 10, y: 10 });
		const b = createElement(doc, { kind: 'note', x: 2000, y: 10 });
		createElement(doc, { kind: 'connector', from: a, to: b });
		const scan = scanElements(doc);
		expect(index.isCurrent(doc)).toBe(true);
		for (const look of [index, scan]) {
			expect(look.topIndex()).toBe(readElements(doc).at(-1)!.index);
			expect(look.bottomIndex()).toBe(readElements(doc)[0].index);
		}
		expect(index.frames()).toEqual(scan.frames());
		expect(index.childrenOfAny(new Set([frame]))).toEqual(scan.childrenOfAny(new Set([frame])));
		expect(index.connectorsOnAny(new Set([a, b]))).toEqual(scan.connectorsOnAny(new Set([a, b])));
		// Inside a transaction the index lags: it says so.
		doc.transact(() => expect(index.isCurrent(doc)).toBe(false));
		expect(index.isCurrent(createPeers(1).docs[0])).toBe(false);
	});
});
