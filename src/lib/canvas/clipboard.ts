/**
 * The clipboard format and where a paste lands. Pure: the actions that talk to `navigator.clipboard`
 * live in actions.ts. What we put on the clipboard is plain JSON, so a copy from one board pastes into
 * another (insertCopies gives every element a fresh id), and pasted text is validated like any import.
 */
import { z } from 'zod';
import { Element } from '$lib/doc/schema.js';
import { boundsOf, intersects, rectCenter, type Point, type Rect } from '$lib/shared/geometry.js';

export const CLIPBOARD_KIND = 'convene/elements';
export const CLIPBOARD_VERSION = 1;

const ClipboardPayload = z.object({
	kind: z.literal(CLIPBOARD_KIND),
	version: z.literal(CLIPBOARD_VERSION),
	elements: z.array(Element).max(5000)
});

/** What copy puts on the clipboard. */
export function serializeElements(elements: readonly Element[]): string {
	return JSON.stringify({ kind: CLIPBOARD_KIND, version: CLIPBOARD_VERSION, elements });
}

/** The elements in clipboard text, or null when the text is not ours (or not valid). */
export function parseClipboard(text: string): Element[] | null {
	if (!text || text.length > 5_000_000 || !text.trimStart().startsWith('{')) return null;
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return null;
	}
	const parsed = ClipboardPayload.safeParse(json);
	return parsed.success ? parsed.data.elements : null;
}

/** The area the copied boxes cover, or null when there are none. */
export function clipboardBounds(elements: readonly Element[]): Rect | null {
	return boundsOf(elements.flatMap((e) => (e.kind === 'connector' ? [] : [{ x: e.x, y: e.y, w: e.w, h: e.h }])));
}

export interface PastePlace {
	/** Board position of the pointer, if it is over the canvas. */
	pointer: Point | null;
	/** The visible board area. */
	view: Rect;
	/** How many times this clipboard has been pasted already (1 for the first paste). */
	count: number;
}

export const PASTE_STEP = 24;

/**
 * How far to shift pasted elements: centred on the pointer when it is over the board; otherwise beside
 * the originals (a step further each time) when they are in view; otherwise into the middle of the view.
 */
export function pasteOffset(elements: readonly Element[], place: PastePlace): Point {
	const bounds = clipboardBounds(elements);
	if (!bounds) return { x: 0, y: 0 };
	const c = rectCenter(bounds);
	if (place.pointer) return { x: Math.round(place.pointer.x - c.x), y: Math.round(place.pointer.y - c.y) };
	if (intersects(bounds, place.view)) return { x: PASTE_STEP * place.count, y: PASTE_STEP * place.count };
	const v = rectCenter(place.view);
	return { x: Math.round(v.x - c.x), y: Math.round(v.y - c.y) };
}
