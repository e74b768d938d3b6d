/**
 * Ring geometry, pure and deterministic. The rings are concentric ellipses scaled to the frame (less a
 * legend column on the right of wide frames); ring k is the band between k/n and (k+1)/n of the outer
 * radii, ring 0 the centre disc. A point beyond the outer ellipse (a frame corner) counts as the
 * outermost ring, so everything in the frame has a ring.
 */
import type { Point, Rect } from '$lib/shared/geometry.js';
import { intersects } from '$lib/shared/geometry.js';

export const LEGEND_W = 400;
/** Frames narrower than this draw no legend column (the panel still has the legend). */
export const LEGEND_MIN_FRAME_W = 1400;
export const RING_MARGIN = 30;
export const RING_LABEL_SIZE = 24;
export const CENTRE_LABEL_SIZE = 30;
/** Space kept between arranged elements. */
export const GAP = 10;

export interface RingGeometry {
	cx: number;
	cy: number;
	rx: number;
	ry: number;
	count: number;
	frame: Rect;
	/** The legend column (empty width when the frame is too narrow for one). */
	legend: Rect;
}

export function ringGeometry(frame: Rect, count: number): RingGeometry {
	const legendW = frame.w >= LEGEND_MIN_FRAME_W ? LEGEND_W : 0;
	const areaW = frame.w - legendW;
	return {
		cx: frame.x + areaW / 2,
		cy: frame.y + frame.h / 2,
		rx: Math.max(10, areaW / 2 - RING_MARGIN),
		ry: Math.max(10, frame.h / 2 - RING_MARGIN),
		count,
		frame: { x: frame.x, y: frame.y, w: frame.w, h: frame.h },
		legend: { x: frame.x + areaW, y: frame.y, w: legendW, h: frame.h }
	};
}

/** How far out `p` is: 0 at the centre, 1 on the outer ellipse. */
export function normRadius(g: RingGeometry, p: Point): number {
	return Math.hypot((p.x - g.cx) / g.rx, (p.y - g.cy) / g.ry);
}

/** The angle of `p` around the centre in the rings' own (circular) space, in [-π, π]. */
export function angleOf(g: RingGeometry, p: Point): number {
	return Math.atan2((p.y - g.cy) / g.ry, (p.x - g.cx) / g.rx);
}

/** The ring a point is in: 0 for the centre disc, count-1 for the outer band and beyond. */
export function ringAt(g: RingGeometry, p: Point): number {
	return Math.min(g.count - 1, Math.floor(normRadius(g, p) * g.count));
}

/** The point in ring `ring`, `t` of the way across its band (0 inner edge, 1 outer), at `angle`. */
export function pointIn(g: RingGeometry, ring: number, t: number, angle: number): Point {
	const r = (ring + t) / g.count;
	return { x: g.cx + g.rx * r * Math.cos(angle), y: g.cy + g.ry * r * Math.sin(angle) };
}

/** Outer radii of ring `ring`'s boundary ellipse. */
export function ringRadii(g: RingGeometry, ring: number): { rx: number; ry: number } {
	const f = (ring + 1) / g.count;
	return { rx: g.rx * f, ry: g.ry * f };
}

/** Roughly how wide a label is (the chrome and the SVG use the same fonts; a little slack is fine). */
export function labelWidth(text: string, size: number): number {
	return text.length * size * 0.68 + 24;
}

/** Where each ring's name is drawn: ring 0's at the centre, the others at the top of their band. */
export function ringLabelRects(g: RingGeometry, names: readonly string[]): Rect[] {
	return names.slice(0, g.count).map((name, k) => {
		const size = k === 0 ? CENTRE_LABEL_SIZE : RING_LABEL_SIZE;
		const w = Math.min(labelWidth(name, size), 2 * ringRadii(g, k).rx);
		const h = size * 1.4;
		const c = k === 0 ? { x: g.cx, y: g.cy } : pointIn(g, k, 0.5, -Math.PI / 2);
		return { x: c.x - w / 2, y: c.y - h / 2, w, h };
	});
}

const inside = (outer: Rect, r: Rect) =>
	r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w && r.y + r.h <= outer.y + outer.h;
const grow = (r: Rect, by: number): Rect => ({ x: r.x - by, y: r.y - by, w: r.w + 2 * by, h: r.h + 2 * by });

/** Candidate centres in a ring, best first: the middle of the band, then nearer each edge. */
function tracks(ring: number): number[] {
	return ring === 0 ? [0.62, 0.85] : [0.5, 0.3, 0.7];
}
const STEPS = 144;

export interface Candidate {
	rect: Rect;
	angle: number;
	track: number;
	/** How much of the box (not just its centre) is inside the ring's band: more is better, so chips do not straddle ring lines. */
	share: number;
}

/** How much of the box is in the ring's band: the share of a 4×4 grid of its points (1 = all of it). */
function shareIn(g: RingGeometry, ring: number, r: Rect): number {
	let n = 0;
	for (let i = 0; i < 4; i++)
		for (let j = 0; j < 4; j++) {
			const p = { x: r.x + (r.w * i) / 3, y: r.y + (r.h * j) / 3 };
			if (ringAt(g, p) === ring && (ring < g.count - 1 || normRadius(g, p) <= 1)) n++;
		}
	return n / 16;
}

/** Every place a box of `size` could sit in `ring`: inside the frame (clear of the legend), its centre in the ring. */
export function candidates(g: RingGeometry, ring: number, size: { w: number; h: number }): Candidate[] {
	const out: Candidate[] = [];
	const area = { ...g.frame, w: g.frame.w - g.legend.w };
	tracks(ring).forEach((t, track) => {
		for (let i = 0; i < STEPS; i++) {
			// Start just right of the top, where the ring's name is, and go clockwise.
			const angle = -Math.PI / 2 + (2 * Math.PI * (i + 0.5)) / STEPS;
			const c = pointIn(g, ring, t, angle);
			const rect = { x: Math.round(c.x - size.w / 2), y: Math.round(c.y - size.h / 2), w: size.w, h: size.h };
			if (!inside(grow(area, -4), rect)) continue;
			if (ringAt(g, { x: rect.x + size.w / 2, y: rect.y + size.h / 2 }) !== ring) continue;
			out.push({ rect, angle, track, share: shareIn(g, ring, rect) });
		}
	});
	return out;
}

const free = (r: Rect, taken: readonly Rect[]) => !taken.some((o) => intersects(grow(r, GAP / 2), grow(o, GAP / 2)));

/**
 * A free top-left for a box of `size` in `ring`, clear of `occupied` and the ring names. When the ring
 * is full it still returns a place in the ring (overlapping), never outside it.
 */
export function slotInRing(
	g: RingGeometry,
	names: readonly string[],
	ring: number,
	size: { w: number; h: number },
	occupied: readonly Rect[]
): Point {
	const taken = [...ringLabelRects(g, names), ...occupied];
	const all = candidates(g, ring, size);
	const best = Math.max(0, ...all.map((c) => c.share));
	const hit =
		all.find((c) => c.share >= Math.min(1, best) && free(c.rect, taken)) ??
		all.find((c) => c.share >= 0.75 && free(c.rect, taken)) ??
		all.find((c) => free(c.rect, taken)) ??
		all[0];
	if (hit) return { x: hit.rect.x, y: hit.rect.y };
	const c = pointIn(g, ring, 0.5, Math.PI / 2);
	return { x: Math.round(c.x - size.w / 2), y: Math.round(c.y - size.h / 2) };
}

export interface Placeable {
	id: string;
	x: number;
	y: number;
	w: number;
	h: number;
}

const angularDistance = (a: number, b: number) => {
	const d = Math.abs(a - b) % (2 * Math.PI);
	return Math.min(d, 2 * Math.PI - d);
};

/**
 * "Arrange": spreads the boxes evenly round their rings without overlaps, keeping each in the ring it
 * is in and in its order round the ring. Pure and deterministic (ties break by id); boxes that cannot
 * be placed clear of the others (a very full ring) stay where they are.
 */
export function arrangeInRings(
	g: RingGeometry,
	names: readonly string[],
	boxes: readonly Placeable[],
	obstacles: readonly Rect[] = [],
	/** Where round its ring a box should go (radians, 0 = right, clockwise); default: evenly spread. */
	targets: ReadonlyMap<string, number> = new Map()
): Map<string, Point> {
	const result = new Map<string, Point>();
	const taken: Rect[] = [...ringLabelRects(g, names), ...obstacles];
	const centre = (b: Placeable) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
	for (let ring = 0; ring < g.count; ring++) {
		const here = boxes
			.filter((b) => ringAt(g, centre(b)) === ring)
			.map((b) => ({ b, angle: normAngle(angleOf(g, centre(b))) }))
			.sort((p, q) => p.angle - q.angle || (p.b.id < q.b.id ? -1 : 1));
		const m = here.length;
		here.forEach(({ b }, i) => {
			const target = targets.get(b.id) ?? -Math.PI / 2 + (2 * Math.PI * (i + 0.5)) / Math.max(1, m);
			const cost = (c: Candidate) => angularDistance(c.angle, target) + c.track * 0.1 + (1 - c.share) * 3;
			const options = candidates(g, ring, b).filter((c) => free(c.rect, taken));
			options.sort((p, q) => cost(p) - cost(q));
			const best = options[0];
			const rect = best ? best.rect : { x: b.x, y: b.y, w: b.w, h: b.h };
			taken.push(rect);
			result.set(b.id, { x: rect.x, y: rect.y });
		});
	}
	return result;
}

/** An angle measured clockwise from the top, in [0, 2π): the order people read round a ring. */
function normAngle(a: number): number {
	const t = a + Math.PI / 2;
	return ((t % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
}

/**
 * Where a point goes when the number of rings changes: same angle, same ring (or the new outermost
 * ring, if its ring is gone), same relative depth in the band.
 */
export function rebandPoint(from: RingGeometry, to: RingGeometry, p: Point): Point {
	const r = normRadius(from, p);
	const ring = ringAt(from, p);
	const t = r >= 1 ? 0.5 : Math.min(0.9, Math.max(0.1, r * from.count - ring));
	return pointIn(to, Math.min(ring, to.count - 1), t, angleOf(from, p));
}
