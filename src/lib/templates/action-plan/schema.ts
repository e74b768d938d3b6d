/**
 * What an action plan stores (domain.md 3.G): one item per row (`type: 'action'`, its words are the
 * action), with the fields LA plans use, dates as ISO yyyy-mm-dd, dated progress updates, and links to
 * the "how might we" question and the theory-of-change card it comes from. Types come from the schemas.
 */
import { z } from 'zod';
import { ElementId, type JsonValue } from '$lib/doc/schema.js';
import { TEMPLATE_IDS } from '../ids.js';

export const ID = TEMPLATE_IDS.actionPlan;
export const VERSION = 1;
export const ACTION = 'action';

/** A calendar date, yyyy-mm-dd, that exists (no 31 February). */
export const IsoDate = z.iso.date({ error: 'a date is written yyyy-mm-dd, e.g. 2026-03-31' });

export const STATUSES = [
	{ value: 'not-started', label: 'not started' },
	{ value: 'in-progress', label: 'in progress' },
	{ value: 'completed', label: 'completed' },
	{ value: 'signed-off', label: 'signed off' }
] as const;
export type StatusId = (typeof STATUSES)[number]['value'];
export const Status = z.enum(STATUSES.map((s) => s.value) as [StatusId, ...StatusId[]]);

export const ProgressUpdate = z.object({ date: IsoDate, text: z.string().trim().min(1, 'an update needs some words').max(2000) });
export type ProgressUpdate = z.infer<typeof ProgressUpdate>;
export const MAX_UPDATES = 100;

const Text = (max: number) => z.string().trim().max(max);

/** A row's data. The action itself is the item's text (a Y.Text, so two people can type in it at once). */
export const ActionData = z
	.object({
		ref: Text(20).optional(),
		theme: Text(300).optional(),
		purpose: Text(1000).optional(),
		lead: Text(300).optional(),
		involved: Text(500).optional(),
		start: IsoDate.optional(),
		due: IsoDate.optional(),
		milestones: Text(500).optional(),
		measure: Text(1000).optional(),
		status: Status.optional(),
		updates: z.array(ProgressUpdate).max(MAX_UPDATES).optional(),
		review: IsoDate.optional(),
		fromQuestion: ElementId.optional(),
		fromCard: ElementId.optional()
	})
	.refine((d) => !d.start || !d.due || d.due >= d.start, { message: 'the due date is before the start date', path: ['due'] });
export type ActionData = z.infer<typeof ActionData>;

/** The row fields people type or choose, in the order of domain.md 3.G (the action's words come third). */
export const ACTION_FIELDS = [
	{ key: 'ref', label: 'Ref', input: 'text', maxLength: 20 },
	{ key: 'theme', label: 'Theme', input: 'text', maxLength: 300 },
	{ key: 'purpose', label: 'Purpose', input: 'text', maxLength: 1000 },
	{ key: 'lead', label: 'Lead and agency', input: 'text', maxLength: 300 },
	{ key: 'involved', label: 'Who is involved', input: 'text', maxLength: 500 },
	{ key: 'start', label: 'Start date', input: 'date' },
	{ key: 'due', label: 'Due date', input: 'date' },
	{ key: 'milestones', label: 'Milestones and cadence', input: 'text', maxLength: 500 },
	{ key: 'measure', label: 'Measure of success', input: 'text', maxLength: 1000 },
	{ key: 'status', label: 'Status', options: STATUSES },
	{ key: 'review', label: 'Review date', input: 'date' }
] as const;
export type ActionFieldKey = (typeof ACTION_FIELDS)[number]['key'];

/** The frame's data: none yet (the title is the plan's name). */
export const ActionPlanSettings = z.object({});

/** Narrows a zod schema to the kit's data type (our schemas only produce JSON). */
export function asDataSchema<T extends z.ZodType>(schema: T): z.ZodType<Record<string, JsonValue>> {
	return schema as unknown as z.ZodType<Record<string, JsonValue>>;
}

export function statusLabel(value: unknown): string {
	return STATUSES.find((s) => s.value === value)?.label ?? 'not started';
}

/** The updates stored on a row, valid ones only, oldest first. */
export function updatesOf(data: Record<string, JsonValue>): ProgressUpdate[] {
	const parsed = z.array(z.unknown()).safeParse(data.updates);
	if (!parsed.success) return [];
	return parsed.data.flatMap((u) => {
		const one = ProgressUpdate.safeParse(u);
		return one.success ? [one.data] : [];
	});
}
