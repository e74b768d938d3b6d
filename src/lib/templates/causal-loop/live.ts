/**
 * The analysis as every screen shows it live (the canvas labels, the panel, the outline): one per frame,
 * kept from change to change and redone only when something the loops depend on changed.
 *
 * Moving a variable, resizing it, highlighting a loop or editing a link's label leaves the signed graph as
 * it was, so the graph, the search and the numbering are kept. The check is one pass comparing the frame's
 * contents with the last contents seen, position by position and by object first (the element index hands
 * out the same object for an element that did not change): the second and third view to ask after a change
 * pay a pointer comparison per element. What changed is then handled as narrowly as it allows:
 * - a variable renamed, or a link re-signed or (un)delayed, in a diagram with no repeated or contested pair:
 *   the kept graph is patched (one name, one edge) and the last search is reused (the same edges give the
 *   same loops in the same order, capped at the same place), each loop re-typed from the new signs (`patch`,
 *   `sameShape`);
 * - any other change to the graph (a link drawn or deleted, a variable added or removed): the graph is built
 *   again from the kept id-sorted lists of variables and links, the few new ids merged in rather than every
 *   link sorted again (`rebuilt`), and searched again, the search capped as a whole (STEP_CAP in analysis.ts);
 * - a new loop name redoes only the numbering and names.
 *
 * The result is always what `analyse(contents)` gives for the same contents: the memo only saves work
 * (live.test.ts checks it against a fresh analysis after every step of random edits; only the order in which
 * `graph.names` lists the variables may differ after a reorder, and every reader looks names up by id). That is why a
 * small module-level memo is acceptable here, like describe.ts's: it holds no state anyone can observe,
 * and it keeps at most MEMO_FRAMES frames (the least recently used goes first).
 */
import type { Connector, Element, JsonValue } from '$lib/doc/schema.js';
import type { FrameContents } from '../kit/model.js';
import {
	analyse,
	analyseGraph,
	byId,
	findLoops,
	graphFrom,
	graphOf,
	isVariable,
	loopType,
	nameOf,
	type Analysis,
	type Graph,
	type LoopSearch,
	type Variable
} from './analysis.js';
import { ID, isDelayed, polarityOf, settingsOf } from './schema.js';

type Contents = Pick<FrameContents, 'items' | 'links'> & { frame: { id?: string; data: Record<string, JsonValue> } };

interface Memo {
	/** The variables and the links between them that the graph was built from, by id. */
	variables: Map<string, Element>;
	links: Map<string, Connector>;
	/** The variables' ids and the links, sorted by id as the graph takes them. */
	nodes: string[];
	sorted: Connector[];
	graph: Graph;
	/** The graph's loops (undefined while only `liveGraph` has asked: the worker searches then). */
	search?: LoopSearch;
	/** The last contents this memo was checked against (its graph is theirs), in their order. */
	items: readonly Element[];
	linkList: readonly Connector[];
	/** The frame's loop names as JSON, and the analysis numbered and named with them. */
	names: string;
	analysis?: Analysis;
	/**
	 * How many signed links (between two variables, not a self-link) join each pair, from → to: made when a
	 * link is first drawn or deleted after a rebuild, and kept by the patches after it (see `patch`).
	 */
	pairs?: Map<string, Map<string, number>>;
	/** Names as `analyseGraph` normalises them, by name (see there): kept across changes, emptied when it outgrows the frame. */
	normalised: Map<string, string>;
}

const MEMO_FRAMES = 8;
const memos = new Map<string, Memo>();

/** Whether two versions of a link say the same to the analysis: ends, kind, sign and delay. */
function sameLink(a: Connector, b: Connector): boolean {
	return (
		a.from === b.from &&
		a.to === b.to &&
		a.data.template === b.data.template &&
		polarityOf(a.data) === polarityOf(b.data) &&
		isDelayed(a.data) === isDelayed(b.data)
	);
}

/**
 * Whether `contents` has the graph `memo` was built from. Versions of an element that changed in ways the
 * graph ignores are put in the memo, so that the next check finds them by object.
 */
function sameGraph(memo: Memo, contents: Contents): boolean {
	let variables = 0;
	for (const item of contents.items) {
		if (!isVariable(item)) continue;
		variables++;
		const before = memo.variables.get(item.id);
		if (before === item) continue;
		if (!before || !isVariable(before) || before.text !== item.text) return false;
		memo.variables.set(item.id, item);
	}
	if (variables !== memo.variables.size) return false;
	let links = 0;
	for (const link of contents.links) {
		if (!memo.variables.has(link.from) || !memo.variables.has(link.to)) continue;
		links++;
		const before = memo.links.get(link.id);
		if (before === link) continue;
		if (!before || !sameLink(before, link)) return false;
		memo.links.set(link.id, link);
	}
	return links === memo.links.size;
}

/** Keeps `sorted`'s order for what stays (taking each one's version from `now`), and merges in what `now` adds. */
function resorted<T>(sorted: readonly T[], now: ReadonlyMap<string, T>, before: ReadonlyMap<string, unknown>, idOf: (x: T) => string): T[] {
	const kept: T[] = [];
	for (const x of sorted) {
		const next = now.get(idOf(x));
		if (next !== undefined) kept.push(next);
	}
	const added: T[] = [];
	for (const [id, x] of now) if (!before.has(id)) added.push(x);
	if (added.length === 0) return kept;
	added.sort((a, b) => (idOf(a) < idOf(b) ? -1 : 1));
	const merged: T[] = [];
	let i = 0;
	for (const x of kept) {
		while (i < added.length && idOf(added[i]) < idOf(x)) merged.push(added[i++]);
		merged.push(x);
	}
	while (i < added.length) merged.push(added[i++]);
	return merged;
}

/**
 * The graph of `contents`, built from the lists `last` kept sorted: a change to a big diagram merges the
 * few ids it added instead of sorting every variable and link again. The same graph as `graphOf(contents)`
 * (live.test.ts compares them after every step of random edits).
 */
function rebuilt(contents: Contents, last: Memo | undefined): Pick<Memo, 'variables' | 'links' | 'nodes' | 'sorted' | 'graph'> {
	const order: Variable[] = [];
	const variables = new Map<string, Element>();
	for (const item of contents.items)
		if (isVariable(item)) {
			order.push(item);
			variables.set(item.id, item);
		}
	const links = new Map<string, Connector>();
	for (const link of contents.links) if (variables.has(link.from) && variables.has(link.to)) links.set(link.id, link);
	const nodes = last ? resorted(last.nodes, idsOf(variables), last.variables, (id) => id) : [...variables.keys()].sort();
	const sorted = last ? resorted(last.sorted, links, last.links, (l) => l.id) : [...links.values()].sort(byId);
	return { variables, links, nodes, sorted, graph: graphFrom(order, nodes, sorted) };
}

const idsOf = (map: ReadonlyMap<string, unknown>) => new Map([...map.keys()].map((id) => [id, id]));

/**
 * The last search, if `graph` has the same variables and the same edges (ids and ends, in the same order)
 * as the memo's: the search walks only those, so it would find the same loops in the same order, capped at
 * the same place. Only a loop's type can differ (a sign switched), and it is worked out again from the new
 * signs. Renaming a variable, switching a sign or adding a delay so costs no search. Null: search again.
 */
function sameShape(memo: Memo & { search: LoopSearch }, graph: Graph): LoopSearch | null {
	const [before, after] = [memo.graph, graph];
	if (before.nodes.length !== after.nodes.length || before.edges.length !== after.edges.length) return null;
	for (let i = 0; i < after.nodes.length; i++) if (before.nodes[i] !== after.nodes[i]) return null;
	let signs = false;
	for (let i = 0; i < after.edges.length; i++) {
		const a = before.edges[i];
		const b = after.edges[i];
		if (a.id !== b.id || a.from !== b.from || a.to !== b.to) return null;
		if (a.polarity !== b.polarity) signs = true;
	}
	if (!signs) return memo.search;
	const polarity = new Map(after.edges.map((e) => [e.id, e.polarity]));
	return {
		loops: memo.search.loops.map((loop) => ({ ...loop, type: loopType(loop.links.map((id) => polarity.get(id)!)) })),
		complete: memo.search.complete
	};
}

/** More changed elements than this at once are not patched in (the graph is rebuilt). */
const PATCH_MAX = 16;

const signedLink = (l: Connector) => l.from !== l.to && l.data.template === ID && !!polarityOf(l.data);

/** What `patch` made: the graph, and the links whose sign it switched (their loops change type, not shape). */
interface Patched {
	graph: Graph;
	/** False when a link was drawn or deleted: the same variables, other edges, so search again. */
	sameShape: boolean;
	flipped: Set<string>;
}

/**
 * The graph of `contents` made from the memo's by changing only what changed, when `contents` are the
 * memo's last contents position by position with a few elements changed: a variable renamed, a link
 * re-signed or delayed or undelayed (its ends kept) in a diagram with no repeated or contested pairs (so
 * each link is alone between its two variables, and stays so), or one link drawn or deleted where it is or
 * stays alone between its two variables (or is a self-link, or unsigned). Returns the memo's own graph
 * when nothing changed that the graph shows, and null when the change is of another kind (the caller
 * rebuilds). The memo's variables, links and sorted links take the new versions. The same graph `graphOf`
 * gives (live.test.ts).
 */
function patch(memo: Memo, contents: Contents): Patched | null {
	const { items, links } = contents;
	// The next view on the same change, handed the same lists by the board (ElementIndex.contentsOf).
	if (items === memo.items && links === memo.linkList) return { graph: memo.graph, sameShape: true, flipped: new Set() };
	if (items.length !== memo.items.length) return null;
	const renamed: Variable[] = [];
	const resigned: Connector[] = [];
	let changed = 0;
	for (let i = 0; i < items.length; i++) {
		const a = memo.items[i];
		const b = items[i];
		if (a === b) continue;
		if (a.id !== b.id || ++changed > PATCH_MAX) return null;
		if (!isVariable(b)) {
			if (isVariable(a)) return null;
			continue;
		}
		if (!isVariable(a)) return null;
		if (a.text !== b.text) renamed.push(b);
	}
	// One link drawn or deleted: the lists are the same but for it (by object), one place.
	const one = oneMore(memo.linkList, links) ?? oneMore(links, memo.linkList);
	const [added, removed] = one && links.length > memo.linkList.length ? [one, null] : one ? [null, one] : [null, null];
	if (!one && links.length !== memo.linkList.length) return null;
	for (let i = 0; !one && i < links.length; i++) {
		const a = memo.linkList[i];
		const b = links[i];
		if (a === b) continue;
		if (a.id !== b.id || ++changed > PATCH_MAX || a.from !== b.from || a.to !== b.to) return null;
		if (!memo.links.has(b.id) || sameLink(a, b)) continue;
		if (!signedLink(a) || !signedLink(b) || memo.graph.duplicates.length > 0 || memo.graph.contested.length > 0) return null;
		resigned.push(b);
	}
	// Where each re-signed link's edge is (before anything is changed: null leaves the memo as it was).
	const at = resigned.map((link) => lowerBound(memo.graph.edges, link.id));
	if (resigned.some((link, i) => memo.graph.edges[at[i]]?.id !== link.id)) return null;
	const drawn = added && memo.variables.has(added.from) && memo.variables.has(added.to) ? added : null;
	const gone = removed && memo.links.has(removed.id) ? removed : null;
	const pairs = drawn || gone ? (memo.pairs ??= pairsOf(memo.sorted)) : undefined;
	const alone = (l: Connector) => pairs?.get(l.from)?.get(l.to) ?? 0;
	if (drawn && signedLink(drawn) && alone(drawn) !== 0) return null;
	if (gone && signedLink(gone) && alone(gone) !== 1) return null;
	for (let i = 0; i < items.length; i++) if (memo.items[i] !== items[i] && isVariable(items[i])) memo.variables.set(items[i].id, items[i]);
	if (!one)
		for (let i = 0; i < links.length; i++)
			if (memo.linkList[i] !== links[i] && memo.links.has(links[i].id)) memo.links.set(links[i].id, links[i]);
	if (renamed.length === 0 && resigned.length === 0 && !drawn && !gone) return { graph: memo.graph, sameShape: true, flipped: new Set() };
	const graph = { ...memo.graph };
	if (renamed.length > 0) {
		graph.names = new Map(graph.names);
		for (const v of renamed) graph.names.set(v.id, nameOf(v));
	}
	const flipped = new Set<string>();
	if (resigned.length > 0) {
		graph.edges = graph.edges.slice();
		resigned.forEach((link, i) => {
			const edge = { id: link.id, from: link.from, to: link.to, polarity: polarityOf(link.data)!, delay: isDelayed(link.data) };
			if (edge.polarity !== graph.edges[at[i]].polarity) flipped.add(link.id);
			graph.edges[at[i]] = edge;
		});
	}
	if (drawn) {
		memo.links.set(drawn.id, drawn);
		memo.sorted = inserted(memo.sorted, drawn);
		if (drawn.from === drawn.to) graph.selfLinks = insertedId(graph.selfLinks, drawn.id);
		else if (!signedLink(drawn)) graph.unsigned = insertedId(graph.unsigned, drawn.id);
		else {
			count(pairs!, drawn, 1);
			const edge = { id: drawn.id, from: drawn.from, to: drawn.to, polarity: polarityOf(drawn.data)!, delay: isDelayed(drawn.data) };
			graph.edges = inserted(graph.edges, edge);
		}
	}
	if (gone) {
		memo.links.delete(gone.id);
		memo.sorted = withoutId(memo.sorted, gone.id);
		if (gone.from === gone.to) graph.selfLinks = withoutId(graph.selfLinks, gone.id);
		else if (!signedLink(gone)) graph.unsigned = withoutId(graph.unsigned, gone.id);
		else {
			count(pairs!, gone, -1);
			graph.edges = withoutId(graph.edges, gone.id);
		}
	}
	return { graph, sameShape: !drawn && !gone, flipped };
}

/** The one element `longer` has that `shorter` has not, if all the others are the same objects in the same order. */
function oneMore<T>(shorter: readonly T[], longer: readonly T[]): T | null {
	if (longer.length !== shorter.length + 1) return null;
	let i = 0;
	while (i < shorter.length && shorter[i] === longer[i]) i++;
	for (let j = i; j < shorter.length; j++) if (shorter[j] !== longer[j + 1]) return null;
	return longer[i];
}

/** How many signed links join each pair of `links`. */
function pairsOf(links: readonly Connector[]): Map<string, Map<string, number>> {
	const pairs = new Map<string, Map<string, number>>();
	for (const link of links) if (signedLink(link)) count(pairs, link, 1);
	return pairs;
}

function count(pairs: Map<string, Map<string, number>>, link: Connector, by: number): void {
	let row = pairs.get(link.from);
	if (!row) pairs.set(link.from, (row = new Map()));
	const n = (row.get(link.to) ?? 0) + by;
	if (n === 0) row.delete(link.to);
	else row.set(link.to, n);
}

/** A copy of `sorted` (by id) with `x` in its place. */
function inserted<T extends { id: string }>(sorted: readonly T[], x: T): T[] {
	const at = lowerBound(sorted, x.id);
	return [...sorted.slice(0, at), x, ...sorted.slice(at)];
}
function insertedId(sorted: readonly string[], id: string): string[] {
	let at = 0;
	while (at < sorted.length && sorted[at] < id) at++;
	return [...sorted.slice(0, at), id, ...sorted.slice(at)];
}

/** A copy of `sorted` (by id, or ids) without `id`. */
function withoutId<T extends { id: string } | string>(sorted: readonly T[], id: string): T[] {
	return sorted.filter((x) => (typeof x === 'string' ? x : x.id) !== id);
}

/** The first index in `edges` (sorted by id) whose id is not below `id`. */
function lowerBound(edges: readonly { id: string }[], id: string): number {
	let [lo, hi] = [0, edges.length];
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (edges[mid].id < id) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * The frame's memo brought up to `contents`: its graph patched or rebuilt, and its search kept, re-typed or
 * (when `search` is false, for a caller that searches elsewhere: the loop worker) left undone.
 */
function advanced(contents: Contents & { frame: { id: string } }, search: boolean): Memo {
	const id = contents.frame.id;
	const names = JSON.stringify(settingsOf(contents.frame.data).loopNames ?? {});
	let memo = memos.get(id);
	memos.delete(id);
	const patched = memo && patch(memo, contents);
	if (memo && (patched?.graph === memo.graph || (!patched && sameGraph(memo, contents)))) {
		memo.items = contents.items;
		memo.linkList = contents.links;
		if (search && !memo.search) memo = { ...memo, search: findLoops(memo.graph), names: '' };
		if (search && memo.names !== names)
			memo = { ...memo, names, analysis: analyseGraph(memo.graph, memo.search!, contents.frame.data, memo.normalised) };
	} else {
		const kept = memo && memo.normalised.size <= 2 * memo.variables.size + 64 ? memo.normalised : new Map<string, string>();
		const next = memo && patched ? { ...memo, graph: patched.graph } : { ...rebuilt(contents, memo), pairs: undefined, normalised: kept };
		// A search kept, or re-typed from the signs that flipped: only from a memo that has one.
		const reused = memo?.search
			? patched?.sameShape
				? retyped(memo.search, patched.flipped)
				: sameShape(memo as Memo & { search: LoopSearch }, next.graph)
			: null;
		const found = reused ?? (search ? findLoops(next.graph) : undefined);
		memo = {
			...next,
			search: found,
			items: contents.items,
			linkList: contents.links,
			names: found ? names : '',
			analysis: found ? analyseGraph(next.graph, found, contents.frame.data, next.normalised) : undefined
		};
	}
	memos.set(id, memo);
	if (memos.size > MEMO_FRAMES) memos.delete(memos.keys().next().value!);
	return memo;
}

/**
 * The frame's analysis, the same as `analyse(contents)`, redone only as far as the change needs.
 * @example liveAnalysis(contentsOf(frame, elements)).loops.map((l) => l.code)
 */
export function liveAnalysis(contents: Contents): Analysis {
	const id = contents.frame.id;
	if (!id) return analyse(contents);
	return advanced({ ...contents, frame: { ...contents.frame, id } }, true).analysis!;
}

/**
 * The frame's signed graph, the same as `graphOf(contents)`, kept and patched as `liveAnalysis` keeps it
 * but not searched (the loop worker searches it): the same object as long as the graph is the same.
 * @example liveGraph(diagram).edges.length
 */
export function liveGraph(contents: Contents): Graph {
	const id = contents.frame.id;
	if (!id) return graphOf(contents);
	return advanced({ ...contents, frame: { ...contents.frame, id } }, false).graph;
}

/**
 * The last search after the links in `flipped` switched sign (+ to − or back): the same loops in the same
 * order, each one's type switched once for each of its links that flipped.
 */
function retyped(search: LoopSearch, flipped: ReadonlySet<string>): LoopSearch {
	if (flipped.size === 0) return search;
	return {
		loops: search.loops.map((loop) => {
			const flips = loop.links.reduce((n, l) => n + (flipped.has(l) ? 1 : 0), 0);
			return flips % 2 === 0 ? loop : { ...loop, type: loop.type === 'R' ? 'B' : 'R' };
		}),
		complete: search.complete
	};
}
