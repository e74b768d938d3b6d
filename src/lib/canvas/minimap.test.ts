import { describe, expect, it } from 'vitest';
import { boundsHold, MINIMAP_SIZE, minimapMapping, minimapToBoard } from './minimap.js';

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

describe(boundsHold, () => {
	const bounds = { x: 0, y: 0, w: 1000, h: 500 };

	it('holds when every changed box was and is strictly inside', () => {
		expect(
			boundsHold(bounds, [
				{ x: 100, y: 100, w: 200, h: 150 },
				{ x: 140, y: 100, w: 200, h: 150 }
			])
		).toBe(true);
		expect(boundsHold(bounds, [])).toBe(true);
	});

	it('does not hold when a changed box touches or crosses an edge (it may have made it, or held it)', () => {
		expect(boundsHold(bounds, [{ x: 0, y: 100, w: 200, h: 150 }])).toBe(false);
		expect(boundsHold(bounds, [{ x: 800, y: 100, w: 200, h: 150 }])).toBe(false);
		expect(boundsHold(bounds, [{ x: 100, y: 400, w: 200, h: 150 }])).toBe(false);
		expect(boundsHold(bounds, [{ x: 100, y: -10, w: 200, h: 150 }])).toBe(false);
	});

	it('does not hold for a whole change or without bounds', () => {
		expect(boundsHold(bounds, 'all')).toBe(false);
		expect(boundsHold(null, [])).toBe(false);
	});
});
