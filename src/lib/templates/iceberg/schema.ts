/**
 * The Iceberg's stored shapes (domain.md 1.2): frame settings, note placement data, headings and
 * connections. Layer names and prompts belong to the method and are constants here, not settings;
 * only the two column names may be renamed by the facilitator.
 */
import { z } from 'zod';
import type { JsonValue } from '$lib/doc/schema.js';
import { TEMPLATE_IDS } from '../ids.js';

export const ID = TEMPLATE_IDS.iceberg;
export const VERSION = 1;

/** The title printed on the template (S003), used as the frame's (editable) title. */
export const BOARD_TITLE = 'Leveraging the power of collaborative working to foster greater inclusion and nurture';
export const COLUMN_CAPTION = 'drivers of, and barriers to, inclusion and nurture';

export interface LayerInfo {
	layer: 1 | 2 | 3 | 4;
	name: string;
	/** Short name for describe text ("Events", "Mental Models"). */
	short: string;
	/** The toolkit's explanatory text, verbatim. */
	explanation: string;
	/** The prompt printed on the template, verbatim. */
	prompt: string;
}

export const LAYERS: readonly LayerInfo[] = [
	{
		layer: 1,
		name: 'Events & Experiences',
		short: 'Events',
		explanation:
			'These are at the surface level, at which we typically perceive the world – the things that are obvious and immediate, and which indicate to us that there is a problem.',
		prompt: 'What is happening? What events, behaviours, issues, initiatives, interventions, experiences are we seeing?'
	},
	{
		layer: 2,
		name: 'Behavioural Patterns & Incentives',
		short: 'Patterns',
		explanation:
			'Underneath the surface, we begin to uncover patterns and trends – how have sanctions, exclusions, and ways of working with one another changed over time? Observing patterns can allow us to forecast or forestall events.',
		prompt: "Why? What's been happening? What are the trends? What changes have occurred?"
	},
	{
		layer: 3,
		name: 'Underlying Structures',
		short: 'Structures',
		explanation:
			'Further beneath the surface are the structures that cause patterns to persist. These could include concrete things like funding, policy, technology, commissioning relationships, and public service infrastructures, but they could also include soft structures of power, such as relationship dynamics amongst professionals and services.',
		prompt:
			"What is causing the pattern we are observing? What's the relationships between the parts? This could include funding, policy, technology, commissioning relationships, public services infrastructure, benefits models, educational systems, social care systems, etc."
	},
	{
		layer: 4,
		name: 'Mental Models',
		short: 'Mental Models',
		explanation:
			'Underneath it all, people are influenced by their mental models – the attitudes, beliefs, morals, expectations, and values that allow structures to continue functioning as they are. These are the things that we often learn subconsciously from our society or family and are often unaware of.',
		prompt:
			'Attitudes, beliefs, morals, expectations and values that allow structures to continue functioning as they are. These are the things that we often learn subconsciously from our society or family and are likely unaware of.'
	}
];

/** The discussion prompts of step 2, verbatim. */
export const PROMPTS = [
	'What is emerging from this exercise?',
	'What is resonating and/or jarring?',
	'What is missing?',
	'What connections between the different layers can you draw from this?',
	'What opportunities exist to intervene and at what level?'
] as const;

export const Layer = z.number().int().min(1).max(4);
export type Layer = 1 | 2 | 3 | 4;
export const COLUMNS = ['drivers', 'barriers'] as const;
export const Column = z.enum(COLUMNS);
export type Column = z.infer<typeof Column>;

export const DEFAULT_COLUMN_NAMES: Record<Column, string> = { drivers: 'Drivers', barriers: 'Barriers' };
export const ColumnName = z.string().trim().min(1, 'a column needs a name').max(40, 'at most 40 characters');

/** frame.data: the facilitator's names for the two columns (one key each, so two renames both win). */
export const IcebergSettings = z.object({
	driversName: ColumnName.optional(),
	barriersName: ColumnName.optional()
});
export type IcebergSettings = z.infer<typeof IcebergSettings>;

/** A note's or heading's data: its cell (set by placement) and, for notes, the heading it is grouped under. */
export const CellData = z.object({
	layer: Layer.optional(),
	column: Column.optional(),
	group: z.string().optional()
});
export type CellData = z.infer<typeof CellData>;

/**
 * A heading item: a bold label in a cell that notes can be grouped under. Notes join it by its `key`,
 * or by its id when it has none: seeded headings need a key because insertion renames ids.
 */
export const HeadingData = CellData.omit({ group: true }).extend({ key: z.string().min(1).max(64).optional() });
export const HEADING = 'heading';
export const HEADING_SIZE = { w: 320, h: 48 };
/** Notes this template makes (the Panel's "Add a note", the example). */
export const NOTE_SIZE = { w: 220, h: 150 };
export const COLUMN_COLORS = { drivers: 'green', barriers: 'pink' } as const;

/** Connectors are plain; `template` marks them as the Iceberg's. */
export const LinkData = z.object({ template: z.literal(ID).optional() });

/** zod's inferred object types are narrower than the kit's Record<string, JsonValue>; the shapes agree. */
export function asDataSchema<T extends z.ZodType>(schema: T): z.ZodType<Record<string, JsonValue>> {
	return schema as unknown as z.ZodType<Record<string, JsonValue>>;
}

/** The column names a frame shows (its settings, else the defaults). */
export function columnNames(data: Record<string, JsonValue>): Record<Column, string> {
	const parsed = IcebergSettings.safeParse(data);
	const s = parsed.success ? parsed.data : {};
	return { drivers: s.driversName ?? DEFAULT_COLUMN_NAMES.drivers, barriers: s.barriersName ?? DEFAULT_COLUMN_NAMES.barriers };
}

export function layerInfo(layer: number): LayerInfo | undefined {
	return LAYERS[layer - 1];
}
