/**
 * The regions of the far drawing's bitmap (far.ts) a change redraws: board rectangles to whole device
 * pixels on the bitmap, and redrawing one of them.
 */
import { boundsOf, type Rect } from '$lib/shared/geometry.js';
import type { Viewport } from './types.js';

/** A patch over the content layer (far.ts) may cover at most this share of it; beyond, the layer is drawn whole. */
export const MAX_PATCH_SHARE = 0.25;

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

/**
 * The device pixels a patch over the layer (`width` × `height`) must cover to show the changed `regions` as
 * well as what it shows already (`shown`): their bounds. Null when nothing changed in view (the patch stays
 * as it is); false when the patch would cover more than `share` of the layer (draw the layer whole).
 * @example patchArea({ x: 0, y: 0, w: 10, h: 10 }, [{ x: 20, y: 0, w: 10, h: 10 }], 100, 100) // { x: 0, y: 0, w: 30, h: 10 }
 */
export function patchArea(
	shown: Rect | null,
	regions: readonly Rect[],
	width: number,
	height: number,
	share = MAX_PATCH_SHARE
): Rect | null | false {
	if (regions.length === 0) return null;
	const area = boundsOf(shown ? [shown, ...regions] : regions)!;
	return area.w * area.h > share * width * height ? false : area;
}
