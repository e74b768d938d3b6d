/**
 * What the presenter view (the projector) shows: the facilitator's "follow me" view while they lead,
 * else the exercise of the agenda's current phase, else the whole board (null). Pure.
 */
import type { Agenda, Follow } from '$lib/doc/control.js';
import type { Element } from '$lib/doc/schema.js';
import { frameForPhase } from '$lib/drafts/places.js';
import type { Rect } from '$lib/shared/geometry.js';
import type { TemplateModel } from '$lib/templates/kit/model.js';

export type PresenterTarget = { kind: 'follow'; rect: Rect } | { kind: 'exercise'; rect: Rect; id: string } | null;

export function presenterTarget(
	follow: Follow | null,
	elements: readonly Element[],
	agenda: Agenda,
	models: readonly TemplateModel[]
): PresenterTarget {
	if (follow) return { kind: 'follow', rect: follow.rect };
	const phase = agenda.current === null ? null : agenda.phases[agenda.current];
	const frame = phase ? frameForPhase(phase, elements, models) : null;
	return frame ? { kind: 'exercise', id: frame.id, rect: { x: frame.x, y: frame.y - 32, w: frame.w, h: frame.h + 32 } } : null;
}
