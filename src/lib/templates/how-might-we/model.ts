/**
 * The "How might we" board (domain.md 1.3, Energy for change), pure: question cards in three category
 * columns, placed by where they are dropped; the criteria for energy as guidance; the F/D/V dot vote
 * runs on the questions (src/lib/vote). No Konva or Svelte here: the server seeds boards with it.
 */
import type { BoxElement, Frame } from '$lib/doc/schema.js';
import { clamp, rectCenter } from '$lib/shared/geometry.js';
import { defineTemplateModel, isItemOf, type Section } from '../kit/model.js';
import { describe } from './describe.js';
import { emptyBoard, exampleBoard } from './example.js';
import { howMightWeSvg, report } from './export.js';
import { columnAt, geometry, slotIn } from './layout.js';
import { asDataSchema, categoryNames, HowMightWeSettings, ID, PROMPTS, QUESTION, QUESTION_SIZE, QuestionData, VERSION } from './schema.js';

/** Question cards and plain sticky notes take a column; text, frames and other templates' items do not. */
export function placesInColumn(el: BoxElement): boolean {
	return el.kind === 'note' || isItemOf(el, ID, QUESTION);
}

function sections(frame: Frame): Section[] {
	const g = geometry(frame);
	const names = categoryNames(frame.data);
	return g.columns.map((column) => ({
		id: column.category,
		label: names[column.category],
		prompt: PROMPTS[1],
		data: { category: column.category },
		contains(el: BoxElement) {
			if (typeof el.data.category === 'string') return el.data.category === column.category;
			return columnAt(g, rectCenter(el))?.category === column.category;
		},
		slot: (size, occupied) => slotIn(column.body, size, occupied)
	}));
}

export const howMightWeModel = defineTemplateModel({
	id: ID,
	title: 'How might we… (Energy for change)',
	summary: '"How might we" questions in three columns, then a feasibility, desirability and viability dot vote.',
	version: VERSION,
	settings: asDataSchema(HowMightWeSettings),
	itemTypes: [{ type: QUESTION, label: 'Question', data: asDataSchema(QuestionData), size: { ...QUESTION_SIZE } }],
	placementKeys: ['category'],
	defaultAdd: QUESTION,
	prompts: PROMPTS,
	seed: emptyBoard,
	example: exampleBoard,
	assign(element, frame) {
		if (!placesInColumn(element)) return null;
		const column = columnAt(geometry(frame), rectCenter(element));
		return { category: column?.category };
	},
	// A note in a column is a question of that category, and in the next vote; outside the columns a note.
	adopt(element, frame) {
		const centre = rectCenter(element);
		const column = columnAt(geometry(frame), centre);
		if (!column) return null;
		// A card the size the panel makes, kept inside its column (never over the column's heading).
		const { body } = column;
		const w = Math.min(QUESTION_SIZE.w, body.w);
		const h = Math.min(QUESTION_SIZE.h, body.h);
		return {
			type: QUESTION,
			rect: {
				x: Math.round(clamp(centre.x - w / 2, body.x, body.x + body.w - w)),
				y: Math.round(clamp(centre.y - h / 2, body.y, body.y + body.h - h)),
				w,
				h
			}
		};
	},
	startHint: 'Double-click or double-tap in a column to add a "How might we" question',
	sections,
	describe,
	exportSvg: howMightWeSvg,
	report
});
