/**
 * The regions of the far drawing's bitmap (far.ts) a change redraws: board rectangles to whole device
 * pixels on the bitmap, and redrawing one of them.
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

/**
 * Redraws one region of a kept bitmap: clears the device pixels `px` and calls `draw` clipped to them (the
 * context's transform is reset to device pixels first; `draw` sets its own).
 */
export function redrawRegion(c: CanvasRenderingContext2D, px: Rect, draw: () => void): void {
	c.save();
	c.setTransform(1, 0, 0, 1, 0, 0);
	c.beginPath();
	c.rect(px.x, px.y, px.w, px.h);
	c.clip();
	c.clearRect(px.x, px.y, px.w, px.h);
	draw();
	c.restore();
}
