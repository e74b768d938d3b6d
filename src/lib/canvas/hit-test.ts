/**
 * Pointer and marquee hit-testing over plain shapes, in board coordinates. Pure: the scene builds the
 * shapes from the elements, so the content layer never needs a Konva hit canvas (it is `listening: false`).
 *
 * Frames are hit only on their title or border, never on their body: a click or a marquee inside a frame
 * acts on the board, the way people expect on a workshop board full of big frames.
 */
import { containsPoint, edgePoint, intersects, rectCenter, type Point, type Rect } from '$lib/shared/geometry.js';

export type HitShape =
	| { id: string; kind: 'box'; rect: Rect }
	| { id: string; kind: 'frame'; rect: Rect; title: Rect }
	| { id: string; kind: 'line'; a: Point; b: Point; /** A bowed connector's quadratic control point. */ control?: Point };

export type HitPart = 'body' | 'title' | 'border' | 'line';
export interface Hit {
	id: string;
	part: HitPart;
}

/** The two ends of a connector: where the line between the box centres leaves each box. */
export function connectorPoints(from: Rect, to: Rect): [Point, Point] {
	return [edgePoint(from, rectCenter(to)), edgePoint(to, rectCenter(from))];
}

/** Segments of a line shape: one for a straight connector, 16 along a bowed (quadratic) one. */
export function lineSegments(s: { a: Point; b: Point; control?: Point }): [Point, Point][] {
	const { a, b, control } = s;
	if (!control) return [[a, b]];
	const steps = 16;
	const out: [Point, Point][] = [];
	let prev = a;
	for (let i = 1; i <= steps; i++) {
		const t = i / steps;
		const u = 1 - t;
		const next = { x: u * u * a.x + 2 * u * t * control.x + t * t * b.x, y: u * u * a.y + 2 * u * t * control.y + t * t * b.y };
		out.push([prev, next]);
		prev = next;
	}
	return out;
}

export function distanceToSegment(p: Point, a: Point, b: Point): number {
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	const len2 = dx * dx + dy * dy;
	const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
	return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Whether the segment a→b touches the rectangle (Liang–Barsky clipping). */
export function segmentIntersectsRect(a: Point, b: Point, r: Rect): boolean {
	let t0 = 0;
	let t1 = 1;
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	const edges: [number, number][] = [
		[-dx, a.x - r.x],
		[dx, r.x + r.w - a.x],
		[-dy, a.y - r.y],
		[dy, r.y + r.h - a.y]
	];
	for (const [p, q] of edges) {
		if (p === 0) {
			if (q < 0) return false;
			continue;
		}
		const t = q / p;
		if (p < 0) t0 = Math.max(t0, t);
		else t1 = Math.min(t1, t);
		if (t0 > t1) return false;
	}
	return true;
}

function containsRect(outer: Rect, inner: Rect): boolean {
	return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

function nearBorder(r: Rect, p: Point, tolerance: number): boolean {
	const outer = { x: r.x - tolerance, y: r.y - tolerance, w: r.w + 2 * tolerance, h: r.h + 2 * tolerance };
	const inner = { x: r.x + tolerance, y: r.y + tolerance, w: r.w - 2 * tolerance, h: r.h - 2 * tolerance };
	return containsPoint(outer, p) && !(inner.w > 0 && inner.h > 0 && containsPoint(inner, p));
}

/**
 * The topmost element under `p`. `shapes` are in z-order, bottom first; everything that is not a frame
 * is drawn above every frame, so it is tested first. `tolerance` is in board units (a few screen pixels).
 */
export function hitTest(shapes: readonly HitShape[], p: Point, tolerance: number): Hit | null {
	for (let i = shapes.length - 1; i >= 0; i--) {
		const s = shapes[i];
		if (s.kind === 'box' && containsPoint(s.rect, p)) return { id: s.id, part: 'body' };
		if (s.kind === 'line' && lineSegments(s).some(([a, b]) => distanceToSegment(p, a, b) <= tolerance)) return { id: s.id, part: 'line' };
	}
	for (let i = shapes.length - 1; i >= 0; i--) {
		const s = shapes[i];
		if (s.kind !== 'frame') continue;
		if (containsPoint(s.title, p)) return { id: s.id, part: 'title' };
		if (nearBorder(s.rect, p, tolerance)) return { id: s.id, part: 'border' };
	}
	return null;
}

/** The topmost box (frames by their whole body) containing `p`, other than `exclude`: a connector's target. */
export function boxAt(shapes: readonly HitShape[], p: Point, exclude?: string): string | null {
	for (let i = shapes.length - 1; i >= 0; i--) {
		const s = shapes[i];
		if (s.kind === 'box' && s.id !== exclude && containsPoint(s.rect, p)) return s.id;
	}
	for (let i = shapes.length - 1; i >= 0; i--) {
		const s = shapes[i];
		if (s.kind === 'frame' && s.id !== exclude && (containsPoint(s.rect, p) || containsPoint(s.title, p))) return s.id;
	}
	return null;
}

/**
 * What a marquee selects: boxes it touches, connectors it crosses, and frames it holds entirely
 * (so a marquee drawn inside a frame selects the notes, not the frame).
 */
export function marqueeHits(shapes: readonly HitShape[], marquee: Rect): string[] {
	const out: string[] = [];
	for (const s of shapes) {
		if (s.kind === 'box' && intersects(s.rect, marquee)) out.push(s.id);
		else if (s.kind === 'frame' && containsRect(marquee, s.rect)) out.push(s.id);
		else if (s.kind === 'line' && lineSegments(s).some(([a, b]) => segmentIntersectsRect(a, b, marquee))) out.push(s.id);
	}
	return out;
}
