/**
 * What a "How might we" board stores (domain.md 1.3): question cards (items of type `question`) in
 * three category columns, the frame's settings (the columns' names), and the method's own words:
 * the criteria for energy, the framing, and the three voting criteria. Types share their schemas' names.
 */
import { z } from 'zod';
import { ElementId, type JsonValue } from '$lib/doc/schema.js';
import { TEMPLATE_IDS, HMW_QUESTION } from '../ids.js';

export const ID = TEMPLATE_IDS.howMightWe;
export const VERSION = 1;
export const QUESTION = HMW_QUESTION.type;
export const QUESTION_SIZE = { w: 380, h: 250 } as const;
export const MAX_EVIDENCE = 50;

/** The board's title on the Miro template (S003), verbatim. */
export const BOARD_TITLE = 'How Might We...?';
/** The Miro template's intro, verbatim. */
export const INTRO =
	"Based on all our conversations earlier today, we can start to identify some opportunity areas and create some 'How Might We...?' questions. What are some of the opportunities to make the system more inclusive?";

/** "Criteria for energy", verbatim (S003). */
export const ENERGY_LEAD = 'Instead of focusing on the whole problem, we focus on those aspects of the problem where…';
export const ENERGY_CRITERIA = [
	'we can move things around relatively easily',
	'people can see the benefits of change',
	'people are motivated and committed to change',
	'there is investment and resources to support change',
	'we have the right levers and influence to change',
	'change is timely'
] as const;

/** The framing advice, verbatim (S003). */
export const FRAMING =
	"Instead of framing solutions as statements, we encourage you to frame them as questions starting with: 'how might we...?' or 'what if...?'. This will help everyone to feel joint ownership of the problem and welcome to share their ideas.";

/** The voting criteria's guidance text, verbatim (S003). */
export const VOTING_CRITERIA = [
	{ key: 'feasibility', name: 'Feasibility', letter: 'F', question: 'which opportunities are the most achievable practically?' },
	{ key: 'desirability', name: 'Desirability', letter: 'D', question: 'which opportunities do we most want?' },
	{ key: 'viability', name: 'Viability', letter: 'V', question: 'which opportunities do we feel will have a lasting impact?' }
] as const;

/** The voting rule, verbatim. */
export const VOTING_RULE =
	'Each participant gets nine votes: three per criterion. You can vote for the same question more than once, in fact you can give all your nine votes to one question if you feel the need.';

export const PROMPTS = [
	'What are some of the opportunities to make the system more inclusive?',
	"Write each idea as a question starting with 'how might we...?' or 'what if...?'.",
	'See what emerges and discuss what this means for your organisation/local system.'
] as const;

export const CATEGORIES = ['within', 'across', 'sectors'] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** The three columns on the HMW board (S003), verbatim. */
export const DEFAULT_CATEGORY_NAMES: Record<Category, string> = {
	within: 'Within school practice',
	across: 'Across school practice',
	sectors: 'Across public + other sectors'
};
export const CategoryName = z.string().trim().min(1, 'a column needs a name').max(60, 'at most 60 characters');

/** frame.data: the facilitator's names for the three columns, one key each so two renames both win. */
export const HowMightWeSettings = z.object({
	withinName: CategoryName.optional(),
	acrossName: CategoryName.optional(),
	sectorsName: CategoryName.optional()
});
export type HowMightWeSettings = z.infer<typeof HowMightWeSettings>;

/** The elements (notes, players, loop variables) elsewhere on the board that prompted a question. */
export const Evidence = z.array(ElementId).max(MAX_EVIDENCE);

/**
 * A question card's data: its column (set by placement), whether the facilitator accepted its
 * wording although it does not start with "How might we" or "What if", and the evidence it cites.
 */
export const QuestionData = z.object({
	category: Category.optional(),
	accepted: z.boolean().optional(),
	evidence: Evidence.optional()
});
export type QuestionData = z.infer<typeof QuestionData>;

/** zod's inferred object types are narrower than the kit's Record<string, JsonValue>; the shapes agree. */
export function asDataSchema<T extends z.ZodType>(schema: T): z.ZodType<Record<string, JsonValue>> {
	return schema as unknown as z.ZodType<Record<string, JsonValue>>;
}

export function categoryNames(data: Record<string, JsonValue>): Record<Category, string> {
	const parsed = HowMightWeSettings.safeParse(data);
	const s = parsed.success ? parsed.data : {};
	return {
		within: s.withinName ?? DEFAULT_CATEGORY_NAMES.within,
		across: s.acrossName ?? DEFAULT_CATEGORY_NAMES.across,
		sectors: s.sectorsName ?? DEFAULT_CATEGORY_NAMES.sectors
	};
}

export function questionData(data: Record<string, JsonValue>): QuestionData {
	const parsed = QuestionData.safeParse(data);
	return parsed.success ? parsed.data : {};
}
