import { describe, expect, it } from 'vitest';
import { MINIMAP_SIZE, minimapMapping, minimapToBoard } from './minimap.js';

describe(minimapMapping, () => {
	it('fits the content and the view into the map with a margin', () => {
		const content = { x: 0, y: 0, w: 2000, h: 1000 };
		const view = { x: 500, y: 200, w: 800, h: 600 };
		const m = minimapMapping(content, view);
		const toMap = (x: number, y: number) => ({ x: (x - m.x) * m.scale, y: (y - m.y) * m.scale });
		for (const [x, y] of [
			[0, 0],
			[2000, 1000]
		]) {
			const p = toMap(x, y);
			expect(p.x).toBeGreaterThan(0);
			expect(p.x).toBeLessThan(MINIMAP_SIZE.width);
			expect(p.y).toBeGreaterThan(0);
			expect(p.y).toBeLessThan(MINIMAP_SIZE.height);
		}
		// Centred: equal space left and right of the content.
		const left = toMap(0, 0).x;
		const right = MINIMAP_SIZE.width - toMap(2000, 0).x;
		expect(left).toBeCloseTo(right);
	});

	it('includes a view that is far from the content', () => {
		const m = minimapMapping({ x: 0, y: 0, w: 100, h: 100 }, { x: 5000, y: 5000, w: 800, h: 600 });
		const far = { x: (5800 - m.x) * m.scale, y: (5600 - m.y) * m.scale };
		expect(far.x).toBeLessThanOrEqual(MINIMAP_SIZE.width);
		expect(far.y).toBeLessThanOrEqual(MINIMAP_SIZE.height);
	});

	it('turns a click on the map back into the board point drawn there', () => {
		const m = minimapMapping({ x: -300, y: 40, w: 900, h: 700 }, { x: 0, y: 0, w: 1000, h: 700 });
		const board = { x: 123, y: 456 };
		const onMap = { x: (board.x - m.x) * m.scale, y: (board.y - m.y) * m.scale };
		const back = minimapToBoard(m, onMap);
		expect(back.x).toBeCloseTo(board.x);
		expect(back.y).toBeCloseTo(board.y);
	});
});
