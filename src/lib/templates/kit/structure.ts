/**
 * What the board's rules need to know of templates: which elements are an exercise's structure, and whether
 * an item's data is what its template says. Pure; the server's content guard and the app both use it.
 */
import type { Element } from '$lib/doc/schema.js';
import { isTemplateFrame } from '$lib/doc/policy.js';
import type { TemplateModel } from './model.js';

/**
 * An exercise's frame (its settings carry rings, layers and columns) and items of types a template marks
 * `structural` are structure: facilitators' to change unless they open it to participants.
 *
 * @example isStructuralElement(icebergFrame, TEMPLATE_MODELS) === true
 */
export function isStructuralElement(element: Element, models: readonly TemplateModel[]): boolean {
	if (isTemplateFrame(element)) return true;
	if (element.kind !== 'item') return false;
	return models.find((m) => m.id === element.template)?.itemTypes.find((t) => t.type === element.type)?.structural === true;
}

/** Frame settings of a structural element that participants may still change (its template says which). */
export function openSettingsOf(element: Element, models: readonly TemplateModel[]): readonly string[] {
	if (element.kind !== 'frame' || !element.template) return [];
	return models.find((m) => m.id === element.template)?.participantSettings ?? [];
}

/**
 * Whether an item's data (or a template frame's settings, or a typed connector's data) passes its template's
 * schema. Elements of templates this server does not know pass: an older server must not destroy a newer
 * template's work.
 */
export function templateDataValid(element: Element, models: readonly TemplateModel[]): boolean {
	if (element.kind === 'item') {
		const type = models.find((m) => m.id === element.template)?.itemTypes.find((t) => t.type === element.type);
		return !type || type.data.safeParse(element.data).success;
	}
	if (element.kind === 'frame' && element.template) {
		const model = models.find((m) => m.id === element.template);
		return !model || model.settings.safeParse(element.data).success;
	}
	if (element.kind === 'connector' && typeof element.data.template === 'string') {
		const model = models.find((m) => m.id === element.data.template);
		return !model?.linkData || model.linkData.safeParse(element.data).success;
	}
	return true;
}
