/**
 * Every template's pure model, in the order "Add exercise" offers them (the method's order). The server
 * seeds boards from this list; the client registry (`index.ts`) adds renderers and panels.
 */
import type { TemplateModel } from './kit/model.js';
import { playersMapModel } from './players-map/model.js';
import { icebergModel } from './iceberg/model.js';
import { causalLoopModel } from './causal-loop/model.js';
import { howMightWeModel } from './how-might-we/model.js';
import { theoryOfChangeModel } from './theory-of-change/model.js';
import { actionPlanModel } from './action-plan/model.js';

export const TEMPLATE_MODELS: readonly TemplateModel[] = [
	playersMapModel,
	icebergModel,
	howMightWeModel,
	causalLoopModel,
	theoryOfChangeModel,
	actionPlanModel
];

export function templateModel(id: string): TemplateModel | undefined {
	return TEMPLATE_MODELS.find((m) => m.id === id);
}
