/**
 * Commands over the board's doc for action plans. Each validates its input with zod and writes in one
 * transaction with the LOCAL origin. Every field of a row is its own key, so two people editing
 * different fields of one row at once both win; the action's words are a Y.Text and merge as typed.
 * Theory-of-change cards and "how might we" questions are read through plain element fields (their
 * template and type, from `../ids.ts`): this template never imports another.
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
	updateElement,
	type Element,
	type Frame,
	type Item,
	type JsonValue
} from '$lib/doc/index.js';
import { contentsOf } from '../kit/model.js';
import { HMW_QUESTION, TOC_ACTIVITY } from '../ids.js';
import { rowCells } from './cells.js';
import { neededHeight, ROW_W, slotForRow } from './layout.js';
import { isAction, rowOf, rowsOf } from './rows.js';
import { ACTION, ACTION_FIELDS, ActionData, ID, MAX_UPDATES, ProgressUpdate, updatesOf, type ActionFieldKey } from './schema.js';

export const TOC = { template: TOC_ACTIVITY.template, activity: TOC_ACTIVITY.type } as const;
export const HMW = HMW_QUESTION;

export function planFrame(doc: Y.Doc, frameId: string): Frame {
	const frame = readElement(doc, ElementId.parse(frameId));
	if (frame?.kind !== 'frame' || frame.template !== ID) throw new Error('That is not an action plan');
	return frame;
}

function action(doc: Y.Doc, id: string): Item {
	const el = readElement(doc, ElementId.parse(id));
	if (!el || !isAction(el)) throw new Error('That is not a row of an action plan');
	return el;
}

function checked(data: Record<string, unknown>): Record<string, JsonValue> {
	const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined && v !== ''));
	const parsed = ActionData.safeParse(clean);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const label = ACTION_FIELDS.find((f) => f.key === issue?.path[0])?.label ?? String(issue?.path[0] ?? 'A field');
		throw new Error(`${label}: ${issue?.message}`);
	}
	return clean as Record<string, JsonValue>;
}

/** The next whole-number reference after the plan's highest. */
export function nextRef(rows: readonly { ref: string }[]): string {
	const top = rows.reduce((m, r) => Math.max(m, Number.parseInt(r.ref, 10) || 0), 0);
	return String(top + 1);
}

export const NewAction = z.object({
	text: z.string().trim().max(MAX_TEXT).default(''),
	data: z.record(z.string(), z.unknown()).default({})
});

/**
 * Adds a row under the last one (growing the frame if it must); returns its id. Its ref is the next
 * number unless one is given; its status "not started".
 * @example addAction(doc, planId, { text: 'Train all staff in restorative practice', data: { lead: 'SENCO, school', due: '2026-07-17' } }, rules)
 */
export function addAction(
	doc: Y.Doc,
	frameId: string,
	input: z.input<typeof NewAction> = {},
	rules: PlacementRules = NO_PLACEMENT
): string {
	return addActions(doc, frameId, [input], rules)[0];
}

/** Adds several rows in one transaction (one undo step); returns their ids. */
export function addActions(
	doc: Y.Doc,
	frameId: string,
	inputs: readonly z.input<typeof NewAction>[],
	rules: PlacementRules = NO_PLACEMENT
): string[] {
	const frame = planFrame(doc, frameId);
	const contents = contentsOf(frame, readElements(doc));
	const rows = rowsOf(contents);
	const occupied = [...contents.items];
	const prepared = inputs.map((input) => {
		const { text, data } = NewAction.parse(input);
		const ref = typeof data.ref === 'string' && data.ref.trim() ? data.ref : nextRef(rows);
		const full = checked({ status: 'not-started', ...data, ref });
		rows.push({ ...rowOf({ text, data: full } as unknown as Item, rows.length), ref });
		return { text, data: full };
	});
	const ids: string[] = [];
	doc.transact(() => {
		let h = frame.h;
		for (const { text, data } of prepared) {
			const height = rowCells(rowOf({ id: 'new', text, data } as unknown as Item, 0), ROW_W).height;
			const at = slotForRow({ ...frame, h: 1_000_000 }, { w: ROW_W, h: height }, occupied);
			h = neededHeight({ ...frame, h }, at.y, height);
			if (h !== frame.h) updateElement(doc, frame.id, { h }, LOCAL);
			const id = createElement(
				doc,
				{ kind: 'item', template: ID, type: ACTION, ...at, w: ROW_W, h: height, text, color: 'grey', parent: frame.id, data },
				LOCAL,
				rules
			);
			occupied.push({ ...at, w: ROW_W, h: height } as never);
			ids.push(id);
		}
	}, LOCAL);
	return ids;
}

/**
 * Sets one field of a row (an empty value removes it). Refused, changing nothing, with a message a
 * person can read, when the value does not fit (a date that is not yyyy-mm-dd, a due date before the start).
 * @example setActionField(doc, rowId, 'due', '2026-07-17')
 */
export function setActionField(doc: Y.Doc, rowId: string, key: ActionFieldKey | 'fromQuestion' | 'fromCard', value: string): void {
	const row = action(doc, rowId);
	const k = z.enum([...ACTION_FIELDS.map((f) => f.key), 'fromQuestion', 'fromCard'] as unknown as [string, ...string[]]).parse(key);
	const v = z.string().max(MAX_TEXT).parse(value).trim();
	checked({ ...row.data, [k]: v || undefined });
	setData(doc, row.id, { [k]: v || undefined }, LOCAL);
}

/** Replaces a row's action words (the smallest edit, so a concurrent edit elsewhere survives). */
export function setActionText(doc: Y.Doc, rowId: string, text: string): void {
	setText(doc, action(doc, rowId).id, z.string().max(MAX_TEXT).parse(text), LOCAL);
}

/**
 * Adds a dated progress update to a row. The list is one field: two people adding an update to the
 * same row at the very same moment converge on one of the two lists (see docs/decisions.md).
 * @example addUpdate(doc, rowId, { date: '2026-11-30', text: '300 children reached; 97% resettled' })
 */
export function addUpdate(doc: Y.Doc, rowId: string, update: z.input<typeof ProgressUpdate>): void {
	const row = action(doc, rowId);
	const next = [...updatesOf(row.data), ProgressUpdate.parse(update)].sort((a, b) => a.date.localeCompare(b.date));
	if (next.length > MAX_UPDATES) throw new Error(`A row keeps at most ${MAX_UPDATES} updates`);
	setData(doc, row.id, { updates: next }, LOCAL);
}

export function removeUpdate(doc: Y.Doc, rowId: string, index: number): void {
	const row = action(doc, rowId);
	const list = updatesOf(row.data);
	const i = z
		.number()
		.int()
		.min(0)
		.max(list.length - 1)
		.parse(index);
	list.splice(i, 1);
	setData(doc, row.id, { updates: list.length ? list : undefined }, LOCAL);
}

/** Every theory-of-change activity card in frame `tocFrameId`, read from plain element fields. */
export function activitiesIn(elements: readonly Element[], tocFrameId: string): Item[] {
	return elements
		.filter((e): e is Item => e.kind === 'item' && e.template === TOC.template && e.type === TOC.activity && e.parent === tocFrameId)
		.sort((a, b) => a.y - b.y || a.x - b.x);
}

export function questionsOn(elements: readonly Element[]): Item[] {
	return elements.filter((e): e is Item => e.kind === 'item' && e.template === HMW.template && e.type === HMW.type);
}

/** Theory-of-change frames on the board (by their template id). */
export function theoriesOn(elements: readonly Element[]): Frame[] {
	return elements.filter((e): e is Frame => e.kind === 'frame' && e.template === TOC.template);
}

const str = (v: unknown, max: number) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);

/**
 * "Make rows from activities": one row per activity card of a theory of change that has no row in this
 * plan yet, keeping the link (`fromCard`, and the card's question as `fromQuestion`). The card's
 * sub-heading becomes the theme, its "who" who is involved, its "when" the milestones, its outputs the
 * measure of success. Returns the new rows' ids (none when every activity already has one).
 * @example rowsFromActivities(doc, planId, tocId, rules)
 */
export function rowsFromActivities(doc: Y.Doc, planId: string, tocFrameId: string, rules: PlacementRules = NO_PLACEMENT): string[] {
	const plan = planFrame(doc, planId);
	const toc = readElement(doc, ElementId.parse(tocFrameId));
	if (toc?.kind !== 'frame' || toc.template !== TOC.template) throw new Error('Choose a theory of change');
	const all = readElements(doc);
	const done = new Set(rowsOf(contentsOf(plan, all)).map((r) => r.fromCard));
	const cards = activitiesIn(all, toc.id).filter((c) => !done.has(c.id));
	if (cards.length === 0) return [];
	return addActions(
		doc,
		plan.id,
		cards.map((c) => {
			const q = ElementId.safeParse(c.data.fromQuestion);
			return {
				text: c.text.trim().slice(0, MAX_TEXT),
				data: {
					theme: str(c.data.group, 300),
					involved: str(c.data.who, 500),
					milestones: str(c.data.when, 500),
					measure: str(c.data.outputs, 1000) ? `Outputs: ${str(c.data.outputs, 980)}` : undefined,
					fromCard: c.id,
					fromQuestion: q.success ? q.data : undefined
				}
			};
		}),
		rules
	);
}
