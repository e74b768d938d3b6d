/**
 * Pure geometry of a "How might we" frame: a header (title, intro, the criteria for energy as
 * guidance) and three category columns side by side, each with a head. A card belongs to the column
 * its centre is in. Columns divide whatever width the frame has; the header keeps its height.
 */
import { clamp, containsPoint, intersects, type Point, type Rect } from '$lib/shared/geometry.js';
import { CATEGORIES, type Category } from './schema.js';

export const HEADER_H = 400;
export const COLUMN_HEAD_H = 90;
export const MARGIN = 24;
export const FRAME_SIZE = { w: 2520, h: 1700 } as const;
/** Inside a column, what slots keep from its edges and between neighbours. */
export const INSET = 20;
export const GAP = 20;

export interface Column {
	category: Category;
	/** The whole column including its head. */
	rect: Rect;
	head: Rect;
	/** Where cards go. */
	body: Rect;
}

export interface HowMightWeGeometry {
	frame: Rect;
	header: Rect;
	/** Left part of the header: title and intro. */
	intro: Rect;
	/** Right part of the header: the criteria for energy. */
	guidance: Rect;
	/** The three columns' union. */
	grid: Rect;
	columns: Column[];
}

/**
 * The geometry of `frame` (absolute board units; pass {x: 0, y: 0, w, h} for frame-local coordinates).
 * @example geometry(frame).columns[2].body // where "Across public + other sectors" cards go
 */
export function geometry(frame: Rect): HowMightWeGeometry {
	const header = { x: frame.x, y: frame.y, w: frame.w, h: HEADER_H };
	const introW = Math.round(frame.w * 0.52);
	const grid: Rect = {
		x: frame.x + MARGIN,
		y: frame.y + HEADER_H,
		w: Math.max(240, frame.w - 2 * MARGIN),
		h: Math.max(240, frame.h - HEADER_H - MARGIN)
	};
	const colW = grid.w / CATEGORIES.length;
	const columns = CATEGORIES.map((category, i) => {
		const rect = { x: grid.x + i * colW, y: grid.y, w: colW, h: grid.h };
		return {
			category,
			rect,
			head: { x: rect.x, y: rect.y, w: rect.w, h: COLUMN_HEAD_H },
			body: { x: rect.x, y: rect.y + COLUMN_HEAD_H, w: rect.w, h: Math.max(1, rect.h - COLUMN_HEAD_H) }
		};
	});
	return {
		frame: { ...frame },
		header,
		intro: { x: frame.x + MARGIN, y: frame.y, w: introW - MARGIN, h: HEADER_H },
		guidance: { x: frame.x + introW + MARGIN, y: frame.y, w: frame.w - introW - 2 * MARGIN, h: HEADER_H },
		grid,
		columns
	};
}

/** The column under a point, or null outside the columns (the header, the margin). */
export function columnAt(g: HowMightWeGeometry, p: Point): Column | null {
	if (!containsPoint(g.grid, p)) return null;
	const i = Math.min(CATEGORIES.length - 1, Math.floor((p.x - g.grid.x) / (g.grid.w / CATEGORIES.length)));
	return g.columns[i];
}

/**
 * A free place for a box of `size` in `area`: the first spot, reading left to right and top to bottom,
 * that overlaps nothing in `occupied`. A full column stacks new boxes slightly offset near its top, and
 * the box's centre always stays inside the area, so it belongs there.
 */
export function slotIn(area: Rect, size: { w: number; h: number }, occupied: readonly Rect[]): Point {
	const near = occupied.filter((r) => intersects(r, area));
	const maxX = area.x + area.w - INSET - size.w;
	const maxY = area.y + area.h - INSET - size.h;
	for (let y = area.y + INSET; y <= maxY; y += size.h + GAP) {
		for (let x = area.x + INSET; x <= maxX; x += size.w + GAP) {
			const padded = { x: x - GAP / 2, y: y - GAP / 2, w: size.w + GAP, h: size.h + GAP };
			if (!near.some((r) => intersects(r, padded))) return { x: Math.round(x), y: Math.round(y) };
		}
	}
	const n = near.length % 8;
	const cx = clamp(area.x + INSET + n * 24 + size.w / 2, area.x + 1, area.x + area.w - 1);
	const cy = clamp(area.y + INSET + n * 24 + size.h / 2, area.y + 1, area.y + area.h - 1);
	return { x: Math.round(cx - size.w / 2), y: Math.round(cy - size.h / 2) };
}
