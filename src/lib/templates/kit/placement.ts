/**
 * One placement rule for a board, composed from every template. Where an element sits decides what it
 * is: a sticky note in a template's frame becomes what that template's `adopt` says (a variable, a
 * question of that column, a player), an item that leaves its template's frame becomes a plain sticky
 * note again (and, dropped into another template's frame, that template's element), and the template
 * where it lands gives it its data (its ring, its cell). Leaving a frame clears the keys that frame's
 * template placed.
 */
import type { PlacementRules, Identity, LinkRule, Placement, PlacementRule } from '$lib/doc/placement.js';
import { DEFAULT_SIZE, type BoxElement, type Frame, type JsonValue } from '$lib/doc/schema.js';
import { rectCenter, type Rect } from '$lib/shared/geometry.js';
import type { TemplateModel } from './model.js';

/** `element`'s box resized to `size` about the same centre. */
export function centred(element: Rect, size: { w: number; h: number }): Rect {
	const c = rectCenter(element);
	return { x: c.x - size.w / 2, y: c.y - size.h / 2, w: size.w, h: size.h };
}

/** `element` as the plain sticky note it becomes when it leaves its template's frame. */
function asNote(element: BoxElement): BoxElement {
	if (element.kind !== 'item') return element;
	const { template: _t, type: _y, ...rest } = element;
	return { ...rest, kind: 'note' };
}

/** The identity and box an element has where it sits (null: unchanged). */
function identityIn(
	element: BoxElement,
	owner: TemplateModel | undefined,
	here: TemplateModel | undefined,
	frame: Frame | null
): { identity: Identity; rect?: Rect } | null {
	if (element.kind === 'item' && !owner?.adopt) return null; // an unknown template's item, or one that places nothing
	if (element.kind !== 'note' && element.kind !== 'item') return null;
	// In its own frame an item is asked as itself; anywhere else it is first the note it becomes.
	const asked = element.kind === 'item' && owner !== here ? asNote(element) : element;
	const adoption = here?.adopt && frame ? here.adopt(asked, frame) : null;
	if (!adoption) {
		if (element.kind === 'note') return null;
		return { identity: { kind: 'note' }, rect: centred(element, DEFAULT_SIZE.note) };
	}
	const identity: Identity = { kind: 'item', template: here!.id, type: adoption.type };
	if (element.kind === 'item' && element.template === here!.id && element.type === adoption.type) return null;
	const size = here!.itemTypes.find((t) => t.type === adoption.type)?.size;
	const sameSize = element.kind === 'item' && element.template === here!.id;
	return { identity, rect: adoption.rect ?? (sameSize || !size ? undefined : centred(element, size)) };
}

/** The data keys of `element` (after `patch`) that its item type's schema refuses, as deletions. */
function misfits(
	model: TemplateModel | undefined,
	element: BoxElement,
	patch: Record<string, JsonValue | undefined>
): Record<string, undefined> {
	const type = element.kind === 'item' ? model?.itemTypes.find((t) => t.type === element.type) : undefined;
	if (!type) return {};
	const data: Record<string, JsonValue> = { ...element.data };
	for (const [k, v] of Object.entries(patch)) {
		if (v === undefined) delete data[k];
		else data[k] = v;
	}
	const out: Record<string, undefined> = {};
	// A few rounds at most: each drops the keys the schema names.
	for (let round = 0; round < 4; round++) {
		const parsed = type.data.safeParse(data);
		if (parsed.success) break;
		const keys = parsed.error.issues.map((i) => i.path[0]).filter((k): k is string => typeof k === 'string' && k in data);
		if (keys.length === 0) break;
		for (const k of keys) {
			delete data[k];
			out[k] = undefined;
		}
	}
	return out;
}

export function composePlacementRule(models: readonly TemplateModel[]): PlacementRule {
	const byId = new Map(models.map((m) => [m.id, m]));
	return (element, frame) => {
		const here = frame?.template ? byId.get(frame.template) : undefined;
		const owner = element.kind === 'item' ? byId.get(element.template) : undefined;
		// A template places plain sticky notes and its own items, never another template's items: a player's
		// own data (its group) is no business of the Iceberg's, even if both use a key called "group".
		const concernedBefore = (model: TemplateModel) => element.kind === 'note' || (element.kind === 'item' && element.template === model.id);
		const change = identityIn(element, owner, here, frame);
		const now: BoxElement = change
			? ({
					...asNote(element),
					...(change.identity.kind === 'item' ? { kind: 'item', template: change.identity.template, type: change.identity.type } : {}),
					...(change.rect ?? {})
				} as BoxElement)
			: element;
		const concerns = (model: TemplateModel) => now.kind === 'note' || (now.kind === 'item' && now.template === model.id);
		const data: Record<string, JsonValue | undefined> = {};
		for (const model of models) {
			if (model === here || !concernedBefore(model)) continue;
			for (const key of model.placementKeys) if (key in element.data) data[key] = undefined;
		}
		if (here && frame && concerns(here)) Object.assign(data, here.assign(now, frame) ?? {});
		// What it brings from before must fit what it becomes: keys the new type's schema refuses (a
		// theory-of-change card's sub-heading in `group`, where a player's group is one of a list) go.
		if (change && now.kind === 'item') Object.assign(data, misfits(byId.get(now.template), now, data));
		const placement: Placement = {};
		if (change) {
			placement.identity = change.identity;
			if (change.rect) placement.rect = change.rect;
		}
		if (Object.keys(data).length > 0) placement.data = data;
		return placement.identity || placement.data ? placement : null;
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

/**
 * A board's rules, composed once from its templates: where elements land and what drawn links mean.
 * The board passes them to every command that places elements.
 * @example const rules = placementRules(TEMPLATE_MODELS); createElement(doc, note, LOCAL, rules)
 */
export function placementRules(models: readonly TemplateModel[]): PlacementRules {
	return { placement: composePlacementRule(models), link: composeLinkRule(models) };
}
