/**
 * A live, incrementally kept view of the `content` document's elements: what `readElements` returns, kept
 * up to date from Yjs's `observeDeep` events so that a change costs what it changes. Only the elements a
 * transaction touched are read and validated again; z-order is kept by inserting each changed element at
 * its place (binary search over `index`, then id), not by sorting the board; frames, the children of each
 * parent and the connectors on each box are kept beside it, so that commands and upkeep never walk the
 * whole board to find them.
 *
 * Invariant (tested against `readElements` with random edits from two peers): after every transaction,
 * `all()` equals `readElements(doc)`, element for element.
 *
 * @example const index = new ElementIndex(doc); index.onChange((ids) => redraw(ids)); index.all()
 */
import * as Y from 'yjs';
import { getElementsMap, type ElementMap } from './board-doc.js';
import { plainOf } from './element-map.js';
import { Element, type BoxElement, type Connector, type Frame } from './schema.js';
import type { ElementLookup } from './element-lookup.js';
import { compareByIndex } from '$lib/shared/order.js';

/** Told the ids a transaction touched (added, changed or removed), after the index holds the change. */
export type ElementListener = (ids: ReadonlySet<string>, transaction: Y.Transaction) => void;

/** A frame's contents: its boxes (not frames) and the connectors between two of them, each in z-order. */
export interface FrameLayout {
	items: BoxElement[];
	links: Connector[];
}

/** More changes than this in one transaction: sort once instead of inserting one by one. */
const BULK = 64;

/** The element stored in `map`, validated, or null (missing or invalid: skipped like `readElements` does). */
function parseMap(map: unknown): Element | null {
	if (!(map instanceof Y.Map)) return null;
	const parsed = Element.safeParse(plainOf(map as ElementMap));
	return parsed.success ? parsed.data : null;
}

/** Where `el` goes in `sorted` (the first position whose element is not before it). */
function lowerBound(sorted: readonly Element[], el: Element): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (compareByIndex(sorted[mid], el) < 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
	let set = map.get(key);
	if (!set) map.set(key, (set = new Set()));
	set.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
	const set = map.get(key);
	if (!set) return;
	set.delete(id);
	if (set.size === 0) map.delete(key);
}

export class ElementIndex implements ElementLookup {
	readonly doc: Y.Doc;
	/** Goes up by one with every transaction that changed an element (for caches and Svelte state). */
	version = 0;
	readonly #elements: Y.Map<ElementMap>;
	readonly #byId = new Map<string, Element>();
	#sorted: Element[] = [];
	#snapshot: Element[] | null = null;
	/** Frame id → its contents, as `contentsOf` handed them out since the last change. */
	readonly #contents = new Map<string, FrameLayout>();
	/** Parent id → ids of the boxes whose `parent` it is. */
	readonly #children = new Map<string, Set<string>>();
	/** Box id → ids of the connectors that end on it. */
	readonly #attached = new Map<string, Set<string>>();
	readonly #frames = new Set<string>();
	readonly #listeners = new Set<ElementListener>();
	readonly #handler: (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => void;
	/**
	 * Transactions begun and not yet through their observers: until then the index may lag the doc. Yjs
	 * clears `doc._transaction` before it calls observers, and a transaction opened by one of them is told to
	 * the index after the one that opened it, so `_transaction` alone cannot say the index is current.
	 */
	readonly #open = new Set<Y.Transaction>();
	readonly #opened = (transaction: Y.Transaction) => this.#open.add(transaction);
	// 'afterTransaction' comes after every observer of that transaction, this index's included.
	readonly #closed = (transaction: Y.Transaction) => this.#open.delete(transaction);

	constructor(doc: Y.Doc) {
		this.doc = doc;
		this.#elements = getElementsMap(doc);
		for (const [id, map] of this.#elements.entries()) {
			const el = parseMap(map);
			if (el && el.id === id) {
				this.#link(el, true);
				this.#byId.set(id, el);
				this.#sorted.push(el);
			}
		}
		this.#sorted.sort(compareByIndex);
		this.#handler = (events, transaction) => {
			const ids = new Set<string>();
			for (const event of events) {
				if (event.target === this.#elements) for (const key of event.changes.keys.keys()) ids.add(key);
				else if (typeof event.path[0] === 'string') ids.add(event.path[0]);
			}
			if (this.#apply(ids)) for (const listener of [...this.#listeners]) listener(ids, transaction);
		};
		this.#elements.observeDeep(this.#handler);
		doc.on('beforeTransaction', this.#opened);
		doc.on('afterTransaction', this.#closed);
	}

	/** Reads `ids` again from the doc; returns whether anything the index holds changed. */
	#apply(ids: ReadonlySet<string>): boolean {
		const bulk = ids.size > BULK;
		let changed = false;
		for (const id of ids) {
			const prev = this.#byId.get(id) ?? null;
			let next = parseMap(this.#elements.get(id));
			if (next && next.id !== id) next = null;
			if (prev === null && next === null) continue;
			changed = true;
			if (prev) {
				this.#link(prev, false);
				if (!bulk) {
					const at = lowerBound(this.#sorted, prev);
					if (this.#sorted[at]?.id === id) this.#sorted.splice(at, 1);
					else
						this.#sorted.splice(
							this.#sorted.findIndex((e) => e.id === id),
							1
						);
				}
			}
			if (next) {
				this.#link(next, true);
				this.#byId.set(id, next);
				if (!bulk) this.#sorted.splice(lowerBound(this.#sorted, next), 0, next);
			} else this.#byId.delete(id);
		}
		if (!changed) return false;
		if (bulk) this.#sorted = [...this.#byId.values()].sort(compareByIndex);
		this.#snapshot = null;
		this.#contents.clear();
		this.version++;
		return true;
	}

	#link(el: Element, on: boolean): void {
		const edit = on ? addTo : removeFrom;
		if (el.kind === 'connector') {
			edit(this.#attached, el.from, el.id);
			edit(this.#attached, el.to, el.id);
		} else if (el.parent) edit(this.#children, el.parent, el.id);
		if (el.kind === 'frame') {
			if (on) this.#frames.add(el.id);
			else this.#frames.delete(el.id);
		}
	}

	/**
	 * Every valid element in z-order (bottom first): the same as `readElements`. One new array per change,
	 * shared by every caller until the next change: do not change it.
	 */
	all(): Element[] {
		return (this.#snapshot ??= this.#sorted.slice());
	}

	/**
	 * A frame's contents: its boxes (frames aside) and the connectors between two of them, in z-order, as
	 * the templates' `contentsOf(frame, all())` picks them. One pair of arrays per frame per change, shared by
	 * every caller until the next change (the canvas, a template's panel and the outline read the same
	 * lists): do not change them.
	 */
	contentsOf(frameId: string): FrameLayout {
		let contents = this.#contents.get(frameId);
		if (contents) return contents;
		const items: BoxElement[] = [];
		const ids = new Set<string>();
		for (const e of this.#sorted)
			if (e.kind !== 'connector' && e.kind !== 'frame' && e.parent === frameId) {
				items.push(e);
				ids.add(e.id);
			}
		const links: Connector[] = [];
		if (ids.size > 0) for (const e of this.#sorted) if (e.kind === 'connector' && ids.has(e.from) && ids.has(e.to)) links.push(e);
		this.#contents.set(frameId, (contents = { items, links }));
		return contents;
	}

	get(id: string): Element | null {
		return this.#byId.get(id) ?? null;
	}

	get size(): number {
		return this.#byId.size;
	}

	/** The boxes whose parent is `id` (a frame's contents). */
	childrenOf(id: string): Element[] {
		return [...(this.#children.get(id) ?? [])].map((c) => this.#byId.get(c)!);
	}

	/** The connectors that end on `id`. */
	connectorsOn(id: string): Element[] {
		return [...(this.#attached.get(id) ?? [])].map((c) => this.#byId.get(c)!);
	}

	/** Whether the index holds `doc` as it is now: its own doc, between transactions (`ElementLookup`). */
	isCurrent(doc: Y.Doc): boolean {
		return doc === this.doc && this.#open.size === 0 && this.doc._transaction === null;
	}

	/** The highest index in use among valid elements, or null on an empty board. */
	topIndex(): string | null {
		return this.#sorted.at(-1)?.index ?? null;
	}

	/** The lowest index in use among valid elements, or null on an empty board. */
	bottomIndex(): string | null {
		return this.#sorted[0]?.index ?? null;
	}

	/** The boxes whose parent is one of `ids`, in z-order (`ElementLookup`). */
	childrenOfAny(ids: ReadonlySet<string>): BoxElement[] {
		return this.#gather(this.#children, ids) as BoxElement[];
	}

	/** The connectors with an end on one of `ids`, each once, in z-order (`ElementLookup`). */
	connectorsOnAny(ids: ReadonlySet<string>): Connector[] {
		return this.#gather(this.#attached, ids) as Connector[];
	}

	#gather(from: Map<string, Set<string>>, ids: ReadonlySet<string>): Element[] {
		const found = new Set<string>();
		for (const id of ids) for (const c of from.get(id) ?? []) found.add(c);
		return [...found].map((c) => this.#byId.get(c)!).sort(compareByIndex);
	}

	/** Every frame, in z-order (bottom first). */
	frames(): Frame[] {
		return [...this.#frames].map((id) => this.#byId.get(id) as Frame).sort(compareByIndex);
	}

	/** The topmost frame under the centre of `box`, other than the box itself. */
	frameAt(box: BoxElement): Frame | null {
		const cx = box.x + box.w / 2;
		const cy = box.y + box.h / 2;
		let best: Frame | null = null;
		for (const id of this.#frames) {
			const f = this.#byId.get(id) as Frame;
			if (f.id === box.id || cx < f.x || cx > f.x + f.w || cy < f.y || cy > f.y + f.h) continue;
			if (!best || compareByIndex(f, best) > 0) best = f;
		}
		return best;
	}

	/**
	 * Calls `listener` after each transaction that changed elements, with the ids it touched, once the
	 * index holds the change. Returns the function that stops it.
	 */
	onChange(listener: ElementListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	destroy(): void {
		this.#elements.unobserveDeep(this.#handler);
		this.doc.off('beforeTransaction', this.#opened);
		this.doc.off('afterTransaction', this.#closed);
		this.#listeners.clear();
	}
}
