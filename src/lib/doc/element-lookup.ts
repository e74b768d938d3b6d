/**
 * What the commands read about the board besides the elements they are given: the top and bottom of the
 * z-order, the frames, a frame's contents, the connectors on some boxes. A live board answers from its
 * `ElementIndex` (kept from the doc's changes: a command then costs what it touches); without one
 * (tests, a template's seed, the server, scripts) `scanElements` answers by walking the doc. The commands
 * have one code path over either.
 *
 * A kept index lags the doc inside a transaction and while that transaction's observers run (Yjs tells
 * `observeDeep` after the transaction ends): `isCurrent()` is false then, and `lookupFor` falls back to
 * the scan, so a command nested in another's transaction sees the elements written just before it.
 */
import type * as Y from 'yjs';
import { elementsWhere, readElement, topIndex, bottomIndex } from './read.js';
import { isBox, type BoxElement, type Connector, type Element, type Frame } from './schema.js';

export interface ElementLookup {
	/**
	 * Whether the answers are `doc` as it is now: false for another doc, and for a kept index while a
	 * transaction is under way or its observers run.
	 */
	isCurrent(doc: Y.Doc): boolean;
	get(id: string): Element | null;
	/** The highest index in use, or null on an empty board. */
	topIndex(): string | null;
	/** The lowest index in use, or null on an empty board. */
	bottomIndex(): string | null;
	/** Every frame, in z-order (bottom first). */
	frames(): Frame[];
	/** The boxes (not connectors) whose parent is one of `ids`, each once, in z-order. */
	childrenOfAny(ids: ReadonlySet<string>): BoxElement[];
	/** The connectors with an end on one of `ids`, each once, in z-order. */
	connectorsOnAny(ids: ReadonlySet<string>): Connector[];
}

/**
 * The lookup that walks `doc` for each question: right at any moment, inside a transaction too, and
 * as costly as the board is big. Indices are read from every element's map, valid or not (as `topIndex`
 * always did); a kept index counts only valid elements, so the two differ only on a board holding elements
 * that fail their schema, where either answer keeps the order well defined (ties break by id).
 */
export function scanElements(doc: Y.Doc): ElementLookup {
	return {
		isCurrent: (other) => other === doc,
		get: (id) => readElement(doc, id),
		topIndex: () => topIndex(doc),
		bottomIndex: () => bottomIndex(doc),
		frames: () => elementsWhere(doc, (f) => f('kind') === 'frame').filter((e): e is Frame => e.kind === 'frame'),
		childrenOfAny: (ids) => (ids.size === 0 ? [] : elementsWhere(doc, (f) => ids.has(f('parent') as string)).filter(isBox)),
		connectorsOnAny: (ids) =>
			ids.size === 0
				? []
				: elementsWhere(doc, (f) => f('kind') === 'connector' && (ids.has(f('from') as string) || ids.has(f('to') as string))).filter(
						(e): e is Connector => e.kind === 'connector'
					)
	};
}

/**
 * `given` when it answers for `doc` as it is now, else a scan of `doc`. Call once per command, before its
 * transaction, and read through the result only what the command has not written itself.
 */
export function lookupFor(doc: Y.Doc, given: ElementLookup | undefined): ElementLookup {
	return given?.isCurrent(doc) ? given : scanElements(doc);
}
