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

/**
 * What a connector drawn between two boxes means: a causal link between two variables gets its sign.
 * The data for a new connector from `from` to `to` (null: a plain connector).
 */
export type LinkRule = (from: BoxElement, to: BoxElement) => Record<string, JsonValue> | null;

const linkRules = new WeakMap<Y.Doc, LinkRule>();

/** Installs the link rule of a doc (the template kit composes every template's). */
export function setLinkRule(doc: Y.Doc, rule: LinkRule | null): void {
	if (rule) linkRules.set(doc, rule);
	else linkRules.delete(doc);
}

/** The data the doc's link rule gives a new connector between these two, or null. */
export function linkDataFor(doc: Y.Doc, from: BoxElement, to: BoxElement): Record<string, JsonValue> | null {
	return linkRules.get(doc)?.(from, to) ?? null;
}
