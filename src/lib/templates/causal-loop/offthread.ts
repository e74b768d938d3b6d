/**
 * The loops as the canvas and the panel show them, searched and numbered off the main thread (issue 15: a
 * link drawn on a big diagram must not cost a frame). One `LoopAnalyses` per board (Board.svelte), reached
 * by the canvas and the panel as the frame's annotation.
 *
 * After a change the main thread only keeps the signed graph up to date (`liveGraph`: patched from what
 * changed) and, when it changed, posts it to the loop worker (`loop-worker.ts`) with a version number. Until
 * the worker answers, the screens show the last loops found that are still loops of the diagram as it is
 * (every link still there, joining the same variables, with the same signs) and say they are being updated
 * (`pending`). An answer is taken only if it is for the frame's current version; any other is dropped. One
 * request per frame is in flight at a time: changes made meanwhile are folded into one request, sent when the
 * answer comes, so a burst of edits costs the worker one search, not one each.
 *
 * Without a worker (SSR, Node, a browser that cannot start one, or a worker that failed) every frame is
 * analysed on the main thread as before (`liveAnalysis`), and nothing is ever pending.
 */
import type { JsonValue } from '$lib/doc/schema.js';
import type { FrameContents } from '../kit/model.js';
import type { Analysis, Edge, Graph, LoopView } from './analysis.js';
import { liveAnalysis, liveGraph } from './live.js';
import { settingsOf } from './schema.js';
import {
	analysisOf,
	buffersOf,
	editsOf,
	lazyByMember,
	positionsOf,
	withPositionsOf,
	wireOf,
	type SearchAnswer,
	type SearchRequest
} from './worker-core.js';

/** A frame's loops now. */
export interface LoopsNow extends Analysis {
	/**
	 * The diagram changed and the worker has not answered yet: `loops` are the last loops found that are still
	 * loops of the diagram as it is now (with the numbers they had), and there may be others.
	 */
	pending?: boolean;
}

/**
 * What every screen says while the worker works on a frame's loops (the panel, and the outline's variables).
 * @example pendingWords({ loops: [] }) // 'Finding the loops…'
 */
export const pendingWords = (analysis: Pick<LoopsNow, 'loops'>): string =>
	analysis.loops.length === 0
		? 'Finding the loops…'
		: 'Updating the loops: these are the ones found before the last change that still hold.';

type Contents = Pick<FrameContents, 'items' | 'links'> & { frame: { id?: string; data: Record<string, JsonValue> } };

interface FrameLoops {
	id: string;
	graph: Graph;
	/** The frame's loop names, as JSON (a new name renumbers, without a new graph). */
	names: string;
	frameData: Record<string, JsonValue>;
	version: number;
	/** The worker's answer for this version, once it came. */
	answered: Analysis | null;
	/** Until then: the last answer's loops that still hold (made once per version). */
	shown: LoopsNow | null;
	/** The last answer taken, for any version. */
	last: Analysis | null;
	/** The graph the worker holds for this frame (as of the last request posted), null: none. */
	workerHas: Graph | null;
	/** A request is with the worker. */
	inFlight: boolean;
	/** The frame changed since the last request was posted. */
	waiting: boolean;
}

const FRAMES = 8;

export class LoopAnalyses {
	#post: ((request: SearchRequest) => void) | null;
	#frames = new Map<string, FrameLoops>();
	#listeners = new Set<(frame: string) => void>();
	#version = 0;

	/** `post` sends a request to the worker; null: analyse on the main thread. */
	constructor(post: ((request: SearchRequest) => void) | null) {
		this.#post = post;
	}

	/** Whether the loops are searched off the main thread. */
	get offThread(): boolean {
		return this.#post !== null;
	}

	/**
	 * The frame's loops for `contents` (the frame's contents as the board hands them out): the worker's answer
	 * when it has answered for this graph, else the loops still true from the last answer, `pending`.
	 * @example loops.analysis({ frame, ...board.contentsOf(frame.id) }).pending
	 */
	analysis(contents: Contents): LoopsNow {
		const id = contents.frame.id;
		if (!this.#post || !id) return liveAnalysis(contents);
		const graph = liveGraph(contents);
		const names = JSON.stringify(settingsOf(contents.frame.data).loopNames ?? {});
		let frame = this.#frames.get(id);
		if (!frame || frame.graph !== graph || frame.names !== names) {
			const before = frame;
			frame = {
				id,
				graph,
				names,
				frameData: contents.frame.data,
				version: ++this.#version,
				answered: null,
				shown: null,
				last: before?.answered ?? before?.last ?? null,
				workerHas: before?.workerHas ?? null,
				inFlight: before?.inFlight ?? false,
				waiting: true
			};
			this.#frames.delete(id);
			this.#frames.set(id, frame);
			if (this.#frames.size > FRAMES) this.#frames.delete(this.#frames.keys().next().value!);
			this.#flush(frame);
		}
		return frame.answered ?? (frame.shown ??= stillTrue(frame.last, graph));
	}

	/**
	 * Posts the frame's newest version if none is with the worker (else it goes when that one is answered: the
	 * changes made meanwhile go as one request). The graph goes as what changed since the graph the worker holds
	 * when it can, else whole, and not at all when only the loop names changed.
	 */
	#flush(frame: FrameLoops): void {
		if (frame.inFlight || !frame.waiting || !this.#post) return;
		const request: SearchRequest = { frame: frame.id, version: frame.version, frameData: frame.frameData };
		if (frame.workerHas !== frame.graph) {
			const edits = frame.workerHas && editsOf(frame.workerHas, frame.graph);
			if (edits) request.edits = edits;
			else request.graph = wireOf(frame.graph);
		}
		frame.workerHas = frame.graph;
		frame.inFlight = true;
		frame.waiting = false;
		this.#post(request);
	}

	/**
	 * Takes the worker's answer if it is for the frame's current version (then tells the listeners); returns
	 * whether it was taken. An answer for an older version is dropped.
	 */
	receive(answer: SearchAnswer): boolean {
		const frame = this.#frames.get(answer.frame);
		if (!frame || !this.#post) return false;
		frame.inFlight = false;
		if (answer.missing) {
			// The worker has no graph for the frame: send it whole, as the newest request.
			frame.workerHas = null;
			frame.waiting = true;
		}
		this.#flush(frame);
		if (answer.missing || answer.version !== frame.version) return false;
		frame.answered = analysisOf(frame.graph, answer);
		frame.shown = null;
		for (const listener of [...this.#listeners]) listener(answer.frame);
		return true;
	}

	/** The worker failed: from now on every frame is analysed on the main thread, and every screen redraws. */
	fallBack(): void {
		this.#post = null;
		const frames = [...this.#frames.keys()];
		this.#frames.clear();
		for (const id of frames) for (const listener of [...this.#listeners]) listener(id);
	}

	/** Calls `listener` with a frame's id when its loops changed without a change to the board (an answer came). */
	onChange(listener: (frame: string) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
}

/**
 * The edges of `before` that `after` removed or changed, by position in `before`, with the edge before and
 * after (null: removed); both keep their edges sorted by id, and an edge that did not change is the same
 * object in both (live.ts patches the graph), so this is one walk comparing objects. Edges `after` added are
 * not listed.
 */
function changedEdges(before: Graph, after: Graph): Map<number, [Edge, Edge | null]> {
	const out = new Map<number, [Edge, Edge | null]>();
	if (before.edges === after.edges) return out;
	const [a, b] = [before.edges, after.edges];
	let [i, j] = [0, 0];
	while (i < a.length) {
		if (j < b.length && a[i] === b[j]) [i, j] = [i + 1, j + 1];
		else if (j < b.length && a[i].id === b[j].id) {
			out.set(i, [a[i], b[j]]);
			[i, j] = [i + 1, j + 1];
		} else if (j < b.length && b[j].id < a[i].id) j++;
		else {
			out.set(i, [a[i], null]);
			i++;
		}
	}
	return out;
}

/** `loop` with its members' names as `graph` has them, made when first read (its other lists too). */
function renamedIn(loop: LoopView, graph: Graph): LoopView {
	let names: string[] | undefined;
	const view: LoopView = {
		key: loop.key,
		type: loop.type,
		code: loop.code,
		name: loop.name,
		delayed: loop.delayed,
		get members() {
			return loop.members;
		},
		get links() {
			return loop.links;
		},
		get memberNames() {
			return (names ??= loop.members.map((id) => graph.names.get(id)!));
		}
	};
	return withPositionsOf(loop, view);
}

/**
 * The loops of `last` (a worker's answer) that are still loops of `graph`, with the same type (so with the
 * same number): every link still an edge between the same two variables, with the same sign. Names as they
 * read now. Checked on the answer's positions (`positionsOf`), so no loop's lists are made for it.
 */
function stillTrue(last: Analysis | null, graph: Graph): LoopsNow {
	if (!last) return { graph, loops: [], complete: true, byMember: new Map(), pending: true };
	const changed = changedEdges(last.graph, graph);
	const renamed = new Set<number>();
	if (last.graph.names !== graph.names)
		last.graph.nodes.forEach((id, k) => {
			if (last.graph.names.get(id) !== graph.names.get(id)) renamed.add(k);
		});
	if (changed.size === 0 && renamed.size === 0) {
		const byMember = () => last.byMember;
		return {
			graph,
			loops: last.loops,
			complete: last.complete,
			pending: true,
			get byMember() {
				return byMember();
			}
		};
	}
	const loops: LoopView[] = [];
	for (const loop of last.loops) {
		const at = positionsOf(loop, last.graph);
		let holds = true;
		let flips = 0;
		if (changed.size > 0)
			for (let k = 0; k < at.links.length && holds; k++) {
				const change = changed.get(at.links[k]);
				if (!change) continue;
				const [was, edge] = change;
				if (!edge || edge.from !== was.from || edge.to !== was.to) holds = false;
				else if (edge.polarity !== was.polarity) flips++;
			}
		if (!holds || flips % 2 === 1) continue;
		const named = renamed.size > 0 && at.members.some((k) => renamed.has(k));
		loops.push(named ? renamedIn(loop, graph) : loop);
	}
	const byMember = lazyByMember(loops);
	return {
		graph,
		loops,
		complete: last.complete,
		pending: true,
		get byMember() {
			return byMember();
		}
	};
}

/** Whether `value` (a frame's annotation) is the board's loops. */
export const isLoopAnalyses = (value: unknown): value is LoopAnalyses => value instanceof LoopAnalyses;

/**
 * The board's loops: searched in a Web Worker where the browser can start one, else on the main thread.
 * `stop` ends the worker (the board closing).
 */
export function startLoopAnalyses(): { loops: LoopAnalyses; stop(): void } {
	if (typeof Worker === 'undefined') return { loops: new LoopAnalyses(null), stop() {} };
	// Started on the first request, not with the board: most boards have no causal-loop frame, and a big
	// board's first render should not share the page's start with a worker's.
	let worker: Worker | null = null;
	let stopped = false;
	const start = (): Worker | null => {
		try {
			const started = new Worker(new URL('./loop-worker.ts', import.meta.url), { type: 'module', name: 'loops' });
			started.onmessage = (event: MessageEvent<SearchAnswer>) => loops.receive(event.data);
			started.onerror = fail;
			started.onmessageerror = fail;
			return started;
		} catch {
			return null;
		}
	};
	const loops = new LoopAnalyses((request) => {
		worker ??= stopped ? null : start();
		if (!worker) {
			// No worker could start: analyse here from now on; the screens redraw (not inside this read).
			queueMicrotask(() => loops.fallBack());
			return;
		}
		const g = request.graph;
		worker.postMessage(request, g ? buffersOf(g.from, g.to, g.minus, g.delay) : []);
	});
	const fail = () => {
		worker?.terminate();
		loops.fallBack();
	};
	return {
		loops,
		stop: () => {
			stopped = true;
			worker?.terminate();
		}
	};
}
