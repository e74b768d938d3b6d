/** Every template with its renderer and panel, for the board page. */
import type { Template } from './kit/client.js';

export const TEMPLATES: readonly Template[] = [];

export function template(id: string): Template | undefined {
	return TEMPLATES.find((t) => t.id === id);
}
