/**
 * The places a private note can be written for, as the private-notes panel offers them: every frame on
 * the board and, where it has them, its sections (an Iceberg cell, a "How might we" column, a ring).
 * The default is the exercise of the agenda's current phase, else the one the facilitator shows, else
 * the one in view. Pure: the panel and tests call it.
 */
import type { Agenda } from '$lib/doc/control.js';
import type { DraftPlace } from '$lib/doc/drafts.js';
import type { Element, Frame } from '$lib/doc/schema.js';
import { containsPoint, type Point } from '$lib/shared/geometry.js';
import type { TemplateModel } from '$lib/templates/kit/model.js';
import { sectionsOf } from './flow.js';

export interface PlaceOption {
	/** `encodePlace` of the place. */
	value: string;
	label: string;
}

/** One frame's places: a single option when it has one section, a group of its sections otherwise. */
export interface PlaceGroup {
	frameId: string;
	label: string;
	options: PlaceOption[];
}

/** A place as a `<select>` value: `frame/section`, `frame/` for anywhere in it, '' for no place. */
export function encodePlace(place: DraftPlace | null): string {
	return place ? `${place.frame}/${place.section ?? ''}` : '';
}

export function decodePlace(value: string): DraftPlace | null {
	const slash = value.indexOf('/');
	if (!value || slash < 1) return null;
	return { frame: value.slice(0, slash), section: value.slice(slash + 1) || null };
}

const frames = (elements: readonly Element[]) =>
	elements.filter((e): e is Frame => e.kind === 'frame').sort((a, b) => a.x - b.x || a.y - b.y || (a.id < b.id ? -1 : 1));

/** What people call a frame: its template's name (with its title when two share one), or its title. */
function frameLabels(list: readonly Frame[], models: ReadonlyMap<string, TemplateModel>): Map<string, string> {
	const base = (f: Frame) => (f.template ? models.get(f.template)?.title : undefined) ?? (f.title.trim() || 'Untitled frame');
	const counts = new Map<string, number>();
	for (const f of list) counts.set(base(f), (counts.get(base(f)) ?? 0) + 1);
	return new Map(
		list.map((f) => [
			f.id,
			(counts.get(base(f)) ?? 0) > 1 && f.title.trim() && f.title.trim() !== base(f) ? `${base(f)}: ${f.title.trim()}` : base(f)
		])
	);
}

/** Every place on the board, frames in reading order (left to right). */
export function placeGroups(elements: readonly Element[], models: readonly TemplateModel[]): PlaceGroup[] {
	const byModel = new Map(models.map((m) => [m.id, m]));
	const list = frames(elements);
	const labels = frameLabels(list, byModel);
	return list.map((frame) => {
		const label = labels.get(frame.id)!;
		const sections = sectionsOf(frame, byModel);
		const options =
			sections.length > 1
				? sections.map((s) => ({ value: encodePlace({ frame: frame.id, section: s.id }), label: s.label }))
				: [{ value: encodePlace({ frame: frame.id, section: null }), label }];
		return { frameId: frame.id, label, options };
	});
}

/** Words of a name for matching a phase to an exercise: lower case, no small words, no plural s. */
function words(text: string): Set<string> {
	const SMALL = new Set(['the', 'a', 'an', 'of', 'and', 'for', 'to', 'in', 'on', 'with', 'our', 'exercise']);
	return new Set(
		text
			.toLowerCase()
			.split(/[^a-z0-9]+/)
			.filter((w) => w && !SMALL.has(w))
			.map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w))
	);
}

/** The frame the current phase names ("Iceberg" → the Iceberg), or null. */
export function frameForPhase(phase: string, elements: readonly Element[], models: readonly TemplateModel[]): Frame | null {
	const wanted = words(phase);
	if (wanted.size === 0) return null;
	const byModel = new Map(models.map((m) => [m.id, m]));
	let best: Frame | null = null;
	let bestScore = 0;
	for (const frame of frames(elements)) {
		const model = frame.template ? byModel.get(frame.template) : undefined;
		const names = new Set([...words(frame.title), ...(model ? [...words(model.title), ...words(model.id)] : [])]);
		const score = [...wanted].filter((w) => names.has(w)).length / wanted.size;
		if (score > bestScore) {
			best = frame;
			bestScore = score;
		}
	}
	return best;
}

/**
 * Where a new private note goes unless its author says otherwise: the current phase's exercise, else the
 * frame at `lookingAt` (the facilitator's shared view, or the author's own), with its first section.
 * @example defaultPlace(elements, TEMPLATE_MODELS, agenda, viewCentre) // { frame: iceberg.id, section: 'layer-1-drivers' }
 */
export function defaultPlace(
	elements: readonly Element[],
	models: readonly TemplateModel[],
	agenda: Agenda,
	lookingAt: Point | null
): DraftPlace | null {
	const phase = agenda.current === null ? null : agenda.phases[agenda.current];
	const frame =
		(phase ? frameForPhase(phase, elements, models) : null) ??
		(lookingAt ? ([...frames(elements)].reverse().find((f) => containsPoint(f, lookingAt)) ?? null) : null);
	if (!frame) return null;
	const sections = sectionsOf(frame, new Map(models.map((m) => [m.id, m])));
	return { frame: frame.id, section: sections.length > 1 ? sections[0].id : null };
}

/**
 * A place in words for the panel: "The Iceberg › Mental Models: Barriers". `gone` when its frame (or
 * section) is no longer on the board: the facilitator's choice decides where that note goes.
 */
export function describePlace(
	place: DraftPlace | null,
	elements: readonly Element[],
	models: readonly TemplateModel[]
): { label: string; gone: boolean } {
	if (!place) return { label: 'Where the facilitator puts it', gone: false };
	const group = placeGroups(elements, models).find((g) => g.frameId === place.frame);
	if (!group) return { label: 'Its exercise is no longer on the board: the facilitator will place it', gone: true };
	if (group.options.length === 1) return { label: group.label, gone: false };
	const option = group.options.find((o) => o.value === encodePlace(place));
	return option ? { label: `${group.label} › ${option.label}`, gone: false } : { label: `${group.label} (anywhere in it)`, gone: false };
}
