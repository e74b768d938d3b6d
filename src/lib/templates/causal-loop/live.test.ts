import { describe, expect, it } from 'vitest';
import type { Connector, Element, Frame, Item, JsonValue } from '$lib/doc/schema.js';
import { contentsOf } from '../kit/model.js';
import { analyse, type Analysis } from './analysis.js';
import { liveAnalysis } from './live.js';
import { describe as describeElement } from './describe.js';
import { diagramMarks } from './marks.js';
import { placeLoopLabels } from './layout.js';
import { CURVE, curvedLink } from './style.js';
import { selfLoopCurve } from '$lib/shared/geometry.js';
import { mulberry32, randomGraph, plainAnalysis as plain, loopFrame as frameOf, loopVariable, loopLink as link } from './test-graphs.js';

const variable = (id: string, text: string, parent: string) => loopVariable(id, text, parent);

/**
 * One random edit, as the element index gives it: a new array, a new object only for what changed. Every
 * kind of change the analysis can or cannot care about: variables added, removed, renamed (or given the
 * same text again), moved; links drawn (also repeats, self-links, either sign or none, and plain
 * connectors), deleted, re-signed, delayed, relabelled; loop names set.
 */
function edit(elements: Element[], random: () => number, step: number, frameId: string): Element[] {
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
	const variables = elements.filter((e): e is Item => e.kind === 'item');
	const links = elements.filter((e): e is Connector => e.kind === 'connector');
	const replace = (old: Element, next: Element) => elements.map((e) => (e === old ? next : e));
	const r = random();
	if (variables.length < 2 || r < 0.12) return [...elements, variable(`v${step}`, pick(['A', 'B', 'C', 'D  e', 'F']), frameId)];
	if (r < 0.17) return elements.filter((e) => e !== pick(variables));
	if (r < 0.27) {
		const v = pick(variables);
		return replace(v, { ...v, text: random() < 0.3 ? v.text : pick(['A', 'B', 'C', 'G', ' A ']) });
	}
	if (r < 0.42) {
		const v = pick(variables);
		return replace(v, { ...v, x: v.x + 10, data: { ...v.data } });
	}
	if (r < 0.65) {
		const [a, b] = [pick(variables), pick(variables)];
		const polarity = pick<JsonValue>(['+', '-', '+', '-', null]);
		const next = link(`l${step}`, a.id, random() < 0.05 ? a.id : b.id, polarity, random() < 0.2);
		if (random() < 0.1) next.data = {};
		return [...elements, next];
	}
	if (links.length === 0) return elements;
	const l = pick(links);
	if (r < 0.72) return elements.filter((e) => e !== l);
	if (r < 0.84) return replace(l, { ...l, data: { ...l.data, polarity: l.data.polarity === '+' ? '-' : '+' } });
	if (r < 0.9) return replace(l, { ...l, data: { ...l.data, delay: !l.data.delay } });
	if (r < 0.95) return replace(l, { ...l, label: `${l.label}!` });
	const frame = elements[0] as Frame;
	const some = variables.slice(0, 2).map((v) => v.text);
	return replace(frame, {
		...frame,
		data: { loopNames: { [`${variables[0].id}>${variables[1].id}`]: { name: `Loop ${step}`, members: some } } }
	});
}

describe(liveAnalysis, () => {
	it('is what a fresh analysis gives, after every step of random edits on two frames at once', () => {
		const random = mulberry32(20261206);
		let kept = 0;
		for (let run = 0; run < 30; run++) {
			let left: Element[] = [frameOf(`left${run}`)];
			let right: Element[] = [frameOf(`right${run}`)];
			let previous: Analysis | null = null;
			for (let step = 0; step < 120; step++) {
				left = edit(left, random, step, left[0].id);
				if (step % 3 === 0) right = edit(right, random, step, right[0].id);
				for (const elements of [left, right]) {
					const contents = contentsOf(elements[0] as Frame, elements);
					const live = liveAnalysis(contents);
					expect(plain(live), `run ${run} step ${step}`).toEqual(plain(analyse(contents)));
					// The next view on the same change, handed the same lists by the board.
					expect(liveAnalysis(contents)).toBe(live);
					if (elements === left) {
						if (live === previous) kept++;
						previous = live;
					}
				}
			}
		}
		// The memo did keep analyses (moves, labels, no-op renames), so the comparison above covered that path.
		expect(kept).toBeGreaterThan(300);
	}, 30_000);

	it('keeps the graph of a big diagram up to date through random edits, reorders and repeats, as a fresh analysis', () => {
		const random = mulberry32(15);
		for (let run = 0; run < 4; run++) {
			const frame = frameOf(`big${run}`);
			const graph = randomGraph(random, 30, 45);
			let elements: Element[] = [
				frame,
				...graph.nodes.map((id, i) => variable(id, `V${i % 7}`, frame.id)),
				...graph.edges.map((e) => link(e.id, e.from, e.to, e.polarity, e.delay))
			];
			for (let step = 0; step < 100; step++) {
				const r = random();
				if (r < 0.15 && elements.length > 2) {
					// Brought to the front: the same elements in another order (the memo's check by position fails).
					const at = 1 + Math.floor(random() * (elements.length - 1));
					elements = [...elements.slice(0, at), ...elements.slice(at + 1), elements[at]];
				} else if (r < 0.2) {
					// The same contents handed out again, as the next view on the same change does.
				} else elements = edit(elements, random, step, frame.id);
				const contents = contentsOf(frame, elements);
				expect(plain(liveAnalysis(contents)), `run ${run} step ${step}`).toEqual(plain(analyse(contents)));
			}
		}
	});

	it('keeps the analysis while variables move, and redoes it when a sign changes', () => {
		const frame = frameOf('keep');
		const [a, b] = [variable('va', 'Exclusions', 'keep'), variable('vb', 'Spend on AP', 'keep')];
		const ab = link('lab', 'va', 'vb', '+');
		const elements: Element[] = [frame, a, b, ab, link('lba', 'vb', 'va', '-')];
		const first = liveAnalysis(contentsOf(frame, elements));
		expect(first.loops.map((l) => l.code)).toEqual(['B1']);
		const moved = elements.map((e) => (e === a ? { ...a, x: 900 } : e));
		expect(liveAnalysis(contentsOf(frame, moved))).toBe(first);
		const flipped = moved.map((e) => (e === ab ? link('lab', 'va', 'vb', '-') : e));
		expect(liveAnalysis(contentsOf(frame, flipped)).loops.map((l) => l.code)).toEqual(['R1']);
	});

	it('tells the outline in plain words when there are more loops than it can list', () => {
		const frame = frameOf('dense');
		// A complete digraph on 12 variables: hundreds of millions of loops.
		const graph = randomGraph(mulberry32(7), 12, 132);
		const elements: Element[] = [
			frame,
			...graph.nodes.map((id) => variable(id, id, 'dense')),
			...graph.edges.map((e) => link(e.id, e.from, e.to, e.polarity))
		];
		const byId = new Map(elements.map((e) => [e.id, e]));
		expect(liveAnalysis(contentsOf(frame, elements)).complete).toBe(false);
		expect(describeElement(frame, { byId, frame })).toMatch(
			/^Causal-loop diagram with 12 variables, 132 signed links and more loops than Convene can list while you draw \(the first \d+ found: /
		);
		const small = [
			frame,
			variable('va', 'A', 'dense'),
			variable('vb', 'B', 'dense'),
			link('l1', 'va', 'vb', '+'),
			link('l2', 'vb', 'va', '+')
		];
		expect(describeElement(frame, { byId: new Map(small.map((e) => [e.id, e])), frame })).toBe(
			'Causal-loop diagram with 2 variables, 2 signed links and 1 loop (1 reinforcing, 0 balancing)'
		);
	});

	it('places loop labels as if the sign of every link were an obstacle, though it works out only those near a label', () => {
		const random = mulberry32(44);
		for (let run = 0; run < 40; run++) {
			const frame = { ...frameOf(`place${run}`), w: 1200 + random() * 3000, h: 900 + random() * 2000 };
			const graph = randomGraph(random, 4 + Math.floor(random() * 40), Math.floor(random() * 120));
			const variables = graph.nodes.map((id) => ({
				...variable(id, id, frame.id),
				x: random() * (frame.w - 220),
				y: random() * (frame.h - 84)
			}));
			const links = graph.edges.map((e) => link(e.id, e.from, random() < 0.03 ? e.from : e.to, e.polarity));
			const contents = contentsOf(frame, [frame, ...variables, ...links]);
			const analysis = analyse(contents);
			const boxes = new Map(variables.map((v) => [v.id, v]));
			const signs = links.map((l) => {
				const [a, b] = [boxes.get(l.from)!, boxes.get(l.to)!];
				const mid = a === b ? selfLoopCurve(a).mid : curvedLink(a, b, CURVE).mid;
				return { x: mid.x - 22, y: mid.y - 22, w: 44, h: 44 };
			});
			expect(diagramMarks(contents, analysis).labels, `run ${run}`).toEqual(placeLoopLabels(analysis.loops, boxes, frame, signs));
		}
	});
});
