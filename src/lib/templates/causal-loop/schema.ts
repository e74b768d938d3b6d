/**
 * What a causal-loop diagram stores (domain.md 2): variables (items with an optional description and
 * the evidence they cite), causal links (connectors with a polarity and a delay), loop labels, and the
 * frame's settings (loop names, the highlighted loop). Types come from the schemas and share their names.
 */
import { z } from 'zod';
import { ElementId, type JsonValue } from '$lib/doc/schema.js';
import { TEMPLATE_IDS } from '../ids.js';

export const ID = TEMPLATE_IDS.causalLoop;
export const VERSION = 1;
export const VARIABLE = 'variable';
export const LOOP_LABEL = 'loop-label';

export const VARIABLE_SIZE = { w: 220, h: 84 } as const;
export const LOOP_LABEL_SIZE = { w: 60, h: 60 } as const;
export const MAX_EVIDENCE = 50;

/** '+' : the two move in the same direction; '-' : in opposite directions. */
export const Polarity = z.enum(['+', '-']);
export type Polarity = z.infer<typeof Polarity>;

export const POLARITIES = [
	{ value: '+', label: '+ (same direction)' },
	{ value: '-', label: '− (opposite direction)' }
] as const;

/**
 * A delay is a boolean, but the outline's selects write strings: 'true'/'false' (what `String(true)`
 * gives, so the select shows the stored value) are read the same as the booleans.
 */
export const Delay = z.union([z.boolean(), z.enum(['true', 'false'])]);
export const DELAYS = [
	{ value: 'false', label: 'no delay' },
	{ value: 'true', label: 'with delay' }
] as const;

export function isDelayed(data: Record<string, JsonValue>): boolean {
	return data.delay === true || data.delay === 'true';
}

/** A causal link's data (connector.data). `hl` marks a member of the highlighted loop. */
export const LinkData = z.object({ template: z.literal(ID), polarity: Polarity, delay: Delay.default(false), hl: z.boolean().optional() });
export type LinkData = z.infer<typeof LinkData>;

/** The ids of other elements (iceberg notes, players) a variable stands for. */
export const Evidence = z.array(ElementId).max(MAX_EVIDENCE);

export const VariableData = z.object({
	description: z.string().max(1000).optional(),
	evidence: Evidence.optional(),
	hl: z.boolean().optional()
});
export type VariableData = z.infer<typeof VariableData>;

/** A loop label names the loop (by key) it was placed for; without one it is plain text ("R1"). */
export const LoopLabelData = z.object({ loop: z.string().max(2000).optional() });
export type LoopLabelData = z.infer<typeof LoopLabelData>;

export const LoopName = z.string().trim().min(1, 'a loop needs a name').max(120);

/**
 * A stored loop name. `members` are the member variables' names when it was named: copying a frame
 * (or seeding the worked example) gives every element a fresh id, so the id key no longer matches and
 * the names are how the loop is found again.
 */
export const NamedLoop = z.object({ name: LoopName, members: z.array(z.string().max(5000)).max(500) });
export type NamedLoop = z.infer<typeof NamedLoop>;

/** The frame's data: loop names by loop key, and the loop everyone is looking at. */
export const CausalLoopSettings = z.object({
	loopNames: z.record(z.string().max(2000), NamedLoop).optional(),
	highlight: z.string().max(2000).nullable().optional()
});
export type CausalLoopSettings = z.infer<typeof CausalLoopSettings>;

/** Narrows a zod schema to the kit's data type (our schemas only produce JSON). */
export function asDataSchema<T extends z.ZodType>(schema: T): z.ZodType<Record<string, JsonValue>> {
	return schema as unknown as z.ZodType<Record<string, JsonValue>>;
}

export function polarityOf(data: Record<string, JsonValue>): Polarity | null {
	// The same as Polarity.safeParse, without its cost on every link of every analysis.
	return data.polarity === '+' || data.polarity === '-' ? data.polarity : null;
}

/** "+" or "−" (a real minus sign, which reads better than a hyphen). */
export function signText(polarity: Polarity): string {
	return polarity === '+' ? '+' : '−';
}

export function polarityWords(polarity: Polarity): string {
	return polarity === '+' ? '+ (same direction)' : '− (opposite direction)';
}

export function settingsOf(data: Record<string, JsonValue>): CausalLoopSettings {
	const parsed = CausalLoopSettings.safeParse(data);
	return parsed.success ? parsed.data : {};
}
