/**
 * Pure geometry of an action-plan frame: a title band, a header row naming the columns shown on the
 * board, then one row (an `action` item) under another. The board shows the key fields; the full
 * table is in the panel's table view and the exports.
 */
import { intersects, type Point, type Rect } from '$lib/shared/geometry.js';

export const MARGIN = 24;
export const TITLE_H = 96;
export const HEADER_H = 56;
export const ROW_H = 120;
export const ROW_GAP = 8;
export const FRAME_W = 1920;
export const ROW_W = FRAME_W - 2 * MARGIN;
export const EMPTY_H = TITLE_H + HEADER_H + 6 * (ROW_H + ROW_GAP) + MARGIN;
export const SIZES = { title: 40, header: 20, cell: 19, badge: 15 } as const;
export const LINE = 1.25;
export const CELL_PAD = 10;

/** The columns a row shows on the board, with their share of the row's width. */
export const BOARD_COLUMNS = [
	{ key: 'ref', label: 'Ref', w: 90 },
	{ key: 'theme', label: 'Theme', w: 280 },
	{ key: 'action', label: 'Action', w: 620 },
	{ key: 'lead', label: 'Lead and agency', w: 300 },
	{ key: 'start', label: 'Start', w: 150 },
	{ key: 'due', label: 'Due', w: 150 },
	{ key: 'status', label: 'Status', w: 282 }
] as const;

/** Each board column's x offset and width inside a row of width `w`. */
export function cellRects(w: number): { key: string; label: string; x: number; w: number }[] {
	const total = BOARD_COLUMNS.reduce((s, c) => s + c.w, 0);
	let x = 0;
	return BOARD_COLUMNS.map((c) => {
		const cw = (c.w / total) * w;
		const cell = { key: c.key, label: c.label, x, w: cw };
		x += cw;
		return cell;
	});
}

export function rowsTop(frame: Rect): number {
	return frame.y + TITLE_H + HEADER_H;
}

/**
 * A free place for a row: under the lowest row in the frame. Past the frame's bottom it stays just
 * inside (the caller grows the frame).
 */
export function slotForRow(frame: Rect, size: { w: number; h: number }, occupied: readonly Rect[]): Point {
	const inside = occupied.filter((r) => intersects(r, frame));
	const lowest = inside.reduce((m, r) => Math.max(m, r.y + r.h + ROW_GAP), rowsTop(frame));
	let y = lowest;
	const bottom = frame.y + frame.h;
	if (y + size.h / 2 > bottom - 1) y = bottom - 1 - size.h / 2;
	return { x: Math.round(frame.x + MARGIN), y: Math.round(y) };
}

export function neededHeight(frame: Rect, y: number, h: number): number {
	return Math.max(frame.h, Math.ceil(y + h + MARGIN - frame.y));
}
