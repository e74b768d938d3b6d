/**
 * Live loop analysis, pure: the diagram as a signed graph, every elementary cycle (Johnson 1975), each
 * classified R (an even number of − links: reinforcing) or B (odd: balancing), with a cap so a dense
 * diagram whose loops explode stops and says so instead of freezing the panel.
 */
import type { Connector, Element, Item, JsonValue } from '$lib/doc/schema.js';
import { isItemOf, type FrameContents } from '../kit/model.js';
import { ID, isDelayed, polarityOf, settingsOf, VARIABLE, type NamedLoop, type Polarity } from './schema.js';

export interface Edge {
	id: string;
	from: string;
	to: string;
	polarity: Polarity;
	delay: boolean;
}

export interface Graph {
	/** Variable ids, sorted (the order Johnson's algorithm numbers them in). */
	nodes: string[];
	names: Map<string, string>;
	edges: Edge[];
	/** Links between variables without a valid sign: drawn, but not part of any loop until signed. */
	unsigned: string[];
	/** Second links with the same ends and the same sign (A→B + twice): they agree, so the first by id counts. */
	duplicates: string[];
	/**
	 * Links from a variable to itself. Not a loop in this method: a loop runs through two or more
	 * variables, and what carries a variable back round to itself is worth naming.
	 */
	selfLinks: string[];
	/**
	 * Links whose ends are also joined the same way with the opposite sign (A→B drawn both + and −). The
	 * group has not settled which it is, so neither counts, and no loop runs through A→B, until one goes.
	 */
	contested: string[];
}

export interface Loop {
	/** Member ids rotated to start at the smallest, joined by '>': the same loop always has the same key. */
	key: string;
	members: string[];
	links: string[];
	type: 'R' | 'B';
}

export interface LoopSearch {
	loops: Loop[];
	/** False when the cap stopped the search: there are more loops than listed. */
	complete: boolean;
}

export const LOOP_CAP = 2000;
/**
 * Work before giving up, for the whole search: one per variable and link of the graph (building its
 * adjacency), one per link looked at while finding each start's component, one per edge visited, plus
 * each listed loop's length. About 2–4 ms in Node on a laptop, so the whole analysis stays inside a 16 ms
 * frame however big the diagram or however its loops explode (bench/loops.ts, up to 2,000 variables and
 * 10,000 links).
 */
export const STEP_CAP = 50_000;

/** A variable. (Narrower than Item, so a failed check still leaves other items possible.) */
export type Variable = Item & { type: typeof VARIABLE };

export function isVariable(el: Element): el is Variable {
	return isItemOf(el, ID, VARIABLE);
}

export const isCausalLink = (c: Connector) => c.data.template === ID;

/**
 * The signed graph of one frame's variables and causal links. Every link between two variables is
 * accounted for: an edge, or left out as unsigned, a repeat, a self-link or contested (see Graph).
 */
export function graphOf(contents: Pick<FrameContents, 'items' | 'links'>): Graph {
	const variables = contents.items.filter(isVariable);
	const ids = new Set(variables.map((v) => v.id));
	const links = contents.links.filter((l) => ids.has(l.from) && ids.has(l.to)).sort(byId);
	return graphFrom(variables, [...ids].sort(), links);
}

/** A variable's name as the analysis shows it: its text on one line, or "Unnamed variable". */
export const nameOf = (v: Variable) => v.text.trim().replace(/\s+/g, ' ') || 'Unnamed variable';

/** Orders links (or anything with an id) as the graph keeps them. */
export const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);

/**
 * `graphOf` from its sorted inputs: the variables in the frame's order, their ids sorted, and the links
 * between two of them sorted by id. live.ts keeps both lists sorted from change to change, so a big
 * diagram's change does not sort 10,000 links again.
 */
export function graphFrom(variables: readonly Variable[], nodes: string[], links: readonly Connector[]): Graph {
	const names = new Map(variables.map((v) => [v.id, nameOf(v)]));
	const edges: Edge[] = [];
	const unsigned: string[] = [];
	const duplicates: string[] = [];
	const selfLinks: string[] = [];
	const contested: string[] = [];
	// Links by their ends (from, then to), and each pair's links in the order the pairs first appear. Nested maps,
	// not a "from>to" string per link: building and hashing those strings was most of the graph's time at
	// 10,000 links.
	const byPair = new Map<string, Map<string, Edge[]>>();
	const pairs: Edge[][] = [];
	for (const link of links) {
		const polarity = polarityOf(link.data);
		if (link.from === link.to) selfLinks.push(link.id);
		else if (!isCausalLink(link) || !polarity) unsigned.push(link.id);
		else {
			const edge = { id: link.id, from: link.from, to: link.to, polarity, delay: isDelayed(link.data) };
			let row = byPair.get(link.from);
			if (!row) byPair.set(link.from, (row = new Map()));
			const same = row.get(link.to);
			if (same) same.push(edge);
			else {
				const pair = [edge];
				row.set(link.to, pair);
				pairs.push(pair);
			}
		}
	}
	for (const pairEdges of pairs) {
		if (pairEdges.some((e) => e.polarity !== pairEdges[0].polarity)) contested.push(...pairEdges.map((e) => e.id));
		else {
			edges.push(pairEdges[0]);
			duplicates.push(...pairEdges.slice(1).map((e) => e.id));
		}
	}
	edges.sort(byId);
	return { nodes, names, edges, unsigned, duplicates, selfLinks, contested };
}

/** Why a link between two variables is not part of any loop, in words (null: it counts). */
export function leftOutBecause(graph: Graph, linkId: string): string | null {
	if (graph.selfLinks.includes(linkId))
		return 'it goes from a variable back to itself, which is not a loop here: a loop runs through two or more variables, so name what carries it round';
	if (graph.contested.includes(linkId))
		return 'the same two are also linked the other way round in sign (drawn both + and −), so neither counts until the group keeps one';
	if (graph.duplicates.includes(linkId)) return 'it repeats another link between the same two with the same sign, which counts once';
	if (graph.unsigned.includes(linkId)) return 'it has no sign yet: choose + or −';
	return null;
}

/** The canonical key of a cycle given in any rotation. */
export function loopKey(members: readonly string[]): string {
	let best = 0;
	for (let i = 1; i < members.length; i++) if (members[i] < members[best]) best = i;
	return [...members.slice(best), ...members.slice(0, best)].join('>');
}

export function loopType(polarities: readonly Polarity[]): 'R' | 'B' {
	return polarities.filter((p) => p === '-').length % 2 === 0 ? 'R' : 'B';
}

class Stop extends Error {}

/**
 * Every elementary cycle of `graph` (Johnson's algorithm: blocking keeps it linear per cycle found),
 * until `maxLoops` loops or `maxSteps` units of work (see STEP_CAP: every part of the search counts).
 * @example findLoops(graphOf(contentsOf(frame, elements))).loops.map((l) => l.type)
 */
export function findLoops(graph: Graph, { maxLoops = LOOP_CAP, maxSteps = STEP_CAP } = {}): LoopSearch {
	const n = graph.nodes.length;
	const adj = adjacencyOf(graph);
	const { start: out, to: target } = adj;
	const loops: Loop[] = [];
	// Building the adjacency is work too: a huge diagram spends its budget there before any search.
	let steps = n + graph.edges.length;
	const blocked = new Uint8Array(n);
	// Made when first needed: most vertices of a big diagram are never blocked by another.
	const blockedBy: (Set<number> | undefined)[] = new Array(n);
	const stack: number[] = [];
	const edgeStack: Edge[] = [];
	const scratch = componentScratch(n, graph.edges.length);
	const inComp = scratch.members;

	const unblock = (u: number) => {
		blocked[u] = 0;
		const by = blockedBy[u];
		if (!by) return;
		for (const w of by) {
			by.delete(w);
			if (blocked[w]) unblock(w);
		}
	};
	const circuit = (v: number, s: number): boolean => {
		let found = false;
		stack.push(v);
		blocked[v] = 1;
		for (let j = out[v]; j < out[v + 1]; j++) {
			const w = target[j];
			if (!inComp[w]) continue;
			if (++steps > maxSteps) throw new Stop();
			edgeStack.push(graph.edges[adj.edge[j]]);
			if (w === s) {
				// Listing a loop costs work in proportion to its length (here and in analyse), so it counts too.
				steps += stack.length;
				const members = stack.map((i) => graph.nodes[i]);
				loops.push({
					key: members.join('>'),
					members,
					links: edgeStack.map((e) => e.id),
					type: loopType(edgeStack.map((e) => e.polarity))
				});
				found = true;
				if (loops.length >= maxLoops) throw new Stop();
			} else if (!blocked[w] && circuit(w, s)) found = true;
			edgeStack.pop();
		}
		if (found) unblock(v);
		else
			for (let j = out[v]; j < out[v + 1]; j++) {
				const w = target[j];
				if (inComp[w]) (blockedBy[w] ??= new Set()).add(v);
			}
		stack.pop();
		return found;
	};

	const work = (units: number) => {
		steps += units;
		if (steps > maxSteps) throw new Stop();
	};
	try {
		if (steps > maxSteps) throw new Stop();
		for (let s = 0; s < n; s++) {
			if (componentOf(s, adj, scratch, work) < 2) continue;
			// Only the component's vertices can have been blocked in this start's search: clear those.
			for (let i = 0; i < scratch.reachedCount; i++) {
				const v = scratch.reached[i];
				blocked[v] = 0;
				blockedBy[v]?.clear();
			}
			circuit(s, s);
		}
	} catch (error) {
		if (!(error instanceof Stop)) throw error;
		return { loops, complete: false };
	}
	return { loops, complete: true };
}

/** The graph's links as flat arrays: vertex v's links are `to[start[v]..start[v + 1]]`, `edge` their index in graph.edges. */
interface Adjacency {
	start: Int32Array;
	to: Int32Array;
	edge: Int32Array;
}

function adjacencyOf(graph: Graph): Adjacency {
	const n = graph.nodes.length;
	const index = new Map(graph.nodes.map((id, i) => [id, i]));
	const start = new Int32Array(n + 1);
	const from = new Int32Array(graph.edges.length);
	graph.edges.forEach((e, i) => {
		from[i] = index.get(e.from)!;
		start[from[i] + 1]++;
	});
	for (let v = 0; v < n; v++) start[v + 1] += start[v];
	const to = new Int32Array(graph.edges.length);
	const edge = new Int32Array(graph.edges.length);
	const next = start.slice(0, n);
	// In the order of graph.edges (by id), as the search has always taken them: the same loops, found in the same order.
	graph.edges.forEach((e, i) => {
		const j = next[from[i]]++;
		to[j] = index.get(e.to)!;
		edge[j] = i;
	});
	return { start, to, edge };
}

/**
 * Buffers for `componentOf`, made once per search and cleared only where a start touched them: a big diagram
 * has thousands of starts, and fresh arrays for each made most of the search's garbage.
 */
function componentScratch(n: number, edges: number) {
	return {
		forward: new Uint8Array(n),
		members: new Uint8Array(n),
		reached: new Int32Array(n),
		reachedCount: 0,
		todo: new Int32Array(n),
		/** Who points at each reached vertex, as offsets into `sources` (a compressed adjacency). */
		first: new Int32Array(n + 1),
		fill: new Int32Array(n),
		sources: new Int32Array(Math.max(1, edges))
	};
}
type ComponentScratch = ReturnType<typeof componentScratch>;

/**
 * The strongly connected component of `s` in the subgraph of vertices ≥ s: what s reaches and what reaches
 * s, marked in `scratch.members` (valid until the next call). Reports its work (one per link looked at)
 * through `work`, which stops the search when the budget is spent. Returns the component's size.
 */
function componentOf(s: number, { start: out, to: target }: Adjacency, scratch: ComponentScratch, work: (units: number) => void): number {
	const { forward, members, reached, todo, first, fill, sources } = scratch;
	// Clear what the last start marked.
	for (let i = 0; i < scratch.reachedCount; i++) {
		const v = reached[i];
		forward[v] = 0;
		members[v] = 0;
		fill[v] = 0;
	}
	// Reach forwards from s.
	let count = 0;
	let top = 0;
	forward[s] = 1;
	reached[count++] = s;
	todo[top++] = s;
	while (top > 0) {
		const v = todo[--top];
		work(out[v + 1] - out[v] + 1);
		for (let j = out[v]; j < out[v + 1]; j++) {
			const to = target[j];
			if (to < s || forward[to]) continue;
			forward[to] = 1;
			reached[count++] = to;
			todo[top++] = to;
		}
	}
	scratch.reachedCount = count;
	// Who points at each reached vertex, among the reached: counted, then placed.
	for (let i = 0; i < count; i++) {
		const v = reached[i];
		for (let j = out[v]; j < out[v + 1]; j++) if (forward[target[j]]) fill[target[j]]++;
	}
	let offset = 0;
	for (let i = 0; i < count; i++) {
		const v = reached[i];
		first[v] = offset;
		offset += fill[v];
		fill[v] = first[v];
	}
	for (let i = 0; i < count; i++) {
		const v = reached[i];
		for (let j = out[v]; j < out[v + 1]; j++) if (forward[target[j]]) sources[fill[target[j]]++] = v;
	}
	work(count);
	// Keep those that reach back to s. (fill[v] is now where v's sources end.)
	let size = 1;
	members[s] = 1;
	top = 0;
	todo[top++] = s;
	while (top > 0) {
		const v = todo[--top];
		for (let j = first[v]; j < fill[v]; j++) {
			const u = sources[j];
			if (members[u]) continue;
			members[u] = 1;
			size++;
			todo[top++] = u;
		}
	}
	return size;
}

/** A loop as the panel, describe and exports show it: numbered R1, R2, B1… and named if someone named it. */
export interface LoopView extends Loop {
	/** (`members` and `links` here start from the alphabetically first member's name, for reading.) */
	code: string;
	name: string | null;
	memberNames: string[];
	delayed: boolean;
}

export interface Analysis {
	graph: Graph;
	loops: LoopView[];
	complete: boolean;
	/** Loops by member id, for "in loops R1, B2". */
	byMember: Map<string, LoopView[]>;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Finds stored loop names: by a loop's key, or (after a copy gave fresh ids) by its members' names in
 * order. Built once per analysis, so a diagram with thousands of loops looks each up in O(1).
 */
export function nameFinder(
	names: Record<string, NamedLoop> | undefined
): (key: string, normalisedNames: readonly string[]) => string | null {
	if (!names || Object.keys(names).length === 0) return () => null;
	const byMembers = new Map(Object.values(names).map((entry) => [loopKey(entry.members.map(norm)), entry.name]));
	return (key, normalised) => names[key]?.name ?? byMembers.get(loopKey(normalised)) ?? null;
}

/**
 * Finds, orders and numbers a frame's loops. Order (so numbers stay put while people draw elsewhere):
 * shorter loops first, then by their members' names.
 */
export function analyse(
	contents: Pick<FrameContents, 'items' | 'links'> & { frame: { data: Record<string, JsonValue> } },
	caps?: { maxLoops?: number; maxSteps?: number }
): Analysis {
	const graph = graphOf(contents);
	return analyseGraph(graph, findLoops(graph, caps), contents.frame.data);
}

/**
 * `analyse` from a graph already built and searched (live.ts keeps both while the graph stays the same).
 * `normalised` may hold names already normalised (name → its form for sorting and finding stored names):
 * live.ts keeps one per frame, so a change does not normalise thousands of loop members' names again.
 */
export function analyseGraph(
	graph: Graph,
	{ loops, complete }: LoopSearch,
	frameData: Record<string, JsonValue>,
	normalised = new Map<string, string>()
): Analysis {
	const findName = nameFinder(settingsOf(frameData).loopNames);
	const delays = new Set(graph.edges.filter((e) => e.delay).map((e) => e.id));
	// Only the loops' members are needed, and a capped search on a big diagram lists few of its variables.
	const normOf = (shown: string) => {
		let name = normalised.get(shown);
		if (name === undefined) normalised.set(shown, (name = norm(shown)));
		return name;
	};
	// Each view's normalised member names from where it is shown, for sorting loops of the same length
	// (made only for those: a capped search on a big diagram lists a few very long loops).
	const rotated = new Map<LoopView, string[]>();
	const views: LoopView[] = loops.map((loop) => {
		// Shown from the alphabetically first member, so a loop reads the same on every board (ids are random).
		// (Plain loops, one array each: a capped search on a big diagram lists loops of over a thousand members.)
		const n = loop.members.length;
		const shown = new Array<string>(n);
		const named = new Array<string>(n);
		let from = 0;
		for (let i = 0; i < n; i++) {
			shown[i] = graph.names.get(loop.members[i])!;
			named[i] = normOf(shown[i]);
			if (i > 0 && named[i] < named[from]) from = i;
		}
		const turn = <T>(xs: T[]): T[] => {
			if (from === 0) return xs;
			const out = new Array<T>(xs.length);
			for (let i = 0; i < xs.length; i++) out[i] = xs[(i + from) % xs.length];
			return out;
		};
		let delayed = false;
		if (delays.size > 0)
			for (const l of loop.links)
				if (delays.has(l)) {
					delayed = true;
					break;
				}
		const view: LoopView = {
			key: loop.key,
			type: loop.type,
			members: turn(loop.members),
			links: turn(loop.links),
			memberNames: turn(shown),
			name: findName(loop.key, named),
			delayed,
			code: ''
		};
		rotated.set(view, turn(named));
		return view;
	});
	const sortKeys = new Map<LoopView, string>();
	const sortKey = (view: LoopView) => {
		let key = sortKeys.get(view);
		if (key === undefined) sortKeys.set(view, (key = rotated.get(view)!.join('>')));
		return key;
	};
	views.sort((a, b) => {
		if (a.members.length !== b.members.length) return a.members.length - b.members.length;
		const [x, y] = [sortKey(a), sortKey(b)];
		return x < y ? -1 : x > y ? 1 : a.key < b.key ? -1 : 1;
	});
	const counts = { R: 0, B: 0 };
	const byMember = new Map<string, LoopView[]>();
	for (const view of views) {
		view.code = `${view.type}${++counts[view.type]}`;
		for (const id of view.members) {
			const list = byMember.get(id);
			if (list) list.push(view);
			else byMember.set(id, [view]);
		}
	}
	return { graph, loops: views, complete, byMember };
}

/** "R1 Stuck at the high end" or just "R1". */
export function loopTitle(loop: Pick<LoopView, 'code' | 'name'>): string {
	return loop.name ? `${loop.code} ${loop.name}` : loop.code;
}

export function typeWords(type: 'R' | 'B'): string {
	return type === 'R' ? 'reinforcing' : 'balancing';
}
