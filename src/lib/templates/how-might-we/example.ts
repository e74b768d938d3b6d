/**
 * The empty board and the worked example: questions from the seeds (domain.md 1.3), in the columns
 * where the method would put them. The prioritised outputs of Waltham Forest and Sutton keep their
 * "On <theme>, how might we …" lead-in.
 */
import type { Point } from '$lib/shared/geometry.js';
import type { Seed } from '../kit/model.js';
import { seedBuilder } from '../kit/seed.js';
import { FRAME_SIZE, geometry, slotIn } from './layout.js';
import { BOARD_TITLE, ID, QUESTION, QUESTION_SIZE, type Category } from './schema.js';

export const EXAMPLE_TITLE = 'How Might We...? Opportunities for a more inclusive system';

const QUESTIONS: readonly [Category, string][] = [
	[
		'within',
		"On understanding and responding to the pupils' context, how might we include peer groups and families in the solutions early on, and better utilise their strengths?"
	],
	['within', 'How might we build on existing good practice, and consider how our individual actions are impacting others?'],
	['within', 'What if every pupil at risk of exclusion had a trusted adult they could go to in school?'],
	[
		'across',
		'On lack of consistency of inclusive practice, how might we improve and enhance the existing infrastructure around school-to-school support so that sharing of promising practice continues to grow and reach more schools?'
	],
	['across', 'What if schools agreed one approach to reintegration after a suspension?'],
	[
		'sectors',
		'On the system being difficult to navigate, how might we embed existing threshold models to ensure agencies are working from a shared understanding of risk and vulnerabilities?'
	],
	[
		'sectors',
		'How might we further develop interagency competencies as well as infrastructure for interagency communication and collaboration?'
	],
	['sectors', 'What if early help, CAMHS and schools met every half term around the pupils they share?']
];

/** Card colours by column: pale enough for dark text (see the renderer), and never the only cue. */
export const CATEGORY_COLORS = { within: 'yellow', across: 'blue', sectors: 'green' } as const;

const frameRect = (at: Point) => ({ x: Math.round(at.x), y: Math.round(at.y), ...FRAME_SIZE });

export function emptyBoard(at: Point): Seed {
	const b = seedBuilder(ID);
	b.frame(frameRect(at), BOARD_TITLE, {});
	return b.done();
}

export function exampleBoard(at: Point): Seed {
	const b = seedBuilder(ID);
	const rect = frameRect(at);
	const frameId = b.frame(rect, EXAMPLE_TITLE, {});
	const g = geometry(rect);
	const placed: { x: number; y: number; w: number; h: number }[] = [];
	for (const [category, text] of QUESTIONS) {
		const column = g.columns.find((c) => c.category === category)!;
		const spot = slotIn(column.body, QUESTION_SIZE, placed);
		const box = { ...spot, ...QUESTION_SIZE };
		placed.push(box);
		b.item(QUESTION, box, text, { category }, CATEGORY_COLORS[category], frameId);
	}
	return b.done();
}
