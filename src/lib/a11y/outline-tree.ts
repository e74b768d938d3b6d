/**
 * The outline's tree, kept live from the element index's changes so that a remote change costs what it
 * changes. For a box outside an exercise that keeps its kind and parent (so its group):
 * - if it keeps its place among its siblings and its words (a note nudged within its row of the reading
 *   order, a colour that is not in its words), nothing in the tree reads differently: its leaf, and the row
 *   `rows` last gave for it, take the new element in place, and `version` stays;
 * - if it changes place within its group, its leaf is moved there (binary search), and if its words change,
 *   its leaf and the connections named after it are relabelled: `version` goes up and the rows are
 *   flattened again, but nothing is sorted or described afresh.
 * Anything else (an add or a delete, a frame, a connector, a new parent, anything in an exercise, whose
 * template may describe an item by its whole frame, anything not in the tree) builds the tree again with
 * `treeOf`.
 *
 * Invariant (tested with random edits against `outlineRows` computed afresh): after every transaction,
 * `rows(options)` equals `outlineRows(index.all(), options)`, row for row and element for element.
 *
 * @example const tree = new OutlineTree(board.index); tree.onChange(() => redraw()); tree.rows({ query })
 */
import type { ElementIndex } from '$lib/doc/element-index.js';
import type { BoxElement, Element } from '$lib/doc/schema.js';
import { compareByIndex } from '$lib/shared/order.js';
import { describeElement, readingOrder } from './outline.js';
import { rowsOf, treeOf, type OutlineNode, type OutlineRow, type RowOptions } from './outline-rows.js';

/** Where a leaf is: its node, and its siblings in the order the tree lists them. */
interface Place {
	node: OutlineNode;
	siblings: OutlineNode[];
	at: number;
}

/** The order of a group's boxes: reading order, ties in z-order (what `buildOutline`'s stable sort gives). */
const before = (a: BoxElement, b: BoxElement) => (readingOrder(a, b) || compareByIndex(a, b)) < 0;

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
	readonly #stop: () => void;

	constructor(index: ElementIndex) {
		this.#index = index;
		this.#build();
		this.#stop = index.onChange((ids) => {
			if (!this.#apply(ids)) return;
			this.version++;
			for (const listener of [...this.#listeners]) listener();
		});
	}

	/** The visible rows (see `rowsOf`); the same array while nothing the rows show has changed. */
	rows(options: RowOptions = {}): OutlineRow[] {
		const query = options.query?.trim().toLowerCase() ?? '';
		const memo = this.#rowsFor;
		if (this.#rows && memo && memo.version === this.version && memo.collapsed === options.collapsed && memo.query === query)
			return this.#rows;
		this.#rows = rowsOf(this.#tree, options);
		this.#rowsFor = { version: this.version, collapsed: options.collapsed, query };
		this.#rowOf = null;
		return this.#rows;
	}

	/** Calls `listener` after each change that makes the rows read differently. Returns the function that stops it. */
	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	destroy(): void {
		this.#stop();
		this.#listeners.clear();
	}

	#build(): void {
		this.#builtFrom = this.#index.all();
		// Exercises describe their items from the frame's contents as the index hands them out (shared with the canvas).
		this.#tree = treeOf(this.#builtFrom, (id) => this.#index.contentsOf(id));
		this.#placed = false;
	}

	/** Finds every node's place (once per build, at the first change after it: opening the outline does not wait for it). */
	#place(): void {
		if (this.#placed) return;
		this.#placed = true;
		this.#places.clear();
		this.#unplaced.clear();
		const walk = (nodes: OutlineNode[]) =>
			nodes.forEach((node, at) => {
				if (node.element) this.#places.set(node.element.id, { node, siblings: nodes, at });
				if (node.children) walk(node.children);
			});
		walk(this.#tree);
		const all = this.#builtFrom;
		if (this.#places.size < all.length) for (const el of all) if (!this.#places.has(el.id)) this.#unplaced.add(el.id);
	}

	/** Takes the change to `ids` (the index already holds it); returns whether the rows read differently. */
	#apply(ids: ReadonlySet<string>): boolean {
		this.#place();
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
			const label = describeElement(next, byId);
			if (label === place.node.label) continue;
			place.node.label = label;
			relabelled = true;
			// Connections are named after their ends.
			for (const link of this.#index.connectorsOn(id)) {
				const at = this.#places.get(link.id);
				if (!at) continue;
				if (at.node.templated) return this.#rebuild();
				at.node.label = describeElement(at.node.element!, byId);
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
		let lo = 0;
		let hi = siblings.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (before(siblings[mid].element as BoxElement, next)) lo = mid + 1;
			else hi = mid;
		}
		siblings.splice(lo, 0, place.node);
		for (let i = Math.min(from, lo); i <= Math.max(from, lo); i++) this.#places.get(siblings[i].element!.id)!.at = i;
	}

	#rebuild(): true {
		this.#build();
		return true;
	}
}
