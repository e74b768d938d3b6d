/**
 * How one element is laid out in its Y.Map: plain fields as keys, `text` as a Y.Text, and each template
 * data key as its own `d:<key>` field (so concurrent changes to different keys merge).
 */
import * as Y from 'yjs';
import type { ElementMap } from './board-doc.js';
import { Frame, Item, Note, TextLabel, TEXT_KINDS, type Element, type ElementKind, type Data } from './schema.js';

const DATA_PREFIX = 'd:';

/** A fresh Y.Map holding `element`. */
export function toElementMap(element: Element): ElementMap {
	const map: ElementMap = new Y.Map();
	for (const [key, value] of Object.entries(element)) {
		if (value === undefined) continue;
		if (key === 'data') {
			for (const [k, v] of Object.entries(value as Data)) map.set(DATA_PREFIX + k, v);
		} else if (key === 'text' && TEXT_KINDS.has(element.kind as ElementKind)) {
			map.set(key, new Y.Text(String(value)));
		} else {
			map.set(key, value);
		}
	}
	return map;
}

/** The plain object behind one element's Y.Map (Y.Text becomes a string, `d:` fields become `data`). */
export function plainOf(map: ElementMap): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	let data: Record<string, unknown> | null = null;
	// forEach, not entries(): the same fields without lib0's iterator objects per key (this runs for every
	// element when a board loads).
	map.forEach((value, key) => {
		if (key.startsWith(DATA_PREFIX)) {
			(data ??= {})[key.slice(DATA_PREFIX.length)] = value;
		} else {
			out[key] = value instanceof Y.Text ? value.toString() : value;
		}
	});
	if (data) out.data = data;
	return out;
}

/** A box's position and size: plain keys of its map, each checked by its own schema, whatever the other fields hold. */
const BOX_FIELDS = new Set(['x', 'y', 'w', 'h']);
const BOX_SCHEMAS = { note: Note, text: TextLabel, frame: Frame, item: Item } as const;

/**
 * `before` (a valid element, as the schema read it) with the fields `keys` read again from `map`, when those are
 * only a box's position and size: each new value is checked by the field's own schema from the element schema,
 * so the result is what parsing the whole map would give (the other fields did not change). A moved note is
 * checked without parsing it whole. Null when that does not hold (another field, a value missing or refused, a
 * connector): then parse the whole element.
 */
export function withChangedFields(before: Element, map: ElementMap, keys: Iterable<string>): Element | null {
	if (before.kind === 'connector') return null;
	const shape = BOX_SCHEMAS[before.kind].shape;
	const after: Record<string, unknown> = { ...before };
	for (const key of keys) {
		if (!BOX_FIELDS.has(key)) return null;
		const parsed = shape[key as 'x' | 'y' | 'w' | 'h'].safeParse(map.get(key));
		if (!parsed.success) return null;
		after[key] = parsed.data;
	}
	return after as Element;
}

/** Sets (or, for undefined, deletes) data keys on an element's map. Call inside a transaction. */
export function writeData(map: ElementMap, patch: Record<string, unknown>): void {
	for (const [key, value] of Object.entries(patch)) {
		const field = DATA_PREFIX + key;
		if (value === undefined) map.delete(field);
		else if (JSON.stringify(map.get(field)) !== JSON.stringify(value)) map.set(field, value);
	}
}

/** The fields of `element` as its Y.Map stores them (`text` as a string here, `d:` keys for data). */
function storedFields(element: Element): Map<string, unknown> {
	const out = new Map<string, unknown>();
	for (const [key, value] of Object.entries(element)) {
		if (value === undefined) continue;
		if (key === 'data') for (const [k, v] of Object.entries(value as Data)) out.set(DATA_PREFIX + k, v);
		else out.set(key, value);
	}
	return out;
}

/** Replaces a Y.Text's content with `next`, touching only the middle that differs (so shared ends keep their identity). */
function replaceText(text: Y.Text, next: string): void {
	const current = text.toString();
	if (current === next) return;
	let start = 0;
	while (start < current.length && start < next.length && current[start] === next[start]) start++;
	let end = 0;
	while (end < current.length - start && end < next.length - start && current[current.length - 1 - end] === next[next.length - 1 - end])
		end++;
	if (current.length - start - end > 0) text.delete(start, current.length - start - end);
	if (next.length - start - end > 0) text.insert(start, next.slice(start, next.length - end));
}

/**
 * Makes element `id` in `elements` equal to `target` (null: absent), changing only the fields that differ.
 * A forward change: used to put back what the server refused and to restore a snapshot. Call inside a
 * transaction.
 *
 * @example doc.transact(() => writeElementState(getElementsMap(doc), 'n1', before), SERVER)
 */
export function writeElementState(elements: Y.Map<ElementMap>, id: string, target: Element | null): void {
	const map = elements.get(id);
	if (target === null) {
		if (map !== undefined) elements.delete(id);
		return;
	}
	if (!(map instanceof Y.Map) || map.get('kind') !== target.kind) {
		elements.set(id, toElementMap(target));
		return;
	}
	const wanted = storedFields(target);
	for (const key of [...map.keys()]) if (!wanted.has(key)) map.delete(key);
	for (const [key, value] of wanted) {
		const current = map.get(key);
		if (key === 'text' && TEXT_KINDS.has(target.kind)) {
			if (current instanceof Y.Text) replaceText(current, String(value));
			else map.set(key, new Y.Text(String(value)));
		} else if (current instanceof Y.AbstractType || JSON.stringify(current) !== JSON.stringify(value)) {
			map.set(key, value);
		}
	}
}
