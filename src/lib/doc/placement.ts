/**
 * Where an element sits means something: a sticky note in a causal-loop frame is a variable, one in a
 * "How might we" column a question of that column, a player's ring is where it is. A placement rule
 * turns "this element now sits here, in this frame" into what the element is there (its identity: a
 * template's item of some type, or a plain sticky note), its new box when that changes, and its data.
 * Every command that places elements (create, move, paste) applies it in the same transaction, so undo
 * and sync see one change. The rules are a value (`PlacementRules`, composed by the template kit from every
 * template: the doc model knows no template) that the board makes once and passes to every command that
 * places elements; nothing is installed on a doc, so no caller can forget to.
 *
 * `placementFixes` is the same rule as a pure check over plain elements: what the board holds that the
 * rule would make differently (notes placed by an older client, revealed private notes, an imported
 * board). Every client applies those fixes (`settlePlacement`): they depend only on the document, so
 * two clients fixing at once write the same values and the document converges.
 */
import type * as Y from 'yjs';
import { getElementsMap, type ElementMap } from './board-doc.js';
import { writeData } from './element-map.js';
import type { BoxElement, Connector, Element, Frame, JsonValue } from './schema.js';
import { SYSTEM } from './origins.js';
import { readElements } from './read.js';
import type { Rect } from '$lib/shared/geometry.js';

/** What an element is: one template's item of one type, or a plain sticky note. */
export type Identity = { kind: 'item'; template: string; type: string } | { kind: 'note' };

/** What the rule says about an element where it now sits (every part optional: unchanged). */
export interface Placement {
	/** What it is there (a note dropped into a causal-loop frame becomes a variable). */
	identity?: Identity;
	/** Its box when its identity changes (a variable's size, same centre). Only gestures apply it. */
	rect?: Rect;
	/** Data keys to set; undefined deletes (its ring, its cell, its column). */
	data?: Record<string, JsonValue | undefined>;
}

/** The placement of `element`, placed in `frame` (null: on the bare board). */
export type PlacementRule = (element: BoxElement, frame: Frame | null) => Placement | null;

/**
 * The rules a board places elements and types links by: passed to every command that places elements
 * (`createElement`, `moveBy`, `insertCopies`, `duplicate`) and to `settlePlacement`. The board makes
 * them once from its templates (`placementRules` in the template kit).
 */
export interface PlacementRules {
	readonly placement: PlacementRule | null;
	readonly link: LinkRule | null;
}

/** No rules: an element is exactly what it is given as, wherever it lands (a bare doc, a script). */
export const NO_PLACEMENT: PlacementRules = Object.freeze({ placement: null, link: null });

/** Whether `identity` is not what `element` is now. */
export function identityChanges(element: BoxElement, identity: Identity | undefined): boolean {
	if (!identity) return false;
	if (identity.kind === 'note') return element.kind !== 'note';
	return element.kind !== 'item' || element.template !== identity.template || element.type !== identity.type;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The data keys of `patch` that would change `data`. */
function dataChanges(data: Record<string, JsonValue>, patch: Placement['data']): Record<string, JsonValue | undefined> | null {
	if (!patch) return null;
	const out: Record<string, JsonValue | undefined> = {};
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined ? key in data : !same(data[key], value)) out[key] = value;
	}
	return Object.keys(out).length > 0 ? out : null;
}

function writeIdentity(map: ElementMap, identity: Identity): void {
	if (identity.kind === 'note') {
		map.set('kind', 'note');
		map.delete('template');
		map.delete('type');
		return;
	}
	if (map.get('kind') !== 'item') map.set('kind', 'item');
	if (map.get('template') !== identity.template) map.set('template', identity.template);
	if (map.get('type') !== identity.type) map.set('type', identity.type);
}

function writeRect(map: ElementMap, rect: Rect): void {
	for (const key of ['x', 'y', 'w', 'h'] as const) if (map.get(key) !== rect[key]) map.set(key, rect[key]);
}

/**
 * Applies the placement rule to an element that was just placed (its identity, box and data). Call inside
 * the placing transaction. Returns whether the element changed identity.
 */
export function applyPlacement(doc: Y.Doc, rules: PlacementRules, element: BoxElement, frame: Frame | null): boolean {
	const rule = rules.placement;
	if (!rule || element.kind === 'frame') return false;
	const placement = rule(element, frame);
	const map = getElementsMap(doc).get(element.id);
	if (!placement || !map) return false;
	const changed = identityChanges(element, placement.identity);
	if (changed) {
		writeIdentity(map, placement.identity!);
		if (placement.rect) writeRect(map, placement.rect);
	}
	if (placement.data) writeData(map, placement.data);
	return changed;
}

/**
 * What a connector drawn between two boxes means: a causal link between two variables gets its sign.
 * The data for a new connector from `from` to `to` (null: a plain connector).
 */
export type LinkRule = (from: BoxElement, to: BoxElement) => Record<string, JsonValue> | null;

/** The data the link rule gives a new connector between these two, or null. */
export function linkDataFor(rules: PlacementRules, from: BoxElement, to: BoxElement): Record<string, JsonValue> | null {
	return rules.link?.(from, to) ?? null;
}

/** A connector nobody typed: what the link rule may give meaning to once its ends are a template's. */
export function isUntyped(connector: Connector): boolean {
	return connector.data.template === undefined;
}

/** What one element should be that it is not, by the board's rules. */
export interface PlacementFix {
	id: string;
	identity?: Identity;
	data?: Record<string, JsonValue | undefined>;
}

/**
 * Every difference between what the board stores and what its rules make of it, as fixes. Boxes in a
 * template's frame (`parent`) are judged there; what sits outside every exercise is left as it is (a
 * question someone keeps aside stays a question until it is moved). Boxes (x, y, w, h) are never changed
 * here, so a board's layout stays as people left it. A connector nobody typed between two ends the link rule types
 * (two variables) gets that type. Pure over plain elements.
 * @example placementFixes(readElements(doc), rules.placement, rules.link)
 */
export function placementFixes(elements: readonly Element[], rule: PlacementRule | null, linkRule: LinkRule | null): PlacementFix[] {
	const fixes: PlacementFix[] = [];
	const byId = new Map(elements.map((e) => [e.id, e]));
	const fixed = new Map<string, BoxElement>();
	if (rule) {
		for (const el of elements) {
			if (el.kind === 'connector' || el.kind === 'frame') continue;
			// Only what sits in an exercise is settled; elsewhere things change only when someone moves them.
			const parent = el.parent ? byId.get(el.parent) : undefined;
			if (parent?.kind !== 'frame' || !parent.template) continue;
			const placement = rule(el, parent);
			if (!placement) continue;
			const identity = identityChanges(el, placement.identity) ? placement.identity : undefined;
			const data = dataChanges(el.data, placement.data);
			if (!identity && !data) continue;
			fixes.push({ id: el.id, ...(identity ? { identity } : {}), ...(data ? { data } : {}) });
			fixed.set(el.id, asFixed(el, identity, data));
		}
	}
	if (linkRule) {
		const box = (id: string) => {
			const el = fixed.get(id) ?? byId.get(id);
			return el && el.kind !== 'connector' ? el : null;
		};
		for (const el of elements) {
			if (el.kind !== 'connector' || !isUntyped(el)) continue;
			const from = box(el.from);
			const to = box(el.to);
			const data = from && to ? linkRule(from, to) : null;
			if (data) fixes.push({ id: el.id, data });
		}
	}
	return fixes;
}

function asFixed(el: BoxElement, identity: Identity | undefined, data: Record<string, JsonValue | undefined> | null): BoxElement {
	const merged: Record<string, JsonValue> = { ...el.data };
	for (const [k, v] of Object.entries(data ?? {})) {
		if (v === undefined) delete merged[k];
		else merged[k] = v;
	}
	if (!identity) return { ...el, data: merged } as BoxElement;
	const text = 'text' in el ? el.text : '';
	const color = 'color' in el ? el.color : 'yellow';
	const base = {
		id: el.id,
		index: el.index,
		parent: el.parent,
		createdBy: el.createdBy,
		x: el.x,
		y: el.y,
		w: el.w,
		h: el.h,
		text,
		color,
		data: merged
	};
	return (
		identity.kind === 'note' ? { ...base, kind: 'note' } : { ...base, kind: 'item', template: identity.template, type: identity.type }
	) as BoxElement;
}

/** Writes fixes from `placementFixes` (inside a transaction, or as its own with `origin`). */
export function applyPlacementFixes(doc: Y.Doc, fixes: readonly PlacementFix[], origin: unknown = SYSTEM): void {
	if (fixes.length === 0) return;
	const elements = getElementsMap(doc);
	doc.transact(() => {
		for (const fix of fixes) {
			const map = elements.get(fix.id);
			if (!map) continue;
			if (fix.identity) writeIdentity(map, fix.identity);
			if (fix.data) writeData(map, fix.data);
		}
	}, origin);
}

/**
 * Brings the board in line with its rules: notes sitting in template frames become the template's
 * elements (another template's items there too), stale placement data is rewritten, untyped links
 * between two variables get their sign. Not undoable (SYSTEM): nobody did it. Every client may run it at
 * any time; on a settled board it writes nothing. Returns how many elements it changed. Pass the
 * elements when the caller already holds them as the doc has them now (the board page does), and
 * `allow` to leave out what this person may not change (a locked note, someone else's on notes-only
 * access): the server would refuse it, and asking again on every change would only repeat the refusal.
 * @example settlePlacement(connection.content, rules)
 */
export function settlePlacement(
	doc: Y.Doc,
	rules: PlacementRules,
	origin: unknown = SYSTEM,
	elements: readonly Element[] = readElements(doc),
	allow?: (before: Element, after: Element) => boolean
): number {
	let fixes = placementFixes(elements, rules.placement, rules.link);
	if (allow) {
		const byId = new Map(elements.map((e) => [e.id, e]));
		fixes = fixes.filter((fix) => {
			const before = byId.get(fix.id);
			return !!before && allow(before, fixedElement(before, fix));
		});
	}
	applyPlacementFixes(doc, fixes, origin);
	return fixes.length;
}

/** `element` as it is once `fix` is written. */
export function fixedElement(element: Element, fix: PlacementFix): Element {
	if (element.kind !== 'connector') return element.kind === 'frame' ? element : asFixed(element, fix.identity, fix.data ?? null);
	const data: Record<string, JsonValue> = { ...element.data };
	for (const [k, v] of Object.entries(fix.data ?? {})) {
		if (v === undefined) delete data[k];
		else data[k] = v;
	}
	return { ...element, data };
}
