/**
 * Private writing. While the facilitator has it on, each person writes notes in their own `drafts`
 * document, which the server gives to nobody else; on reveal the server places everyone's drafts on
 * the board (`content`) and empties the drafts.
 *
 * The layout: `drafts` Y.Map<id, Draft>. Version 1 drafts are `{text, color, createdAt}`; version 2
 * (`v: 2`) adds `place`, where the author meant the note to go (an exercise frame and one of its
 * sections). A draft without a place, or with one that no longer reads, still reveals: the facilitator's
 * choice decides where it goes. While private writing is on, the server publishes only how many drafts
 * each person has (`waiting` in the `server` document), never their words.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { getControlMap, getDraftsMap, getWaitingMap } from './board-doc.js';
import { DEFAULT_SIZE, ElementId, isBox, NoteColor, type Frame } from './schema.js';
import { createElement, updateElement } from './commands.js';
import { NO_PLACEMENT, type PlacementRules } from './placement.js';
import { readElements } from './read.js';
import { boundsOf } from '$lib/shared/geometry.js';
import { newId } from '$lib/shared/ids.js';
import { LOCAL } from './origins.js';

/** The version new drafts are written with (see the layout above). */
export const DRAFT_VERSION = 2;

/**
 * Where a private note is meant to go: an exercise frame and, where it has them, one of its sections
 * (an Iceberg cell, a How-might-we column, a ring). `section: null` is "anywhere in this exercise".
 */
export const DraftPlace = z.object({
	frame: ElementId,
	section: z.string().min(1).max(80).nullable().default(null)
});
export type DraftPlace = z.infer<typeof DraftPlace>;

export const Draft = z.object({
	v: z.number().int().min(1).default(1),
	text: z.string().trim().min(1, 'write something first').max(2000),
	color: NoteColor.default('yellow'),
	createdAt: z.number().int().nonnegative(),
	// A place that does not read (hand-edited, or from a newer client) is dropped, never the note with it.
	place: DraftPlace.nullable().default(null).catch(null)
});
export type Draft = z.infer<typeof Draft>;

const draftsMap = getDraftsMap;

/** My drafts, oldest first; entries that do not validate are skipped. */
export function readDrafts(doc: Y.Doc): (Draft & { id: string })[] {
	const out: (Draft & { id: string })[] = [];
	for (const [id, value] of draftsMap(doc).entries()) {
		const parsed = Draft.safeParse(value);
		if (parsed.success && ElementId.safeParse(id).success) out.push({ id, ...parsed.data });
	}
	return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** Writes a draft as a plain object; `place: null` is left out, so version 1 readers see what they know. */
function stored(draft: Draft): Record<string, unknown> {
	const { place, ...rest } = draft;
	return place ? { ...rest, v: DRAFT_VERSION, place: { frame: place.frame, section: place.section } } : { ...rest, v: DRAFT_VERSION };
}

/**
 * Adds one of my private notes, optionally with the place it is meant for.
 * @example addDraft(doc, { text: 'Parents feel unheard', createdAt: Date.now(), place: { frame: icebergId, section: 'layer-1-barriers' } })
 */
export function addDraft(doc: Y.Doc, input: Omit<z.input<typeof Draft>, 'v'>, origin: unknown = LOCAL): string {
	const draft = Draft.parse(input);
	if (input.place != null) DraftPlace.parse(input.place);
	const id = newId();
	doc.transact(() => draftsMap(doc).set(id, stored(draft)), origin);
	return id;
}

export function updateDraft(doc: Y.Doc, id: string, text: string, origin: unknown = LOCAL): void {
	const current = Draft.safeParse(draftsMap(doc).get(ElementId.parse(id)));
	if (!current.success) throw new Error('That note is no longer there');
	const next = Draft.parse({ ...current.data, text });
	doc.transact(() => draftsMap(doc).set(id, stored(next)), origin);
}

/** Changes where one of my notes is meant to go (null: the facilitator decides). */
export function setDraftPlace(doc: Y.Doc, id: string, place: z.input<typeof DraftPlace> | null, origin: unknown = LOCAL): void {
	const current = Draft.safeParse(draftsMap(doc).get(ElementId.parse(id)));
	if (!current.success) throw new Error('That note is no longer there');
	const next = { ...current.data, place: place === null ? null : DraftPlace.parse(place) };
	doc.transact(() => draftsMap(doc).set(id, stored(next)), origin);
}

export function removeDraft(doc: Y.Doc, id: string, origin: unknown = LOCAL): void {
	doc.transact(() => draftsMap(doc).delete(ElementId.parse(id)), origin);
}

/** Empties the drafts (the server, after it has placed them on the board). */
export function clearDrafts(doc: Y.Doc, ids: readonly string[], origin: unknown): void {
	doc.transact(() => ids.forEach((id) => draftsMap(doc).delete(id)), origin);
}

/** Whether private writing is on (in the `control` document). */
export const PrivateWriting = z.object({ on: z.boolean(), since: z.number().int().nonnegative() });
export type PrivateWriting = z.infer<typeof PrivateWriting>;

export function readPrivateWriting(doc: Y.Doc): PrivateWriting | null {
	const parsed = PrivateWriting.safeParse(getControlMap(doc).get('private'));
	return parsed.success && parsed.data.on ? parsed.data : null;
}

/**
 * Starts or ends private writing. Ending with `revealed` (the server's reveal, after placing everyone's notes)
 * leaves `{ on: false, revealedAt }` so every screen can tell people the notes are on the board now.
 */
export function setPrivateWriting(doc: Y.Doc, on: boolean, now: number, origin: unknown = LOCAL, revealed = false): void {
	const at = Math.max(0, Math.round(now));
	doc.transact(() => {
		if (on) getControlMap(doc).set('private', { on: true, since: at });
		else if (revealed) getControlMap(doc).set('private', { on: false, since: at, revealedAt: at });
		else getControlMap(doc).delete('private');
	}, origin);
}

/** When the last private writing ended with a reveal (server time), or null. */
export function readLastReveal(doc: Y.Doc): number | null {
	const parsed = z
		.object({ on: z.literal(false), revealedAt: z.number().int().nonnegative() })
		.safeParse(getControlMap(doc).get('private'));
	return parsed.success ? parsed.data.revealedAt : null;
}

const GAP = 24;

/**
 * Places revealed drafts on the board in one transaction: each person's notes together, in reading
 * order, in rows inside `frameId` (below what is there, growing the frame if needed) or, without a
 * frame, to the right of everything on the board; each becomes what the board's `rules` make of it
 * there. Returns the new notes' ids.
 */
export function placeDrafts(
	content: Y.Doc,
	groups: readonly { authorId: string; drafts: readonly Pick<Draft, 'text' | 'color'>[] }[],
	frameId: string | null,
	origin: unknown,
	rules: PlacementRules = NO_PLACEMENT
): string[] {
	const elements = readElements(content);
	const frame = frameId ? elements.find((e): e is Frame => e.kind === 'frame' && e.id === frameId) : undefined;
	if (frameId && !frame) throw new Error('That frame is not on the board any more');
	const size = DEFAULT_SIZE.note;
	const boxes = elements.filter(isBox);
	let left: number;
	let top: number;
	let width: number;
	if (frame) {
		const inside = boxes.filter((b) => b.parent === frame.id);
		left = frame.x + GAP;
		top = Math.max(frame.y + 80, ...inside.map((b) => b.y + b.h + GAP));
		width = frame.w - 2 * GAP;
	} else {
		const all = boundsOf(boxes);
		left = all ? all.x + all.w + 200 : 0;
		top = all ? all.y : 0;
		width = 6 * (size.w + GAP);
	}
	const perRow = Math.max(1, Math.floor((width + GAP) / (size.w + GAP)));
	const ids: string[] = [];
	content.transact(() => {
		let row = 0;
		for (const group of groups) {
			group.drafts.forEach((draft, i) => {
				const col = i % perRow;
				if (i > 0 && col === 0) row++;
				const at = { x: left + col * (size.w + GAP), y: top + row * (size.h + GAP) };
				ids.push(
					createElement(
						content,
						{
							kind: 'note',
							...at,
							text: draft.text,
							color: draft.color,
							createdBy: group.authorId,
							...(frame ? { parent: frame.id } : {})
						},
						origin,
						rules
					)
				);
			});
			if (group.drafts.length > 0) row++;
		}
		const bottom = top + row * (size.h + GAP);
		if (frame && bottom > frame.y + frame.h) updateElement(content, frame.id, { h: Math.min(100_000, bottom - frame.y + GAP) }, origin);
	}, origin);
	return ids;
}

/** Drafts' words and colours (what `placeDrafts` needs). */
export function draftsOf(
	drafts: readonly (Pick<Draft, 'text' | 'color'> & { id?: string; createdAt?: number })[]
): Pick<Draft, 'text' | 'color'>[] {
	return drafts.map(({ text, color }) => ({ text, color }));
}

/**
 * How many private notes each person has waiting, as the server publishes it in the `server` document
 * (participant id → count; people with none are absent). Counts only: the words never leave their
 * author's own drafts document until the reveal.
 */
export const WaitingCount = z.number().int().min(1).max(100_000);

export function readWaiting(server: Y.Doc): Map<string, number> {
	const out = new Map<string, number>();
	for (const [id, value] of getWaitingMap(server).entries()) {
		const parsed = WaitingCount.safeParse(value);
		if (parsed.success) out.set(id, parsed.data);
	}
	return out;
}

/** Publishes one person's count (the server only); returns whether the document changed. */
export function writeWaiting(server: Y.Doc, participantId: string, count: number, origin: unknown): boolean {
	const map = getWaitingMap(server);
	const id = z.string().min(1).max(64).parse(participantId);
	const value = Math.max(0, Math.round(count));
	if ((map.get(id) ?? 0) === value) return false;
	server.transact(() => (value === 0 ? map.delete(id) : map.set(id, WaitingCount.parse(value))), origin);
	return true;
}
