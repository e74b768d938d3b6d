/**
 * The empty theory of change and the worked example: Astrea Academy Trust's, in full (domain.md 1.4,
 * S003, with the PDF artefacts corrected as domain.md says). The context and the decisions are the
 * frame's background; every card is one sentence or bullet of the example, under its sub-heading.
 * The seed shows no arrows, so the links below are our reading of which activity feeds which condition
 * or mechanism, and which mechanism which outcome [inference]; see docs/decisions.md.
 */
import type { Point } from '$lib/shared/geometry.js';
import type { JsonValue } from '$lib/doc/schema.js';
import type { Seed } from '../kit/model.js';
import { seedBuilder } from '../kit/seed.js';
import { cardBlocks, EMPTY_H, FRAME_W, GAP, MARGIN, tocGeometry } from './layout.js';
import { ACTIVITY, AIM, CARD_W, columnOfType, COLUMNS, ID, MECHANISM, MODERATOR, OUTCOME, type CardType } from './schema.js';

export const TITLE = 'Theory of change';
export const EXAMPLE_TITLE = 'Theory of change: Astrea Academy Trust';

export const ASTREA_CONTEXT_LEAD =
	'Re-opening after Covid-19 disruptions, the leadership at Astrea Academy Trust decided to look more closely at outcomes for primary pupils and noticed that:';
export const ASTREA_CONTEXT = [
	'Historical data showed the proportion of pupils in Astrea achieving a good level of development was 5-7% below the national average, and Y1 phonics was about 10% below the national average. Both were exacerbated by the fact that more than 25% of primary pupils with identified SEN had speech, language, and communication needs.',
	'KS1 attainment in reading was 10-12% below the national average for all pupils and pupils eligible for FSM. At KS2, attainment in reading was 10% below the national average for all pupil groups.',
	'Children had experienced 12 months of disruption to their education due to Covid-19, thus exacerbating any previously identified gaps or barriers to learning.'
] as const;
export const ASTREA_DECISIONS_LEAD = 'In order to address the challenges above, they decide to invest in:';
export const ASTREA_DECISIONS = [
	'Supporting early language acquisition and addressing developmental language disorders to ensure access to the full curriculum, whilst closing academic gaps.',
	'Utilising well-researched targeted interventions for Reading at Years 1-3 to bolster support and produce accelerated progress, thus closing academic gaps.',
	'Providing additional staff to each school to offer leaders the flexibility to respond swiftly to barriers to learning ensuring that children are not disrupted further post-lockdown.'
] as const;
export const ASTREA_CLOSING =
	'This is their theory of change, which they are using to monitor and evaluate the impact of their interventions.';

export const ASTREA_BACKGROUND = [
	ASTREA_CONTEXT_LEAD,
	...ASTREA_CONTEXT.map((s) => `• ${s}`),
	ASTREA_DECISIONS_LEAD,
	...ASTREA_DECISIONS.map((s) => `• ${s}`),
	ASTREA_CLOSING
].join('\n');

/** [key, type, sub-heading, text, fields]: one card per sentence or bullet, in the seed's order. */
type Card = [string, CardType, string | null, string, Record<string, JsonValue>?];

export const ASTREA_CARDS: readonly Card[] = [
	[
		'slt',
		ACTIVITY,
		'Therapeutic support',
		'Employ 2 speech and language therapists to work intensively at Early Years Foundation Stage / Reception, and Primary respectively',
		{ who: '2 speech and language therapists' }
	],
	[
		'rwi',
		ACTIVITY,
		'Academic support',
		'Offer Phonics intervention through Read Write Inc. (RWI) and reading intervention through Bookmark.'
	],
	['training', ACTIVITY, 'Academic support', 'Provision of training on RWI'],
	[
		'hlta',
		ACTIVITY,
		'Catch-up support',
		'Employ 17 Higher Level Teaching Assistants (HLTAs) for a fixed period of 12 months.',
		{ who: '17 HLTAs', when: 'A fixed period of 12 months' }
	],
	['align', ACTIVITY, 'The management team', 'works closely together to align strategy;', { who: 'The management team' }],
	[
		'remit',
		ACTIVITY,
		'The management team',
		'has a clear remit of responsibilities accounted at monthly monitoring meetings;',
		{ who: 'The management team', when: 'Monthly monitoring meetings' }
	],
	[
		'visits',
		ACTIVITY,
		'The management team',
		'schedules school visits to inspect the delivery of the RWI and Bookmark intervention to identify training needs;',
		{ who: 'The management team' }
	],
	[
		'meets',
		ACTIVITY,
		'The management team',
		'meets regularly with the therapeutic and academic colleagues to ensure that there is a consistent approach and an understanding of how SL support can accelerate improvement in phonics.',
		{ who: 'The management team' }
	],

	[
		'understand',
		MODERATOR,
		'Schools and teachers',
		'Understand how the three interventions work together to support pupils, esp. understanding how therapeutic support (language and how to develop communication skills) is complementary to academic support'
	],
	[
		'roles',
		MODERATOR,
		'Schools and teachers',
		'Know their roles and responsibilities in delivering the interventions and know where to find support'
	],
	[
		'urgent',
		MODERATOR,
		'Schools and teachers',
		'Recognise the need to do this work urgently with more front loading (due to the lost learning)'
	],
	[
		'commitment',
		MODERATOR,
		'Schools and teachers',
		'Have a strong commitment to working together and a willingness to try new things to support children'
	],
	[
		'buyin',
		MODERATOR,
		'Schools and teachers',
		'Have strong buy-in on the type of interventions, and what is needed to make them successful (timetabling considerations, provision of additional staff, commitment to early ID).'
	],
	[
		'leads',
		MODERATOR,
		'School and teacher capacity',
		'Literacy and Early Years leads, who work collaboratively to ensure work is targeted.'
	],
	['inclusion', MODERATOR, 'School and teacher capacity', 'Inclusion team from an SEN background, championing early ID'],
	[
		'finance',
		MODERATOR,
		null,
		'Financial capacity to source external support for the speech and language therapists + HLTAs (Astrea used their inclusion budget and catch-up funding for these interventions).'
	],
	['doe', MODERATOR, 'Clear management structure', 'Director of Education accountable for academic support'],
	['doi', MODERATOR, 'Clear management structure', 'Director of Inclusion accountable for therapeutic support'],
	['regional', MODERATOR, 'Clear management structure', 'Regional Directors accountable for the schools they line manage'],
	[
		'findslt',
		MODERATOR,
		null,
		'For the therapeutic intervention specifically, awareness of where to find speech & language therapists (e.g., Royal College of Speech & Language Therapists).'
	],
	[
		'nodisruption',
		MODERATOR,
		null,
		'Children do not experience any further negative disruption to their learning and temporary restrictions do not halt learning and progress.'
	],

	[
		'timely',
		MECHANISM,
		'Through work with the speech and language therapists',
		'Children access timely and targeted support for their speech and language development (e.g., around language acquisition and social communication skills).'
	],
	[
		'fluency',
		MECHANISM,
		'Through the Phonics and reading interventions',
		'Children improve in their accuracy and fluency of word reading early.'
	],
	[
		'groups',
		MECHANISM,
		'Through the Phonics and reading interventions',
		'Children are supported and challenged at the right level in small groups, where they have a chance to reflect on their mistakes and get them checked in a safe space.'
	],
	[
		'tutoring',
		MECHANISM,
		'Through the Phonics and reading interventions',
		'Children receive one-to-one tutoring that allows them to be confident in their knowledge.'
	],
	[
		'texts',
		MECHANISM,
		'Through the Phonics and reading interventions',
		'Children experience a wide range of texts to support the development of their reading, and where gaps are identified they receive timely support to address these.'
	],

	[
		'gld',
		OUTCOME,
		null,
		'Gap between Astrea pupils and national average closes at the good level of development and Year 1. Pupils with speech, language and communication needs are well supported to make progress and early intervention is the norm.',
		{
			timeframe: 'Within 2 years',
			measure: 'Good level of development and Year 1 phonics, against the national average',
			accountable: 'yes'
		}
	],
	[
		'reading',
		OUTCOME,
		null,
		'Gap between Astrea pupils and national average closes in KS1 and KS2 reading across all pupil groups.',
		{
			timeframe: 'Within 2 years',
			measure: 'KS1 and KS2 reading attainment, all pupil groups, against the national average',
			accountable: 'yes'
		}
	],

	['prepared', AIM, null, 'Children are well prepared for the next stage in their learning and able to flourish academically.'],
	['motivated', AIM, null, 'Children are motivated, confident, and resilient learners who have high ambitions for a positive future.']
];

/** Arrows, from → to, left to right [inference: the seed's figure gives no arrows in its text]. */
export const ASTREA_LINKS: readonly [string, string][] = [
	['slt', 'timely'],
	['rwi', 'fluency'],
	['rwi', 'texts'],
	['training', 'understand'],
	['training', 'groups'],
	['hlta', 'groups'],
	['hlta', 'tutoring'],
	['align', 'understand'],
	['remit', 'roles'],
	['visits', 'buyin'],
	['meets', 'understand'],
	['inclusion', 'timely'],
	['findslt', 'timely'],
	['finance', 'tutoring'],
	['leads', 'texts'],
	['nodisruption', 'fluency'],
	['timely', 'gld'],
	['fluency', 'gld'],
	['groups', 'reading'],
	['tutoring', 'reading'],
	['texts', 'reading'],
	['gld', 'prepared'],
	['reading', 'prepared'],
	['gld', 'motivated'],
	['reading', 'motivated']
];

const rank = (kind: string) => (kind === 'frame' ? 0 : kind === 'connector' ? 1 : 2);

export function emptyTheory(at: Point, title = TITLE): Seed {
	const b = seedBuilder(ID);
	b.frame({ x: Math.round(at.x), y: Math.round(at.y), w: FRAME_W, h: EMPTY_H }, title, {});
	return b.done();
}

/** The cards stacked down their columns, the frame as tall as the longest column. */
export function exampleTheory(at: Point): Seed {
	const b = seedBuilder(ID);
	const origin = { x: Math.round(at.x), y: Math.round(at.y) };
	const g = tocGeometry({ ...origin, w: FRAME_W, h: EMPTY_H }, ASTREA_BACKGROUND);
	const heights = ASTREA_CARDS.map(
		([, type, group, text, fields]) => cardBlocks(type, text, { ...(group ? { group } : {}), ...fields }).height
	);
	const bottoms = COLUMNS.map(() => g.cardsTop);
	const places = ASTREA_CARDS.map(([, type], i) => {
		const c = COLUMNS.findIndex((col) => col.type === type);
		const y = bottoms[c];
		bottoms[c] += heights[i] + GAP;
		return { x: Math.round(g.columns[c].x + (g.columns[c].w - CARD_W) / 2), y: Math.round(y) };
	});
	const h = Math.ceil(Math.max(...bottoms) - origin.y + MARGIN);
	const frameId = b.frame({ ...origin, w: FRAME_W, h }, EXAMPLE_TITLE, { background: ASTREA_BACKGROUND });
	const ids = new Map<string, string>();
	ASTREA_CARDS.forEach(([key, type, group, text, fields], i) => {
		const data = { ...(group ? { group } : {}), ...fields };
		ids.set(key, b.item(type, { ...places[i], w: CARD_W, h: heights[i] }, text, data, columnOfType(type)!.color, frameId));
	});
	for (const [from, to] of ASTREA_LINKS) b.link(ids.get(from)!, ids.get(to)!);
	// Arrows under the cards (the frame first, then arrows, then cards): lines crossing a column pass
	// behind its cards, and each arrowhead still shows, since it ends on its card's edge.
	b.elements.sort((x, y) => rank(x.kind) - rank(y.kind));
	return b.done();
}
