/** Every template with its renderer and panel, for the board page. */
import type { Template } from './kit/client.js';
import { playersMap } from './players-map/index.js';
import { iceberg } from './iceberg/index.js';
import { causalLoop } from './causal-loop/index.js';
import { howMightWe } from './how-might-we/index.js';
import { theoryOfChange } from './theory-of-change/index.js';
import { actionPlan } from './action-plan/index.js';

export const TEMPLATES: readonly Template[] = [playersMap, iceberg, howMightWe, causalLoop, theoryOfChange, actionPlan];

export function template(id: string): Template | undefined {
	return TEMPLATES.find((t) => t.id === id);
}
