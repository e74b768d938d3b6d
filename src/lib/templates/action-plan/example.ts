/**
 * The empty plan and the worked example: the three rows of the Hackney WAMHS school action plan
 * exemplar (domain.md 3.B, S003), in the fields of 3.G. Its "When" and "Review (09/10/18)" columns
 * become dates where the exemplar gives one (INSET on 19 September 2018; review on 9 October 2018);
 * the review's words are the dated progress update. Everything else is the exemplar's own words.
 */
import type { Point } from '$lib/shared/geometry.js';
import type { JsonValue } from '$lib/doc/schema.js';
import type { Item } from '$lib/doc/schema.js';
import type { Seed } from '../kit/model.js';
import { seedBuilder } from '../kit/seed.js';
import { rowCells } from './cells.js';
import { EMPTY_H, FRAME_W, MARGIN, ROW_GAP, ROW_W, rowsTop } from './layout.js';
import { rowOf } from './rows.js';
import { ACTION, ID } from './schema.js';

export const TITLE = 'Action plan';
export const EXAMPLE_TITLE = 'Action plan: wellbeing and mental health in schools (WAMHS exemplar)';

const THEME = '4 Behaviour Policies in schools that promote wellbeing and self- regulation';

export const EXAMPLE_ROWS: readonly [string, Record<string, JsonValue>][] = [
	[
		'19th September staff INSET- start point for this understanding. Pastoral meetings once a half term to also cover this. Behaviour is a standing item on our SLT agenda- to review this half-termly in terms of stats and to use meetings with RLA to look at this group in particular',
		{
			ref: '1',
			theme: THEME,
			purpose:
				'For the behaviour policy to reflect an understanding of why children exhibit challenging behaviours to support improvement. To reduce the unexplained disproportionality between groups. Black boys and external exclusions specifically.',
			lead: 'HKI/JWA',
			involved: 'Whole staff; RLA (CAMHS worker)',
			start: '2018-09-19',
			milestones: 'Pastoral meetings once a half term; SLT review half-termly',
			measure:
				'Feedback forms from staff inset. Pledge cards and tracking behaviour incidents before and after. To review data at a half-termly point and see trends.',
			status: 'in-progress',
			updates: [
				{
					date: '2018-10-09',
					text: 'Pledge cards were made- but what have we actually done to equip staff to implement their pledge card? Review exclusion data at end of this half term. What is the trend with external exclusions? What more can be done?'
				}
			],
			review: '2018-10-09'
		}
	],
	[
		'Reflective practice sessions with RLA. HKI to draw up a possible rota … Fortnightly. Bring exclusion analysis to SLT for first meeting back and look deeply at each student.',
		{ ref: '1A', theme: THEME, lead: 'HKI', involved: 'RLA; SLT', milestones: 'Fortnightly', status: 'not-started', review: '2018-10-09' }
	],
	[
		'Commit to a quicker turnaround for referrals to be made. Urgent referrals- same day like CP. All other referrals made within 3 days of information coming to light.',
		{
			ref: '2',
			theme: THEME,
			purpose: 'To have a better understanding of behaviour being a sign of underlying issues and to make accurate referrals from this.',
			lead: 'Whole-staff (lead HKI/JWA)',
			measure: 'Better referrals are made- RLA to quality assure this',
			status: 'in-progress',
			updates: [
				{
					date: '2018-10-09',
					text: 'Referrals are now being made for ASD too and more to specialist CAMHS. Is this happening quickly enough?'
				}
			],
			review: '2018-10-09'
		}
	],
	[
		'JWA & HKI to order items… Students can have prompt cards which say "please do not speak to me", "I am ready to talk"…',
		{ ref: '3', theme: THEME, purpose: 'A neutral room for students to go to when angry.', lead: 'JWA & HKI', status: 'not-started' }
	]
];

export function emptyPlan(at: Point): Seed {
	const b = seedBuilder(ID);
	b.frame({ x: Math.round(at.x), y: Math.round(at.y), w: FRAME_W, h: EMPTY_H }, TITLE, {});
	return b.done();
}

export function examplePlan(at: Point): Seed {
	const b = seedBuilder(ID);
	const origin = { x: Math.round(at.x), y: Math.round(at.y) };
	let y = rowsTop({ ...origin, w: FRAME_W, h: EMPTY_H });
	const rows = EXAMPLE_ROWS.map(([text, data]) => {
		const probe = { kind: 'item', template: ID, type: ACTION, text, data } as unknown as Item;
		const h = rowCells(rowOf(probe, 0), ROW_W).height;
		const place = { x: origin.x + MARGIN, y, w: ROW_W, h };
		y += h + ROW_GAP;
		return { text, data, place };
	});
	const frameId = b.frame({ ...origin, w: FRAME_W, h: Math.max(EMPTY_H, Math.ceil(y - origin.y + MARGIN)) }, EXAMPLE_TITLE, {});
	for (const r of rows) b.item(ACTION, r.place, r.text, r.data, 'grey', frameId);
	return b.done();
}
