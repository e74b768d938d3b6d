/**
 * Named commands over the `content` document. Each validates its input with zod and makes one
 * transaction with an explicit origin (LOCAL by default, which is what undo tracks).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { getElementsMap } from './board-doc.js';
import { toElementMap, writeData } from './element-map.js';
import { applyPlacement, isUntyped, linkDataFor, NO_PLACEMENT, type PlacementRules } from './placement.js';
import { LOCAL } from './origins.js';
import { plainOf, readElement } from './read.js';
import { lookupFor, type ElementLookup } from './element-lookup.js';
import {
	DEFAULT_SIZE,
	Element,
	ElementId,
	ElementPatch,
	MAX_TEXT,
	NewElement,
	isBox,
	DataKey,
	JsonValue,
	type BoxElement,
	type Connector,
	type Frame
} from './schema.js';
import { newId } from '$lib/shared/ids.js';
import { indexAbove, indicesAbove, indicesBelow, compareByIndex } from '$lib/shared/order.js';
import { containsPoint, rectCenter } from '$lib/shared/geometry.js';

type Origin = unknown;

/** Writes a validated element into a fresh Y.Map. Call inside a transaction. */
function writeElement(doc: Y.Doc, element: Element): void {
	getElementsMap(doc).set(element.id, toElementMap(element));
}

/**
 * Creates one element above everything else and returns its id.
 * Box elements dropped inside a frame join it unless `parent` says otherwise, and become what the
 * board's `rules` make of them there (a note in a causal-loop frame is a variable); a connector drawn
 * without a type gets what the rules make of its ends. `elements`: the board's live index, when the
 * caller keeps one (else the command walks the doc for the top index and the frames).
 * @example const id = createElement(doc, { kind: 'note', x: 0, y: 0, text: 'Parents feel unheard' }, LOCAL, rules, index)
 */
export function createElement(
	doc: Y.Doc,
	input: NewElement,
	origin: Origin = LOCAL,
	rules: PlacementRules = NO_PLACEMENT,
	elements?: ElementLookup
): ElementId {
	const parsed = NewElement.parse(input);
	const look = lookupFor(doc, elements);
	const id = newId();
	let element: Element;
	if (parsed.kind === 'note' || parsed.kind === 'text') {
		const size = DEFAULT_SIZE[parsed.kind];
		element = Element.parse({ ...parsed, id, index: 'a0', w: parsed.w ?? size.w, h: parsed.h ?? size.h });
	} else if (parsed.kind === 'connector') {
		const from = look.get(parsed.from);
		const to = look.get(parsed.to);
		if (!from || !to || !isBox(from) || !isBox(to)) throw new Error('A connector joins two existing shapes');
		// A connector drawn without a type gets what its ends make it (a causal link's sign): one transaction.
		const typed = parsed.data.template === undefined ? linkDataFor(rules, from, to) : null;
		element = Element.parse({ ...parsed, id, index: 'a0', data: { ...(typed ?? {}), ...parsed.data } });
	} else {
		element = Element.parse({ ...parsed, id, index: 'a0' });
	}
	// Everything read from the board is read before the transaction: a kept index lags inside it.
	// Frames go to the bottom so that what is on them stays clickable.
	element.index = element.kind === 'frame' ? indicesBelow(look.bottomIndex(), 1)[0] : indexAbove(look.topIndex());
	if (isBox(element) && element.kind !== 'frame' && (input as { parent?: unknown }).parent === undefined) {
		element.parent = topFrameAt(look.frames(), element)?.id ?? null;
	}
	const frame = isBox(element) ? frameById(look, element.parent) : null;
	doc.transact(() => {
		writeElement(doc, element);
		// A new element has no connectors yet: nothing to type after its placement.
		if (isBox(element)) applyPlacement(doc, rules, element, frame);
	}, origin);
	return id;
}

/**
 * Gives connectors nobody typed among `links` what the link rule makes of their ends now: two notes
 * joined by an arrow and then dropped into a causal-loop frame are two variables and a signed link.
 * Call inside the transaction that changed the ends (they are read from the doc, as placed).
 */
function typeLinks(doc: Y.Doc, rules: PlacementRules, links: readonly Connector[]): void {
	for (const c of links) {
		if (!isUntyped(c)) continue;
		const from = readElement(doc, c.from);
		const to = readElement(doc, c.to);
		const data = from && to && isBox(from) && isBox(to) ? linkDataFor(rules, from, to) : null;
		const map = getElementsMap(doc).get(c.id);
		if (data && map) writeData(map, data);
	}
}

function frameById(look: ElementLookup, id: string | null): Frame | null {
	if (!id) return null;
	const el = look.get(id);
	return el?.kind === 'frame' ? el : null;
}

/** The topmost frame under the centre of `box`, other than the box itself. */
export function frameAt(doc: Y.Doc, box: BoxElement, elements?: ElementLookup): Frame | null {
	return topFrameAt(lookupFor(doc, elements).frames(), box);
}

function topFrameAt(frames: readonly Frame[], box: BoxElement): Frame | null {
	const centre = rectCenter(box);
	for (let i = frames.length - 1; i >= 0; i--) if (frames[i].id !== box.id && containsPoint(frames[i], centre)) return frames[i];
	return null;
}

/**
 * Changes fields of one element. The result must still be a valid element, or nothing changes.
 * @example updateElement(doc, id, { color: 'pink' })
 */
export function updateElement(doc: Y.Doc, id: ElementId, patch: ElementPatch, origin: Origin = LOCAL): void {
	const changes = ElementPatch.parse(patch);
	const map = getElementsMap(doc).get(ElementId.parse(id));
	if (!map) throw new Error(`No element ${id}`);
	const merged = Element.safeParse({ ...plainOf(map), ...changes });
	if (!merged.success) throw new Error(`That change does not fit a ${String(map.get('kind'))}: ${merged.error.issues[0]?.message}`);
	doc.transact(() => {
		for (const [key, value] of Object.entries(changes)) if (map.get(key) !== value) map.set(key, value);
	}, origin);
}

/**
 * Replaces an element's text with `next`, as the smallest edit: common prefix and suffix stay, so a
 * concurrent edit elsewhere in the same note survives.
 */
export function setText(doc: Y.Doc, id: ElementId, next: string, origin: Origin = LOCAL): void {
	const value = z.string().max(MAX_TEXT).parse(next);
	const text = getElementsMap(doc).get(ElementId.parse(id))?.get('text');
	if (!(text instanceof Y.Text)) throw new Error(`Element ${id} has no text`);
	const prev = text.toString();
	if (prev === value) return;
	let start = 0;
	while (start < prev.length && start < value.length && prev[start] === value[start]) start++;
	let endPrev = prev.length;
	let endNext = value.length;
	while (endPrev > start && endNext > start && prev[endPrev - 1] === value[endNext - 1]) {
		endPrev--;
		endNext--;
	}
	doc.transact(() => {
		if (endPrev > start) text.delete(start, endPrev - start);
		if (endNext > start) text.insert(start, value.slice(start, endNext));
	}, origin);
}

export const Move = z.object({ ids: z.array(ElementId).min(1).max(5000), dx: z.number().finite(), dy: z.number().finite() });

/**
 * Moves elements by (dx, dy). A frame carries its contents; each moved shape that is not a frame then
 * joins the frame its centre lands in (or none), and becomes what the board's `rules` make of it there.
 * `elements`: the board's live index, when the caller keeps one.
 * @example moveBy(doc, selection, 20, 0, LOCAL, rules, index)
 */
export function moveBy(
	doc: Y.Doc,
	ids: readonly ElementId[],
	dx: number,
	dy: number,
	origin: Origin = LOCAL,
	rules: PlacementRules = NO_PLACEMENT,
	elements?: ElementLookup
): void {
	const move = Move.parse({ ids, dx, dy });
	const look = lookupFor(doc, elements);
	// Only the moved elements (and a moved frame's contents) are read: one note moved costs one note.
	const moving = new Map<string, BoxElement>();
	const movedFrames = new Set<string>();
	for (const id of move.ids) {
		const el = moving.get(id) ?? look.get(id);
		if (!el || !isBox(el)) continue;
		moving.set(id, el);
		if (el.kind === 'frame') movedFrames.add(id);
	}
	for (const child of look.childrenOfAny(movedFrames)) if (!moving.has(child.id)) moving.set(child.id, child);
	// Where each moved shape lands, read before the transaction (a kept index lags inside it): the frames
	// as they will be once this move is written.
	const placing = [...moving.values()].filter((el) => el.kind !== 'frame' && !(el.parent && moving.has(el.parent)));
	const frames =
		placing.length === 0 ? [] : look.frames().map((f) => (moving.has(f.id) ? { ...f, x: f.x + move.dx, y: f.y + move.dy } : f));
	const map = getElementsMap(doc);
	doc.transact(() => {
		const changed = new Set<string>();
		for (const el of moving.values()) {
			const m = map.get(el.id)!;
			m.set('x', el.x + move.dx);
			m.set('y', el.y + move.dy);
		}
		for (const el of placing) {
			// Children moving with their frame keep it (left out of `placing`).
			const moved = { ...el, x: el.x + move.dx, y: el.y + move.dy };
			const frame = topFrameAt(frames, moved);
			const parent = frame?.id ?? null;
			if (parent !== el.parent) map.get(el.id)!.set('parent', parent);
			if (applyPlacement(doc, rules, { ...moved, parent }, frame)) changed.add(el.id);
		}
		// A move writes no connector: those on the shapes that changed are as the lookup has them.
		if (changed.size > 0) typeLinks(doc, rules, look.connectorsOnAny(changed));
	}, origin);
}

/**
 * Deletes elements. A deleted frame takes its contents with it; connectors lose their ends and go too.
 * `elements`: the board's live index, when the caller keeps one.
 */
export function deleteElements(doc: Y.Doc, ids: readonly ElementId[], origin: Origin = LOCAL, elements?: ElementLookup): void {
	const wanted = new Set(z.array(ElementId).parse(ids));
	const look = lookupFor(doc, elements);
	for (const el of look.childrenOfAny(wanted)) wanted.add(el.id);
	for (const el of look.connectorsOnAny(wanted)) wanted.add(el.id);
	const map = getElementsMap(doc);
	doc.transact(() => {
		for (const id of wanted) map.delete(id);
	}, origin);
}

/** Gives `ids` fresh indices above every other element, keeping their order among themselves. */
export function bringToFront(doc: Y.Doc, ids: readonly ElementId[], origin: Origin = LOCAL, elements?: ElementLookup): void {
	reorder(doc, ids, 'front', origin, lookupFor(doc, elements));
}

/** Gives `ids` fresh indices below every other element (frames included). */
export function sendToBack(doc: Y.Doc, ids: readonly ElementId[], origin: Origin = LOCAL, elements?: ElementLookup): void {
	reorder(doc, ids, 'back', origin, lookupFor(doc, elements));
}

function reorder(doc: Y.Doc, ids: readonly ElementId[], where: 'front' | 'back', origin: Origin, look: ElementLookup): void {
	const wanted = new Set(z.array(ElementId).parse(ids));
	const chosen = [...wanted]
		.map((id) => look.get(id))
		.filter((e): e is Element => e !== null)
		.sort(compareByIndex);
	if (chosen.length === 0) return;
	const keys = where === 'front' ? indicesAbove(look.topIndex(), chosen.length) : indicesBelow(look.bottomIndex(), chosen.length);
	const map = getElementsMap(doc);
	doc.transact(() => {
		chosen.forEach((el, i) => map.get(el.id)!.set('index', keys[i]));
	}, origin);
}

/**
 * Copies elements (and the connectors between them) offset by (dx, dy); returns the new ids in the order
 * of `elements` (connectors whose ends were not copied are left out).
 * Used by duplicate and paste: `elements` may come from the clipboard of another board. Copies become
 * what the board's `rules` make of them where they land.
 */
export function insertCopies(
	doc: Y.Doc,
	elements: readonly Element[],
	dx: number,
	dy: number,
	options: {
		origin?: Origin;
		/** Who makes the copies: a copy is a new thing, theirs (the server refuses one in someone else's name). */
		by?: string;
		rules?: PlacementRules;
		/** The board's live index, when the caller keeps one (else the command walks the doc). */
		elements?: ElementLookup;
	} = {}
): ElementId[] {
	const { origin = LOCAL, by, rules = NO_PLACEMENT } = options;
	const look = lookupFor(doc, options.elements);
	const given = z
		.array(Element)
		.max(5000)
		.parse(elements)
		.map(({ createdBy: _, ...rest }) => (by === undefined ? rest : { ...rest, createdBy: by }) as Element);
	const source = [...given].sort(compareByIndex);
	const idMap = new Map(source.map((e) => [e.id, newId()]));
	const copies: Element[] = [];
	for (const el of source) {
		if (el.kind === 'connector') {
			const from = idMap.get(el.from);
			const to = idMap.get(el.to);
			if (from && to) copies.push({ ...el, id: idMap.get(el.id)!, from, to });
			continue;
		}
		const parent = el.parent && idMap.has(el.parent) ? idMap.get(el.parent)! : null;
		copies.push({ ...el, id: idMap.get(el.id)!, x: el.x + dx, y: el.y + dy, parent });
	}
	// Read before the transaction (a kept index lags inside it); what the copies add is known here.
	const keys = indicesAbove(look.topIndex(), copies.length);
	const written = copies.map((copy, i) => ({ ...copy, index: keys[i] }) as Element);
	const byId = new Map(written.map((c) => [c.id, c]));
	const copiedFrames = written.filter((c): c is Frame => c.kind === 'frame');
	// The copies are above everything: their frames come last in z-order, in the order written.
	const frames = written.some((c) => isBox(c) && c.kind !== 'frame' && c.parent === null) ? [...look.frames(), ...copiedFrames] : [];
	doc.transact(() => {
		written.forEach((copy) => writeElement(doc, copy));
		const changed = new Set<string>();
		for (const copy of written) {
			if (!isBox(copy) || copy.kind === 'frame') continue;
			// A copy's parent is a copied frame or none.
			const copiedParent = copy.parent ? byId.get(copy.parent) : undefined;
			let frame = copiedParent?.kind === 'frame' ? copiedParent : null;
			if (copy.parent === null) {
				frame = topFrameAt(frames, copy);
				if (frame) getElementsMap(doc).get(copy.id)!.set('parent', frame.id);
			}
			if (applyPlacement(doc, rules, { ...copy, parent: frame?.id ?? null }, frame)) changed.add(copy.id);
		}
		// Connectors on copies are copies too (both ends copied): as written here.
		if (changed.size > 0)
			typeLinks(
				doc,
				rules,
				written.filter((c): c is Connector => c.kind === 'connector' && (changed.has(c.from) || changed.has(c.to)))
			);
	}, origin);
	// In the order given (not z-order), so callers can find the copy of their n-th element.
	const made = new Set(copies.map((c) => c.id));
	return given.map((e) => idMap.get(e.id)!).filter((id) => made.has(id));
}

/** Duplicates elements beside themselves. */
export function duplicate(
	doc: Y.Doc,
	ids: readonly ElementId[],
	options: { origin?: Origin; by?: string; rules?: PlacementRules; elements?: ElementLookup } = {}
): ElementId[] {
	return insertCopies(doc, selectionWithContents(doc, ids, options.elements), 24, 24, options);
}

/**
 * The elements a copy of `ids` should hold: the elements, the contents of any frames among them,
 * and connectors whose two ends are both included. `elements`: the board's live index, when the caller
 * keeps one.
 */
export function selectionWithContents(doc: Y.Doc, ids: readonly ElementId[], elements?: ElementLookup): Element[] {
	const look = lookupFor(doc, elements);
	const wanted = new Set(ids);
	for (const el of look.childrenOfAny(wanted)) wanted.add(el.id);
	for (const el of look.connectorsOnAny(wanted)) if (wanted.has(el.from) && wanted.has(el.to)) wanted.add(el.id);
	return [...wanted]
		.map((id) => look.get(id))
		.filter((e): e is Element => e !== null)
		.sort(compareByIndex);
}

export const DataPatch = z.record(DataKey, JsonValue.optional()).refine((p) => Object.keys(p).length <= 40, 'at most 40 keys at once');

/**
 * Sets template data on one element (undefined deletes a key). The template validates the values
 * before calling this; here only the shape is checked.
 * @example setData(doc, linkId, { polarity: '-' })
 */
export function setData(doc: Y.Doc, id: ElementId, patch: Record<string, JsonValue | undefined>, origin: Origin = LOCAL): void {
	const value = DataPatch.parse(patch);
	const map = getElementsMap(doc).get(ElementId.parse(id));
	if (!map) throw new Error(`No element ${id}`);
	doc.transact(() => writeData(map, value), origin);
}
