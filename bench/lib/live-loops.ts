/**
 * bench/loops.ts, part 1: the main thread's work for the loops after each change to a big diagram, with
 * the live memo (live.ts) and, in the same run, with the analysis redone from scratch by each consumer.
 */
import { loadavg } from 'node:os';
import type { Connector, Element, Frame, Item } from '../../src/lib/doc/schema.js';
import { contentsOf } from '../../src/lib/templates/kit/model.js';
import { analyse } from '../../src/lib/templates/causal-loop/analysis.js';
import { analysisFor } from '../../src/lib/templates/causal-loop/describe.js';
import { liveAnalysis } from '../../src/lib/templates/causal-loop/live.js';
import { diagramMarks } from '../../src/lib/templates/causal-loop/marks.js';
import { liveMarks } from '../../src/lib/templates/causal-loop/live-marks.js';
import { mulberry32, randomGraph } from '../../src/lib/templates/causal-loop/test-graphs.js';

const SIZES: [number, number][] = [
	[200, 600],
	[2000, 10000]
];
/** Changes of each kind timed per size and way. */
const CHANGES = 40;
const KINDS = ['move a variable', 'draw a link', 'switch a sign', 'rename a variable'] as const;
type Kind = (typeof KINDS)[number];

const quantile = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (x: number) => x.toFixed(1);

/** A diagram laid out on a grid inside its frame, as elements of the board. */
export function board(nodes: number, links: number): Element[] {
	const graph = randomGraph(mulberry32(nodes * 7 + links), nodes, links);
	const columns = Math.ceil(Math.sqrt(nodes * 2));
	const rows = Math.ceil(nodes / columns);
	const frame = {
		kind: 'frame',
		id: `frame${nodes}`,
		template: 'causal-loop',
		title: 'Loops',
		index: 'a0',
		data: {},
		x: 0,
		y: 0,
		w: columns * 300 + 100,
		h: rows * 160 + 100
	} as unknown as Frame;
	const items = graph.nodes.map(
		(id, i) =>
			({
				kind: 'item',
				template: 'causal-loop',
				type: 'variable',
				id,
				index: 'a1',
				text: `Variable ${i}`,
				data: {},
				parent: frame.id,
				x: 50 + (i % columns) * 300,
				y: 50 + Math.floor(i / columns) * 160,
				w: 220,
				h: 84
			}) as unknown as Item
	);
	const connectors = graph.edges.map(
		(e) =>
			({
				kind: 'connector',
				id: e.id,
				index: 'a2',
				from: e.from,
				to: e.to,
				label: '',
				data: { template: 'causal-loop', polarity: e.polarity, delay: e.delay }
			}) as unknown as Connector
	);
	return [frame, ...items, ...connectors];
}

/** The board after one change of `kind`: a new array, new objects only for what changed (as the element index gives). */
export function change(elements: Element[], kind: Kind, random: () => number, n: number): Element[] {
	const variables = elements.filter((e): e is Item => e.kind === 'item');
	const links = elements.filter((e): e is Connector => e.kind === 'connector');
	const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
	const replace = (old: Element, next: Element) => elements.map((e) => (e === old ? next : e));
	switch (kind) {
		case 'move a variable': {
			const v = pick(variables);
			return replace(v, { ...v, x: v.x + 10 });
		}
		case 'rename a variable': {
			const v = pick(variables);
			return replace(v, { ...v, text: `${v.text} (${n})` });
		}
		case 'switch a sign': {
			const l = pick(links);
			return replace(l, { ...l, data: { ...l.data, polarity: l.data.polarity === '+' ? '-' : '+' } });
		}
		case 'draw a link': {
			const [a, b] = [pick(variables), pick(variables)];
			const link = {
				kind: 'connector',
				id: `n${Math.floor(random() * 1e9).toString(36)}${n}`,
				index: 'a3',
				from: a.id,
				to: b.id,
				label: '',
				data: { template: 'causal-loop', polarity: '+', delay: false }
			} as unknown as Connector;
			return [...elements, link];
		}
	}
}

/**
 * What the main thread does for the loops after a change: the canvas labels, the open panel, the open
 * outline. With the live analysis the three read the frame's contents as the board hands them out, one pair
 * of lists per change (`ElementIndex.contentsOf`: the same filter over the board's elements in z-order, done
 * here once, inside the timed task); from scratch, each picks them out of the board itself, as before.
 */
export function afterChange(elements: Element[], live: boolean): void {
	const frame = elements[0] as Frame;
	const byId = new Map(elements.map((e) => [e.id, e]));
	const c = process.cpuUsage();
	const t = performance.now();
	if (live) {
		const shared = contentsOf(frame, elements);
		liveMarks(shared, liveAnalysis(shared));
		liveAnalysis(shared);
		analysisFor(frame, byId, shared);
	} else {
		const canvas = contentsOf(frame, elements);
		diagramMarks(canvas, analyse(canvas));
		analyse(contentsOf(frame, elements));
		analyse(contentsOf(frame, [...byId.values()]));
	}
	const wall = performance.now() - t;
	const used = process.cpuUsage(c);
	times.wall.push(wall);
	times.cpu.push((used.user + used.system) / 1000);
}
const times = { wall: [] as number[], cpu: [] as number[] };

export function liveLoopsBench(): void {
	const rows: string[][] = [];
	for (const [nodes, links] of SIZES) {
		for (const live of [true, false]) {
			const random = mulberry32(nodes + links);
			let elements = board(nodes, links);
			// The board opening: the first analysis (not a change), then a warm-up round.
			times.wall = [];
			times.cpu = [];
			afterChange(elements, live);
			const first = times.wall[0];
			for (const kind of KINDS) elements = change(elements, kind, random, -1);
			for (const kind of KINDS) {
				times.wall = [];
				times.cpu = [];
				for (let i = 0; i < CHANGES; i++) {
					elements = change(elements, kind, random, i);
					afterChange(elements, live);
				}
				rows.push([
					`${nodes} / ${links}`,
					live ? 'live (this branch)' : 'from scratch ×3',
					kind,
					`${ms(quantile(times.wall, 0.5))} / ${ms(quantile(times.wall, 0.95))} / ${ms(Math.max(...times.wall))}`,
					`${ms(quantile(times.cpu, 0.5))} / ${ms(quantile(times.cpu, 0.95))} / ${ms(Math.max(...times.cpu))}`,
					kind === KINDS[0] ? ms(first) : ''
				]);
			}
		}
	}
	const header = ['variables / links', 'analysis', 'change', 'task wall p50 / p95 / max ms', 'task CPU p50 / p95 / max ms', 'opening ms'];
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	console.log(
		`Loops as people draw: the main thread's work for the loops after each change (canvas labels + panel + outline), ${CHANGES} changes of each kind; load average ${loadavg()[0].toFixed(1)}`
	);
	console.log(line(header));
	console.log(line(widths.map((w) => '-'.repeat(w))));
	for (const r of rows) console.log(line(r));
	console.log('');
}
