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
export function arrangeDiagram(frame: Rect, boxes: readonly (Rect & { id: string })[], links: readonly { from: string; to: string }[]): Map<string, Point> {
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
		.force('link', forceLink<Node, { source: string; target: string }>(edges).id((d) => d.id).distance(radius * 3.4))
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

/** Where a loop's label goes: centred on the mean of its members' centres (inside a loop drawn round). */
export function loopLabelAt(members: readonly Rect[], size: { w: number; h: number }): Point {
	const centres = members.map(rectCenter);
	const x = centres.reduce((s, p) => s + p.x, 0) / Math.max(1, centres.length);
	const y = centres.reduce((s, p) => s + p.y, 0) / Math.max(1, centres.length);
	return { x: Math.round(x - size.w / 2), y: Math.round(y - size.h / 2) };
}
