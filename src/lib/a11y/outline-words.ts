/**
 * An exercise's words in the outline, made when something reads them (issue 15: with the outline open, a
 * change inside a big causal-loop frame costs what is on screen, not the whole frame).
 *
 * An exercise's leaves say what its template's `describe` says, and that may read the whole frame (a
 * causal-loop variable names its loops, and says "Updating the loops…" while the loop worker works): any
 * change inside the exercise, or a new annotation (the worker answered), may change the words of every one
 * of them. Describing the 12,000 leaves of a 2,000-variable diagram on every change cost about 25 ms. So the
 * leaves and their rows are made without words: a leaf's words are made when something reads its `label`
 * (the rows on screen, a search, a letter typed in the tree), and kept until the exercise's `gen` goes up,
 * which the outline's tree does whenever the exercise or its annotation changed.
 *
 * The leaves and rows are class instances with the words behind a getter on the prototype: plain objects
 * with an accessor each cost more to make than the words they saved (tried on branch `outline2`).
 * A row's `label` is not an own property: copy a row with `{ ...row, label: row.label }`.
 *
 * @example const words = new ExerciseWords(byId, frame, model, sources); new TemplatedLeaf(item, words).label
 */
import type { ElementIndex, FrameLayout } from '$lib/doc/element-index.js';
import type { Element, Frame } from '$lib/doc/schema.js';
import type { TemplateModel } from '$lib/templates/kit/model.js';

/** What a leaf's words may read beyond the element: the board's frames' contents and annotations. */
export interface WordSources {
	/** A frame's boxes and links as the board hands them out (`BoardState.contentsOf`), shared with the canvas and panels. */
	contentsOf?: (frameId: string) => FrameLayout;
	/** What the host knows about an element beyond the document (a causal-loop frame's loops from the worker). */
	annotation?: (id: string) => unknown;
}

/** What one exercise's leaves read their words from, shared by all of them. */
export class ExerciseWords {
	/** Goes up whenever any leaf's words may read differently; a leaf's words are kept for one `gen`. */
	gen = 0;
	/** Words made so far (for the tests: how many `describe` calls the outline made). */
	made = 0;
	#byId: ReadonlyMap<string, Element>;

	constructor(
		byId: ReadonlyMap<string, Element>,
		readonly frame: Frame,
		readonly model: TemplateModel,
		readonly sources: WordSources
	) {
		this.#byId = byId;
	}

	/**
	 * Every leaf's words may have changed: they are made again when next read, from `byId` (the board as it is
	 * now; a new object, so that `describe`'s caches per snapshot see a new snapshot).
	 */
	stale(byId: ReadonlyMap<string, Element>): void {
		this.gen++;
		this.#byId = byId;
	}

	/** `el`'s words now, as its template says them. */
	describe(el: Element): string {
		this.made++;
		const { frame, sources } = this;
		return this.model.describe(el, { byId: this.#byId, frame, contents: sources.contentsOf?.(frame.id), annotation: sources.annotation });
	}
}

/** A leaf of an exercise: its words made when first read, and again after the exercise's `gen` went up. */
export class TemplatedLeaf {
	readonly kind = 'element' as const;
	readonly templated = true as const;
	readonly key: string;
	readonly frame: Frame;
	#words = '';
	#gen = -1;

	/** Its row in the outline's unfiltered rows, made once and renumbered in place (see `rowOf`). */
	#row: LeafRow | null = null;

	constructor(
		readonly element: Element,
		readonly source: ExerciseWords
	) {
		this.key = element.id;
		this.frame = source.frame;
	}

	/**
	 * Its row at `posinset` of `setsize` under `parent`. Unfiltered, the row object is kept and renumbered in
	 * place, so that listing a big exercise's rows again after one change makes no new objects but the changed
	 * leaf's; filtered (a search), a new row.
	 */
	rowOf(level: number, setsize: number, posinset: number, parent: string | null, filtering: boolean): LeafRow {
		if (filtering) return new LeafRow(this, level, setsize, posinset, parent);
		const row = (this.#row ??= new LeafRow(this, level, setsize, posinset, parent));
		row.level = level;
		row.setsize = setsize;
		row.posinset = posinset;
		row.parent = parent;
		return row;
	}

	get label(): string {
		if (this.#gen !== this.source.gen) {
			this.#words = this.source.describe(this.element);
			this.#gen = this.source.gen;
		}
		return this.#words;
	}
}

/** A templated leaf's row (see `OutlineRow`): its label is the leaf's, read when the row is. */
export class LeafRow {
	readonly kind = 'element' as const;
	readonly key: string;
	readonly element: Element;
	readonly frame: Frame;
	readonly expanded: undefined = undefined;
	readonly count: undefined = undefined;
	readonly #leaf: TemplatedLeaf;

	constructor(
		leaf: TemplatedLeaf,
		public level: number,
		public setsize: number,
		public posinset: number,
		public parent: string | null
	) {
		this.#leaf = leaf;
		this.key = leaf.key;
		this.element = leaf.element;
		this.frame = leaf.frame;
	}

	get label(): string {
		return this.#leaf.label;
	}
}

/** The board's elements by id as `describe` reads them (`ReadonlyMap`), read from the index without copying it. */
export function boardLookup(index: ElementIndex): ReadonlyMap<string, Element> {
	const all = () => new Map(index.all().map((e) => [e.id, e]));
	return {
		get: (id: string) => index.get(id) ?? undefined,
		has: (id: string) => index.get(id) !== null,
		get size() {
			return index.size;
		},
		keys: () => all().keys(),
		values: () => index.all().values(),
		entries: () => all().entries(),
		forEach: (f: (v: Element, k: string, m: ReadonlyMap<string, Element>) => void) => all().forEach(f),
		[Symbol.iterator]: () => all().entries()
	} as ReadonlyMap<string, Element>;
}
