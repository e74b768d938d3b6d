/**
 * bench/loops.ts, part 1: the main thread's work for the loops after each change to a big diagram, with
 * the live memo (live.ts) and, in the same run, with the analysis redone from scratch by each consumer.
 */
import { loadavg } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Connector, Element, Frame, Item } from '../../src/lib/doc/schema.js';
import { contentsOf } from '../../src/lib/templates/kit/model.js';
import { analyse } from '../../src/lib/templates/causal-loop/analysis.js';
import { analysisFor } from '../../src/lib/templates/causal-loop/describe.js';
import { liveAnalysis } from '../../src/lib/templates/causal-loop/live.js';
import { diagramMarks } from '../../src/lib/templates/causal-loop/marks.js';
import { liveMarks } from '../../src/lib/templates/causal-loop/live-marks.js';
import { LoopAnalyses } from '../../src/lib/templates/causal-loop/offthread.js';
import { buffersOf, type SearchAnswer, type SearchRequest } from '../../src/lib/templates/causal-loop/worker-core.js';
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

/**
 * Runs `task` and returns its wall and CPU time, ms. The CPU time is the process's (`process.cpuUsage`, every
 * thread: here also the garbage collector's helper threads, and the worker thread's if it still runs), so it
 * can exceed the wall time; Node 20 has no per-thread figure.
 */
function timed(task: () => void): [number, number] {
	const c = process.cpuUsage();
	const t = performance.now();
	task();
	const wall = performance.now() - t;
	const used = process.cpuUsage(c);
	return [wall, (used.user + used.system) / 1000];
}

/**
 * The board's loops with the search and numbering in a worker, as the app runs them (offthread.ts), the
 * worker's half in a Node worker thread (loop-worker-node.ts: its own isolate and heap, as in the browser).
 * The main thread's two tasks are timed: on the change (the canvas's labels and the open panel's loops, with
 * the request written for the worker when the graph changed) and on the answer (read, taken if current, the
 * two views drawn again). The outline is not in these tasks: part 1c (outline-loops.ts) times it.
 */
export class OffThread {
	readonly loops: LoopAnalyses;
	readonly #port: MessagePort;
	readonly #flag = new Int32Array(new SharedArrayBuffer(4));
	readonly #worker: Worker;
	#posted = 0;
	#outbox: SearchRequest[] = [];
	times = { post: [] as [number, number][], apply: [] as [number, number][], worker: [] as number[] };

	constructor() {
		const { port1, port2 } = new MessageChannel();
		this.#port = port1;
		this.#worker = new Worker(new URL('./loop-worker-node.mjs', import.meta.url), {
			workerData: { port: port2, flag: this.#flag },
			transferList: [port2]
		});
		this.#worker.on('error', (error) => {
			throw error;
		});
		// Posted at the end of the task (still inside it): the worker starts on it at once, and its CPU time
		// must not overlap the rest of the task's (process.cpuUsage counts every thread).
		this.loops = new LoopAnalyses((request: SearchRequest) => this.#outbox.push(request));
	}

	/** A change, its answer, and the main thread's two tasks. */
	change(elements: Element[]): void {
		const frame = elements[0] as Frame;
		this.#posted = 0;
		this.times.post.push(
			timed(() => {
				const shared = contentsOf(frame, elements);
				liveMarks(shared, this.loops.analysis(shared));
				this.loops.analysis(shared);
				for (const request of this.#outbox.splice(0)) {
					const g = request.graph;
					this.#port.postMessage(request, g ? buffersOf(g.from, g.to, g.minus, g.delay) : []);
					this.#posted++;
				}
			})
		);
		if (this.#posted === 0) return;
		// Waits for the worker (not the main thread's work: in the app the main thread is free meanwhile).
		const t = performance.now();
		if (Atomics.wait(this.#flag, 0, 0, 30_000) === 'timed-out') throw new Error('The loop worker did not answer in 30 s');
		Atomics.store(this.#flag, 0, 0);
		this.times.worker.push(performance.now() - t);
		this.times.apply.push(
			timed(() => {
				const answer = receiveMessageOnPort(this.#port)?.message as SearchAnswer;
				if (!this.loops.receive(answer)) return;
				const shared = contentsOf(frame, elements);
				liveMarks(shared, this.loops.analysis(shared));
				this.loops.analysis(shared);
			})
		);
	}

	stop(): Promise<number> {
		return this.#worker.terminate();
	}
}

/** The table of the worker's rows: the main thread's two tasks per change, and the worker's time. */
async function offThreadRows(): Promise<string[][]> {
	const rows: string[][] = [];
	for (const [nodes, links] of SIZES) {
		const random = mulberry32(nodes + links);
		let elements = board(nodes, links);
		const off = new OffThread();
		off.change(elements);
		for (const kind of KINDS) {
			elements = change(elements, kind, random, -1);
			off.change(elements);
		}
		for (const kind of KINDS) {
			off.times = { post: [], apply: [], worker: [] };
			for (let i = 0; i < CHANGES; i++) {
				elements = change(elements, kind, random, i);
				off.change(elements);
			}
			const stat = (xs: number[]) => (xs.length ? `${ms(quantile(xs, 0.5))} / ${ms(quantile(xs, 0.95))} / ${ms(Math.max(...xs))}` : '—');
			const { post, apply, worker } = off.times;
			rows.push([
				`${nodes} / ${links}`,
				kind,
				stat(post.map((x) => x[1])),
				stat(apply.map((x) => x[1])),
				stat([...post, ...apply].map((x) => x[1])),
				stat(post.map((x) => x[0])),
				stat(apply.map((x) => x[0])),
				`${apply.length}`,
				stat(worker)
			]);
		}
		await off.stop();
	}
	return rows;
}

export async function liveLoopsBench(): Promise<void> {
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
	const offRows = await offThreadRows();
	const offHeader = [
		'variables / links',
		'change',
		'on the change: CPU p50 / p95 / max ms',
		'on the answer: CPU',
		'either task: CPU',
		'on the change: wall',
		'on the answer: wall',
		'answers',
		'answered after (the worker) wall'
	];
	const offWidths = offHeader.map((h, i) => Math.max(h.length, ...offRows.map((r) => r[i].length)));
	const offLine = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(offWidths[i])).join(' | ')} |`;
	console.log(
		`Loops searched off the main thread (offthread.ts): the main thread's two tasks per change (canvas labels + panel), ${CHANGES} changes of each kind; load average ${loadavg()[0].toFixed(1)}`
	);
	console.log(offLine(offHeader));
	console.log(offLine(offWidths.map((w) => '-'.repeat(w))));
	for (const r of offRows) console.log(offLine(r));
	console.log('');
}
