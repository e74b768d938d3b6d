import { describe, expect, it } from 'vitest';
import { gridMove } from './grid.js';

describe(gridMove, () => {
	const cells = (row: number) => (row === 3 ? 1 : 15);
	it('moves one cell with the arrows and stops at the edges', () => {
		expect(gridMove('ArrowRight', { row: 1, col: 0 }, cells, 4)).toEqual({ row: 1, col: 1 });
		expect(gridMove('ArrowLeft', { row: 1, col: 0 }, cells, 4)).toEqual({ row: 1, col: 0 });
		expect(gridMove('ArrowDown', { row: 1, col: 4 }, cells, 4)).toEqual({ row: 2, col: 4 });
		expect(gridMove('ArrowUp', { row: 0, col: 4 }, cells, 4)).toEqual({ row: 0, col: 4 });
		expect(gridMove('ArrowRight', { row: 1, col: 14 }, cells, 4)).toEqual({ row: 1, col: 14 });
	});
	it('Home and End go to the row’s ends, with Ctrl to the grid’s corners; a short row clamps the column', () => {
		expect(gridMove('End', { row: 1, col: 3 }, cells, 4)).toEqual({ row: 1, col: 14 });
		expect(gridMove('Home', { row: 1, col: 3 }, cells, 4)).toEqual({ row: 1, col: 0 });
		expect(gridMove('Home', { row: 2, col: 3 }, cells, 4, true)).toEqual({ row: 0, col: 0 });
		expect(gridMove('ArrowDown', { row: 2, col: 9 }, cells, 4)).toEqual({ row: 3, col: 0 });
		expect(gridMove('Enter', { row: 2, col: 9 }, cells, 4)).toBeNull();
	});
});
