/**
 * bench/loops.ts, part 1c (`BENCH_LOOPS=outline` runs it alone): the main thread's work for the open outline
 * after one change inside a big causal-loop frame. This checkout's outline runs first; then, with
 * `BENCH_BEFORE_DIR` (e.g. an export of main with node_modules), that checkout's, in a child process run in
 * that directory with its own tsconfig (`TSX_TSCONFIG_PATH`), so that its `$lib` is its own (its element
 * index, outline, templates and loop analyses), on the same diagram and the same changes (the same seeds).
 * `BENCH_ROUNDS=n` repeats the pair n times (this checkout, the other, this checkout, …) and pools the
 * changes of every round, so that both sides see the same load; `BENCH_CHANGES` changes of each kind a round.
 *
 * Each setup is a Y.Doc holding the diagram (bench/lib/live-loops.ts `board`) written with that checkout's
 * commands, its `ElementIndex` and its `OutlineTree`, given the board's annotations: the checkout's
 * `LoopAnalyses` with the worker's half in a Node worker thread (loop-worker-node.ts), as Board.svelte hands
 * it out (a checkout from before the loop worker gets none). A change is a command on the doc (a variable
 * moved, a link drawn, a sign switched, a variable renamed). What the open outline reads after it: its rows
 * (`rows()`, as the outline's `$derived` reads them) and the words of the rows it has in the DOM (the first
 * `SHOWN`, the top of the tree as it opens: the exercise, its variables). Timed on the main thread, wall clock
 * and CPU time (`cpuNow`):
 * - the outline's part of the change: from the element index telling its listeners (a listener registered
 *   before the tree's marks the time) until the outline has read that, the request for the worker written;
 * - the answer: the worker's answer taken (`receive`), the tree told, and what the outline reads read again;
 * - the whole task of the change: the command, Yjs, the element index and the outline.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type * as Y from 'yjs';
import type { Annotations } from '../../src/lib/canvas/annotations.js';
import { spawnSync } from 'node:child_process';
import type * as Commands from '../../src/lib/doc/commands.js';
import type { ElementIndex } from '../../src/lib/doc/element-index.js';
import type { Connector, Element, Item } from '../../src/lib/doc/schema.js';
import type { LoopAnalyses } from '../../src/lib/templates/causal-loop/offthread.js';
import { buffersOf, type SearchAnswer, type SearchRequest } from '../../src/lib/templates/causal-loop/worker-core.js';
import { mulberry32 } from '../../src/lib/templates/causal-loop/test-graphs.js';
import { board } from './live-loops.js';

const SIZES: [number, number][] = [
	[200, 600],
	[2000, 10000]
];
/** Rows the outline has in the DOM at the top of its tree (28rem of 40 px rows, and 6 either side). */
const SHOWN = 24;
const OFFTHREAD = 'src/lib/templates/causal-loop/offthread.ts';
const CHANGES = Number(process.env.BENCH_CHANGES ?? 20);
/** Rounds (each one this checkout, then the other): the figures pool the changes of every round. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const KINDS = ['move a variable', 'draw a link', 'switch a sign', 'rename a variable'] as const;
/**
 * The process's CPU time, ms (user + system). Read around a task on the main thread while the loop worker
 * waits for work (it is handed the request at the task's very end), it is the main thread's (with V8's
 * helper threads): steadier than wall time on a loaded machine, where the wall clock counts other processes.
 */
const cpuNow = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};
const noTimes = () => ({
	change: [] as number[],
	outline: [] as number[],
	answer: [] as number[],
	changeCpu: [] as number[],
	outlineCpu: [] as number[],
	answerCpu: [] as number[]
});
const quantile = (xs: number[], q: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const stat = (xs: number[]) =>
	xs.length ? `${quantile(xs, 0.5).toFixed(1)} / ${quantile(xs, 0.95).toFixed(1)} / ${Math.max(...xs).toFixed(1)}` : '—';

interface Tree {
	rows(): { label: string }[];
	destroy(): void;
}
type TreeClass = new (index: ElementIndex, annotations?: Annotations | null) => Tree;

/** A checkout's modules the bench drives (imported by path, so each side runs its own code). */
interface Side {
	Tree: TreeClass;
	Index: new (doc: Y.Doc) => ElementIndex;
	commands: typeof Commands;
	/** Its loops off the main thread (null: a checkout from before the loop worker). */
	Loops: typeof LoopAnalyses | null;
	/** Its own Yjs (a doc made with another copy of Yjs cannot take its commands' types). */
	Y: typeof Y;
}
async function sideOf(dir: string): Promise<Side> {
	const load = async (path: string) => await import(pathToFileURL(resolve(dir, path)).href);
	return {
		Tree: (await load('src/lib/a11y/outline-tree.ts')).OutlineTree,
		Index: (await load('src/lib/doc/element-index.ts')).ElementIndex,
		commands: await load('src/lib/doc/commands.ts'),
		Loops: existsSync(resolve(dir, OFFTHREAD)) ? (await load(OFFTHREAD)).LoopAnalyses : null,
		Y: await load('node_modules/yjs/dist/yjs.mjs')
	};
}

/** The diagram written into a fresh doc through the commands (new ids; links' ends mapped). */
function docOf({ commands: { createElement }, Y }: Side, nodes: number, links: number): { doc: Y.Doc; frame: string } {
	const doc = new Y.Doc();
	const elements = board(nodes, links);
	const ids = new Map<string, string>();
	doc.transact(() => {
		for (const e of elements as Element[]) {
			if (e.kind === 'frame')
				ids.set(e.id, createElement(doc, { kind: 'frame', x: e.x, y: e.y, w: e.w, h: e.h, title: e.title, template: e.template }));
			else if (e.kind === 'item')
				ids.set(
					e.id,
					createElement(doc, {
						kind: 'item',
						template: e.template,
						type: e.type,
						text: e.text,
						x: e.x,
						y: e.y,
						w: e.w,
						h: e.h,
						parent: ids.get(e.parent!)
					})
				);
			else if (e.kind === 'connector') createElement(doc, { kind: 'connector', from: ids.get(e.from)!, to: ids.get(e.to)!, data: e.data });
		}
	});
	return { doc, frame: [...ids.values()][0] };
}

/** One outline on one doc, with the loop worker if the checkout has one. */
class Setup {
	readonly doc: Y.Doc;
	readonly frame: string;
	readonly index: ElementIndex;
	readonly tree: Tree;
	readonly loops: LoopAnalyses | null;
	times = noTimes();
	#port: MessagePort | null = null;
	#flag = new Int32Array(new SharedArrayBuffer(4));
	#worker: Worker | null = null;
	#outbox: SearchRequest[] = [];
	#marked = 0;
	#markedCpu = 0;

	readonly #commands: typeof Commands;

	constructor(side: Side, nodes: number, links: number) {
		const { Tree, Index, commands } = side;
		this.#commands = commands;
		({ doc: this.doc, frame: this.frame } = docOf(side, nodes, links));
		this.index = new Index(this.doc);
		this.index.onChange(() => {
			this.#marked = performance.now();
			this.#markedCpu = cpuNow();
		});
		this.loops = side.Loops ? new side.Loops((request) => this.#outbox.push(request)) : null;
		if (this.loops) {
			const { port1, port2 } = new MessageChannel();
			this.#port = port1;
			this.#worker = new Worker(new URL('./loop-worker-node.mjs', import.meta.url), {
				workerData: { port: port2, flag: this.#flag },
				transferList: [port2]
			});
		}
		const loops = this.loops;
		const annotations: Annotations | null = loops && {
			get: (id) => (this.index.get(id)?.kind === 'frame' ? loops : undefined),
			onChange: (listener) => loops.onChange((f) => listener(new Set([f])))
		};
		this.tree = new Tree(this.index, annotations);
		this.#read();
		this.#post();
		this.#answer(false);
	}

	/** One change of `kind`, then (with the worker) its answer; `timed` records the figures. */
	change(kind: (typeof KINDS)[number], random: () => number, n: number, timed: boolean): void {
		const { items, links } = this.index.contentsOf(this.frame);
		const { createElement, moveBy, setData, setText } = this.#commands;
		const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
		const t = performance.now();
		const c = cpuNow();
		if (kind === 'move a variable') moveBy(this.doc, [pick(items).id], 10, 0);
		else if (kind === 'rename a variable') setText(this.doc, pick(items).id, `Variable ${n}`);
		else if (kind === 'switch a sign') {
			const l = pick(links) as Connector;
			setData(this.doc, l.id, { ...l.data, polarity: l.data.polarity === '+' ? '-' : '+' });
		} else {
			const [a, b] = [pick(items) as Item, pick(items) as Item];
			createElement(this.doc, { kind: 'connector', from: a.id, to: b.id, data: { template: 'causal-loop', polarity: '+', delay: false } });
		}
		this.#read();
		this.#post();
		const end = performance.now();
		const endCpu = cpuNow();
		if (timed) {
			this.times.change.push(end - t);
			this.times.outline.push(end - this.#marked);
			this.times.changeCpu.push(endCpu - c);
			this.times.outlineCpu.push(endCpu - this.#markedCpu);
		}
		this.#answer(timed);
	}

	/** What the open outline reads after a change: its rows, and the words of those on screen (at the top). */
	#read(): void {
		const rows = this.tree.rows();
		for (let i = 0; i < Math.min(SHOWN, rows.length); i++) void rows[i].label;
	}

	#post(): void {
		for (const request of this.#outbox.splice(0)) {
			const g = request.graph;
			this.#port!.postMessage(request, g ? buffersOf(g.from, g.to, g.minus, g.delay) : []);
			this.#sent++;
		}
	}

	/** Waits for the worker (not timed: the main thread is free meanwhile), then times taking each answer. */
	#answer(timed: boolean): void {
		if (!this.#port) return;
		while (this.#sent > this.#received) {
			if (Atomics.wait(this.#flag, 0, 0, 30_000) === 'timed-out') throw new Error('The loop worker did not answer in 30 s');
			const message = receiveMessageOnPort(this.#port);
			if (!message) continue;
			Atomics.sub(this.#flag, 0, 1);
			this.#received++;
			const t = performance.now();
			const c = cpuNow();
			this.loops!.receive(message.message as SearchAnswer);
			this.#read();
			this.#post();
			if (timed) {
				this.times.answer.push(performance.now() - t);
				this.times.answerCpu.push(cpuNow() - c);
			}
		}
	}

	#sent = 0;
	#received = 0;

	stop(): Promise<number> | undefined {
		this.tree.destroy();
		this.index.destroy();
		return this.#worker?.terminate();
	}
}

type Times = Setup['times'];

/** One side's times, by size and kind of change: this checkout or, in a child process, the checkout it runs in. */
async function sideTimes(side: Side): Promise<Times[]> {
	const out: Times[] = [];
	for (const [nodes, links] of SIZES) {
		const setup = new Setup(side, nodes, links);
		for (const kind of KINDS) {
			const random = mulberry32(nodes + links + kind.length);
			for (let n = -2; n < CHANGES; n++) setup.change(kind, random, n, n >= 0);
			out.push(setup.times);
			setup.times = noTimes();
		}
		await setup.stop();
	}
	return out;
}

/** The other checkout's times: this bench run in a child process in its directory, with its own `$lib`. */
function beforeTimes(before: string): Times[] {
	const child = spawnSync(process.execPath, ['--import', 'tsx', resolve('bench/loops.ts')], {
		cwd: before,
		env: { ...process.env, BENCH_LOOPS: 'outline', BENCH_OUTLINE_SIDE: '1', TSX_TSCONFIG_PATH: resolve(before, 'tsconfig.json') },
		encoding: 'utf8',
		maxBuffer: 1 << 26
	});
	if (child.status !== 0) throw new Error(`the before side failed: ${child.stderr}`);
	return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Times[];
}

export async function outlineLoopsBench(): Promise<void> {
	if (process.env.BENCH_OUTLINE_SIDE) {
		// The child: the checkout it runs in, its own `$lib` (TSX_TSCONFIG_PATH), printed as JSON.
		console.log(JSON.stringify(await sideTimes(await sideOf('.'))));
		return;
	}
	const before = process.env.BENCH_BEFORE_DIR ? resolve(process.env.BENCH_BEFORE_DIR) : null;
	const ours: Times[][] = [];
	const theirs: Times[][] = [];
	const loads: string[] = [];
	// Round by round, this checkout then the other, so that both see the same load.
	for (let round = 0; round < ROUNDS; round++) {
		ours.push(await sideTimes(await sideOf('.')));
		if (before) theirs.push(beforeTimes(before));
		loads.push(loadavg()[0].toFixed(1));
	}
	const pooled = (runs: Times[][], i: number, key: keyof Times) => runs.flatMap((r) => r[i][key]);
	const rows: string[][] = [];
	SIZES.forEach(([nodes, links], s) =>
		KINDS.forEach((kind, k) => {
			const i = s * KINDS.length + k;
			const sides: [string, Times[][]][] = [
				['this checkout', ours],
				...(before ? [[`before (${before})`, theirs] as [string, Times[][]]] : [])
			];
			for (const [name, runs] of sides)
				rows.push([
					`${nodes} / ${links}`,
					kind,
					name,
					stat(pooled(runs, i, 'outline')),
					stat(pooled(runs, i, 'outlineCpu')),
					stat(pooled(runs, i, 'answer')),
					stat(pooled(runs, i, 'answerCpu')),
					stat(pooled(runs, i, 'change')),
					stat(pooled(runs, i, 'changeCpu'))
				]);
		})
	);
	const header = [
		'variables / links',
		'change',
		'outline',
		"outline's part of the change, wall p50 / p95 / max ms",
		'CPU',
		'on the answer, wall',
		'CPU',
		'whole change task, wall',
		'CPU'
	];
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	console.log(
		`The open outline after one change inside a big causal-loop frame, wall and CPU ms on the main thread, ${CHANGES} changes of each kind in each of ${ROUNDS} rounds (each round this checkout, then the other in a child process); load average after each round ${loads.join(', ')}`
	);
	console.log(line(header));
	console.log(line(widths.map((w) => '-'.repeat(w))));
	for (const r of rows) console.log(line(r));
	console.log('');
}
