/**
 * The analysis as every screen shows it live (the canvas labels, the panel, the outline): one per frame,
 * kept from change to change and redone only when something the loops depend on changed.
 *
 * Moving a variable, resizing it, highlighting a loop or editing a link's label leaves the signed graph as
 * it was, so the graph, the search and the numbering are kept (the check is one pass comparing the
 * frame's variables and links with the last ones, by object first: the element index hands out the same
 * object for an element that did not change). A change to the graph (a link drawn, re-signed or deleted,
 * a variable added, renamed or removed) redoes the graph and the search, whose work is capped as a whole
 * (STEP_CAP in analysis.ts); a new loop name redoes only the numbering and names.
 *
 * The result is always what `analyse(contents)` gives for the same contents: the memo only saves work
 * (live.test.ts checks it against a fresh analysis after every step of random edits). That is why a
 * small module-level memo is acceptable here, like describe.ts's: it holds no state anyone can observe,
 * and it keeps at most MEMO_FRAMES frames (the least recently used goes first).
 */
import type { Connector, Element, JsonValue } from '$lib/doc/schema.js';
import type { FrameContents } from '../kit/model.js';
import { analyse, analyseGraph, findLoops, graphOf, isVariable, type Analysis, type Graph, type LoopSearch } from './analysis.js';
import { isDelayed, polarityOf, settingsOf } from './schema.js';

type Contents = Pick<FrameContents, 'items' | 'links'> & { frame: { id?: string; data: Record<string, JsonValue> } };

interface Memo {
	/** The variables and the links between them that the graph was built from, by id. */
	variables: Map<string, Element>;
	links: Map<string, Connector>;
	graph: Graph;
	search: LoopSearch;
	/** The frame's loop names as JSON, and the analysis numbered and named with them. */
	names: string;
	analysis: Analysis;
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

function remember(contents: Contents): Pick<Memo, 'variables' | 'links'> {
	const variables = new Map<string, Element>();
	for (const item of contents.items) if (isVariable(item)) variables.set(item.id, item);
	const links = new Map<string, Connector>();
	for (const link of contents.links) if (variables.has(link.from) && variables.has(link.to)) links.set(link.id, link);
	return { variables, links };
}

/**
 * The frame's analysis, the same as `analyse(contents)`, redone only as far as the change needs.
 * @example liveAnalysis(contentsOf(frame, elements)).loops.map((l) => l.code)
 */
export function liveAnalysis(contents: Contents): Analysis {
	const id = contents.frame.id;
	if (!id) return analyse(contents);
	const names = JSON.stringify(settingsOf(contents.frame.data).loopNames ?? {});
	let memo = memos.get(id);
	memos.delete(id);
	if (memo && sameGraph(memo, contents)) {
		if (memo.names !== names) memo = { ...memo, names, analysis: analyseGraph(memo.graph, memo.search, contents.frame.data) };
	} else {
		const graph = graphOf(contents);
		const search = findLoops(graph);
		memo = { ...remember(contents), graph, search, names, analysis: analyseGraph(graph, search, contents.frame.data) };
	}
	memos.set(id, memo);
	if (memos.size > MEMO_FRAMES) memos.delete(memos.keys().next().value!);
	return memo.analysis;
}
