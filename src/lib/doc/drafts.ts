/**
 * Private writing. While the facilitator has it on, each person writes notes in their own `drafts`
 * document, which the server gives to nobody else; on reveal the server places everyone's drafts on
 * the board (`content`) and empties the drafts. The layout: `drafts` Y.Map<id, {text, color, createdAt}>.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { getControlMap } from './board-doc.js';
import { DEFAULT_SIZE, ElementId, isBox, NoteColor, type Frame } from './schema.js';
import { createElement, updateElement } from './commands.js';
import { readElements } from './read.js';
import { boundsOf } from '$lib/shared/geometry.js';
import { newId } from '$lib/shared/ids.js';
import { LOCAL } from './origins.js';

export const Draft = z.object({
	text: z.string().trim().min(1, 'write something first').max(2000),
	color: NoteColor.default('yellow'),
	createdAt: z.number().int().nonnegative()
});
export type Draft = z.infer<typeof Draft>;

function draftsMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('drafts');
}

/** My drafts, oldest first; entries that do not validate are skipped. */
export function readDrafts(doc: Y.Doc): (Draft & { id: string })[] {
	const out: (Draft & { id: string })[] = [];
	for (const [id, value] of draftsMap(doc).entries()) {
		const parsed = Draft.safeParse(value);
		if (parsed.success && ElementId.safeParse(id).success) out.push({ id, ...parsed.data });
	}
	return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function addDraft(doc: Y.Doc, input: z.input<typeof Draft>, origin: unknown = LOCAL): string {
	const draft = Draft.parse(input);
	const id = newId();
	doc.transact(() => draftsMap(doc).set(id, draft), origin);
	return id;
}

export function updateDraft(doc: Y.Doc, id: string, text: string, origin: unknown = LOCAL): void {
	const current = Draft.safeParse(draftsMap(doc).get(ElementId.parse(id)));
	if (!current.success) throw new Error('That note is no longer there');
	const next = Draft.parse({ ...current.data, text });
	doc.transact(() => draftsMap(doc).set(id, next), origin);
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

export function setPrivateWriting(doc: Y.Doc, on: boolean, now: number, origin: unknown = LOCAL): void {
	doc.transact(() => (on ? getControlMap(doc).set('private', { on: true, since: Math.max(0, Math.round(now)) }) : getControlMap(doc).delete('private')), origin);
}

const GAP = 24;

/**
 * Places revealed drafts on the board in one transaction: each person's notes together, in reading
 * order, in rows inside `frameId` (below what is there, growing the frame if needed) or, without a
 * frame, to the right of everything on the board. Returns the new notes' ids.
 */
export function placeDrafts(content: Y.Doc, groups: readonly { authorId: string; drafts: readonly Draft[] }[], frameId: string | null, origin: unknown): string[] {
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
				ids.push(createElement(content, { kind: 'note', ...at, text: draft.text, color: draft.color, createdBy: group.authorId, ...(frame ? { parent: frame.id } : {}) }, origin));
			});
			if (group.drafts.length > 0) row++;
		}
		const bottom = top + row * (size.h + GAP);
		if (frame && bottom > frame.y + frame.h) updateElement(content, frame.id, { h: Math.min(100_000, bottom - frame.y + GAP) }, origin);
	}, origin);
	return ids;
}

/** Drafts without their ids (what `placeDrafts` needs). */
export function draftsOf(drafts: readonly (Draft & { id: string })[]): Draft[] {
	return drafts.map(({ text, color, createdAt }) => ({ text, color, createdAt }));
}
