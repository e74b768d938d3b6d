/**
 * One placement rule for a board, composed from every template: an element in a template's frame gets
 * that template's data (its ring, its cell); leaving the frame clears those keys.
 */
import type { PlacementRule } from '$lib/doc/placement.js';
import type { JsonValue } from '$lib/doc/schema.js';
import type { TemplateModel } from './model.js';

export function composePlacementRule(models: readonly TemplateModel[]): PlacementRule {
	const byId = new Map(models.map((m) => [m.id, m]));
	return (element, frame) => {
		const patch: Record<string, JsonValue | undefined> = {};
		const here = frame?.template ? byId.get(frame.template) : undefined;
		for (const model of models) {
			if (model === here) continue;
			for (const key of model.placementKeys) if (key in element.data) patch[key] = undefined;
		}
		if (here && frame) Object.assign(patch, here.assign(element, frame) ?? {});
		return Object.keys(patch).length > 0 ? patch : null;
	};
}
