/** Plain geometry over board coordinates. Pure; no DOM, no Konva. */
export interface Point {
	x: number;
	y: number;
}
export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}

export function rectCenter(r: Rect): Point {
	return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

export function containsPoint(r: Rect, p: Point): boolean {
	return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
}

export function intersects(a: Rect, b: Rect): boolean {
	return a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;
}

/** Normalises a rectangle drawn from any corner (e.g. a marquee dragged up-left). */
export function rectFromPoints(a: Point, b: Point): Rect {
	return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

/** The smallest rectangle holding every rect, or null for none. */
export function boundsOf(rects: readonly Rect[]): Rect | null {
	if (rects.length === 0) return null;
	let x1 = Infinity,
		y1 = Infinity,
		x2 = -Infinity,
		y2 = -Infinity;
	for (const r of rects) {
		x1 = Math.min(x1, r.x);
		y1 = Math.min(y1, r.y);
		x2 = Math.max(x2, r.x + r.w);
		y2 = Math.max(y2, r.y + r.h);
	}
	return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

/**
 * Where the segment from the centre of `r` towards `toward` leaves `r`.
 * Connectors end on a box's edge, not at its centre, so arrowheads stay visible.
 */
export function edgePoint(r: Rect, toward: Point): Point {
	const c = rectCenter(r);
	const dx = toward.x - c.x;
	const dy = toward.y - c.y;
	if (dx === 0 && dy === 0) return c;
	const sx = dx === 0 ? Infinity : r.w / 2 / Math.abs(dx);
	const sy = dy === 0 ? Infinity : r.h / 2 / Math.abs(dy);
	const s = Math.min(sx, sy);
	return { x: c.x + dx * s, y: c.y + dy * s };
}

export function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

/** How high a connector from a box to itself arches above the box. */
export const SELF_LOOP_HEIGHT = 64;

/**
 * A connector from a box to itself: a quadratic arch over the box's top edge, leaving at 30% of its
 * width and coming back at 70% (the arrowhead points down into the box). `mid` is the arch's apex.
 */
export function selfLoopCurve(box: Rect): { a: Point; control: Point; b: Point; mid: Point } {
	const a = { x: box.x + box.w * 0.3, y: box.y };
	const b = { x: box.x + box.w * 0.7, y: box.y };
	const control = { x: box.x + box.w / 2, y: box.y - 2 * SELF_LOOP_HEIGHT };
	return { a, control, b, mid: { x: control.x, y: box.y - SELF_LOOP_HEIGHT } };
}
