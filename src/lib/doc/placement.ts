/**
 * Where an element sits can mean something: a player's ring, an iceberg note's layer and column.
 * A placement rule turns "this element now sits here, in this frame" into a data patch, and every command
 * that places elements (create, move, paste) applies it in the same transaction, so undo and sync see
 * one change. The template kit installs the rule for a doc; the doc model knows no template.
 */
import type * as Y from 'yjs';
import { getElementsMap } from './board-doc.js';
import { writeData } from './element-map.js';
import type { BoxElement, Frame, JsonValue } from './schema.js';

/** The data patch for `element` placed in `frame` (null: none); undefined values delete keys. */
export type PlacementRule = (element: BoxElement, frame: Frame | null) => Record<string, JsonValue | undefined> | null;

const rules = new WeakMap<Y.Doc, PlacementRule>();

/** Installs the placement rule of a doc (one per doc; the template kit composes every template's). */
export function setPlacementRule(doc: Y.Doc, rule: PlacementRule | null): void {
	if (rule) rules.set(doc, rule);
	else rules.delete(doc);
}

/** Applies the doc's rule to an element that was just placed. Call inside the placing transaction. */
export function applyPlacement(doc: Y.Doc, element: BoxElement, frame: Frame | null): void {
	const rule = rules.get(doc);
	if (!rule || element.kind === 'frame') return;
	const patch = rule(element, frame);
	const map = getElementsMap(doc).get(element.id);
	if (patch && map) writeData(map, patch);
}
