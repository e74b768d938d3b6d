/**
 * How one element is laid out in its Y.Map: plain fields as keys, `text` as a Y.Text, and each template
 * data key as its own `d:<key>` field (so concurrent changes to different keys merge).
 */
import * as Y from 'yjs';
import type { ElementMap } from './board-doc.js';
import { TEXT_KINDS, type Element, type ElementKind, type Data } from './schema.js';

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
	for (const [key, value] of map.entries()) {
		if (key.startsWith(DATA_PREFIX)) {
			(data ??= {})[key.slice(DATA_PREFIX.length)] = value;
		} else {
			out[key] = value instanceof Y.Text ? value.toString() : value;
		}
	}
	if (data) out.data = data;
	return out;
}

/** Sets (or, for undefined, deletes) data keys on an element's map. Call inside a transaction. */
export function writeData(map: ElementMap, patch: Record<string, unknown>): void {
	for (const [key, value] of Object.entries(patch)) {
		const field = DATA_PREFIX + key;
		if (value === undefined) map.delete(field);
		else if (JSON.stringify(map.get(field)) !== JSON.stringify(value)) map.set(field, value);
	}
}
