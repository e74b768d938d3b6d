/**
 * The `content` document as versioned JSON (for export, import and copy/paste between boards).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { Element } from './schema.js';
import { readElements } from './read.js';
import { getElementsMap } from './board-doc.js';
import { toElementMap, writeElementState } from './element-map.js';
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
		if (el.kind === 'connector' && (!ids.has(el.from) || !ids.has(el.to)))
			throw new Error(`Connector ${el.id} has an end that is not there`);
	}
	doc.transact(() => {
		const elements = getElementsMap(doc);
		for (const el of parsed.elements) elements.set(el.id, toElementMap(el));
	}, SYSTEM);
}

/**
 * Makes the content document hold exactly `elements` (a snapshot being restored), as one forward change: what
 * is not in the snapshot is deleted, what is missing is re-created with its id, and what differs is set back
 * field by field. Everyone receives it as an ordinary update, including people who were offline.
 *
 * @example restoreContent(doc, snapshotElements, SERVER)
 */
export function restoreContent(doc: Y.Doc, elements: readonly Element[], origin: unknown = SYSTEM): void {
	const target = new Map(elements.map((e) => [e.id, e]));
	doc.transact(() => {
		const map = getElementsMap(doc);
		for (const id of [...map.keys()]) if (!target.has(id)) writeElementState(map, id, null);
		for (const [id, element] of target) writeElementState(map, id, element);
	}, origin);
}

/**
 * Sets each listed element to the state given (null: deleted), changing only the fields that differ, in one
 * transaction; elements not listed are left alone. For code that rewrites part of a board, such as a
 * template's data migration.
 *
 * @example writeElements(doc, [['f1', { ...frame, templateVersion: 2 }], ['n3', null]], SERVER)
 */
export function writeElements(doc: Y.Doc, states: readonly (readonly [string, Element | null])[], origin: unknown = SYSTEM): void {
	if (states.length === 0) return;
	doc.transact(() => {
		const map = getElementsMap(doc);
		for (const [id, element] of states) writeElementState(map, id, element);
	}, origin);
}

/** Puts elements back (recently deleted) that are not on the board now; returns the ids put back. */
export function putBack(doc: Y.Doc, elements: readonly Element[], origin: unknown = SYSTEM): string[] {
	const map = getElementsMap(doc);
	const present = (id: string) => map.has(id) || elements.some((e) => e.id === id);
	const back: string[] = [];
	doc.transact(() => {
		for (const element of elements) {
			if (map.has(element.id)) continue;
			// A connector whose other end is gone for good cannot come back; a frame that is gone leaves its contents loose.
			if (element.kind === 'connector' && (!present(element.from) || !present(element.to))) continue;
			const placed = element.parent && !present(element.parent) ? { ...element, parent: null } : element;
			writeElementState(map, element.id, placed);
			back.push(element.id);
		}
	}, origin);
	return back;
}
