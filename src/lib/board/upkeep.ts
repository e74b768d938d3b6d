/**
 * The board's upkeep on every client (placement rules, templates' `maintain`), run on what changed rather
 * than on the whole board: a remote move of one note settles that note, its frame and its connectors.
 */
import type { ElementIndex } from '$lib/doc/element-index.js';
import type { Element } from '$lib/doc/schema.js';

/**
 * What the upkeep must look at after `ids` changed: those elements, the contents of changed frames, the
 * connectors on changed boxes, and then, as context, the frame each of them sits in and both ends of each
 * connector. In z-order.
 */
export function affectedBy(index: ElementIndex, ids: Iterable<string>): Element[] {
	const out = new Map<string, Element>();
	const add = (el: Element | null) => {
		if (el && !out.has(el.id)) out.set(el.id, el);
	};
	for (const id of ids) {
		const el = index.get(id);
		if (!el) continue;
		add(el);
		if (el.kind === 'frame') for (const child of index.childrenOf(id)) add(child);
	}
	for (const el of [...out.values()]) if (el.kind !== 'connector') for (const c of index.connectorsOn(el.id)) add(c);
	// Context: what the rules read to judge those (a box's frame, a connector's ends and their frames).
	for (const el of [...out.values()]) {
		if (el.kind === 'connector') for (const end of [index.get(el.from), index.get(el.to)]) add(end);
	}
	for (const el of [...out.values()]) if (el.kind !== 'connector' && el.parent) add(index.get(el.parent));
	const all = [...out.values()];
	return all.sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Runs `settle` with the elements to look at (`affectedBy`) `delay` ms after the last change: first with
 * the whole board, then with what each burst of changes touched. Returns the function that stops it.
 * @example const stop = startUpkeep(board.index, (elements) => settlePlacement(doc, rules, undefined, elements))
 */
export function startUpkeep(index: ElementIndex, settle: (elements: readonly Element[]) => void, delay = 250): () => void {
	let dirty: Set<string> | 'all' = 'all';
	let timer: ReturnType<typeof setTimeout> | null = null;
	const run = () => {
		timer = null;
		const ids = dirty;
		dirty = new Set();
		settle(ids === 'all' ? index.all() : affectedBy(index, ids));
	};
	const schedule = () => {
		if (timer) clearTimeout(timer);
		timer = setTimeout(run, delay);
	};
	const off = index.onChange((ids) => {
		if (dirty !== 'all') for (const id of ids) dirty.add(id);
		schedule();
	});
	schedule();
	return () => {
		off();
		if (timer) clearTimeout(timer);
	};
}
