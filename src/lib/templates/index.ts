/** Every template with its renderer and panel, for the board page. */
import type { Template } from './kit/client.js';
import { playersMap } from './players-map/index.js';
import { iceberg } from './iceberg/index.js';
import { causalLoop } from './causal-loop/index.js';
import { howMightWe } from './how-might-we/index.js';

export const TEMPLATES: readonly Template[] = [playersMap, iceberg, howMightWe, causalLoop];

export function template(id: string): Template | undefined {
	return TEMPLATES.find((t) => t.id === id);
}
