/**
 * Pure geometry of an Iceberg frame: a header (title), a column head (Drivers | Barriers), a label
 * column on the left (layer names and prompts) and a grid of 4 layers × 2 columns. Cells divide whatever
 * size the frame has; the header and label column keep their size. Everything here is deterministic.
 */
import { clamp, containsPoint, intersects, type Point, type Rect } from '$lib/shared/geometry.js';
import { COLUMNS, type Column, type Layer } from './schema.js';

export const HEADER_H = 128;
export const COLUMN_HEAD_H = 96;
export const LABEL_W = 460;
export const MARGIN = 24;
export const ROW_H = 400;
/** A new exercise's frame: rows of 400 and cells about 780 wide hold six notes each. */
export const FRAME_SIZE = { w: 2040, h: HEADER_H + COLUMN_HEAD_H + 4 * ROW_H + MARGIN };
/** Inside a cell, what slots keep from its edges and between neighbours. */
export const INSET = 16;
export const GAP = 16;

export interface Cell {
	layer: Layer;
	column: Column;
	rect: Rect;
}

export interface IcebergGeometry {
	frame: Rect;
	header: Rect;
	columnHead: Rect;
	/** The 8 cells' union: where a note gets a layer and column. */
	grid: Rect;
	/** Full-width band of each layer (index 0 is layer 1), including its label. */
	bands: Rect[];
	/** The label area of each layer, left of the grid. */
	labels: Rect[];
	/** Reading order: layer 1 drivers, layer 1 barriers, layer 2 drivers, … */
	cells: Cell[];
	/** The waterline: the bottom of layer 1. */
	waterY: number;
}

/**
 * The geometry of `frame` (absolute board units; pass {x:0, y:0, w, h} for frame-local coordinates).
 * @example geometry(frame).cells[0].rect // Events & Experiences, Drivers
 */
export function geometry(frame: Rect): IcebergGeometry {
	const top = frame.y + HEADER_H + COLUMN_HEAD_H;
	const grid: Rect = {
		x: frame.x + LABEL_W,
		y: top,
		w: Math.max(160, frame.w - LABEL_W - MARGIN),
		h: Math.max(160, frame.h - HEADER_H - COLUMN_HEAD_H - MARGIN)
	};
	const rowH = grid.h / 4;
	const colW = grid.w / 2;
	const bands: Rect[] = [];
	const labels: Rect[] = [];
	const cells: Cell[] = [];
	for (let i = 0; i < 4; i++) {
		const y = grid.y + i * rowH;
		bands.push({ x: frame.x, y, w: frame.w, h: i === 3 ? frame.y + frame.h - y : rowH });
		labels.push({ x: frame.x, y, w: LABEL_W, h: rowH });
		COLUMNS.forEach((column, c) => cells.push({ layer: (i + 1) as Layer, column, rect: { x: grid.x + c * colW, y, w: colW, h: rowH } }));
	}
	return {
		frame: { ...frame },
		header: { x: frame.x, y: frame.y, w: frame.w, h: HEADER_H },
		columnHead: { x: grid.x, y: frame.y + HEADER_H, w: grid.w, h: COLUMN_HEAD_H },
		grid,
		bands,
		labels,
		cells,
		waterY: grid.y + rowH
	};
}

/** The cell under a point, or null outside the grid (the header, the label column, the margin). */
export function cellAt(g: IcebergGeometry, p: Point): Cell | null {
	if (!containsPoint(g.grid, p)) return null;
	const row = Math.min(3, Math.floor((p.y - g.grid.y) / (g.grid.h / 4)));
	const col = Math.min(1, Math.floor((p.x - g.grid.x) / (g.grid.w / 2)));
	return g.cells[row * 2 + col];
}

export function cellOf(g: IcebergGeometry, layer: number, column: string): Cell | undefined {
	return g.cells.find((c) => c.layer === layer && c.column === column);
}

/**
 * A free place for a box of `size` in `cell`: the first spot, reading left to right and top to bottom,
 * that overlaps nothing in `occupied`. A full cell stacks new boxes slightly offset near its top-left,
 * and the box's centre always stays inside the cell, so it belongs there.
 */
export function slotInCell(cell: Rect, size: { w: number; h: number }, occupied: readonly Rect[]): Point {
	const near = occupied.filter((r) => intersects(r, cell));
	const maxX = cell.x + cell.w - INSET - size.w;
	const maxY = cell.y + cell.h - INSET - size.h;
	for (let y = cell.y + INSET; y <= maxY; y += size.h + GAP) {
		for (let x = cell.x + INSET; x <= maxX; x += size.w + GAP) {
			const box = { x, y, w: size.w, h: size.h };
			const padded = { x: x - GAP / 2, y: y - GAP / 2, w: size.w + GAP, h: size.h + GAP };
			if (!near.some((r) => intersects(r, padded))) return { x: Math.round(box.x), y: Math.round(box.y) };
		}
	}
	const n = near.length % 8;
	const cx = clamp(cell.x + INSET + n * 24 + size.w / 2, cell.x + 1, cell.x + cell.w - 1);
	const cy = clamp(cell.y + INSET + n * 24 + size.h / 2, cell.y + 1, cell.y + cell.h - 1);
	return { x: Math.round(cx - size.w / 2), y: Math.round(cy - size.h / 2) };
}
