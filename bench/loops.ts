/**
 * How long the causal-loop analysis takes on big diagrams, against a naive reference:
 *
 *   npm run bench:loops      (tsx bench/loops.ts)
 *
 * Part 1, "as people draw" (issue 15: no main-thread task for it over a 16 ms frame at 2,000 variables
 * and 10,000 links): a diagram laid out on a grid in its frame, as the board holds it (every element an
 * immutable object, a change replacing only what changed, as the element index does). For each kind of
 * change (a variable moved, a link drawn, a link's sign switched, a variable renamed), the main thread's
 * whole work for the loops after it: the frame's contents picked out of the board once (as the element
 * index hands them to every view, `ElementIndex.contentsOf`), the canvas's loop labels (`liveMarks` on the
 * live analysis), the open panel's analysis and the open outline's (`analysisFor` on a fresh snapshot),
 * timed together as one task, p50 / p95 / max over the changes, wall and CPU. The same changes are timed
 * with each of the three picking its contents and redoing the analysis from scratch (`analyse`, and
 * `diagramMarks` for the labels, as before the live memos), the anchor in the same run. A second table
 * times the same changes with the search and numbering in a worker (offthread.ts, the worker's half in a
 * Node worker thread): the main thread's task on the change and its task when the answer comes.
 *
 * Part 1c (bench/lib/outline-loops.ts; `BENCH_LOOPS=outline` runs it alone): the open outline's main-thread
 * work after one change inside the diagram, this checkout against `BENCH_BEFORE_DIR` (e.g. main) in one run.
 *
 * Part 2, the search itself: for random signed graphs (seeded, so every run measures the same graphs) it
 * times `analyse` and reports p50/p95 in ms and the loops found, up to 2,000 variables and 10,000 links.
 * It then enumerates every cycle two ways, Johnson's algorithm uncapped and the brute-force DFS the
 * property test uses as its oracle, on the sizes where they finish within a step budget, checks both find
 * the same loops and compares their times.
 */
import { loadavg } from 'node:os';
import type { Connector, Element, Frame, Item } from '../src/lib/doc/schema.js';
import { analyse, findLoops, loopKey } from '../src/lib/templates/causal-loop/analysis.js';
import { liveLoopsBench } from './lib/live-loops.js';
import { outlineLoopsBench } from './lib/outline-loops.js';
import { naiveCycles } from '../src/lib/templates/causal-loop/reference-cycles.js';
import { mulberry32, randomGraph } from '../src/lib/templates/causal-loop/test-graphs.js';
import type { Graph } from '../src/lib/templates/causal-loop/analysis.js';

const SIZES: [number, number][] = [
	[12, 24],
	[20, 40],
	[30, 50],
	[50, 150],
	[100, 300],
	[200, 600],
	[1000, 5000],
	[2000, 10000]
];
/** Sizes from this many variables on are not enumerated in full: no random graph this dense finishes. */
const FULL_UP_TO = 200;
const GRAPHS = 5;
const RUNS = 20;
/** Edge visits allowed to each full enumeration before it counts as "did not finish". */
const FULL_BUDGET = 20_000_000;

const quantile = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (x: number) => x.toFixed(x < 1 ? 3 : 1);

function contentsOf(graph: Graph) {
	const frame = { kind: 'frame', id: 'frame', data: {} } as unknown as Frame;
	const items = graph.nodes.map(
		(id) =>
			({
				kind: 'item',
				template: 'causal-loop',
				type: 'variable',
				id,
				text: id,
				data: {},
				parent: 'frame',
				x: 0,
				y: 0,
				w: 220,
				h: 84
			}) as unknown as Item
	);
	const links = graph.edges.map(
		(e) =>
			({
				kind: 'connector',
				id: e.id,
				from: e.from,
				to: e.to,
				label: '',
				data: { template: 'causal-loop', polarity: e.polarity, delay: e.delay }
			}) as unknown as Connector
	);
	return { frame, items, links } satisfies { frame: Frame; items: Element[]; links: Connector[] };
}

function time<T>(f: () => T): [T, number] {
	const t = performance.now();
	const out = f();
	return [out, performance.now() - t];
}

/** Wall time and this thread's CPU time (user + system), ms: on a shared machine the CPU time is the steadier. */
function timeBoth<T>(f: () => T): [T, number, number] {
	const c = process.cpuUsage();
	const [out, wall] = time(f);
	const used = process.cpuUsage(c);
	return [out, wall, (used.user + used.system) / 1000];
}

if (process.env.BENCH_LOOPS === 'outline') {
	await outlineLoopsBench();
	process.exit(0);
}
await liveLoopsBench();
await outlineLoopsBench();

const rows: string[][] = [];
for (const [nodes, links] of SIZES) {
	const random = mulberry32(nodes * 1000 + links);
	const live: number[] = [];
	const liveCpu: number[] = [];
	const found: number[] = [];
	let capped = 0;
	const johnson: number[] = [];
	const naive: number[] = [];
	let fullLoops = 0;
	let finished = 0;
	for (let g = 0; g < GRAPHS; g++) {
		const graph = randomGraph(random, nodes, links);
		const contents = contentsOf(graph);
		analyse(contents); // warm up
		for (let r = 0; r < RUNS; r++) {
			const [a, t, cpu] = timeBoth(() => analyse(contents));
			live.push(t);
			liveCpu.push(cpu);
			if (r === 0) {
				found.push(a.loops.length);
				if (!a.complete) capped++;
			}
		}
		if (nodes > FULL_UP_TO) continue;
		const [full, tj] = time(() => findLoops(graph, { maxLoops: Infinity, maxSteps: FULL_BUDGET }));
		const [reference, tn] = time(() => naiveCycles(graph, FULL_BUDGET));
		if (!full.complete || !reference) continue;
		const a = full.loops.map((l) => `${loopKey(l.members)}:${l.type}`).sort();
		const b = reference.map((l) => `${loopKey(l.members)}:${l.type}`).sort();
		if (a.join('|') !== b.join('|')) throw new Error(`Johnson and the reference disagree on ${nodes}/${links} graph ${g}`);
		johnson.push(tj);
		naive.push(tn);
		fullLoops += full.loops.length;
		finished++;
	}
	rows.push([
		`${nodes} / ${links}`,
		ms(quantile(live, 0.5)),
		ms(quantile(live, 0.95)),
		ms(quantile(liveCpu, 0.5)),
		`${Math.min(...found)}–${Math.max(...found)}${capped ? ` (${capped}/${GRAPHS} stopped at the cap)` : ''}`,
		nodes > FULL_UP_TO ? 'not tried' : finished ? `${finished}/${GRAPHS}: ${Math.round(fullLoops / finished)} loops avg` : `0/${GRAPHS}`,
		finished ? ms(quantile(johnson, 0.5)) : '—',
		finished ? ms(quantile(naive, 0.5)) : '—'
	]);
}

const header = [
	'variables / links',
	'analyse p50 ms',
	'analyse p95 ms',
	'analyse CPU p50 ms',
	'loops listed',
	'full enumeration finished',
	'Johnson full p50 ms',
	'naive DFS p50 ms'
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(
	`Loop analysis, ${GRAPHS} seeded random graphs per size, ${RUNS} runs each; Node ${process.version}; load average ${loadavg()[0].toFixed(1)} at the end`
);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
