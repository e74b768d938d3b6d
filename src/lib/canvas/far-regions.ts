/**
 * The regions of the far drawing's bitmap (far.ts) a change redraws: board rectangles to whole device
 * pixels on the bitmap. Pure.
 */
import type { Rect } from '$lib/shared/geometry.js';
import type { Viewport } from './types.js';

/** More changed regions than this at once (a board arriving, a paste) and the bitmap is drawn whole. */
export const MAX_DIRTY = 64;

/**
 * The device pixels of the bitmap (`width` × `height`, at `ratio` device pixels per CSS pixel) that a
 * board rectangle covers at viewport `v`, grown to whole pixels plus `pad` (anti-aliased edges), clipped
 * to the bitmap; null when it is off the bitmap.
 * @example deviceRegion({ x: 0, y: 0, w: 10, h: 10 }, { x: 0, y: 0, scale: 1 }, 1, 100, 100) // { x: 0, y: 0, w: 12, h: 12 }
 */
export function deviceRegion(r: Rect, v: Viewport, ratio: number, width: number, height: number, pad = 2): Rect | null {
	const k = v.scale * ratio;
	const x1 = Math.max(0, Math.floor((r.x - v.x) * k) - pad);
	const y1 = Math.max(0, Math.floor((r.y - v.y) * k) - pad);
	const x2 = Math.min(width, Math.ceil((r.x + r.w - v.x) * k) + pad);
	const y2 = Math.min(height, Math.ceil((r.y + r.h - v.y) * k) + pad);
	if (x2 <= x1 || y2 <= y1) return null;
	return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}
