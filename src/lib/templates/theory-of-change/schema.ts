/**
 * What a theory of change stores (domain.md 1.4): the frame's settings (the background it was built
 * from), one item type per column (activity, moderating factor, mediating mechanism, outcome, aim)
 * with the fields that matter for each, and arrows between cards. Types come from the schemas and
 * share their names. The method's words (definitions, guidance, examples) are verbatim from S003.
 */
import { z } from 'zod';
import { ElementId, type JsonValue } from '$lib/doc/schema.js';
import { TEMPLATE_IDS, TOC_ACTIVITY } from '../ids.js';

export const ID = TEMPLATE_IDS.theoryOfChange;
export const VERSION = 1;

export const ACTIVITY = TOC_ACTIVITY.type;
export const MODERATOR = 'moderating-factor';
export const MECHANISM = 'mediating-mechanism';
export const OUTCOME = 'outcome';
export const AIM = 'aim';
export type CardType = typeof ACTIVITY | typeof MODERATOR | typeof MECHANISM | typeof OUTCOME | typeof AIM;

export interface Column {
	/** Stable id of the column, used in section ids. */
	id: 'activities' | 'moderating' | 'mediating' | 'outcomes' | 'aims';
	name: string;
	/** The card type that belongs in it. */
	type: CardType;
	/** What one card is called: "Activity", "Aim". */
	cardLabel: string;
	/** The verbatim definition (S003) that heads the column. */
	definition: string;
	/** The build-order step's guidance, verbatim; lines starting "- " are a list. */
	guidance: string;
	/** The step's examples, verbatim. */
	examples: readonly string[];
	/** The note colour of its cards (the type is also written on every card: never colour alone). */
	color: 'blue' | 'purple' | 'green' | 'orange' | 'yellow';
}

/** The five columns, left to right as the canvas shows them (domain.md 1.4). */
export const COLUMNS: readonly Column[] = [
	{
		id: 'activities',
		name: 'Activities',
		type: ACTIVITY,
		cardLabel: 'Activity',
		definition: 'What you do and for whom, when you do it perfectly. No detail is too small.',
		guidance:
			'Here is where you list out all the different activities you and your team will undertake as part of this work. Be as detailed as possible, including setting timelines, listing who will take part, and outputs (toolkits, reports, events) to be delivered.',
		examples: [],
		color: 'blue'
	},
	{
		id: 'moderating',
		name: 'Moderating factors',
		type: MODERATOR,
		cardLabel: 'Moderating factor',
		definition: 'The contextual factors and conditions required for the work to be effective.',
		guidance:
			'These are contextual factors and pre-conditions required for the work to be effective. This is also where you consider what the school(s), your team and other partners need in order to be ready for the intervention.',
		examples: [
			'Teachers/staff understanding of the implementation process, expectations and intended outcomes',
			'Teachers/staff have the right skills and knowledge to undertake the work',
			'Infrastructure (timetabling, resourcing) is in place'
		],
		color: 'purple'
	},
	{
		id: 'mediating',
		name: 'Mediating mechanisms',
		type: MECHANISM,
		cardLabel: 'Mediating mechanism',
		definition: 'The interim outcomes and/or experiential factors required for your work to be effective (i.e., the active ingredients).',
		guidance:
			'These are the active ingredients of any initiatives you implement. It’s possible to deliver the same initiative well or poorly, so consider what pupils and staff need to experience to achieve the outcomes stated in the step above.',
		examples: [
			'Teachers/staff developing positive relationships with pupils',
			'Staff agreement on and buy-in to new/renewed processes for identifying risk',
			'Year leads working more closely with subject teachers'
		],
		color: 'green'
	},
	{
		id: 'outcomes',
		name: 'Outcomes',
		type: OUTCOME,
		cardLabel: 'Outcome',
		definition: 'The measurable results of your work.',
		guidance:
			'List the values, attitudes, knowledge, skills, and/or behaviours you hope children and young people and/ or staff will develop through this work. It’s helpful to identify the changes that you want to see, before listing your activities. Doing so can reveal where there are gaps in your provision or where you are doing work that isn’t helping you to achieve the outcomes you want. Be realistic about what your work can achieve and what it can’t:\n- Don’t list outcomes you wouldn’t want to be held responsible for\n- Consider how much you think an outcome is likely to develop\n- Make sure there is consensus about what the outcomes are and which you will be held accountable for.\nIf there are lots of outcomes, think about which is/are the most important. It will help you focus your evaluation later.',
		examples: [
			'Reduction in number of fixed term exclusions or absenteeism per term (for a particular year group)',
			'Early identification of risk of exclusion',
			'Improved teacher attitudes towards, and consistency in applying trauma-informed and restorative practice'
		],
		color: 'orange'
	},
	{
		id: 'aims',
		name: 'Aim(s)',
		type: AIM,
		cardLabel: 'Aim',
		definition: 'Your ultimate ambition for change.',
		guidance:
			'Define the ultimate aim(s) of your work and keep it/ them at the forefront of your minds as you build the theory of change. Aims are high level and not necessarily specific to the intervention you are developing. Different stakeholders might have different aims. That’s OK - it won’t stop you being able to work together.',
		examples: [
			'To have a more inclusive and nurturing school/trust/local education system',
			'To ensure appropriate provision for all pupils',
			'To reduce educational inequity for disadvantaged children and young people'
		],
		color: 'yellow'
	}
];

/** The guided build order: from the aim back to the activities (domain.md 1.4). */
export const BUILD_ORDER: readonly Column['id'][] = ['aims', 'outcomes', 'mediating', 'moderating', 'activities'];

/** The first step of the method, before any card: who should be in the room. */
export const WORK_TOGETHER =
	'Bring all relevant stakeholders together to explore your implementation model. At the school level, stakeholders may include the SLT, heads of year, and pastoral leads; at the local authority level, it may include the Education team alongside key partners from other services.';

export function columnOfType(type: string): Column | undefined {
	return COLUMNS.find((c) => c.type === type);
}

export function columnById(id: string): Column | undefined {
	return COLUMNS.find((c) => c.id === id);
}

const Short = z.string().trim().max(500);

/** Every card may sit under a sub-heading ("Therapeutic support") and come from a "how might we" question. */
const CardBase = z.object({
	group: z.string().trim().max(120).optional(),
	/** The id of the "how might we" question this card was made from. */
	fromQuestion: ElementId.optional(),
	/** The question's words when the card was made, shown on the card (the question may be deleted). */
	questionText: z.string().max(1000).optional()
});

export const ActivityData = CardBase.extend({ who: Short.optional(), when: Short.optional(), outputs: Short.optional() });
export type ActivityData = z.infer<typeof ActivityData>;

export const ACCOUNTABLE = [
	{ value: 'yes', label: 'yes, we agree to be held accountable' },
	{ value: 'no', label: 'no' },
	{ value: 'undecided', label: 'not decided yet' }
] as const;
export const Accountable = z.enum(['yes', 'no', 'undecided']);
export type Accountable = z.infer<typeof Accountable>;

export const OutcomeData = CardBase.extend({ measure: Short.optional(), timeframe: Short.optional(), accountable: Accountable.optional() });
export type OutcomeData = z.infer<typeof OutcomeData>;

export const CardData = CardBase;
export type CardData = z.infer<typeof CardData>;

/** The data schema of each card type. */
export const DATA_OF: Record<CardType, z.ZodType> = {
	[ACTIVITY]: ActivityData,
	[MODERATOR]: CardBase,
	[MECHANISM]: CardBase,
	[OUTCOME]: OutcomeData,
	[AIM]: CardBase
};

/** An arrow between two cards (connector.data). */
export const LinkData = z.object({ template: z.literal(ID) });

/** The frame's data: what the group noticed and decided before building it (shown under the title). */
export const TheoryOfChangeSettings = z.object({ background: z.string().max(4000).optional() });
export type TheoryOfChangeSettings = z.infer<typeof TheoryOfChangeSettings>;

export const CARD_W = 392;
export const CARD_MIN_H = 110;

/** Narrows a zod schema to the kit's data type (our schemas only produce JSON). */
export function asDataSchema<T extends z.ZodType>(schema: T): z.ZodType<Record<string, JsonValue>> {
	return schema as unknown as z.ZodType<Record<string, JsonValue>>;
}

export function backgroundOf(data: Record<string, JsonValue>): string {
	const parsed = TheoryOfChangeSettings.safeParse(data);
	return parsed.success ? (parsed.data.background ?? '') : '';
}

export function accountableLabel(value: unknown): string | null {
	return ACCOUNTABLE.find((a) => a.value === value)?.label ?? null;
}

/** A card's fields in the order they are shown, as [label, value] pairs (empty ones left out). */
export function fieldLines(type: string, data: Record<string, JsonValue>): [string, string][] {
	const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
	const pairs: [string, string | null][] =
		type === ACTIVITY
			? [
					['Who', str(data.who)],
					['When', str(data.when)],
					['Outputs', str(data.outputs)]
				]
			: type === OUTCOME
				? [
						['Measure', str(data.measure)],
						['Timeframe', str(data.timeframe)],
						['Accountable', accountableLabel(data.accountable)]
					]
				: [];
	return pairs.filter((p): p is [string, string] => p[1] !== null);
}
