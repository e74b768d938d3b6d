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
import { ROW_H, ROW_W, slotForRow } from './layout.js';
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
	return [{ id: 'rows', label: 'Actions', prompt: PROMPTS[1], data: {}, itemType: ACTION, contains: () => true, slot: (size, occupied) => slotForRow(frame, size, occupied) }];
}

export const actionPlanModel = defineTemplateModel({
	id: ID,
	title: 'Action plan',
	summary: 'Who does what by when: reference, theme, lead and agency, dates, measure of success, status and dated progress updates.',
	version: VERSION,
	settings: asDataSchema(ActionPlanSettings),
	itemTypes: [{ type: ACTION, label: 'Action', data: asDataSchema(ActionData), size: { w: ROW_W, h: ROW_H }, fields: ACTION_FIELDS as readonly Field[] }],
	placementKeys: [],
	defaultAdd: ACTION,
	prompts: PROMPTS,
	seed: emptyPlan,
	example: examplePlan,
	assign: () => null,
	sections,
	describe,
	exportSvg: actionPlanSvg,
	report: actionPlanReport
});
