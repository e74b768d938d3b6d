/**
 * What a row shows on the board and in the picture: each board column's words, wrapped to its width.
 * Shared by the canvas and the SVG export so the two agree. Pure.
 */
import { wrapLines } from '../kit/text.js';
import { CELL_PAD, cellRects, LINE, ROW_H, SIZES } from './layout.js';
import type { ActionRow } from './rows.js';
import { statusLabel } from './schema.js';

export interface Cell {
	key: string;
	x: number;
	w: number;
	lines: string[];
	bold?: boolean;
}

/** A status in words with a mark, so it never rests on colour: ○ not started, ◐ in progress, ● completed, ✔ signed off. */
export function statusWords(status: string): string {
	const mark = { 'not-started': '○', 'in-progress': '◐', completed: '●', 'signed-off': '✔' }[status] ?? '○';
	return `${mark} ${statusLabel(status)}`;
}

export const STATUS_FILL: Record<string, string> = {
	'not-started': '#f1f5f9',
	'in-progress': '#fef3c7',
	completed: '#dcfce7',
	'signed-off': '#bbf7d0'
};

/**
 * The cells of one row at width `w`, and the height the row needs to show every word.
 * @example rowCells(row, 1872).height
 */
export function rowCells(row: ActionRow, w: number): { cells: Cell[]; height: number } {
	const value: Record<string, string> = {
		ref: row.ref,
		theme: row.theme,
		action: row.action.trim() || '(no action written yet)',
		lead: row.lead,
		start: row.start,
		due: row.due,
		status: statusWords(row.status)
	};
	const cells = cellRects(w).map((c) => ({
		key: c.key,
		x: c.x,
		w: c.w,
		lines: value[c.key] ? wrapLines(value[c.key], c.w - 2 * CELL_PAD, SIZES.cell, c.key === 'ref') : [],
		bold: c.key === 'ref'
	}));
	const tallest = Math.max(1, ...cells.map((c) => c.lines.length));
	return { cells, height: Math.max(ROW_H, Math.ceil(tallest * SIZES.cell * LINE + 2 * CELL_PAD)) };
}
