/**
 * Reading the `content` document as plain, validated data.
 * Elements that fail validation (a newer client's kind, a hostile peer's junk) are skipped, never thrown:
 * one bad element must not blank the board for everyone.
 */
import * as Y from 'yjs';
import { getElementsMap } from './board-doc.js';
import { Element, type ElementId, type BoxElement, isBox } from './schema.js';
import { compareByIndex } from '$lib/shared/order.js';
import { plainOf } from './element-map.js';

export { plainOf };

export function readElement(doc: Y.Doc, id: ElementId): Element | null {
	const map = getElementsMap(doc).get(id);
	if (!(map instanceof Y.Map)) return null;
	const parsed = Element.safeParse(plainOf(map));
	return parsed.success ? parsed.data : null;
}

/** Every valid element, in z-order (bottom first). */
export function readElements(doc: Y.Doc): Element[] {
	const out: Element[] = [];
	for (const map of getElementsMap(doc).values()) {
		if (!(map instanceof Y.Map)) continue;
		const parsed = Element.safeParse(plainOf(map));
		if (parsed.success) out.push(parsed.data);
	}
	return out.sort(compareByIndex);
}

export function readBoxes(doc: Y.Doc): BoxElement[] {
	return readElements(doc).filter(isBox);
}

/**
 * The valid elements whose stored fields pass `test`, in z-order. Reads a field or two of each element's
 * Y.Map (no validation) and validates only those that pass: for a command that needs a few elements
 * (a frame's contents, the connectors on a box), not the whole board.
 * @example elementsWhere(doc, (field) => field('kind') === 'frame')
 */
export function elementsWhere(doc: Y.Doc, test: (field: (key: string) => unknown) => boolean): Element[] {
	const out: Element[] = [];
	for (const map of getElementsMap(doc).values()) {
		if (!(map instanceof Y.Map) || !test((key) => map.get(key))) continue;
		const parsed = Element.safeParse(plainOf(map));
		if (parsed.success) out.push(parsed.data);
	}
	return out.sort(compareByIndex);
}

/** The Y.Text of an element's text, for binding an editor to it. */
export function getElementText(doc: Y.Doc, id: ElementId): Y.Text | null {
	const text = getElementsMap(doc).get(id)?.get('text');
	return text instanceof Y.Text ? text : null;
}

/** The highest index in use, or null on an empty board. */
export function topIndex(doc: Y.Doc): string | null {
	let top: string | null = null;
	for (const map of getElementsMap(doc).values()) {
		const index = map.get('index');
		if (typeof index === 'string' && (top === null || index > top)) top = index;
	}
	return top;
}

export function bottomIndex(doc: Y.Doc): string | null {
	let bottom: string | null = null;
	for (const map of getElementsMap(doc).values()) {
		const index = map.get('index');
		if (typeof index === 'string' && (bottom === null || index < bottom)) bottom = index;
	}
	return bottom;
}

/**
 * Calls `onChange` with the ids touched by each change to the elements, local or remote.
 * Returns the function that stops observing.
 */
export function observeElements(doc: Y.Doc, onChange: (changedIds: Set<string>, transaction: Y.Transaction) => void): () => void {
	const elements = getElementsMap(doc);
	const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
		const ids = new Set<string>();
		for (const event of events) {
			if (event.target === elements) {
				for (const key of event.changes.keys.keys()) ids.add(key);
			} else {
				// A nested change: path[0] is the element id.
				const first = event.path[0];
				if (typeof first === 'string') ids.add(first);
			}
		}
		onChange(ids, transaction);
	};
	elements.observeDeep(handler);
	return () => elements.unobserveDeep(handler);
}
