/**
 * Pure geometry for a causal-loop frame: a free slot for a new variable, "Arrange" (a force layout,
 * deterministic) and where a loop's label goes (inside the loop, at its members' centroid).
 */
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3-force';
import { clamp, intersects, rectCenter, type Point, type Rect } from '$lib/shared/geometry.js';
import { VARIABLE_SIZE } from './schema.js';

export const FRAME_SIZE = { w: 2400, h: 1500 } as const;
/** Kept clear along the frame's edges. */
export const INSET = 60;
const GAP = 28;
const STEP = 40;

/**
 * The first place (reading order, on a 40-unit grid) where a box of `size` fits in `frame` without
 * touching `occupied`; the frame's centre if the frame is full.
 * @example slotIn(frame, VARIABLE_SIZE, variables)
 */
export function slotIn(frame: Rect, size: { w: number; h: number }, occupied: readonly Rect[]): Point {
	const grown = occupied.map((r) => ({ x: r.x - GAP, y: r.y - GAP, w: r.w + 2 * GAP, h: r.h + 2 * GAP }));
	for (let y = frame.y + INSET; y + size.h <= frame.y + frame.h - INSET; y += STEP) {
		for (let x = frame.x + INSET; x + size.w <= frame.x + frame.w - INSET; x += STEP) {
			const box = { x, y, ...size };
			if (!grown.some((r) => intersects(r, box))) return { x, y };
		}
	}
	return { x: Math.round(frame.x + (frame.w - size.w) / 2), y: Math.round(frame.y + (frame.h - size.h) / 2) };
}

interface Node extends SimulationNodeDatum {
	id: string;
	w: number;
	h: number;
}

/** Ticks of the simulation: fixed, so the same diagram always arranges the same way. */
export const TICKS = 300;

/**
 * "Arrange": spreads the variables so links are short, loops open up and nothing overlaps, starting
 * from where they are now (so a second Arrange refines rather than reshuffles). d3-force 3 jiggles
 * coincident nodes with its own fixed-seed generator, so the result is deterministic; no Math.random.
 * Returns new top-left positions, kept inside the frame.
 */
export function arrangeDiagram(
	frame: Rect,
	boxes: readonly (Rect & { id: string })[],
	links: readonly { from: string; to: string }[]
): Map<string, Point> {
	// Ordered by position, not id: the simulation's result depends on node order, and a copy of a
	// diagram (fresh ids, same places) must arrange the same way.
	const nodes: Node[] = [...boxes]
		.sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : 1))
		.map((b) => ({ id: b.id, x: b.x + b.w / 2, y: b.y + b.h / 2, w: b.w, h: b.h }));
	const rank = new Map(nodes.map((n, i) => [n.id, i]));
	const edges = links
		.filter((l) => rank.has(l.from) && rank.has(l.to) && l.from !== l.to)
		.map((l) => ({ source: l.from, target: l.to }))
		.sort((a, b) => rank.get(a.source)! - rank.get(b.source)! || rank.get(a.target)! - rank.get(b.target)!);
	const centre = rectCenter(frame);
	const radius = Math.hypot(VARIABLE_SIZE.w, VARIABLE_SIZE.h) / 2 + GAP;
	const simulation = forceSimulation(nodes)
		.force(
			'link',
			forceLink<Node, { source: string; target: string }>(edges)
				.id((d) => d.id)
				.distance(radius * 3.4)
		)
		.force('charge', forceManyBody().strength(-3600))
		.force('collide', forceCollide<Node>((d) => Math.hypot(d.w, d.h) / 2 + GAP).iterations(2))
		.force('x', forceX(centre.x).strength(0.04))
		.force('y', forceY(centre.y).strength(0.06))
		.force('centre', forceCenter(centre.x, centre.y))
		.stop();
	simulation.tick(TICKS);
	return new Map(
		nodes.map((n) => [
			n.id,
			{
				x: Math.round(clamp(n.x! - n.w / 2, frame.x + INSET, frame.x + frame.w - INSET - n.w)),
				y: Math.round(clamp(n.y! - n.h / 2, frame.y + INSET, frame.y + frame.h - INSET - n.h))
			}
		])
	);
}

/** The most loops labelled on the canvas and in the picture (the shortest first); the panel lists them all. */
export const MAX_LOOP_LABELS = 40;
/** A loop label's disc, in board units (its text grows when the view zooms far out). */
export const LOOP_LABEL_R = 34;
/** Candidate places tried for all of a diagram's labels together (see placeLoopLabels). */
export const LABEL_BUDGET = 2500;
/**
 * A candidate is checked against every box and sign near its loop, and against the loop's polygon: up to
 * this many of those together cost one candidate of the budget, each further this many one more. A workshop's diagram never has that many near one
 * label; a crowded 2,000-variable one spends its budget sooner instead of checking 2,500 candidates
 * against thousands of boxes each (150 ms at 2,000 variables and 10,000 links before).
 */
export const NEAR_PER_CANDIDATE = 64;
/** A loop's name under its label: font size and widest strip (board units). */
export const LOOP_NAME_SIZE = 18;
export const LOOP_NAME_W = 280;
const CLEAR = 8;

export interface LoopLabelPlace {
	key: string;
	code: string;
	name: string | null;
	type: 'R' | 'B';
	/** The disc's centre, board units. */
	x: number;
	y: number;
	r: number;
}

/** Whether `p` is inside the polygon `poly` (even-odd rule). */
export function insidePolygon(p: Point, poly: readonly Point[]): boolean {
	let inside = false;
	for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
		const a = poly[i];
		const b = poly[j];
		if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
	}
	return inside;
}

/** Whether a disc at `c` of radius `r` touches the rectangle `box`. */
function discTouches(c: Point, r: number, box: Rect): boolean {
	const dx = c.x - clamp(c.x, box.x, box.x + box.w);
	const dy = c.y - clamp(c.y, box.y, box.y + box.h);
	return dx * dx + dy * dy < r * r;
}

/** The strip under a label's disc where its name is written (board units; empty without a name). */
export function loopNameRect(at: Point, r: number, name: string | null): Rect | null {
	if (!name) return null;
	const w = Math.min(LOOP_NAME_W, name.length * LOOP_NAME_SIZE * 0.62 + 16);
	return { x: at.x - w / 2, y: at.y + r + 4, w, h: LOOP_NAME_SIZE * 1.5 };
}

/**
 * Where each loop's label goes, the same on every screen and in the picture: inside the loop (at its
 * members' centroid, or the nearest point to it that is inside the polygon of their centres), with its
 * disc and its name clear of every box in the frame, of `obstacles` (the links' signs) and of the labels
 * placed before it, inside the frame. Candidates spiral out from the centroid in a fixed order, so the
 * result depends only on the diagram. Pure.
 * @example placeLoopLabels(analysis.loops, boxesById, frame, signs)
 */
/** Spiral rings of candidates around a loop's centre, and their step (see placeLoopLabels). */
const RINGS = 7;
const RING_STEP = LOOP_LABEL_R * 0.9;
/** How far from its loop's centre a label's disc or name can reach: boxes and signs beyond it never matter. */
export const LABEL_REACH = RINGS * RING_STEP + LOOP_LABEL_R + CLEAR + LOOP_NAME_W / 2;

/** The centre of a loop's members' boxes (null when none of them has a box). */
function loopCentre(members: readonly string[], boxes: ReadonlyMap<string, Rect>): Point | null {
	let [x, y, n] = [0, 0, 0];
	for (const id of members) {
		const box = boxes.get(id);
		if (!box) continue;
		const c = rectCenter(box);
		x += c.x;
		y += c.y;
		n++;
	}
	return n ? { x: x / n, y: y / n } : null;
}

/**
 * Where the labels `placeLoopLabels` places can reach, one rectangle per labelled loop: an obstacle that
 * touches none of them cannot change a label's place, so a big diagram's callers need not build the rest.
 */
export function labelRegions(
	loops: readonly { members: readonly string[] }[],
	boxes: ReadonlyMap<string, Rect>,
	max = MAX_LOOP_LABELS
): Rect[] {
	const out: Rect[] = [];
	for (const loop of loops.slice(0, max)) {
		const c = loopCentre(loop.members, boxes);
		if (c) out.push({ x: c.x - LABEL_REACH, y: c.y - LABEL_REACH, w: 2 * LABEL_REACH, h: 2 * LABEL_REACH });
	}
	return out;
}

export function placeLoopLabels(
	loops: readonly LabelledLoop[],
	boxes: ReadonlyMap<string, Rect>,
	frame: Rect,
	obstacles: readonly Rect[] = [],
	max = MAX_LOOP_LABELS
): LoopLabelPlace[] {
	return placeLabelsAmong(
		loops,
		boxes,
		frame,
		(c) => {
			const near: Rect[] = [];
			for (const b of boxes.values()) if (nearLabel(c, b)) near.push(b);
			for (const b of obstacles) if (nearLabel(c, b)) near.push(b);
			return near;
		},
		max
	);
}

/** A loop as placeLoopLabels takes it. */
export type LabelledLoop = { key: string; code: string; name: string | null; type: 'R' | 'B'; members: readonly string[] };

/**
 * Whether a box or sign can matter to a label whose loop's centre is `c`: it reaches into the square of
 * LABEL_REACH around it. (Strict, as `intersects`.)
 */
export function nearLabel(c: Point, b: Rect): boolean {
	const reach = LABEL_REACH;
	return b.x < c.x + reach && b.x + b.w > c.x - reach && b.y < c.y + reach && b.y + b.h > c.y - reach;
}

/**
 * `placeLoopLabels` with the boxes and signs near each loop's centre given by `nearby` (every box and sign for
 * which `nearLabel(centre, it)` holds, each once, in any order): live-marks.ts answers from grids by position
 * instead of scanning every box and sign for every loop. The same places for the same obstacles.
 */
export function placeLabelsAmong(
	loops: readonly LabelledLoop[],
	boxes: ReadonlyMap<string, Rect>,
	frame: Rect,
	nearby: (centre: Point) => readonly Rect[],
	max = MAX_LOOP_LABELS
): LoopLabelPlace[] {
	const r = LOOP_LABEL_R;
	const step = RING_STEP;
	const rings = RINGS;
	// A fixed budget of candidates for the whole diagram keeps a dense one inside a frame's time (once
	// spent, the remaining labels go to their centroids): the same budget everywhere, so the same places.
	let budget = LABEL_BUDGET;
	const placed: { disc: Point; name: Rect | null }[] = [];
	const out: LoopLabelPlace[] = [];
	const grow = (b: Rect) => ({ x: b.x - CLEAR, y: b.y - CLEAR, w: b.w + 2 * CLEAR, h: b.h + 2 * CLEAR });
	for (const loop of loops.slice(0, max)) {
		// The members' centres, and their centroid (summed in the members' order, as loopCentre does).
		const centres: Point[] = [];
		let [sx, sy] = [0, 0];
		for (const id of loop.members) {
			const b = boxes.get(id);
			if (!b) continue;
			const m = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
			sx += m.x;
			sy += m.y;
			centres.push(m);
		}
		if (centres.length === 0) continue;
		const c = { x: sx / centres.length, y: sy / centres.length };
		const near = nearby(c);
		// A long loop's polygon is checked at every candidate too.
		const cost = 1 + Math.floor((near.length + (centres.length >= 3 ? centres.length : 0)) / NEAR_PER_CANDIDATE);
		const free = (p: Point) => {
			if (p.x - r < frame.x || p.x + r > frame.x + frame.w || p.y - r < frame.y || p.y + r > frame.y + frame.h) return false;
			const name = loopNameRect(p, r, loop.name);
			if (near.some((b) => discTouches(p, r + CLEAR, b) || (name && intersects(grow(b), name)))) return false;
			return !placed.some(
				(q) =>
					Math.hypot(q.disc.x - p.x, q.disc.y - p.y) < 2 * r + CLEAR ||
					(q.name && (discTouches(p, r + CLEAR, q.name) || (name && intersects(grow(q.name), name)))) ||
					(name && discTouches(q.disc, r + CLEAR, name))
			);
		};
		const polygon = centres.length >= 3 ? centres : null;
		const inLoop = (p: Point) => !polygon || insidePolygon(p, polygon);
		let best: Point | null = null;
		let fallback: Point | null = null;
		search: for (let k = 0; k <= rings; k++) {
			const count = k === 0 ? 1 : 8 * k;
			for (let i = 0; i < count; i++) {
				if (budget <= 0) break search;
				budget -= cost;
				const angle = -Math.PI / 2 + (2 * Math.PI * i) / count;
				const p = { x: c.x + k * step * Math.cos(angle), y: c.y + k * step * Math.sin(angle) };
				if (!free(p)) continue;
				if (inLoop(p)) {
					best = p;
					break search;
				}
				fallback ??= p;
			}
		}
		const at = best ?? fallback ?? c;
		const x = Math.round(at.x);
		const y = Math.round(at.y);
		placed.push({ disc: { x, y }, name: loopNameRect({ x, y }, r, loop.name) });
		out.push({ key: loop.key, code: loop.code, name: loop.name, type: loop.type, x, y, r });
	}
	return out;
}
