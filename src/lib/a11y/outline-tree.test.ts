import { describe, expect, it } from 'vitest';
import { createPeers } from '$lib/doc/test-peers.js';
import { ElementIndex } from '$lib/doc/element-index.js';
import { bringToFront, createElement, deleteElements, moveBy, sendToBack, setData, setText, updateElement } from '$lib/doc/commands.js';
import { isBox, type BoxElement, type Element } from '$lib/doc/schema.js';
import { addExercise } from '$lib/templates/kit/seed.js';
import { TEMPLATE_MODELS } from '$lib/templates/models.js';
import { outlineRows, type OutlineRow, type RowOptions } from './outline-rows.js';
import { OutlineTree } from './outline-tree.js';
import { seededRandom as prng } from '$lib/shared/seeded-random.js';

/** Rows with their labels as own properties (an exercise's rows make theirs when read), to compare whole. */
const plain = (rows: readonly OutlineRow[]) => rows.map((r) => ({ ...r, label: r.label }));

describe(OutlineTree, () => {
	it('gives the rows outlineRows gives afresh after every step of random edits from two peers, and the same rows when none reads differently', () => {
		let kept = 0;
		let relabelled = 0;
		for (const seed of [1, 2, 3]) {
			const random = prng(seed);
			const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
			const { docs, flush } = createPeers(2, seed);
			const indexes = docs.map((doc) => new ElementIndex(doc));
			// One tree per way of looking: everything open, a closed group, a search.
			const views: { options: () => RowOptions }[] = [
				{ options: () => ({}) },
				{ options: () => ({ collapsed: closed }) },
				{ options: () => ({ query: 'n1' }) }
			];
			let closed = new Set<string>(['group:loose']);
			const trees = indexes.map((index) => views.map(() => new OutlineTree(index)));
			const before = trees.map((perDoc) =>
				perDoc.map((tree, v) => ({ rows: tree.rows(views[v].options()), version: tree.version, closed }))
			);
			const check = (d: number) => {
				const expected = views.map((view) => outlineRows(indexes[d].all(), view.options()));
				trees[d].forEach((tree, v) => {
					const rows = tree.rows(views[v].options());
					expect(plain(rows)).toEqual(plain(expected[v]));
					if (tree.version === before[d][v].version && closed === before[d][v].closed) {
						// Nothing read differently: the same array, its rows' elements refreshed in place.
						expect(rows).toBe(before[d][v].rows);
						kept++;
					}
					before[d][v] = { rows, version: tree.version, closed };
				});
			};
			for (let step = 0; step < 120; step++) {
				const d = Math.floor(random() * docs.length);
				const doc = docs[d];
				const all: Element[] = indexes[d].all();
				const boxes = all.filter(isBox);
				const notes = boxes.filter((b): b is BoxElement => b.kind !== 'frame');
				const frames = boxes.filter((b) => b.kind === 'frame');
				// Every other stretch of 20 steps only moves, renames and recolours (no adds or deletes, which build
				// the tree again), so that patches pile up on patches.
				const roll = step % 40 >= 20 && notes.length >= 3 ? 0.29 + random() * 0.43 : random();
				const versions = trees[d].map((t) => t.version);
				try {
					if (roll < 0.16 || notes.length < 3) {
						// A dense grid, so that notes share rows of the reading order and nudges pass their neighbours.
						createElement(doc, { kind: 'note', x: Math.round(random() * 24) * 50, y: Math.round(random() * 12) * 40, text: `n${step}` });
					} else if (roll < 0.19) {
						createElement(doc, {
							kind: 'frame',
							x: Math.round(random() * 1200),
							y: Math.round(random() * 500),
							w: 500,
							h: 300,
							title: `f${step}`
						});
					} else if (roll < 0.21) {
						addExercise(doc, pick(TEMPLATE_MODELS), { example: true, at: { x: Math.round(random() * 3000), y: 1000 } });
					} else if (roll < 0.29) {
						createElement(doc, { kind: 'connector', from: pick(boxes).id, to: pick(boxes).id, label: random() < 0.5 ? `l${step}` : '' });
					} else if (roll < 0.5) {
						// Small nudges (most keep their place in the reading order), onto another note (a tie, ordered by
						// z-order), and the odd long move.
						const [moving, onto] = [pick(notes), pick(notes)];
						const way = random();
						const [dx, dy] =
							way < 0.7
								? [pick([-60, -40, -8, 8, 40, 60]), pick([0, 0, 8, -8, 24])]
								: way < 0.85
									? [onto.x - moving.x, onto.y - moving.y]
									: [Math.round(random() * 1200 - 600), Math.round(random() * 1200 - 600)];
						moveBy(doc, [moving.id], dx, dy);
					} else if (roll < 0.53) {
						// Several at once (frames too, outside the quiet stretches).
						const from = step % 40 >= 20 ? notes : boxes;
						moveBy(doc, [pick(from).id, pick(from).id, pick(from).id], pick([-60, 40, 60]), pick([0, 8]));
					} else if (roll < 0.63) {
						const target = pick(notes);
						if (target.kind !== 'frame') setText(doc, target.id, random() < 0.5 ? `n1 t${step}` : `t${step}`);
					} else if (roll < 0.66 && frames.length) {
						updateElement(doc, pick(frames).id, { title: `g${step}` } as never);
					} else if (roll < 0.72) {
						const target = pick(notes);
						if (target.kind === 'note') updateElement(doc, target.id, { color: pick(['pink', 'blue', 'green'] as const) });
					} else if (roll < 0.78) {
						// Reparenting without moving: into a frame, under another box, or out of any.
						updateElement(doc, pick(notes).id, { parent: random() < 0.4 ? null : pick(boxes).id });
					} else if (roll < 0.84) {
						deleteElements(doc, [pick(all).id]);
					} else if (roll < 0.9) {
						(random() < 0.5 ? bringToFront : sendToBack)(doc, [pick(all).id]);
					} else if (roll < 0.95) {
						setData(doc, pick(all).id, { mark: step });
					} else {
						closed = new Set(random() < 0.5 ? ['group:links', ...frames.slice(0, 1).map((f) => f.id)] : ['group:loose']);
					}
				} catch {
					// A command may refuse (a connector to a shape deleted elsewhere); the rows must still match.
				}
				if (trees[d].every((t, v) => t.version !== versions[v])) relabelled++;
				check(d);
				if (random() < 0.3) {
					flush();
					docs.forEach((_, i) => check(i));
				}
			}
			flush();
			docs.forEach((_, i) => check(i));
			for (const perDoc of trees) for (const tree of perDoc) tree.destroy();
			for (const index of indexes) index.destroy();
		}
		// The edits took both ways: changes that left the rows as they were, and changes that did not.
		expect(kept).toBeGreaterThan(100);
		expect(relabelled).toBeGreaterThan(100);
	}, 60_000);

	it('builds only the exercise that changed: the rows equal outlineRows afresh, and the other groups keep their row objects', () => {
		let spared = 0;
		for (const seed of [4, 5]) {
			const random = prng(seed);
			const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
			const { docs, flush } = createPeers(2, seed);
			const [doc] = docs;
			const loops = addExercise(
				doc,
				TEMPLATE_MODELS.find((m) => m.id === 'causal-loop')!,
				{ example: true, at: { x: 0, y: 0 } }
			);
			const other = addExercise(doc, pick(TEMPLATE_MODELS.filter((m) => m.id !== 'causal-loop')), { example: true, at: { x: 0, y: 3000 } });
			for (let i = 0; i < 6; i++) createElement(doc, { kind: 'note', x: 4000 + i * 50, y: 0, text: `loose ${i}` });
			flush();
			const indexes = docs.map((d) => new ElementIndex(d));
			const trees = indexes.map((index) => new OutlineTree(index));
			const last = trees.map((tree) => tree.rows());
			const topsOf = (rows: OutlineRow[]) => {
				const out = new Map<string, OutlineRow[]>();
				let key = '';
				for (const row of rows) {
					if (row.level === 1) out.set((key = row.key), []);
					out.get(key)!.push(row);
				}
				return out;
			};
			for (let step = 0; step < 80; step++) {
				const d = Math.floor(random() * docs.length);
				const index = indexes[d];
				const frame = random() < 0.75 ? loops : other;
				const { items, links } = index.contentsOf(frame);
				const roll = random();
				let inside = true;
				/** Whether every connection on `id` is one of the exercise's typed links. */
				const alone = (id: string) =>
					index
						.connectorsOn(id)
						.every((c) => c.kind === 'connector' && typeof c.data.template === 'string' && links.some((l) => l.id === c.id));
				try {
					if (roll < 0.2 || items.length < 3) {
						const box = pick(items.length ? items : [index.get(frame) as BoxElement]);
						createElement(docs[d], {
							kind: 'item',
							template: frame === loops ? 'causal-loop' : (index.get(frame) as { template: string }).template,
							type: frame === loops ? 'variable' : box.kind === 'item' ? box.type : 'card',
							text: `v${step}`,
							x: box.x + 30,
							y: box.y + pick([0, 40, 300]),
							w: 200,
							h: 80,
							parent: frame
						});
					} else if (roll < 0.4) {
						const [a, b] = [pick(items), pick(items)];
						createElement(docs[d], {
							kind: 'connector',
							from: a.id,
							to: b.id,
							data:
								frame === loops
									? { template: 'causal-loop', polarity: pick(['+', '-']) }
									: { template: (index.get(frame) as { template: string }).template }
						});
					} else if (roll < 0.55) setText(docs[d], pick(items).id, random() < 0.5 ? `renamed ${step}` : '');
					else if (roll < 0.7) {
						const moving = pick(items).id;
						moveBy(docs[d], [moving], pick([-40, 8, 60, 400]), pick([0, 8, 300]));
						// Out of its frame, it leaves the exercise (the whole tree is built again).
						inside = (index.get(moving) as BoxElement).parent === frame;
					} else if (roll < 0.78 && links.length) setData(docs[d], pick(links).id, { polarity: pick(['+', '-']) });
					else if (roll < 0.88) {
						const gone = pick([...items, ...links]).id;
						// Its plain connections go with it (the whole tree is built again).
						inside = alone(gone);
						deleteElements(docs[d], [gone]);
					} else if (roll < 0.94) {
						// Outside any one exercise: the whole tree is built again.
						inside = false;
						createElement(docs[d], { kind: 'connector', from: pick(items).id, to: pick(index.all().filter((e) => e.kind === 'note')).id });
					} else {
						inside = false;
						setText(docs[d], pick(index.all().filter((e) => e.kind === 'note')).id, `loose ${step}`);
					}
				} catch {
					// A command may refuse (an element deleted by the other peer); the rows must still match.
					inside = false;
				}
				const rows = trees[d].rows();
				expect(plain(rows)).toEqual(plain(outlineRows(index.all())));
				if (inside) {
					// Every group but the exercise changed is the same row objects as before.
					const [before, after] = [topsOf(last[d]), topsOf(rows)];
					for (const [key, was] of before) {
						if (key === frame || !after.has(key)) continue;
						expect(after.get(key)!.length).toBe(was.length);
						after.get(key)!.forEach((row, i) => expect(row, `step ${step} roll ${roll.toFixed(2)} group ${key}`).toBe(was[i]));
						spared += was.length;
					}
				}
				last[d] = rows;
				if (random() < 0.3) {
					flush();
					trees.forEach((tree, i) => {
						expect(plain((last[i] = tree.rows()))).toEqual(plain(outlineRows(indexes[i].all())));
					});
				}
			}
			for (const tree of trees) tree.destroy();
			for (const index of indexes) index.destroy();
		}
		expect(spared).toBeGreaterThan(500);
	}, 60_000);

	it('keeps the rows of a board when a note moves within its place, and relabels a note and its connections when its words change', () => {
		const { docs } = createPeers(1);
		const doc = docs[0];
		const a = createElement(doc, { kind: 'note', x: 0, y: 0, text: 'Parents feel unheard' });
		const b = createElement(doc, { kind: 'note', x: 400, y: 0, text: 'Waiting lists' });
		createElement(doc, { kind: 'connector', from: a, to: b });
		const index = new ElementIndex(doc);
		const tree = new OutlineTree(index);
		let told = 0;
		tree.onChange(() => told++);
		const rows = tree.rows();
		moveBy(doc, [a], 40, 0);
		expect(tree.rows()).toBe(rows);
		expect(told).toBe(0);
		expect(rows[1].element).toBe(index.get(a));
		setText(doc, a, 'Parents are heard');
		expect(told).toBe(1);
		expect(tree.rows().map((r) => r.label)).toEqual([
			'Not in a frame (2 items)',
			'Note, yellow: “Parents are heard”',
			'Note, yellow: “Waiting lists”',
			'Connections (1 item)',
			'Connection from “Parents are heard” to “Waiting lists”'
		]);
		moveBy(doc, [a], 600, 0);
		expect(told).toBe(2);
		expect(tree.rows().map((r) => r.element?.id ?? r.key)).toEqual(['group:loose', b, a, 'group:links', expect.any(String)]);
	});

	it('orders notes on the same spot by z-order, and sees a connection lose a hidden end that another person deleted', () => {
		const { docs, flush } = createPeers(2);
		const [one, two] = docs;
		const a = createElement(one, { kind: 'note', x: 0, y: 0, text: 'A' });
		const b = createElement(one, { kind: 'note', x: 400, y: 0, text: 'B' });
		// Under a note, not a frame: in no group of the outline, but a connection can still end on it.
		const hidden = createElement(one, { kind: 'note', x: 800, y: 0, text: 'Hidden', parent: b });
		flush();
		const index = new ElementIndex(one);
		const tree = new OutlineTree(index);
		const fresh = () => outlineRows(index.all());
		moveBy(one, [b], -400, 0);
		expect(plain(tree.rows())).toEqual(plain(fresh()));
		sendToBack(one, [b]);
		expect(plain(tree.rows())).toEqual(plain(fresh()));
		expect(
			tree
				.rows()
				.slice(1, 3)
				.map((r) => r.key)
		).toEqual([b, a]);
		createElement(one, { kind: 'connector', from: a, to: hidden });
		deleteElements(two, [hidden]);
		flush();
		expect(index.get(hidden)).toBeNull();
		expect(plain(tree.rows())).toEqual(plain(fresh()));
		expect(tree.rows().some((r) => r.key === 'group:links')).toBe(false);
	});
});
