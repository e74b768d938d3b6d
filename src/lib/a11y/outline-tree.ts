/**
 * The outline's tree, kept live from the element index's changes so that a remote change costs what it
 * changes. For a box outside an exercise that keeps its kind and parent (so its group):
 * - if it keeps its place among its siblings and its words (a note nudged within its row of the reading
 *   order, a colour that is not in its words), nothing in the tree reads differently: its leaf, and the row
 *   `rows` last gave for it, take the new element in place, and `version` stays;
 * - if it changes place within its group, its leaf is moved there (binary search), and if its words change,
 *   its leaf and the connections named after it are relabelled: `version` goes up and the rows are
 *   flattened again, but nothing is sorted or described afresh.
 * A change that stays inside one exercise (its boxes and typed links, before and after: an add, a delete, a
 * move, new words, a link drawn) patches that exercise's node when it is one element (its leaf replaced,
 * moved among its siblings by binary search, put in or taken out), else builds that node again
 * (`exerciseNode`), never the tree. An exercise's words are made when read (outline-words.ts): its template
 * may describe an item by its whole frame, so after any change inside it, or a new annotation from the host
 * (the loop worker answered), they are made again when next read (the rows on screen), not described here.
 * Anything else (a frame, a plain connector, a new parent, anything not in the tree) builds the tree again
 * with `treeOf`.
 *
 * The rows are made again only for the top-level groups that changed (an exercise, "Not in a frame",
 * "Connections"): the rows of the others are the same objects, taken from the last rows, unless the person
 * closed or opened a group or is searching (then all are made again).
 *
 * An exercise's leaf rows are kept by their leaves and renumbered in place when its rows are listed again, so
 * that one change makes one new row, not 12,000 (`TemplatedLeaf.rowOf`).
 *
 * Invariant (tested with random edits against `outlineRows` computed afresh): after every transaction,
 * `rows(options)` equals `outlineRows(index.all(), options)`, row for row, element for element and label for
 * label.
 *
 * @example const tree = new OutlineTree(board.index); tree.onChange(() => redraw()); tree.rows({ query })
 */
import type { Annotations } from '$lib/canvas/annotations.js';
import type { ElementIndex } from '$lib/doc/element-index.js';
import type { BoxElement, Element, Frame } from '$lib/doc/schema.js';
import { compareByIndex } from '$lib/shared/order.js';
import { describeElement, readingOrder } from './outline.js';
import { templateModel } from '$lib/templates/models.js';
import { boardLookup, TemplatedLeaf } from './outline-words.js';
import {
	exerciseNode,
	isExerciseLink,
	pushRows,
	sectionOf,
	rowsOf,
	treeOf,
	type OutlineNode,
	type OutlineRow,
	type RowOptions
} from './outline-rows.js';

/** Where a leaf is: its node, and its siblings in the order the tree lists them. */
interface Place {
	node: OutlineNode;
	siblings: OutlineNode[];
	at: number;
	/** The top-level node it is under (or is). */
	top: OutlineNode;
}

/** No elements: a box's words do not read any. */
const NOWHERE = new Map<string, Element>();

/** The order of a group's boxes: reading order, ties in z-order (what `buildOutline`'s stable sort gives). */
const before = (a: BoxElement, b: BoxElement) => (readingOrder(a, b) || compareByIndex(a, b)) < 0;
/** The order of a node's leaves: boxes as `before`, an exercise's links in z-order. */
const inOrder = (a: Element, b: Element) => (a.kind === 'connector' ? compareByIndex(a, b) < 0 : before(a as BoxElement, b as BoxElement));

/** Where `el` goes among `siblings`, leaves in `inOrder`: binary search. */
function placeAmong(siblings: readonly OutlineNode[], el: Element): number {
	let lo = 0;
	let hi = siblings.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (inOrder(siblings[mid].element!, el)) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

export class OutlineTree {
	/** Goes up whenever the tree's rows would read differently (words, order, groups); not for in-place refreshes. */
	version = 0;
	readonly #index: ElementIndex;
	#tree: OutlineNode[] = [];
	/** The elements the tree was built from, and whether `#places` has been made from it yet. */
	#builtFrom: readonly Element[] = [];
	#placed = false;
	/** Element id → its node (a leaf, or a frame's group). */
	readonly #places = new Map<string, Place>();
	/** Elements on the board with no node (a box whose parent is not a frame, a connector to nowhere): few. */
	readonly #unplaced = new Set<string>();
	#rows: OutlineRow[] | null = null;
	#rowsFor: { version: number; collapsed?: ReadonlySet<string>; query: string } | null = null;
	/** Element id → its row in `#rows`, made when a refresh first needs it. */
	#rowOf: Map<string, OutlineRow> | null = null;
	readonly #listeners = new Set<() => void>();
	readonly #stops: (() => void)[] = [];
	readonly #sources: Pick<RowOptions, 'contentsOf' | 'annotation'>;
	/** Keys of the top-level nodes made again since `#rows` was made; null: the whole tree. */
	#dirty: Set<string> | null = null;
	/** Leaves relabelled in place since `#rows` was made (their group's other rows are kept). */
	readonly #relabelled = new Set<string>();
	/** Top-level node key → where its rows are in `#rows` (when `#rows` lists every group, unfiltered). */
	#ranges: Map<string, [number, number]> | null = null;

	/** `annotations`: the host's (the board's), read by templates that describe by them (a causal-loop frame's loops). */
	constructor(index: ElementIndex, annotations: Annotations | null = null) {
		this.#index = index;
		this.#sources = { contentsOf: (id) => index.contentsOf(id), annotation: annotations ? (id) => annotations.get(id) : undefined };
		this.#build();
		this.#stops.push(index.onChange((ids) => this.#changed(this.#apply(ids))));
		if (annotations) this.#stops.push(annotations.onChange((ids) => this.#changed(this.#annotated(ids))));
	}

	#changed(differs: boolean): void {
		if (!differs) return;
		this.version++;
		for (const listener of [...this.#listeners]) listener();
	}

	/** The visible rows (see `rowsOf`); the same array while nothing the rows show has changed. */
	rows(options: RowOptions = {}): OutlineRow[] {
		const query = options.query?.trim().toLowerCase() ?? '';
		const memo = this.#rowsFor;
		if (this.#rows && memo && memo.version === this.version && memo.collapsed === options.collapsed && memo.query === query)
			return this.#rows;
		const splice = this.#rows && memo && this.#ranges && this.#dirty && memo.collapsed === options.collapsed && !query;
		this.#rows = splice ? this.#spliced(options.collapsed ?? new Set()) : rowsOf(this.#tree, options);
		if (!splice && !query) this.#ranges = this.#rangesOf(this.#rows);
		else if (query) this.#ranges = null;
		this.#dirty = new Set();
		this.#relabelled.clear();
		this.#rowsFor = { version: this.version, collapsed: options.collapsed, query };
		this.#rowOf = null;
		return this.#rows;
	}

	/** The rows with those of the changed top-level groups made again, the others taken from the last rows. */
	#spliced(collapsed: ReadonlySet<string>): OutlineRow[] {
		const last = this.#rows!;
		const ranges = this.#ranges!;
		const rows: OutlineRow[] = [];
		const next = new Map<string, [number, number]>();
		this.#tree.forEach((node, i) => {
			const start = rows.length;
			const was = ranges.get(node.key);
			if (was && !this.#dirty!.has(node.key) && !this.#relabelled.size) for (let r = was[0]; r < was[1]; r++) rows.push(last[r]);
			else if (was && !this.#dirty!.has(node.key))
				for (let r = was[0]; r < was[1]; r++) {
					const row = last[r];
					// A leaf whose words changed in place: a new row for it alone.
					const leaf = this.#relabelled.has(row.key) && row.kind === 'element' ? this.#places.get(row.key)?.node : undefined;
					rows.push(leaf ? { ...row, label: leaf.label, element: leaf.element } : row);
				}
			else pushRows(rows, this.#tree, i, 1, null, collapsed, false);
			next.set(node.key, [start, rows.length]);
		});
		this.#ranges = next;
		return rows;
	}

	#rangesOf(rows: readonly OutlineRow[]): Map<string, [number, number]> {
		const ranges = new Map<string, [number, number]>();
		let start = -1;
		rows.forEach((row, r) => {
			if (row.level !== 1) return;
			if (start >= 0) ranges.set(rows[start].key, [start, r]);
			start = r;
		});
		if (start >= 0) ranges.set(rows[start].key, [start, rows.length]);
		return ranges;
	}

	/** Calls `listener` after each change that makes the rows read differently. Returns the function that stops it. */
	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	destroy(): void {
		for (const stop of this.#stops) stop();
		this.#listeners.clear();
	}

	#build(): void {
		this.#builtFrom = this.#index.all();
		// Exercises describe their items from the frame's contents as the index hands them out (shared with the canvas).
		this.#tree = treeOf(this.#builtFrom, this.#sources);
		this.#placed = false;
		this.#dirty = null;
	}

	/** Finds every node's place (once per build, at the first change after it: opening the outline does not wait for it). */
	#place(): void {
		if (this.#placed) return;
		this.#placed = true;
		this.#places.clear();
		this.#unplaced.clear();
		for (const top of this.#tree) this.#placeUnder(top, [top], 0, top);
		const all = this.#builtFrom;
		if (this.#places.size < all.length) for (const el of all) if (!this.#places.has(el.id)) this.#unplaced.add(el.id);
	}

	/** Records the place of `siblings[at]` and of every node under it. */
	#placeUnder(node: OutlineNode, siblings: OutlineNode[], at: number, top: OutlineNode): void {
		if (node.element) this.#places.set(node.element.id, { node, siblings, at, top });
		node.children?.forEach((child, i) => this.#placeUnder(child, node.children!, i, top));
	}

	/** The exercise frame `el` is listed under, as `treeOf` would list it now; null: none. */
	#exerciseOf(el: Element): string | null {
		if (el.kind === 'frame') return null;
		if (el.kind === 'connector') {
			const [a, b] = [this.#index.get(el.from), this.#index.get(el.to)];
			if (!a || !b || a.kind === 'connector' || b.kind === 'connector' || !a.parent || a.parent !== b.parent) return null;
			const frame = this.#index.get(a.parent) ?? undefined;
			return isExerciseLink(el, frame) && a.kind !== 'frame' && b.kind !== 'frame' ? frame.id : null;
		}
		const frame = el.parent ? this.#index.get(el.parent) : null;
		return frame?.kind === 'frame' && frame.template && templateModel(frame.template) ? frame.id : null;
	}

	/**
	 * The one exercise that every change in `ids` stays inside (before and after), whose node is in the tree
	 * and whose words reach nothing outside it (no plain connection named after a box that changed); null: none.
	 */
	#inOneExercise(ids: ReadonlySet<string>): OutlineNode | null {
		let exercise: OutlineNode | null = null;
		const same = (top: OutlineNode) => (exercise ??= top) === top;
		for (const id of ids) {
			const place = this.#places.get(id);
			const next = this.#index.get(id);
			if (this.#unplaced.has(id) || (place && (place.node === place.top || !place.node.templated))) return null;
			if (!place && !next) continue;
			if (place && !same(place.top)) return null;
			if (next) {
				const frame = this.#exerciseOf(next);
				const top = frame ? this.#places.get(frame)?.node : undefined;
				if (!top || top !== this.#places.get(frame!)?.top || !same(top)) return null;
			}
			// A plain connection (in "Connections") names its ends by their words: a box whose words changed.
			const box = place?.node.element ?? next;
			const prev = place?.node.element;
			const named = box && box.kind !== 'connector' && prev && next && describeElement(prev, NOWHERE) !== describeElement(next, NOWHERE);
			// Its connections must stay where they were listed: in this exercise, or (words unchanged) in "Connections".
			if (box && box.kind !== 'connector')
				for (const link of this.#index.connectorsOn(id)) {
					const was = this.#places.get(link.id)?.top;
					if (!was && this.#unplaced.has(link.id) && !this.#listed(link)) continue;
					const now = this.#exerciseOf(link);
					if (was === exercise ? now !== exercise!.key : !was || now !== null || named) return null;
				}
			// A deleted box's children (boxes under it) move to "Not in a frame".
			if (prev && !next && this.#index.childrenOf(id).length) return null;
			if (box && box.kind !== 'connector' && !next)
				for (const top of this.#tree)
					if (
						top.key === 'group:links' &&
						top.children!.some((c) => c.element?.kind === 'connector' && (c.element.from === id || c.element.to === id))
					)
						return null;
		}
		return exercise;
	}

	/** Whether `link` is listed in the outline at all: both its ends are boxes on the board. */
	#listed(link: Element): boolean {
		if (link.kind !== 'connector') return true;
		const [a, b] = [this.#index.get(link.from), this.#index.get(link.to)];
		return !!a && !!b && a.kind !== 'connector' && b.kind !== 'connector';
	}

	/** Builds the exercise node `top` again from the board as it is. */
	#rebuildExercise(top: OutlineNode): void {
		const frame = this.#index.get(top.key) as Frame;
		const model = templateModel(frame.template!)!;
		const { items, links } = this.#index.contentsOf(frame.id);
		const boxes = items.filter((b) => b.kind !== 'frame').sort((a, b) => readingOrder(a, b));
		const typed = links.filter((c) => isExerciseLink(c, frame));
		const node = exerciseNode(frame, model, boxes, typed, boardLookup(this.#index), this.#sources);
		const at = this.#tree.indexOf(top);
		const walk = (n: OutlineNode) => {
			if (n.element) this.#places.delete(n.element.id);
			n.children?.forEach(walk);
		};
		walk(top);
		this.#tree[at] = node;
		this.#placeUnder(node, this.#tree, at, node);
		this.#dirty?.add(node.key);
	}

	/**
	 * Patches exercise node `top` for a change to the one element `id` inside it (before and after): its leaf
	 * replaced in place, moved among its siblings (binary search), added or taken out. Its leaves' words may all
	 * read differently (a causal-loop variable names its loops): they are made again when next read. Returns
	 * false, having changed nothing, when the node must be built again (a section appears or empties, a box
	 * changes section, a link changes its place in the z-order).
	 */
	#patchExercise(top: OutlineNode, id: string): boolean {
		const place = this.#places.get(id);
		const next = this.#index.get(id);
		const { frame, words } = top;
		if (!frame || !words || next?.kind === 'frame') return false;
		const section = next ? top.children!.find((c) => c.key === sectionOf(frame, words.model, next)) : undefined;
		if (next && (!section || (place && place.siblings !== section.children))) return false;
		if (place && next) {
			const { siblings, at } = place;
			const [left, right] = [siblings[at - 1]?.element, siblings[at + 1]?.element];
			const moved = (left && !inOrder(left, next)) || (right && !inOrder(next, right));
			if (moved && next.kind === 'connector') return false;
			place.node = siblings[at] = new TemplatedLeaf(next, words);
			if (moved) this.#reorder(place, next as BoxElement);
		} else if (next) {
			const siblings = section!.children!;
			const lo = placeAmong(siblings, next);
			siblings.splice(lo, 0, new TemplatedLeaf(next, words));
			this.#placeFrom(siblings, lo, top);
		} else if (place) {
			const { siblings, at } = place;
			// "Elsewhere in the frame" and "Connections" are listed only while they hold something.
			const key = top.children!.find((c) => c.children === siblings)?.key;
			if (siblings.length === 1 && (key === `${frame.id}:elsewhere` || key === `${frame.id}:links`)) return false;
			siblings.splice(at, 1);
			this.#places.delete(id);
			this.#placeFrom(siblings, at, top);
		}
		words.stale(boardLookup(this.#index));
		this.#dirty?.add(top.key);
		return true;
	}

	/** Records the places of `siblings[from…]` (after a leaf went in or out before them). */
	#placeFrom(siblings: OutlineNode[], from: number, top: OutlineNode): void {
		for (let i = from; i < siblings.length; i++) this.#places.set(siblings[i].key, { node: siblings[i], siblings, at: i, top });
	}

	/**
	 * The host's annotations for `ids` changed: those exercises' leaves may read differently. Their words are
	 * made again when next read (the rows on screen); the rows keep their objects, in a new array.
	 */
	#annotated(ids: ReadonlySet<string>): boolean {
		this.#place();
		let differs = false;
		for (const id of ids) {
			const top = this.#places.get(id);
			if (!top || top.node !== top.top || !top.node.words) continue;
			top.node.words.stale(boardLookup(this.#index));
			differs = true;
		}
		return differs;
	}

	/** Takes the change to `ids` (the index already holds it); returns whether the rows read differently. */
	#apply(ids: ReadonlySet<string>): boolean {
		this.#place();
		const exercise = this.#inOneExercise(ids);
		if (exercise) {
			if (!(ids.size === 1 && this.#patchExercise(exercise, ids.values().next().value!))) this.#rebuildExercise(exercise);
			return true;
		}
		const byId = { get: (id: string) => this.#index.get(id) ?? undefined };
		const refreshed: Element[] = [];
		let relabelled = false;
		let reordered = false;
		for (const id of ids) {
			const place = this.#places.get(id);
			const next = this.#index.get(id);
			// Not on the board before or after (an element no one can read): nothing to show.
			if (!place && !next && !this.#unplaced.has(id)) continue;
			const prev = place?.node.element;
			if (!place || !next || !prev || place.node.children || place.node.templated || next.kind === 'frame') return this.#rebuild();
			if (prev === next) continue;
			if (prev.kind !== next.kind || prev.kind === 'connector' || next.kind === 'connector' || prev.parent !== next.parent)
				return this.#rebuild();
			const { siblings, at } = place;
			const left = siblings[at - 1]?.element;
			const right = siblings[at + 1]?.element;
			if ((left && !before(left as BoxElement, next)) || (right && !before(next, right as BoxElement))) {
				// A new place in the same group. The siblings stay sorted by what their leaves hold (the new element
				// for those done, the old for those still to do), so several moves in one change work one by one.
				this.#reorder(place, next);
				reordered = true;
			}
			place.node.element = next;
			refreshed.push(next);
			if (reordered) this.#dirty?.add(place.top.key);
			const label = describeElement(next, byId);
			if (label === place.node.label) continue;
			place.node.label = label;
			relabelled = true;
			this.#relabelled.add(id);
			// Connections are named after their ends.
			for (const link of this.#index.connectorsOn(id)) {
				const at = this.#places.get(link.id);
				if (!at) continue;
				if (at.node.templated) return this.#rebuild();
				at.node.label = describeElement(at.node.element!, byId);
				this.#relabelled.add(link.id);
			}
		}
		if (relabelled || reordered) return true;
		// Nothing reads differently: the rows already handed out take the new elements.
		if (this.#rows && refreshed.length) {
			this.#rowOf ??= new Map(this.#rows.filter((r) => r.kind === 'element' && r.element).map((r) => [r.element!.id, r]));
			for (const el of refreshed) {
				const row = this.#rowOf.get(el.id);
				if (row) row.element = el;
			}
		}
		return false;
	}

	/** Moves `place`'s leaf to where `next` goes among its siblings (binary search), and the leaves between along. */
	#reorder(place: Place, next: BoxElement): void {
		const { siblings, at: from } = place;
		siblings.splice(from, 1);
		const lo = placeAmong(siblings, next);
		siblings.splice(lo, 0, place.node);
		for (let i = Math.min(from, lo); i <= Math.max(from, lo); i++) this.#places.get(siblings[i].element!.id)!.at = i;
		this.#dirty?.add(place.top.key);
	}

	#rebuild(): true {
		this.#build();
		return true;
	}
}
