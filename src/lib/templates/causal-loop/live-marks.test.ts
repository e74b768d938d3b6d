import { describe, expect, it } from 'vitest';
import type { Connector, Element, Frame, Item, JsonValue } from '$lib/doc/schema.js';
import { contentsOf } from '../kit/model.js';
import { analyse } from './analysis.js';
import { changesBetween, liveMarks } from './live-marks.js';
import { liveAnalysis } from './live.js';
import { diagramMarks } from './marks.js';
import { mulberry32, randomGraph, loopFrame, loopVariable as variable, loopLink as link } from './test-graphs.js';

const frameOf = (id: string) => loopFrame(id, {}, 3000, 2000);
const note = (id: string, parent: string, x: number, y: number) =>
	({ kind: 'note', id, index: 'a1', text: 'note', color: 'yellow', parent, x, y, w: 200, h: 160 }) as unknown as Element;
/**
 * One random edit, as the element index gives it (a new array, new objects only for what changed), of every
 * kind the labels can or cannot care about: variables and notes added, removed, moved near or far, resized,
 * renamed, turned into a note; links drawn (self-links and contested pairs too), deleted, re-signed,
 * re-attached; an element brought to the front; the frame moved or resized; a loop named.
 */
function edit(elements: Element[], random: () => number, step: number): Element[] {
	const frame = elements[0] as Frame;
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
	const boxes = elements.filter((e) => e.kind === 'item' || e.kind === 'note') as Item[];
	const links = elements.filter((e): e is Connector => e.kind === 'connector');
	const replace = (old: Element, next: Element) => elements.map((e) => (e === old ? next : e));
	const somewhere = () => ({ x: random() * (frame.w - 220), y: random() * (frame.h - 84) });
	const r = random();
	if (boxes.length < 3 || r < 0.06) {
		const { x, y } = somewhere();
		return [...elements, variable(`v${step}`, pick(['A', 'B', 'C']), frame.id, x, y)];
	}
	if (r < 0.08) return [...elements, note(`n${step}`, frame.id, somewhere().x, somewhere().y)];
	if (r < 0.11) return elements.filter((e) => e !== pick(boxes));
	if (r < 0.4) {
		const v = pick(boxes);
		const far = random() < 0.3;
		return replace(v, { ...v, ...(far ? somewhere() : { x: v.x + (random() - 0.5) * 80, y: v.y + (random() - 0.5) * 80 }) });
	}
	if (r < 0.44) {
		const v = pick(boxes);
		return replace(v, { ...v, w: 100 + random() * 400, h: 60 + random() * 200 });
	}
	if (r < 0.5) {
		const v = pick(boxes);
		return replace(v, { ...v, text: `${v.text}.` } as Element);
	}
	if (r < 0.52) {
		const v = pick(boxes);
		return replace(
			v,
			v.kind === 'item' ? ({ ...v, kind: 'note', color: 'yellow' } as unknown as Element) : variable(v.id, 'N', frame.id, v.x, v.y)
		);
	}
	if (r < 0.7) {
		const [a, b] = [pick(boxes), pick(boxes)];
		return [...elements, link(`l${step}`, a.id, random() < 0.05 ? a.id : b.id, pick<JsonValue>(['+', '-', '+', null]))];
	}
	if (r < 0.73) {
		const at = 1 + Math.floor(random() * (elements.length - 1));
		return [...elements.slice(0, at), ...elements.slice(at + 1), elements[at]];
	}
	if (r < 0.75) return replace(frame, { ...frame, x: frame.x + 20, w: frame.w - 10 * random() });
	if (r < 0.77) {
		// A loop named (or renamed): its label gets a name under it, which takes room.
		const loops = analyse(contentsOf(frame, elements)).loops;
		if (loops.length === 0) return elements;
		const loop = pick(loops);
		const name = pick(['Growth', 'A much longer name for this loop', 'Brake']);
		return replace(frame, { ...frame, data: { loopNames: { [loop.key]: { name, members: loop.memberNames } } } });
	}
	if (links.length === 0) return elements;
	const l = pick(links);
	if (r < 0.85) return elements.filter((e) => e !== l);
	if (r < 0.95) return replace(l, { ...l, data: { ...l.data, polarity: l.data.polarity === '+' ? '-' : '+' } });
	return replace(l, { ...l, to: pick(boxes).id });
}

describe(liveMarks, () => {
	it('places the same labels and warnings as diagramMarks, after every step of random edits', () => {
		const random = mulberry32(1506);
		let kept = 0;
		let steps = 0;
		for (let run = 0; run < 20; run++) {
			// Some frames spread the variables far apart, so a loop's members are often far from its centre.
			const frame = { ...frameOf(`marks${run}`), w: 3000 + (run % 3) * 4000, h: 2000 + (run % 3) * 2500 };
			const graph = randomGraph(random, 6 + Math.floor(random() * 16), 8 + Math.floor(random() * 30));
			let elements: Element[] = [
				frame,
				...graph.nodes.map((id, i) => variable(id, `V${i}`, frame.id, random() * (frame.w - 300), random() * (frame.h - 100))),
				...graph.edges.map((e) => link(e.id, e.from, e.to, e.polarity))
			];
			let last = null as ReturnType<typeof liveMarks> | null;
			for (let step = 0; step < 80; step++) {
				if (random() > 0.1) elements = edit(elements, random, step);
				const current = elements.find((e) => e.kind === 'frame') as Frame;
				const contents = contentsOf(current, elements);
				const analysis = liveAnalysis(contents);
				const live = liveMarks(contents, analysis);
				// Asked again with the same lists (a redraw on the same change): the same marks.
				expect(liveMarks(contents, analysis)).toEqual(live);
				const fresh = diagramMarks(contents, analyse(contents));
				expect({ labels: live.labels, warnings: live.warnings }, `run ${run} step ${step}`).toEqual({
					labels: fresh.labels,
					warnings: fresh.warnings
				});
				if (last && live.labels === last.labels) kept++;
				last = live;
				steps++;
			}
		}
		// Both ways were taken often: labels kept as they were, and placed again.
		expect(kept).toBeGreaterThan(steps / 10);
		expect(kept).toBeLessThan(steps * 0.9);
	}, 60_000);
});

describe(changesBetween, () => {
	const el = (id: string, v = 0) => ({ id, v });
	it('finds what was removed, added, replaced and moved, and gives up past its limit', () => {
		const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => el(id));
		const known = new Map([a, b, c, d].map((x) => [x.id, x]));
		const c2 = el('c', 1);
		expect(changesBetween([a, b, c, d], [a, c2, d, el('e')], known, 8)).toEqual({ removed: [b], added: [el('e')], replaced: [[c, c2]] });
		expect(changesBetween([a, b, c, d], [b, c, d, a], known, 8)).toEqual({ removed: [], added: [], replaced: [[a, a]] });
		expect(changesBetween([a, b, c, d], [d, a, b, c], known, 8)).toEqual({
			removed: [],
			added: [],
			replaced: [
				[a, a],
				[b, b],
				[c, c]
			]
		});
		expect(changesBetween([a, b, c, d], [a, b], known, 8)).toEqual({ removed: [c, d], added: [], replaced: [] });
		expect(changesBetween([a, b, c, d], [a, b, c, d], known, 0)).toEqual({ removed: [], added: [], replaced: [] });
		expect(changesBetween([a, b, c, d], [], known, 3)).toBeNull();
	});
});
