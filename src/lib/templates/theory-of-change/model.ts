/**
 * The theory of change (domain.md 1.4), pure: five columns left to right, one card type per column,
 * arrows between cards. A card's kind is the column it sits in (`adopt`: a note or a card dropped in the
 * outcomes column is an outcome; see docs/decisions.md). No data is stored by placement, so `assign` is
 * empty. No Konva or Svelte here: the server seeds boards with it.
 */
import type { BoxElement, Frame } from '$lib/doc/schema.js';
import { rectCenter } from '$lib/shared/geometry.js';
import { defineTemplateModel, type Field, type Section } from '../kit/model.js';
import { describe } from './describe.js';
import { emptyTheory, exampleTheory } from './example.js';
import { theoryOfChangeSvg } from './export.js';
import { cardBlocks, columnAt, slotInColumn, tocGeometry } from './layout.js';
import { theoryOfChangeReport } from './report.js';
import {
	ACCOUNTABLE,
	ACTIVITY,
	asDataSchema,
	backgroundOf,
	CARD_MIN_H,
	CARD_W,
	COLUMNS,
	DATA_OF,
	ID,
	LinkData,
	OUTCOME,
	TheoryOfChangeSettings,
	VERSION,
	WORK_TOGETHER,
	type CardType
} from './schema.js';
import { LINK } from './shapes.js';

/** The method's questions, in the build order (S003). */
export const PROMPTS = [
	WORK_TOGETHER,
	'Define the ultimate aim(s) of your work and keep it/ them at the forefront of your minds as you build the theory of change.',
	'List the values, attitudes, knowledge, skills, and/or behaviours you hope children and young people and/ or staff will develop through this work.',
	'Consider what pupils and staff need to experience to achieve the outcomes stated in the step above.',
	'Consider what the school(s), your team and other partners need in order to be ready for the intervention.',
	'List out all the different activities you and your team will undertake as part of this work.'
] as const;

const text = (key: string, label: string): Field => ({ key, label, input: 'text', maxLength: 500 });
const group: Field = text('group', 'Sub-heading');

export const FIELDS: Record<CardType, readonly Field[]> = {
	[ACTIVITY]: [text('who', 'Who'), text('when', 'When'), text('outputs', 'Outputs'), group],
	'moderating-factor': [group],
	'mediating-mechanism': [group],
	[OUTCOME]: [
		text('measure', 'Measure'),
		text('timeframe', 'Timeframe'),
		{ key: 'accountable', label: 'Held accountable?', options: ACCOUNTABLE },
		group
	],
	aim: [group]
};

function sections(frame: Frame): Section[] {
	const g = tocGeometry(frame, backgroundOf(frame.data));
	return COLUMNS.map((column, i) => ({
		id: column.id,
		label: `${i + 1}. ${column.name}`,
		prompt: column.definition,
		data: {},
		itemType: column.type,
		contains: (el: BoxElement) => columnAt(g, rectCenter(el)) === i,
		slot: (size, occupied) => slotInColumn(g, i, size, occupied)
	}));
}

export const theoryOfChangeModel = defineTemplateModel({
	id: ID,
	title: 'Theory of change',
	summary: 'From the aim back to the activities: outcomes, mediating mechanisms, moderating factors, with arrows. One per pilot.',
	version: VERSION,
	settings: asDataSchema(TheoryOfChangeSettings),
	itemTypes: COLUMNS.map((c) => ({
		type: c.type,
		label: c.cardLabel,
		data: asDataSchema(DATA_OF[c.type]),
		size: { w: CARD_W, h: CARD_MIN_H },
		fields: FIELDS[c.type]
	})),
	linkData: asDataSchema(LinkData),
	linkColor: () => LINK,
	placementKeys: [],
	defaultAdd: 'aim',
	prompts: PROMPTS,
	seed: (at) => emptyTheory(at),
	example: exampleTheory,
	assign: () => null,
	// A card's kind is the column it sits in (see docs/decisions.md): a note or a card dropped in the
	// outcomes column is an outcome, centred in its column, as tall as its words need.
	adopt(element, frame) {
		const g = tocGeometry(frame, backgroundOf(frame.data));
		const i = columnAt(g, rectCenter(element));
		const type = COLUMNS[i].type;
		// Its box matters only when it becomes this card (settling asks every card on every change).
		if (element.kind === 'item' && element.template === ID && element.type === type) return { type };
		const column = g.columns[i];
		const h = cardBlocks(type, 'text' in element ? element.text : '', element.data).height;
		// Below the column heads, where the cards stack.
		const y = Math.max(g.cardsTop, Math.round(rectCenter(element).y - h / 2));
		return { type, rect: { x: Math.round(column.x + (column.w - CARD_W) / 2), y, w: CARD_W, h } };
	},
	startHint: 'Double-click or double-tap in a column to add a card of that kind',
	sections,
	describe,
	exportSvg: theoryOfChangeSvg,
	report: theoryOfChangeReport
});
