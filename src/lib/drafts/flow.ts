/**
 * The reveal of private writing, as one pure operation over the `content` doc: each note flows into the
 * place its author chose (an exercise frame and one of its sections), as what that section's "add" makes
 * (an Iceberg note with its layer and column, a "How might we" question in its column, a player in its
 * ring), at a free spot the template's own `slot()` gives, overlapping no other note, label or heading.
 *
 * A full section makes its frame grow: taller first, then wider, keeping every element that is already
 * there in its section (elements of a section whose area moves move with it, as the Iceberg's lower
 * layers do when its rows get taller). A frame never grows over a neighbour. A note whose place is gone
 * (its frame deleted), or that fits nowhere, goes to the facilitator's fallback frame or to free space
 * beside the board: never lost, never on top of something.
 *
 * Server and tests call it; it knows templates only through their models (`sections`, `itemTypes`,
 * `defaultAdd`). The board's placement rule, when the doc has one installed (the server installs it for
 * the reveal), runs as each element is created, as for any other placed element.
 */
import type * as Y from 'yjs';
import { createElement, updateElement } from '$lib/doc/commands.js';
import { readElement, readElements } from '$lib/doc/read.js';
import { placeDrafts, type DraftPlace } from '$lib/doc/drafts.js';
import type { PlacementRules } from '$lib/doc/placement.js';
import {
	DEFAULT_SIZE,
	isBox,
	type BoxElement,
	type Element,
	type Frame,
	type JsonValue,
	type Note,
	type NoteColor
} from '$lib/doc/schema.js';
import { containsPoint, intersects, rectCenter, type Point, type Rect } from '$lib/shared/geometry.js';
import { defaultFieldValue, type Section, type TemplateModel } from '$lib/templates/kit/model.js';

/** One revealed note: whose, its words and colour, and where its author meant it to go. */
export interface RevealNote {
	authorId: string;
	text: string;
	color: NoteColor;
	place: DraftPlace | null;
}

/**
 * Where a note landed: `place` where its author meant (the section, or anywhere in the frame they chose);
 * `fallback` in the facilitator's chosen frame (it had no place, or its frame is gone); `beside` in free
 * space beside the board (no frame to go to, or no room even after growing).
 */
export type Landing = 'place' | 'fallback' | 'beside';

export interface FlowResult {
	/** The new elements' ids, in the order of the notes given. */
	ids: string[];
	/** Where each note landed, in the same order. */
	landed: Landing[];
}

/** Room kept clear above a plain frame's contents (its title bar). */
const PLAIN_TOP = 80;
const PLAIN_INSET = 24;
const PLAIN_GAP = 24;
/** How many steps a frame may grow by for one note, each about one note's size. */
const GROW_STEPS = 10;
const GROW_GAP = 32;

/** The sections of a frame: its template's, or for a plain frame one area below its title. */
export function sectionsOf(frame: Frame, models: ReadonlyMap<string, TemplateModel>): Section[] {
	const model = frame.template ? models.get(frame.template) : undefined;
	const sections = model?.sections(frame) ?? [];
	return sections.length > 0 ? sections : [plainSection(frame)];
}

function plainSection(frame: Frame): Section {
	const body: Rect = { x: frame.x, y: frame.y + PLAIN_TOP, w: frame.w, h: Math.max(1, frame.h - PLAIN_TOP) };
	return {
		id: 'frame',
		label: frame.title,
		data: {},
		contains: (el) => containsPoint(frame, rectCenter(el)),
		slot: (size, occupied) => gridSlot(body, size, occupied)
	};
}

/** The first free spot for `size` in `area`, reading order; below the area when it is full. */
function gridSlot(area: Rect, size: { w: number; h: number }, occupied: readonly Rect[]): Point {
	for (let y = area.y + PLAIN_INSET; y + size.h <= area.y + area.h - PLAIN_INSET; y += size.h + PLAIN_GAP) {
		for (let x = area.x + PLAIN_INSET; x + size.w <= area.x + area.w - PLAIN_INSET; x += size.w + PLAIN_GAP) {
			const padded = { x: x - PLAIN_GAP / 2, y: y - PLAIN_GAP / 2, w: size.w + PLAIN_GAP, h: size.h + PLAIN_GAP };
			if (!occupied.some((r) => intersects(r, padded))) return { x, y };
		}
	}
	return { x: area.x + PLAIN_INSET, y: area.y + area.h };
}

/** What a revealed note becomes in a section: what the outline's "add" makes there. */
interface Make {
	kind: 'note' | 'item';
	template?: string;
	type?: string;
	size: { w: number; h: number };
	data: Record<string, JsonValue>;
}

function makeFor(model: TemplateModel | undefined, section: Section): Make {
	const typeId = section.itemType ?? model?.defaultAdd ?? model?.itemTypes[0]?.type ?? 'note';
	const type = model?.itemTypes.find((t) => t.type === typeId);
	if (model && type) {
		// The section's data, and the first option of a field only where the type requires one: what nobody
		// chose (a player's group) is left to the template, which may know better from the words.
		const bare = { ...section.data } as Record<string, JsonValue>;
		if (type.data.safeParse(bare).success) return { kind: 'item', template: model.id, type: type.type, size: { ...type.size }, data: bare };
		const defaults = Object.fromEntries((type.fields ?? []).map((f) => [f.key, defaultFieldValue(f)]).filter(([, v]) => v !== undefined));
		const data = { ...defaults, ...section.data } as Record<string, JsonValue>;
		if (type.data.safeParse(data).success) return { kind: 'item', template: model.id, type: type.type, size: { ...type.size }, data };
	}
	return { kind: 'note', size: { ...DEFAULT_SIZE.note }, data: { ...section.data } };
}

/** A box at `rect` with no data: asks a section where a *position* belongs, whatever data says. */
function probe(rect: Rect, parent: string): Note {
	return {
		kind: 'note',
		id: 'probe',
		index: 'a0',
		parent,
		data: {},
		x: rect.x,
		y: rect.y,
		w: rect.w,
		h: rect.h,
		text: '',
		color: 'yellow'
	};
}

/** The section a position belongs to (index), or -1. */
function sectionAt(sections: readonly Section[], rect: Rect, frameId: string): number {
	const p = probe(rect, frameId);
	return sections.findIndex((s) => s.contains(p));
}

function inside(outer: Rect, inner: Rect): boolean {
	return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/** A free, valid spot for `size` in section `index` of `frame`, or null. */
function spotIn(
	frame: Frame,
	sections: readonly Section[],
	index: number,
	size: { w: number; h: number },
	occupied: readonly Rect[]
): Point | null {
	const at = sections[index].slot(size, occupied);
	const rect = { x: at.x, y: at.y, ...size };
	if (!inside(frame, rect)) return null;
	if (sectionAt(sections, rect, frame.id) !== index) return null;
	if (occupied.some((r) => intersects(r, rect))) return null;
	return { x: Math.round(at.x), y: Math.round(at.y) };
}

/** The frame's children and where they are, plus the rectangles of what this reveal placed so far. */
interface FrameState {
	frame: Frame;
	model: TemplateModel | undefined;
	children: BoxElement[];
}

interface Growth {
	frame: Frame;
	sections: Section[];
	moves: Map<string, Point>;
	spot: Point;
}

/**
 * A bigger frame in which section `index` has a free spot for `size`, with the moves that keep every
 * child in its section, or null. Candidates: taller, then wider, then both, in steps of about one note;
 * the first that keeps everything in place, overlaps nothing new and stays clear of `neighbours` wins.
 */
function growFor(
	state: FrameState,
	models: ReadonlyMap<string, TemplateModel>,
	index: number,
	size: { w: number; h: number },
	neighbours: readonly Rect[]
): Growth | null {
	const { frame, children, model } = state;
	const before = sectionsOf(frame, models);
	const dh = size.h + GROW_GAP;
	const dw = size.w + GROW_GAP;
	// The template's own way to grow (rings scale about their centre), then taller, wider, both.
	const candidates: { w: number; h: number; move?: (p: Point) => Point }[] = [];
	for (let k = 1; model?.grow && k <= GROW_STEPS; k++) {
		const grown = model.grow(frame, k);
		if (grown) candidates.push(grown);
	}
	for (let k = 1; k <= GROW_STEPS; k++) candidates.push({ w: frame.w, h: frame.h + k * dh });
	for (let k = 1; k <= GROW_STEPS; k++) candidates.push({ w: frame.w + k * dw, h: frame.h });
	for (let k = 1; k <= GROW_STEPS; k++) candidates.push({ w: frame.w + k * dw, h: frame.h + k * dh });
	const anchor = (s: Section) => s.slot({ w: 1, h: 1 }, []);
	const anchorsBefore = before.map(anchor);
	// Which section each child is in now, by its data where it has it (as the outline groups them) and by position.
	const owner = children.map((c) => before.findIndex((s) => s.contains(c)));
	const placedAt = children.map((c) => sectionAt(before, c, frame.id));
	for (const candidate of candidates) {
		if (candidate.w > 20_000 || candidate.h > 20_000) continue;
		const grown: Frame = { ...frame, w: candidate.w, h: candidate.h };
		if (neighbours.some((n) => intersects(n, grown))) continue;
		const after = sectionsOf(grown, models);
		if (after.length !== before.length || after.some((s, i) => s.id !== before[i].id)) continue;
		const anchorsAfter = candidate.move ? [] : after.map(anchor);
		const moved = children.map((c, i) => {
			if (candidate.move) {
				const centre = candidate.move(rectCenter(c));
				return { x: Math.round(centre.x - c.w / 2), y: Math.round(centre.y - c.h / 2), w: c.w, h: c.h };
			}
			const o = owner[i];
			if (o < 0) return { x: c.x, y: c.y, w: c.w, h: c.h };
			return {
				x: Math.round(c.x + anchorsAfter[o].x - anchorsBefore[o].x),
				y: Math.round(c.y + anchorsAfter[o].y - anchorsBefore[o].y),
				w: c.w,
				h: c.h
			};
		});
		let keeps = true;
		for (let i = 0; i < children.length && keeps; i++) {
			if (inside(frame, children[i]) && !inside(grown, moved[i])) keeps = false;
			else if (sectionAt(after, moved[i], frame.id) !== placedAt[i]) keeps = false;
		}
		for (let i = 0; i < children.length && keeps; i++) {
			for (let j = i + 1; j < children.length && keeps; j++) {
				if (intersects(moved[i], moved[j]) && !intersects(children[i], children[j])) keeps = false;
			}
		}
		if (!keeps) continue;
		const spot = spotIn(grown, after, index, size, moved);
		if (!spot) continue;
		const moves = new Map<string, Point>();
		children.forEach((c, i) => {
			if (moved[i].x !== c.x || moved[i].y !== c.y) moves.set(c.id, { x: moved[i].x, y: moved[i].y });
		});
		return { frame: grown, sections: after, moves, spot };
	}
	return null;
}

/** Frames that hold `frame` (so growing inside them is no collision). */
function ancestorsOf(frame: Frame, byId: ReadonlyMap<string, Element>): Set<string> {
	const out = new Set<string>();
	let parent = frame.parent;
	while (parent && !out.has(parent)) {
		out.add(parent);
		const next = byId.get(parent);
		parent = next && isBox(next) ? next.parent : null;
	}
	return out;
}

/**
 * Places revealed notes in one transaction (see the module comment). Notes with a place go first, in
 * the order given (people in the order they joined, each person's notes oldest first), so they get
 * first pick of the room in the section they chose.
 * Each note becomes what the board's `rules` make of it where it lands, as when someone drops it there.
 * @example flowNotes(content, TEMPLATE_MODELS, notes, null, SERVER, placementRules(TEMPLATE_MODELS))
 */
export function flowNotes(
	content: Y.Doc,
	models: readonly TemplateModel[],
	notes: readonly RevealNote[],
	fallbackFrameId: string | null,
	origin: unknown,
	rules: PlacementRules
): FlowResult {
	const byModel = new Map(models.map((m) => [m.id, m]));
	const ids: string[] = new Array(notes.length).fill('');
	const landed: Landing[] = new Array(notes.length).fill('beside');
	const beside: number[] = [];
	const full = new Set<string>();

	content.transact(() => {
		const elements = readElements(content);
		const byId = new Map(elements.map((e) => [e.id, e]));
		const frames = new Map(elements.filter((e): e is Frame => e.kind === 'frame').map((f) => [f.id, f]));
		const states = new Map<string, FrameState>();
		const stateOf = (frame: Frame): FrameState => {
			let s = states.get(frame.id);
			if (!s) {
				const children = readElements(content).filter((e): e is BoxElement => isBox(e) && e.kind !== 'frame' && e.parent === frame.id);
				s = { frame: frames.get(frame.id) ?? frame, model: frame.template ? byModel.get(frame.template) : undefined, children };
				states.set(frame.id, s);
			}
			return s;
		};
		const fallback = fallbackFrameId ? (frames.get(fallbackFrameId) ?? null) : null;

		const order = notes.map((_, i) => i).sort((a, b) => Number(!notes[a].place) - Number(!notes[b].place) || a - b);
		for (const i of order) {
			const note = notes[i];
			const own = note.place ? frames.get(note.place.frame) : undefined;
			const frame = own ?? fallback;
			if (!frame) {
				beside.push(i);
				continue;
			}
			const id = placeIn(stateOf(frame), own ? (note.place?.section ?? null) : null, note);
			if (id) {
				ids[i] = id;
				landed[i] = own ? 'place' : 'fallback';
			} else beside.push(i);
		}

		function placeIn(state: FrameState, sectionId: string | null, note: RevealNote): string | null {
			const sections = sectionsOf(state.frame, byModel);
			const chosen = sectionId === null ? -1 : sections.findIndex((s) => s.id === sectionId);
			// A section that is gone ("anywhere" too) flows into the first section with room, in reading order.
			const tries = chosen >= 0 ? [chosen] : sections.map((_, k) => k);
			for (const k of tries) {
				const make = makeFor(state.model, sections[k]);
				const spot = spotIn(state.frame, sections, k, make.size, state.children);
				if (spot) return create(state, make, spot, note);
			}
			const k = tries[0];
			const make = makeFor(state.model, sections[k]);
			// A section that could not grow stays full until its frame grows for another section.
			const key = `${state.frame.id}|${k}|${make.size.w}x${make.size.h}`;
			if (full.has(key)) return null;
			// A frame grows only into empty space: never over another exercise or anything outside it.
			const ancestors = ancestorsOf(state.frame, byId);
			const neighbours = readElements(content).filter(
				(e): e is BoxElement => isBox(e) && e.id !== state.frame.id && !ancestors.has(e.id) && !isInside(e, state.frame, byId)
			);
			const growth = growFor(state, byModel, k, make.size, neighbours);
			if (!growth) {
				full.add(key);
				return null;
			}
			for (const stale of [...full]) if (stale.startsWith(`${state.frame.id}|`)) full.delete(stale);
			updateElement(content, state.frame.id, { w: growth.frame.w, h: growth.frame.h }, origin);
			for (const [childId, at] of growth.moves) updateElement(content, childId, at, origin);
			state.frame = growth.frame;
			state.children = state.children.map((c) => ({ ...c, ...(growth.moves.get(c.id) ?? {}) }));
			return create(state, make, growth.spot, note);
		}

		function create(state: FrameState, make: Make, at: Point, note: RevealNote): string {
			// The section's data (its layer and column, its ring); the spot was checked to be in the section by
			// position, so the board's placement rule, if the doc has one installed, agrees when it runs in createElement.
			const base = {
				x: at.x,
				y: at.y,
				...make.size,
				text: note.text,
				color: note.color,
				createdBy: note.authorId,
				parent: state.frame.id,
				data: make.data
			};
			const id =
				make.kind === 'item' && make.template && make.type
					? createElement(content, { kind: 'item', template: make.template, type: make.type, ...base }, origin, rules)
					: createElement(content, { kind: 'note', ...base }, origin, rules);
			state.children.push(readElement(content, id) as BoxElement);
			return id;
		}

		// Whatever has nowhere to go: to the right of everything, each person's notes together.
		if (beside.length > 0) {
			const groups = new Map<string, number[]>();
			for (const i of beside.sort((a, b) => a - b)) groups.set(notes[i].authorId, [...(groups.get(notes[i].authorId) ?? []), i]);
			const placed = placeDrafts(
				content,
				[...groups].map(([authorId, idx]) => ({ authorId, drafts: idx.map((i) => ({ text: notes[i].text, color: notes[i].color })) })),
				null,
				origin,
				rules
			);
			[...groups.values()].flat().forEach((i, k) => (ids[i] = placed[k]));
		}
	}, origin);
	return { ids, landed };
}

/** Whether `box` lies in `frame` (a descendant of it). */
function isInside(box: BoxElement, frame: Frame, byId: ReadonlyMap<string, Element>): boolean {
	let parent = box.parent;
	const seen = new Set<string>();
	while (parent && !seen.has(parent)) {
		if (parent === frame.id) return true;
		seen.add(parent);
		const next = byId.get(parent);
		parent = next && isBox(next) ? next.parent : null;
	}
	return false;
}
