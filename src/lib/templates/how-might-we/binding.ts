/**
 * Commands over the content document for "How might we" boards. Each validates its input with zod and
 * makes one transaction with the LOCAL origin (what undo tracks), through the doc's own commands, so
 * placement runs exactly as it does for a drag.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import {
	NO_PLACEMENT,
	type PlacementRules,
	createElement,
	ElementId,
	LOCAL,
	MAX_TEXT,
	readElement,
	readElements,
	setData,
	setText,
	type BoxElement,
	type Element,
	type Frame,
	type Item
} from '$lib/doc/index.js';
import { isItemOf } from '../kit/model.js';
import { CATEGORY_COLORS } from './example.js';
import { suggestFraming } from './framing.js';
import { geometry, slotIn } from './layout.js';
import { CATEGORIES, Category, CategoryName, Evidence, ID, QUESTION, QUESTION_SIZE, questionData } from './schema.js';

function board(doc: Y.Doc, id: string): Frame {
	const frame = readElement(doc, ElementId.parse(id));
	if (frame?.kind !== 'frame' || frame.template !== ID) throw new Error('That is not a "How might we" board');
	return frame;
}

function question(doc: Y.Doc, id: string): Item {
	const el = readElement(doc, ElementId.parse(id));
	if (!el || !isItemOf(el, ID, QUESTION)) throw new Error('That is not a "How might we" question');
	return el;
}

const NewQuestion = z.object({ category: Category, text: z.string().trim().min(1, 'Write the question first').max(MAX_TEXT) });

/**
 * Adds a question card to a column, in its first free place; returns its id.
 * @example addQuestion(doc, frameId, 'within', 'How might we include families early on?', rules)
 */
export function addQuestion(doc: Y.Doc, frameId: string, category: string, text: string, rules: PlacementRules = NO_PLACEMENT): string {
	const input = NewQuestion.parse({ category, text });
	const frame = board(doc, frameId);
	const column = geometry(frame).columns.find((c) => c.category === input.category)!;
	const inFrame = readElements(doc).filter((e): e is BoxElement => e.kind !== 'connector' && e.kind !== 'frame' && e.parent === frame.id);
	const at = slotIn(column.body, QUESTION_SIZE, inFrame);
	return createElement(
		doc,
		{
			kind: 'item',
			template: ID,
			type: QUESTION,
			...at,
			...QUESTION_SIZE,
			text: input.text,
			color: CATEGORY_COLORS[input.category],
			parent: frame.id,
			data: { category: input.category }
		},
		LOCAL,
		rules
	);
}

/** Rewrites a question with the suggested "How might we …?" wording; returns the new text (or null if none was needed). */
export function applySuggestion(doc: Y.Doc, questionId: string): string | null {
	const q = question(doc, questionId);
	const next = suggestFraming(q.text);
	if (next === null) return null;
	doc.transact(() => {
		setText(doc, q.id, next, LOCAL);
		setData(doc, q.id, { accepted: undefined }, LOCAL);
	}, LOCAL);
	return next;
}

/** The facilitator keeps a question's wording although it does not start with "How might we" or "What if" (or takes that back). */
export function acceptWording(doc: Y.Doc, questionId: string, accepted: boolean): void {
	setData(doc, question(doc, questionId).id, { accepted: z.boolean().parse(accepted) || undefined }, LOCAL);
}

/** What a question may cite: a sticky note or another template's item (an iceberg note, a player, a loop variable). */
export function canBeEvidence(el: Element | null | undefined): boolean {
	return !!el && (el.kind === 'note' || (el.kind === 'item' && el.template !== ID));
}

/**
 * Sets what a question cites. Every id must be an existing note or item of another template; duplicates are dropped.
 * @example setEvidence(doc, questionId, [icebergNote, senco])
 */
export function setEvidence(doc: Y.Doc, questionId: string, ids: readonly string[]): void {
	const evidence = [...new Set(Evidence.parse(ids))];
	const q = question(doc, questionId);
	for (const id of evidence)
		if (!canBeEvidence(readElement(doc, id))) throw new Error('Only notes, players and loop variables elsewhere on the board can be cited');
	setData(doc, q.id, { evidence: evidence.length ? evidence : undefined }, LOCAL);
}

const Names = z.object({ within: CategoryName, across: CategoryName, sectors: CategoryName }).partial();

/**
 * Renames columns of one board.
 * @example setCategoryNames(doc, frameId, { sectors: 'Across sectors' })
 */
export function setCategoryNames(doc: Y.Doc, frameId: string, names: { within?: string; across?: string; sectors?: string }): void {
	const frame = board(doc, frameId);
	const value = Names.parse(names);
	const patch: Record<string, string> = {};
	if (value.within !== undefined) patch.withinName = value.within;
	if (value.across !== undefined) patch.acrossName = value.across;
	if (value.sectors !== undefined) patch.sectorsName = value.sectors;
	if (Object.keys(patch).length) setData(doc, frame.id, patch, LOCAL);
}

/** The question items of a board, column by column, each in reading order (the default set for a vote). */
export function questionsIn(elements: readonly Element[], frameId: string): Item[] {
	const column = (q: Item) => {
		const c = questionData(q.data).category;
		return c ? CATEGORIES.indexOf(c) : CATEGORIES.length;
	};
	return elements
		.filter((e): e is Item => isItemOf(e, ID, QUESTION) && e.parent === frameId)
		.sort((a, b) => column(a) - column(b) || Math.round(a.y / 40) - Math.round(b.y / 40) || a.x - b.x);
}
