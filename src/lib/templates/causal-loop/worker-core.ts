/**
 * The loop search and numbering off the main thread: the messages, and both ends' halves as plain functions
 * (so Node's tests and bench/loops.ts run them without a Worker).
 *
 * The main thread keeps the signed graph (and the links left out of it, which the search does not need) (live.ts patches it from the change, cheaply) and posts it as flat
 * arrays when it changed (`wireOf`: ids and names as strings, the links' ends as indices into the variables);
 * the worker keeps each frame's graph, searches it (capped as a whole, STEP_CAP), numbers and names the loops
 * (`analyseGraph`) and answers with the loops as indices into the same arrays (`searchAnswer`); the main thread
 * turns them back into the analysis every screen reads (`analysisOf`), for the graph of that version only.
 */
import { analyseGraph, findLoops, loopType, type Analysis, type Edge, type Graph, type LoopSearch, type LoopView } from './analysis.js';
import type { JsonValue } from '$lib/doc/schema.js';

/** A signed graph as flat arrays: edge i runs from `nodes[from[i]]` to `nodes[to[i]]`. */
export interface WireGraph {
	nodes: string[];
	/** Each variable's name as the analysis shows it, by position in `nodes`. */
	names: string[];
	edgeIds: string[];
	from: Int32Array;
	to: Int32Array;
	/** 1: the link is −. */
	minus: Uint8Array;
	delay: Uint8Array;
}

/**
 * What changed from the graph the worker holds to the next, when the variables are the same (a link drawn,
 * deleted or re-signed, a variable renamed): a few edges and names instead of 10,000.
 */
export interface GraphEdits {
	/** Edges gone, or changed (their new version is among the edges below), by id. */
	removed: string[];
	/** New and changed edges, sorted by id, their ends as positions in the variables. */
	edgeIds: string[];
	from: Int32Array;
	to: Int32Array;
	minus: Uint8Array;
	delay: Uint8Array;
	/** Variables renamed: positions in the variables, and their names now. */
	renamedAt: number[];
	renamedTo: string[];
}

/**
 * Main thread → worker: search this frame's graph as version `version`: the graph whole, or edits to the one
 * the worker holds, or (neither) the one it holds.
 */
export interface SearchRequest {
	frame: string;
	version: number;
	graph?: WireGraph;
	edits?: GraphEdits;
	/** The frame's data (its loop names). */
	frameData: Record<string, JsonValue>;
}

/** Worker → main thread: the loops of version `version`, numbered, as indices into that version's graph. */
export interface SearchAnswer {
	frame: string;
	version: number;
	complete: boolean;
	/** Each loop's canonical key (see Loop.key), type (R or B), name or null, and whether a link in it is delayed. */
	keys: string[];
	types: string;
	names: (string | null)[];
	delayed: Uint8Array;
	/** Loop i's members are `members[starts[i]..starts[i + 1]]` (positions in `nodes`), its links the same range of `links` (positions in the edges). */
	starts: Int32Array;
	members: Int32Array;
	links: Int32Array;
	/** The worker could not answer (it has no graph for the frame): the main thread sends the graph again. */
	missing?: boolean;
}

/** The buffers of a message's typed arrays, to transfer rather than copy. */
export const buffersOf = (...arrays: { buffer: ArrayBufferLike }[]): ArrayBuffer[] => arrays.map((a) => a.buffer as ArrayBuffer);

/** The graph as a message (main thread). About 1–2 ms at 2,000 variables and 10,000 links. */
export function wireOf(graph: Graph): WireGraph {
	const index = new Map<string, number>();
	const names = new Array<string>(graph.nodes.length);
	graph.nodes.forEach((id, i) => {
		index.set(id, i);
		names[i] = graph.names.get(id)!;
	});
	const n = graph.edges.length;
	const wire: WireGraph = {
		nodes: graph.nodes,
		names,
		edgeIds: new Array<string>(n),
		from: new Int32Array(n),
		to: new Int32Array(n),
		minus: new Uint8Array(n),
		delay: new Uint8Array(n)
	};
	for (let i = 0; i < n; i++) {
		const e = graph.edges[i];
		wire.edgeIds[i] = e.id;
		wire.from[i] = index.get(e.from)!;
		wire.to[i] = index.get(e.to)!;
		wire.minus[i] = e.polarity === '-' ? 1 : 0;
		wire.delay[i] = e.delay ? 1 : 0;
	}
	return wire;
}

/** More edges changed than this at once and the graph goes whole. */
const EDITS_MAX = 64;

/**
 * The edits from `before` (the graph the worker holds) to `after` (main thread), or null when the graph must
 * go whole (other variables, or many edges changed). Both keep their edges sorted by id, and an edge that did
 * not change is the same object in both (live.ts patches the graph), so this is one walk comparing objects.
 */
export function editsOf(before: Graph, after: Graph): GraphEdits | null {
	if (before.nodes !== after.nodes) return null;
	const removed: string[] = [];
	const upserts: Edge[] = [];
	const [a, b] = [before.edges, after.edges];
	let [i, j] = [0, 0];
	while (i < a.length || j < b.length) {
		if (i < a.length && j < b.length && a[i] === b[j]) [i, j] = [i + 1, j + 1];
		else if (i < a.length && j < b.length && a[i].id === b[j].id) {
			removed.push(a[i++].id);
			upserts.push(b[j++]);
		} else if (j < b.length && (i >= a.length || b[j].id < a[i].id)) upserts.push(b[j++]);
		else removed.push(a[i++].id);
		if (removed.length + upserts.length > EDITS_MAX) return null;
	}
	const at = (id: string) => after.nodes.indexOf(id);
	const edits: GraphEdits = {
		removed,
		edgeIds: upserts.map((e) => e.id),
		from: Int32Array.from(upserts, (e) => at(e.from)),
		to: Int32Array.from(upserts, (e) => at(e.to)),
		minus: Uint8Array.from(upserts, (e) => (e.polarity === '-' ? 1 : 0)),
		delay: Uint8Array.from(upserts, (e) => (e.delay ? 1 : 0)),
		renamedAt: [],
		renamedTo: []
	};
	if (before.names !== after.names)
		after.nodes.forEach((id, k) => {
			const name = after.names.get(id)!;
			if (before.names.get(id) !== name) {
				edits.renamedAt.push(k);
				edits.renamedTo.push(name);
			}
		});
	return edits;
}

/** The edges a message's parallel arrays carry, their ends looked up in `nodes` (the variables' ids). */
function edgesOf(wire: Pick<WireGraph, 'edgeIds' | 'from' | 'to' | 'minus' | 'delay'>, nodes: readonly string[]): Edge[] {
	return wire.edgeIds.map((id, i) => ({
		id,
		from: nodes[wire.from[i]],
		to: nodes[wire.to[i]],
		polarity: wire.minus[i] ? '-' : '+',
		delay: wire.delay[i] === 1
	}));
}

/** The worker's graph after `edits` (see editsOf): the same graph the main thread has. */
export function edited(graph: Graph, edits: GraphEdits): Graph {
	const gone = new Set(edits.removed);
	const upserts = edgesOf(edits, graph.nodes);
	const edges: Edge[] = [];
	let j = 0;
	for (const edge of graph.edges) {
		if (gone.has(edge.id)) continue;
		while (j < upserts.length && upserts[j].id < edge.id) edges.push(upserts[j++]);
		edges.push(edge);
	}
	while (j < upserts.length) edges.push(upserts[j++]);
	let names = graph.names;
	if (edits.renamedAt.length > 0) {
		names = new Map(names);
		edits.renamedAt.forEach((k, i) => names.set(graph.nodes[k], edits.renamedTo[i]));
	}
	return { ...graph, names, edges };
}

/** The graph a message carries (worker): its edges, no left-out links (the search does not look at them). */
export function graphOfWire(wire: WireGraph): Graph {
	const names = new Map<string, string>();
	wire.nodes.forEach((id, i) => names.set(id, wire.names[i]));
	return { nodes: wire.nodes, names, edges: edgesOf(wire, wire.nodes), unsigned: [], duplicates: [], selfLinks: [], contested: [] };
}

interface WorkerFrame {
	graph: Graph;
	search: LoopSearch;
	nodeAt: Map<string, number>;
	edgeAt: Map<string, number>;
	normalised: Map<string, string>;
}

/** The worker's state: each frame's last graph and search. */
export type WorkerState = Map<string, WorkerFrame>;

/**
 * The last search again if `graph` has the same variables and edges (ids and ends, in order) as `last`'s, each
 * loop re-typed from the new signs (a rename or a sign switch); null: search again. As live.ts's `sameShape`.
 */
function reused(last: WorkerFrame, graph: Graph): LoopSearch | null {
	const [a, b] = [last.graph, graph];
	if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return null;
	for (let i = 0; i < b.nodes.length; i++) if (a.nodes[i] !== b.nodes[i]) return null;
	let signs = false;
	for (let i = 0; i < b.edges.length; i++) {
		const [x, y] = [a.edges[i], b.edges[i]];
		if (x.id !== y.id || x.from !== y.from || x.to !== y.to) return null;
		if (x.polarity !== y.polarity) signs = true;
	}
	if (!signs) return last.search;
	return {
		loops: last.search.loops.map((loop) => ({ ...loop, type: loopType(loop.links.map((id) => b.edges[last.edgeAt.get(id)!].polarity)) })),
		complete: last.search.complete
	};
}

/**
 * The worker's half: search and number the frame's graph, answer with indices. Plain, so the bench and the
 * tests call it directly; `loop-worker.ts` calls it for each message.
 */
export function searchAnswer(state: WorkerState, request: SearchRequest, caps?: { maxLoops?: number; maxSteps?: number }): SearchAnswer {
	const last = state.get(request.frame);
	let frame = last;
	if (request.edits && !last) return { ...emptyAnswer(request), missing: true };
	if (request.graph || request.edits) {
		const graph = request.graph ? graphOfWire(request.graph) : edited(last!.graph, request.edits!);
		const search = (last && !caps ? reused(last, graph) : null) ?? findLoops(graph, caps);
		const nodeAt = last && last.graph.nodes === graph.nodes ? last.nodeAt : new Map(graph.nodes.map((id, i) => [id, i]));
		const edgeAt = new Map(graph.edges.map((e, i) => [e.id, i]));
		const normalised = last && last.normalised.size <= 2 * graph.nodes.length + 64 ? last.normalised : new Map<string, string>();
		frame = { graph, search, nodeAt, edgeAt, normalised };
		state.set(request.frame, frame);
	}
	if (!frame) return { ...emptyAnswer(request), missing: true };
	const { nodeAt, edgeAt } = frame;
	const analysis = analyseGraph(frame.graph, frame.search, request.frameData, frame.normalised);
	let total = 0;
	for (const loop of analysis.loops) total += loop.members.length;
	const answer: SearchAnswer = {
		frame: request.frame,
		version: request.version,
		complete: analysis.complete,
		keys: analysis.loops.map((l) => l.key),
		types: analysis.loops.map((l) => l.type).join(''),
		names: analysis.loops.map((l) => l.name),
		delayed: Uint8Array.from(analysis.loops, (l) => (l.delayed ? 1 : 0)),
		starts: new Int32Array(analysis.loops.length + 1),
		members: new Int32Array(total),
		links: new Int32Array(total)
	};
	let at = 0;
	analysis.loops.forEach((loop, i) => {
		answer.starts[i] = at;
		for (let k = 0; k < loop.members.length; k++) {
			answer.members[at + k] = nodeAt.get(loop.members[k])!;
			answer.links[at + k] = edgeAt.get(loop.links[k])!;
		}
		at += loop.members.length;
	});
	answer.starts[analysis.loops.length] = at;
	return answer;
}

function emptyAnswer(request: SearchRequest): SearchAnswer {
	return {
		frame: request.frame,
		version: request.version,
		complete: true,
		keys: [],
		types: '',
		names: [],
		delayed: new Uint8Array(0),
		starts: new Int32Array(1),
		members: new Int32Array(0),
		links: new Int32Array(0)
	};
}

const POSITIONS = Symbol('positions');

/**
 * Where a loop's members and links are in its graph's variables and edges: kept (not enumerable) on each
 * loop `analysisOf` makes, worked out for any other.
 */
export function positionsOf(loop: LoopView, graph?: Graph): { members: Int32Array; links: Int32Array } {
	const kept = (loop as LoopView & { [POSITIONS]?: { members: Int32Array; links: Int32Array } })[POSITIONS];
	if (kept) return kept;
	if (!graph) throw new Error('positionsOf: a loop not from analysisOf needs its graph');
	const node = new Map(graph.nodes.map((id, k) => [id, k]));
	const edge = new Map(graph.edges.map((e, k) => [e.id, k]));
	return { members: Int32Array.from(loop.members, (id) => node.get(id)!), links: Int32Array.from(loop.links, (id) => edge.get(id)!) };
}

/** `view` (a loop made from `loop`) with `loop`'s positions kept. */
export function withPositionsOf(loop: LoopView, view: LoopView): LoopView {
	const kept = (loop as LoopView & { [POSITIONS]?: unknown })[POSITIONS];
	if (kept) Object.defineProperty(view, POSITIONS, { value: kept });
	return view;
}

/**
 * The main thread's half: the analysis every screen reads, from the worker's answer for `graph` (the graph
 * the request of the same version was made from). The same as `analyse` on the same contents.
 */
export function analysisOf(graph: Graph, answer: SearchAnswer): Analysis {
	const counts = { R: 0, B: 0 };
	// Each loop's lists are made when first read, and the loops by member too: a capped search on a
	// 200-variable diagram lists about 250 loops of about 100 members, and the canvas reads only the first
	// 40 (so the main thread makes, and the garbage collector clears, a fraction of 75,000 entries).
	const loops: LoopView[] = answer.keys.map((key, i) => {
		const [from, to] = [answer.starts[i], answer.starts[i + 1]];
		const list = <T>(of: (k: number) => T): T[] => {
			const out = new Array<T>(to - from);
			for (let k = from; k < to; k++) out[k - from] = of(k);
			return out;
		};
		const type = answer.types[i] as 'R' | 'B';
		const at = { members: answer.members.subarray(from, to), links: answer.links.subarray(from, to) };
		let [members, links, memberNames] = [
			undefined as string[] | undefined,
			undefined as string[] | undefined,
			undefined as string[] | undefined
		];
		const view: LoopView = {
			key,
			type,
			get members() {
				return (members ??= list((k) => graph.nodes[answer.members[k]]));
			},
			get links() {
				return (links ??= list((k) => graph.edges[answer.links[k]].id));
			},
			get memberNames() {
				return (memberNames ??= list((k) => graph.names.get(graph.nodes[answer.members[k]])!));
			},
			name: answer.names[i],
			delayed: answer.delayed[i] === 1,
			code: `${type}${++counts[type]}`
		};
		Object.defineProperty(view, POSITIONS, { value: at });
		return view;
	});
	const byMember = lazyByMember(loops);
	return {
		graph,
		loops,
		complete: answer.complete,
		get byMember() {
			return byMember();
		}
	};
}

/** The loops by member, made when first read. */
export function lazyByMember(loops: readonly LoopView[]): () => Map<string, LoopView[]> {
	let byMember: Map<string, LoopView[]> | undefined;
	return () => {
		if (!byMember) {
			byMember = new Map();
			for (const view of loops)
				for (const id of view.members) {
					const list = byMember.get(id);
					if (list) list.push(view);
					else byMember.set(id, [view]);
				}
		}
		return byMember;
	};
}
