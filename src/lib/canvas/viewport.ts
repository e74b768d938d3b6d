/**
 * Pan and zoom as pure math over `Viewport` (the board point at the top-left of the screen, and a scale).
 * Screen points are CSS pixels relative to the canvas container. No DOM, no Konva: unit-tested.
 */
import type { Viewport } from './types.js';
import { clamp, type Point, type Rect } from '$lib/shared/geometry.js';

/** Low enough for "Fit" to show six exercises side by side (about 15,000 board units) on a 1400 px screen. */
export const MIN_SCALE = 0.02;
export const MAX_SCALE = 4;
/**
 * The least zoom a phone (or any narrow screen) fits an exercise to: note text (11 to 24 board units) is
 * 5 to 12 screen pixels there, drawn and legible; the person pans for the rest of a wide exercise.
 */
export const READABLE_SCALE = 0.5;
/** The zoom levels zoomIn/zoomOut step through. */
export const ZOOM_STEPS = [0.02, 0.05, 0.1, 0.15, 0.25, 0.33, 0.5, 0.67, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;

export interface Size {
	width: number;
	height: number;
}

export function clampScale(scale: number): number {
	return Number.isFinite(scale) ? clamp(scale, MIN_SCALE, MAX_SCALE) : 1;
}

/** A viewport with its scale inside the limits and finite numbers everywhere. */
export function normaliseViewport(v: Viewport): Viewport {
	return {
		x: Number.isFinite(v.x) ? v.x : 0,
		y: Number.isFinite(v.y) ? v.y : 0,
		scale: clampScale(v.scale)
	};
}

export function screenToBoard(v: Viewport, p: Point): Point {
	return { x: v.x + p.x / v.scale, y: v.y + p.y / v.scale };
}

export function boardToScreen(v: Viewport, p: Point): Point {
	return { x: (p.x - v.x) * v.scale, y: (p.y - v.y) * v.scale };
}

/** The board area on screen. */
export function visibleRect(v: Viewport, size: Size): Rect {
	return { x: v.x, y: v.y, w: size.width / v.scale, h: size.height / v.scale };
}

/**
 * Zooms to `scale` (clamped) keeping the board point under `screenPoint` where it is.
 * @example zoomAround(view, pointer, view.scale * 1.2)
 */
export function zoomAround(v: Viewport, screenPoint: Point, scale: number): Viewport {
	const s = clampScale(scale);
	const b = screenToBoard(v, screenPoint);
	return { x: b.x - screenPoint.x / s, y: b.y - screenPoint.y / s, scale: s };
}

export function zoomBy(v: Viewport, screenPoint: Point, factor: number): Viewport {
	return zoomAround(v, screenPoint, v.scale * factor);
}

/** Moves the view with the pointer: content follows a drag of (dx, dy) screen pixels. */
export function panBy(v: Viewport, dx: number, dy: number): Viewport {
	return { x: v.x - dx / v.scale, y: v.y - dy / v.scale, scale: v.scale };
}

/** The next zoom step above (direction 1) or below (-1) the current scale. */
export function zoomStep(scale: number, direction: 1 | -1): number {
	const eps = 1e-3;
	if (direction > 0) return ZOOM_STEPS.find((s) => s > scale + eps) ?? MAX_SCALE;
	return [...ZOOM_STEPS].reverse().find((s) => s < scale - eps) ?? MIN_SCALE;
}

/** Screen pixels along each edge that floating controls cover (the toolbar on the left, say). */
export interface Insets {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

export const NO_INSETS: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

/** The part of the screen no control covers, less `padding` on each side (at least 1 px each way). */
function openArea(size: Size, padding: number, insets: Insets): Rect {
	const x = insets.left + padding;
	const y = insets.top + padding;
	return { x, y, w: Math.max(1, size.width - x - insets.right - padding), h: Math.max(1, size.height - y - insets.bottom - padding) };
}

/**
 * The viewport that shows `bounds` centred with `padding` screen pixels around it,
 * zoomed in no further than `maxScale`, in the part of the screen `insets` leave open.
 */
export function fitBounds(bounds: Rect, size: Size, padding = 48, maxScale = 1, insets: Insets = NO_INSETS): Viewport {
	const area = openArea(size, padding, insets);
	const scale = clampScale(Math.min(area.w / Math.max(bounds.w, 1), area.h / Math.max(bounds.h, 1), maxScale));
	const cx = bounds.x + bounds.w / 2;
	const cy = bounds.y + bounds.h / 2;
	return { x: cx - (area.x + area.w / 2) / scale, y: cy - (area.y + area.h / 2) / scale, scale };
}

/**
 * Like `fitBounds`, but never below `minScale` (READABLE_SCALE): an exercise too big to show whole at a
 * readable zoom is fitted to its width if that is readable, else shown at `minScale` from its top-left
 * corner (its title and first column), and the person pans for the rest. What a phone joining or
 * following lands on: notes with their text, never blank cards.
 * @example readableFit(frameRect, { width: 390, height: 700 }) // scale 0.5, the frame's top-left in view
 */
export function readableFit(
	bounds: Rect,
	size: Size,
	options: { padding?: number; maxScale?: number; minScale?: number; insets?: Insets } = {}
): Viewport {
	const { padding = 12, maxScale = 1, minScale = READABLE_SCALE, insets = NO_INSETS } = options;
	const whole = fitBounds(bounds, size, padding, maxScale, insets);
	if (whole.scale >= minScale) return whole;
	const area = openArea(size, padding, insets);
	const scale = clampScale(Math.max(minScale, Math.min(area.w / Math.max(bounds.w, 1), maxScale)));
	const widthFits = bounds.w * scale <= area.w + 0.5;
	const x = widthFits ? bounds.x + bounds.w / 2 - (area.x + area.w / 2) / scale : bounds.x - area.x / scale;
	return { x, y: bounds.y - area.y / scale, scale };
}

/** Pans (same scale) so that the board point is centred. */
export function centreOn(v: Viewport, point: Point, size: Size): Viewport {
	return { x: point.x - size.width / (2 * v.scale), y: point.y - size.height / (2 * v.scale), scale: v.scale };
}

/** Wheel deltas in pixels, whatever the deltaMode (0 pixels, 1 lines, 2 pages). */
export function wheelPixels(e: { deltaX: number; deltaY: number; deltaMode: number }, pageHeight: number): Point {
	const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? pageHeight : 1;
	return { x: e.deltaX * unit, y: e.deltaY * unit };
}

/**
 * Zoom factor for a ctrl/cmd+wheel or trackpad pinch (which browsers report as ctrl+wheel).
 * A pinch sends small deltas, a mouse notch about 100: the clamp keeps one notch to about 35%.
 */
export function wheelZoomFactor(deltaY: number): number {
	return Math.exp(-clamp(deltaY, -30, 30) * 0.01);
}

/**
 * Two-finger pinch: from the viewport and finger positions at the start, and the fingers now.
 * The board point under the starting midpoint stays under the current midpoint.
 */
export function pinchViewport(start: Viewport, a0: Point, b0: Point, a1: Point, b1: Point): Viewport {
	const d0 = Math.max(1, Math.hypot(b0.x - a0.x, b0.y - a0.y));
	const d1 = Math.hypot(b1.x - a1.x, b1.y - a1.y);
	const scale = clampScale((start.scale * d1) / d0);
	const m0 = { x: (a0.x + b0.x) / 2, y: (a0.y + b0.y) / 2 };
	const m1 = { x: (a1.x + b1.x) / 2, y: (a1.y + b1.y) / 2 };
	const anchor = screenToBoard(start, m0);
	return { x: anchor.x - m1.x / scale, y: anchor.y - m1.y / scale, scale };
}

/** Between two viewports at t in [0, 1], zooming geometrically and keeping the screen centre on a straight path. */
export function lerpViewport(a: Viewport, b: Viewport, t: number, size: Size): Viewport {
	const scale = a.scale * Math.pow(b.scale / a.scale, t);
	const ca = { x: a.x + size.width / (2 * a.scale), y: a.y + size.height / (2 * a.scale) };
	const cb = { x: b.x + size.width / (2 * b.scale), y: b.y + size.height / (2 * b.scale) };
	const cx = ca.x + (cb.x - ca.x) * t;
	const cy = ca.y + (cb.y - ca.y) * t;
	return { x: cx - size.width / (2 * scale), y: cy - size.height / (2 * scale), scale };
}

export function sameViewport(a: Viewport, b: Viewport): boolean {
	return Math.abs(a.x - b.x) < 1e-6 && Math.abs(a.y - b.y) < 1e-6 && Math.abs(a.scale - b.scale) < 1e-9;
}

/** Dot-grid spacing in board units: doubles until the dots are at least `minPixels` apart on screen. */
export function gridStep(scale: number, base = 24, minPixels = 16): number {
	let step = base;
	while (step * scale < minPixels) step *= 2;
	return step;
}

/** Zoom bands at which renderers change their level of detail (text too small to read is skipped). */
export const DETAIL_STEPS = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8] as const;

/**
 * The scale renderers draw for: the lower edge of the current band, or 1 from 0.8 up. Constant within a
 * band, so zooming re-renders every element only when a band boundary is crossed.
 */
export function detailScale(scale: number): number {
	if (scale >= 0.8) return 1;
	let band: number = DETAIL_STEPS[0];
	for (const step of DETAIL_STEPS) if (scale >= step) band = step;
	return band;
}
