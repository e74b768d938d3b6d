/**
 * The `content` document as versioned JSON (for export, import and copy/paste between boards).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { Element } from './schema.js';
import { readElements } from './read.js';
import { getElementsMap } from './board-doc.js';
import { toElementMap } from './element-map.js';
import { SYSTEM } from './origins.js';

export const CONTENT_VERSION = 1;

export const ContentSnapshot = z.object({
	version: z.literal(CONTENT_VERSION),
	elements: z.array(Element).max(50_000)
});
export type ContentSnapshot = z.infer<typeof ContentSnapshot>;

export function exportContent(doc: Y.Doc): ContentSnapshot {
	return { version: CONTENT_VERSION, elements: readElements(doc) };
}

/**
 * Loads a snapshot into an empty document, keeping ids and indices. Validates the whole snapshot first:
 * a bad one changes nothing.
 */
export function importContent(doc: Y.Doc, snapshot: unknown): void {
	const parsed = ContentSnapshot.parse(snapshot);
	const ids = new Set<string>();
	for (const el of parsed.elements) {
		if (ids.has(el.id)) throw new Error(`The id ${el.id} is used twice`);
		ids.add(el.id);
	}
	for (const el of parsed.elements) {
		if (el.parent && !ids.has(el.parent)) throw new Error(`${el.id} sits in a frame ${el.parent} that is not there`);
		if (el.kind === 'connector' && (!ids.has(el.from) || !ids.has(el.to))) throw new Error(`Connector ${el.id} has an end that is not there`);
	}
	doc.transact(() => {
		const elements = getElementsMap(doc);
		for (const el of parsed.elements) elements.set(el.id, toElementMap(el));
	}, SYSTEM);
}
