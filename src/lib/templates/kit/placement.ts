/**
 * One placement rule for a board, composed from every template: a sticky note or a template's own item in
 * that template's frame gets its data (its ring, its cell); leaving the frame clears those keys.
 */
import type { LinkRule, PlacementRule } from '$lib/doc/placement.js';
import type { BoxElement, JsonValue } from '$lib/doc/schema.js';
import type { TemplateModel } from './model.js';

export function composePlacementRule(models: readonly TemplateModel[]): PlacementRule {
	const byId = new Map(models.map((m) => [m.id, m]));
	// A template places plain sticky notes and its own items, never another template's items: a player's
	// own data (its group) is no business of the Iceberg's, even if both use a key called "group".
	const concerns = (model: TemplateModel, element: BoxElement) =>
		element.kind === 'note' || (element.kind === 'item' && element.template === model.id);
	return (element, frame) => {
		const patch: Record<string, JsonValue | undefined> = {};
		const here = frame?.template ? byId.get(frame.template) : undefined;
		for (const model of models) {
			if (model === here || !concerns(model, element)) continue;
			for (const key of model.placementKeys) if (key in element.data) patch[key] = undefined;
		}
		if (here && frame && concerns(here, element)) Object.assign(patch, here.assign(element, frame) ?? {});
		return Object.keys(patch).length > 0 ? patch : null;
	};
}

/** One link rule for a board: the first template that types a connector between these two ends. */
export function composeLinkRule(models: readonly TemplateModel[]): LinkRule {
	return (from, to) => {
		for (const model of models) {
			const data = model.linkFor?.(from, to);
			if (data) return data;
		}
		return null;
	};
}
