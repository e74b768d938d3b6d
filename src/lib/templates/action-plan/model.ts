/**
 * The action plan (domain.md 3.G), pure: a table whose rows are `action` items stacked in a frame, with
 * the fields LA plans use. A row's order is where it sits (top to bottom); nothing is stored by
 * placement, so `assign` is empty and the frame is one section. No Konva or Svelte here.
 */
import type { Frame } from '$lib/doc/schema.js';
import { defineTemplateModel, type Field, type Section } from '../kit/model.js';
import { describe } from './describe.js';
import { emptyPlan, examplePlan } from './example.js';
import { actionPlanSvg } from './export.js';
import { MARGIN, ROW_H, ROW_W, rowsTop, slotForRow } from './layout.js';
import { actionPlanReport } from './report.js';
import { ACTION, ACTION_FIELDS, ActionData, ActionPlanSettings, asDataSchema, ID, VERSION } from './schema.js';

/** Questions to ask of every row (WAMHS exemplar, domain.md 3.B). */
export const PROMPTS = [
	'Purpose: What are you trying to achieve?',
	'Action(s) and lead person: What are you going to do?',
	'When: When will you start and finish this action? Are there key milestone points?',
	'Measurable outcomes and impact: How will you know what you are doing is working?',
	'Review: Is it working, are you changing the plan?'
] as const;

function sections(frame: Frame): Section[] {
	return [
		{
			id: 'rows',
			label: 'Actions',
			prompt: PROMPTS[1],
			data: {},
			itemType: ACTION,
			contains: () => true,
			slot: (size, occupied) => slotForRow(frame, size, occupied)
		}
	];
}

export const actionPlanModel = defineTemplateModel({
	id: ID,
	title: 'Action plan',
	summary: 'Who does what by when: reference, theme, lead and agency, dates, measure of success, status and dated progress updates.',
	version: VERSION,
	settings: asDataSchema(ActionPlanSettings),
	itemTypes: [
		{
			type: ACTION,
			label: 'Action',
			data: asDataSchema(ActionData),
			size: { w: ROW_W, h: ROW_H },
			fields: ACTION_FIELDS as readonly Field[]
		}
	],
	placementKeys: [],
	defaultAdd: ACTION,
	prompts: PROMPTS,
	seed: emptyPlan,
	example: examplePlan,
	assign: () => null,
	// A note in the plan is an action: a row across the table, where it was dropped (its order is its place).
	adopt(element, frame) {
		const y = Math.max(rowsTop(frame), Math.round(element.y + element.h / 2 - ROW_H / 2));
		return { type: ACTION, rect: { x: frame.x + MARGIN, y, w: frame.w - 2 * MARGIN, h: ROW_H } };
	},
	startHint: 'Double-click or double-tap below the headings to add an action',
	sections,
	describe,
	exportSvg: actionPlanSvg,
	report: actionPlanReport
});
