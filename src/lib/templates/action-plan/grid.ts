/**
 * Keyboard movement in a data grid (the WAI-ARIA grid pattern): arrows move one cell, Home/End to the
 * row's ends, Ctrl+Home/End to the grid's corners, PageUp/PageDown by `page` rows. Pure, so the table
 * and its tests share it. Rows may have fewer cells (a "no actions" row): the column is clamped.
 */
export interface Cell {
	row: number;
	col: number;
}

export function gridMove(key: string, at: Cell, cellsIn: (row: number) => number, rows: number, ctrl = false, page = 5): Cell | null {
	const clamp = (row: number, col: number): Cell => {
		const r = Math.max(0, Math.min(rows - 1, row));
		return { row: r, col: Math.max(0, Math.min(cellsIn(r) - 1, col)) };
	};
	switch (key) {
		case 'ArrowRight':
			return clamp(at.row, at.col + 1);
		case 'ArrowLeft':
			return clamp(at.row, at.col - 1);
		case 'ArrowDown':
			return clamp(at.row + 1, at.col);
		case 'ArrowUp':
			return clamp(at.row - 1, at.col);
		case 'Home':
			return ctrl ? clamp(0, 0) : clamp(at.row, 0);
		case 'End':
			return ctrl ? clamp(rows - 1, cellsIn(rows - 1) - 1) : clamp(at.row, cellsIn(at.row) - 1);
		case 'PageDown':
			return clamp(at.row + page, at.col);
		case 'PageUp':
			return clamp(at.row - page, at.col);
	}
	return null;
}
