/**
 * Commands over the board's doc for a causal-loop diagram. Each validates its input with zod and
 * writes in one transaction with the LOCAL origin (what undo tracks), except choosing the loop to
 * highlight, which is a view everyone shares rather than an edit to undo (SYSTEM).
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import {
	NO_PLACEMENT,
	type PlacementRules,
	createElement,
	deleteElements,
	ElementId,
	LOCAL,
	moveBy,
	readElement,
	readElements,
	setData,
	SYSTEM,
	type Element,
	type Frame,
	type Item
} from '$lib/doc/index.js';
import { contentsOf, isItemOf } from '../kit/model.js';
import { analyse, isCausalLink, isVariable } from './analysis.js';
import type { Rect } from '$lib/shared/geometry.js';
import type { LinkRow } from './csv.js';
import { arrangeDiagram, slotIn } from './layout.js';
import { Evidence, ID, isDelayed, LOOP_LABEL, LoopName, Polarity, polarityOf, settingsOf, VARIABLE, VARIABLE_SIZE } from './schema.js';

function diagram(doc: Y.Doc, frameId: string): Frame {
	const frame = readElement(doc, ElementId.parse(frameId));
	if (frame?.kind !== 'frame' || frame.template !== ID) throw new Error(`${frameId} is not a causal-loop diagram`);
	return frame;
}

function causalLink(doc: Y.Doc, linkId: string) {
	const link = readElement(doc, ElementId.parse(linkId));
	if (link?.kind !== 'connector' || !isCausalLink(link)) throw new Error(`${linkId} is not a causal link`);
	return link;
}

export const NewVariable = z.object({
	name: z.string().trim().min(1, 'a variable needs a name').max(200),
	description: z.string().trim().max(1000).optional()
});

/**
 * Adds a variable at a free place in the diagram; returns its id.
 * @example addVariable(doc, frameId, { name: 'Exclusions' }, rules)
 */
export function addVariable(doc: Y.Doc, frameId: string, input: z.input<typeof NewVariable>, rules: PlacementRules = NO_PLACEMENT): string {
	const { name, description } = NewVariable.parse(input);
	const frame = diagram(doc, frameId);
	const at = slotIn(frame, VARIABLE_SIZE, contentsOf(frame, readElements(doc)).items);
	const data: Record<string, string> = description ? { description } : {};
	return createElement(
		doc,
		{ kind: 'item', template: ID, type: VARIABLE, ...at, ...VARIABLE_SIZE, text: name, color: 'blue', parent: frame.id, data },
		LOCAL,
		rules
	);
}

/**
 * Draws a causal link from one variable to another; returns its id. A second link with the same ends
 * is refused: change the sign of the one there instead.
 * @example link(doc, exclusions, spendOnAp, '+', false)
 */
export function link(doc: Y.Doc, from: string, to: string, polarity: Polarity, delay = false): string {
	const sign = Polarity.parse(polarity);
	if (ElementId.parse(from) === ElementId.parse(to))
		throw new Error('A variable cannot cause itself here: draw the loop through another variable');
	const ends = [readElement(doc, from), readElement(doc, to)];
	if (!ends.every((e) => e && isVariable(e))) throw new Error('A causal link joins two variables');
	if (readElements(doc).some((e) => e.kind === 'connector' && e.from === from && e.to === to && isCausalLink(e)))
		throw new Error('These two are already linked that way; change its sign instead');
	return createElement(
		doc,
		{ kind: 'connector', from, to, data: { template: ID, polarity: sign, delay: z.boolean().parse(delay) } },
		LOCAL
	);
}

export function setPolarity(doc: Y.Doc, linkId: string, polarity: Polarity): void {
	const value = Polarity.parse(polarity);
	setData(doc, causalLink(doc, linkId).id, { polarity: value }, LOCAL);
}

/** + becomes −, − (or no sign yet) becomes +. */
export function togglePolarity(doc: Y.Doc, linkId: string): void {
	const link = causalLink(doc, linkId);
	setData(doc, link.id, { polarity: polarityOf(link.data) === '+' ? '-' : '+' }, LOCAL);
}

/** Flips the sign of every causal link among `selected` in one change (the P key); false if there were none. */
export function togglePolarityOf(doc: Y.Doc, selected: readonly Element[]): boolean {
	const links = selected.filter((e) => e.kind === 'connector' && isCausalLink(e));
	if (links.length === 0) return false;
	doc.transact(() => links.forEach((l) => togglePolarity(doc, l.id)), LOCAL);
	return true;
}

/** Adds or removes the delay mark on every causal link among `selected` (the D key); false if there were none. */
export function toggleDelayOf(doc: Y.Doc, selected: readonly Element[]): boolean {
	const links = selected.filter((e): e is Extract<Element, { kind: 'connector' }> => e.kind === 'connector' && isCausalLink(e));
	if (links.length === 0) return false;
	doc.transact(() => links.forEach((l) => setDelay(doc, l.id, !isDelayed(l.data))), LOCAL);
	return true;
}

export function setDelay(doc: Y.Doc, linkId: string, delay: boolean): void {
	setData(doc, causalLink(doc, linkId).id, { delay: z.boolean().parse(delay) }, LOCAL);
}

function variable(doc: Y.Doc, id: string): Item {
	const el = readElement(doc, ElementId.parse(id));
	if (!el || !isVariable(el)) throw new Error(`${id} is not a variable`);
	return el;
}

export function setDescription(doc: Y.Doc, variableId: string, description: string): void {
	const value = z.string().trim().max(1000).parse(description);
	setData(doc, variable(doc, variableId).id, { description: value || undefined }, LOCAL);
}

/** What a variable may cite: a sticky note or another template's item (an iceberg note, a player). */
export function canBeEvidence(el: Element | null | undefined): boolean {
	return !!el && (el.kind === 'note' || (el.kind === 'item' && el.template !== ID));
}

/**
 * Sets the notes and players a variable stands for. Every id must be an existing note or item of
 * another template; duplicates are dropped.
 * @example setEvidence(doc, exclusions, [icebergNote, senco])
 */
export function setEvidence(doc: Y.Doc, variableId: string, ids: readonly string[]): void {
	const evidence = [...new Set(Evidence.parse(ids))];
	const target = variable(doc, variableId);
	for (const id of evidence) if (!canBeEvidence(readElement(doc, id))) throw new Error(`${id} is not a note or player that can be cited`);
	setData(doc, target.id, { evidence: evidence.length ? evidence : undefined }, LOCAL);
}

/** Names a loop (or clears its name with ''), keyed by its loop key, with its members' names. */
export function nameLoop(doc: Y.Doc, frameId: string, key: string, name: string): void {
	const frame = diagram(doc, frameId);
	const loop = analyse(contentsOf(frame, readElements(doc))).loops.find((l) => l.key === key);
	if (!loop) throw new Error('That loop is no longer in the diagram');
	const names = { ...(settingsOf(frame.data).loopNames ?? {}) };
	// Entries for the same members under an old key (after a copy) go, so the new name wins.
	for (const [k, entry] of Object.entries(names))
		if (k === key || entry.members.join('\u0000') === loop.memberNames.join('\u0000')) delete names[k];
	if (name.trim()) names[key] = { name: LoopName.parse(name), members: loop.memberNames };
	setData(doc, frame.id, { loopNames: names }, LOCAL);
}

/**
 * Highlights one loop (or none) for everyone: the frame remembers which, and each variable and link
 * in the frame gets `hl` true or false, written for all of them so that two people choosing at once
 * end with one whole loop highlighted (the same writer wins every key), not a mix.
 */
export function highlightLoop(doc: Y.Doc, frameId: string, key: string | null): void {
	const frame = diagram(doc, frameId);
	const contents = contentsOf(frame, readElements(doc));
	const loop = key ? analyse(contents).loops.find((l) => l.key === key) : undefined;
	if (key && !loop) throw new Error('That loop is no longer in the diagram');
	const on = new Set([...(loop?.members ?? []), ...(loop?.links ?? [])]);
	doc.transact(() => {
		setData(doc, frame.id, { highlight: loop?.key ?? null }, SYSTEM);
		for (const el of [...contents.items.filter(isVariable), ...contents.links.filter(isCausalLink)])
			setData(doc, el.id, { hl: on.has(el.id) }, SYSTEM);
	}, SYSTEM);
}

/**
 * Upkeep every client does (the template's `maintain`): loop labels are drawn live from the diagram now,
 * so the label items older boards stored (by "Label loops", with `data.loop`) are removed. Deterministic
 * and idempotent, so two clients doing it at once agree; not undoable (SYSTEM). `allow` leaves out what
 * this person may not delete (a locked label). The frame's old `autoLabel` setting is left alone: it is
 * the facilitator's to change, and nothing reads it. Returns how many labels it removed.
 */
export function tidyLegacyLabels(
	doc: Y.Doc,
	elements: readonly Element[],
	allow: (before: Element, after: Element | null) => boolean = () => true
): number {
	const frames = new Set(elements.filter((e) => e.kind === 'frame' && e.template === ID).map((e) => e.id));
	const labels = elements
		.filter(
			(e) => isItemOf(e, ID, LOOP_LABEL) && e.parent !== null && frames.has(e.parent) && typeof e.data.loop === 'string' && allow(e, null)
		)
		.map((e) => e.id);
	if (labels.length) deleteElements(doc, labels, SYSTEM);
	return labels.length;
}

/**
 * Sets the sign of every causal link among `selected` (the + and − keys, or a tap on the link's bar);
 * false if there were none.
 */
export function setPolarityOf(doc: Y.Doc, selected: readonly Element[], polarity: Polarity): boolean {
	const value = Polarity.parse(polarity);
	const links = selected.filter((e) => e.kind === 'connector' && isCausalLink(e));
	if (links.length === 0) return false;
	doc.transact(() => links.forEach((l) => setPolarity(doc, l.id, value)), LOCAL);
	return true;
}

/**
 * "Arrange": lays the variables out readably (deterministic force layout from where they are now); the
 * loop labels, drawn from the diagram, follow. Only on demand, never on its own; one transaction.
 */
export function arrange(doc: Y.Doc, frameId: string, rules: PlacementRules = NO_PLACEMENT): void {
	const frame = diagram(doc, frameId);
	const contents = contentsOf(frame, readElements(doc));
	const variables = contents.items.filter(isVariable);
	const positions = arrangeDiagram(frame, variables, contents.links);
	doc.transact(() => {
		for (const v of variables) {
			const p = positions.get(v.id)!;
			if (p.x !== v.x || p.y !== v.y) moveBy(doc, [v.id], p.x - v.x, p.y - v.y, LOCAL, rules);
		}
	}, LOCAL);
}

/**
 * Imports a checked link list (see `parseLinkCsv`) in one transaction: variables are matched by name
 * (ignoring case and spacing) and made where missing; a link already drawn between the same two gets
 * the row's sign and delay instead of a second line.
 * @example const parsed = parseLinkCsv(text); if (parsed.ok) importLinks(doc, frameId, parsed.rows, rules)
 */
export function importLinks(
	doc: Y.Doc,
	frameId: string,
	rows: readonly LinkRow[],
	rules: PlacementRules = NO_PLACEMENT
): { variables: number; created: number; updated: number } {
	// Rows come checked from parseLinkCsv; here only their final shape is re-checked.
	const checked = z
		.array(
			z.object({ from: z.string().trim().min(1).max(200), to: z.string().trim().min(1).max(200), polarity: Polarity, delay: z.boolean() })
		)
		.parse(rows);
	const frame = diagram(doc, frameId);
	const contents = contentsOf(frame, readElements(doc));
	const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
	const byName = new Map(contents.items.filter(isVariable).map((v) => [norm(v.text), v.id]));
	const occupied: Rect[] = [...contents.items];
	const result = { variables: 0, created: 0, updated: 0 };
	doc.transact(() => {
		const variableFor = (name: string) => {
			const known = byName.get(norm(name));
			if (known) return known;
			const at = slotIn(frame, VARIABLE_SIZE, occupied);
			occupied.push({ ...at, ...VARIABLE_SIZE });
			const id = createElement(
				doc,
				{
					kind: 'item',
					template: ID,
					type: VARIABLE,
					...at,
					...VARIABLE_SIZE,
					text: name.trim(),
					color: 'blue',
					parent: frame.id,
					data: {}
				},
				LOCAL,
				rules
			);
			byName.set(norm(name), id);
			result.variables++;
			return id;
		};
		const links = readElements(doc).filter((e) => e.kind === 'connector' && isCausalLink(e));
		for (const row of checked) {
			const from = variableFor(row.from);
			const to = variableFor(row.to);
			const existing = links.find((l) => l.kind === 'connector' && l.from === from && l.to === to);
			if (existing) {
				setData(doc, existing.id, { polarity: row.polarity, delay: row.delay }, LOCAL);
				result.updated++;
			} else {
				createElement(doc, { kind: 'connector', from, to, data: { template: ID, polarity: row.polarity, delay: row.delay } }, LOCAL);
				result.created++;
			}
		}
	}, LOCAL);
	return result;
}
