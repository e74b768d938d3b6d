/**
 * The board as a structured list for keyboard and screen-reader users: frames, then what is in them,
 * then connections. Pure functions over plain elements; templates will plug in their own `describe`.
 */
import type { BoxElement, Connector, Element, Frame } from '$lib/doc/schema.js';
import { isBox } from '$lib/doc/schema.js';
import type { Rect } from '$lib/shared/geometry.js';

export interface OutlineGroup {
	frame: Frame | null;
	items: BoxElement[];
}

export interface Outline {
	groups: OutlineGroup[];
	connections: Connector[];
}

/** Reading order: rows 40 units high, top to bottom, then left to right (ties keep the order given). */
export const readingOrder = (a: BoxElement, b: BoxElement): number => Math.round(a.y / 40) - Math.round(b.y / 40) || a.x - b.x;

/** Frames in reading order (top to bottom, then left to right); their contents likewise. */
export function buildOutline(elements: readonly Element[]): Outline {
	const boxes = elements.filter(isBox);
	const ids = new Set(boxes.map((b) => b.id));
	const reading = readingOrder;
	const frames = boxes.filter((b): b is Frame => b.kind === 'frame').sort(reading);
	const groups: OutlineGroup[] = frames.map((frame) => ({
		frame,
		items: boxes.filter((b) => b.kind !== 'frame' && b.parent === frame.id).sort(reading)
	}));
	const loose = boxes.filter((b) => b.kind !== 'frame' && (!b.parent || !ids.has(b.parent))).sort(reading);
	groups.push({ frame: null, items: loose });
	const connections = elements.filter((e): e is Connector => e.kind === 'connector' && ids.has(e.from) && ids.has(e.to));
	return { groups, connections };
}

const quote = (text: string) => (text.trim() ? `“${text.trim()}”` : 'empty');

/** Plain words for one element, as a screen reader should hear it. */
export function describeElement(el: Element, byId: Pick<ReadonlyMap<string, Element>, 'get'>): string {
	switch (el.kind) {
		case 'note':
			return `Note, ${el.color}: ${quote(el.text)}`;
		case 'text':
			return `Text: ${quote(el.text)}`;
		case 'item':
			return `${el.type.replace(/-/g, ' ')}: ${quote(el.text)}`;
		case 'frame':
			return `Frame: ${el.title || 'untitled'}`;
		case 'connector': {
			const name = (id: string) => {
				const end = byId.get(id);
				if (!end) return 'a missing item';
				return end.kind === 'note' || end.kind === 'text' || end.kind === 'item'
					? quote(end.text)
					: end.kind === 'frame'
						? `frame ${end.title}`
						: 'an item';
			};
			return `Connection from ${name(el.from)} to ${name(el.to)}${el.label ? `, labelled “${el.label}”` : ''}`;
		}
	}
}

/** Short text for announcing a change. */
export function shortLabel(el: Element): string {
	if (el.kind === 'note' || el.kind === 'text' || el.kind === 'item') return el.text.trim().slice(0, 60) || 'an empty note';
	if (el.kind === 'frame') return `frame ${el.title}`;
	return 'a connection';
}

const SLOT = { w: 220, h: 180, margin: 24, top: 64 };

/**
 * A free place for a new note: inside `frame` on its grid, or, with no frame, to the right of
 * everything. Keyboard users never have to think about coordinates.
 */
export function freeSlot(frame: Rect | null, occupied: readonly Rect[], everything: readonly Rect[]): { x: number; y: number } {
	if (frame) {
		const cols = Math.max(1, Math.floor((frame.w - SLOT.margin) / SLOT.w));
		for (let i = 0; i < 400; i++) {
			const x = frame.x + SLOT.margin + (i % cols) * SLOT.w;
			const y = frame.y + SLOT.top + Math.floor(i / cols) * SLOT.h;
			const taken = occupied.some((r) => r.x < x + SLOT.w - 10 && r.x + r.w > x && r.y < y + SLOT.h - 10 && r.y + r.h > y);
			if (!taken) return { x, y };
		}
		return { x: frame.x + SLOT.margin, y: frame.y + SLOT.top };
	}
	if (everything.length === 0) return { x: 0, y: 0 };
	const right = Math.max(...everything.map((r) => r.x + r.w));
	const top = Math.min(...everything.map((r) => r.y));
	return { x: right + 80, y: top };
}
