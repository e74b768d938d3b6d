import { describe, expect, it } from 'vitest';
import { boxAt, connectorPoints, hitTest, marqueeHits, segmentIntersectsRect, type HitShape } from './hit-test.js';

const frame: HitShape = {
	id: 'frame1',
	kind: 'frame',
	rect: { x: 0, y: 0, w: 800, h: 600 },
	title: { x: 0, y: -30, w: 120, h: 26 }
};
const noteA: HitShape = { id: 'note-a', kind: 'box', rect: { x: 100, y: 100, w: 200, h: 160 } };
const noteB: HitShape = { id: 'note-b', kind: 'box', rect: { x: 200, y: 150, w: 200, h: 160 } };
const [a, b] = connectorPoints(noteA.rect, { x: 1000, y: 100, w: 200, h: 160 });
const line: HitShape = { id: 'link1', kind: 'line', a, b };
const shapes = [frame, noteA, noteB, line];

describe(hitTest, () => {
	it('finds the topmost box', () => {
		expect(hitTest(shapes, { x: 250, y: 200 }, 4)).toEqual({ id: 'note-b', part: 'body' });
		expect(hitTest(shapes, { x: 120, y: 120 }, 4)).toEqual({ id: 'note-a', part: 'body' });
	});

	it('hits connectors within the tolerance', () => {
		expect(hitTest(shapes, { x: 600, y: 182 }, 4)).toEqual({ id: 'link1', part: 'line' });
		expect(hitTest(shapes, { x: 600, y: 200 }, 4)).toBeNull();
	});

	it('hits a bowed connector along its curve, not along the straight chord', () => {
		// From (0,0) to (400,0), control at (200,-200): the curve's midpoint is at (200,-100).
		const bowed: HitShape = { id: 'bow', kind: 'line', a: { x: 0, y: 0 }, b: { x: 400, y: 0 }, control: { x: 200, y: -200 } };
		expect(hitTest([bowed], { x: 200, y: -100 }, 4)).toEqual({ id: 'bow', part: 'line' });
		expect(hitTest([bowed], { x: 200, y: 0 }, 4)).toBeNull();
		expect(marqueeHits([bowed], { x: 180, y: -110, w: 40, h: 20 })).toEqual(['bow']);
		expect(marqueeHits([bowed], { x: 180, y: -20, w: 40, h: 40 })).toEqual([]);
	});

	it('hits a frame on its title and border but not its body', () => {
		expect(hitTest(shapes, { x: 20, y: -10 }, 4)).toEqual({ id: 'frame1', part: 'title' });
		expect(hitTest(shapes, { x: 798, y: 300 }, 4)).toEqual({ id: 'frame1', part: 'border' });
		expect(hitTest(shapes, { x: 500, y: 500 }, 4)).toBeNull();
	});

	it('finds a connector target including frame bodies', () => {
		expect(boxAt(shapes, { x: 500, y: 500 })).toBe('frame1');
		expect(boxAt(shapes, { x: 250, y: 200 }, 'note-b')).toBe('note-a');
		expect(boxAt(shapes, { x: 5000, y: 5000 })).toBeNull();
	});
});

describe(marqueeHits, () => {
	it('selects boxes it touches and not a frame it sits inside', () => {
		expect(marqueeHits(shapes, { x: 50, y: 50, w: 100, h: 100 })).toEqual(['note-a']);
	});

	it('selects a frame it holds entirely', () => {
		expect(marqueeHits(shapes, { x: -10, y: -40, w: 1300, h: 700 }).sort()).toEqual(['frame1', 'link1', 'note-a', 'note-b']);
	});

	it('selects a connector it crosses without touching either end', () => {
		expect(marqueeHits(shapes, { x: 600, y: 150, w: 20, h: 100 })).toEqual(['link1']);
	});

	it('selects nothing in empty space', () => {
		expect(marqueeHits(shapes, { x: 2000, y: 2000, w: 10, h: 10 })).toEqual([]);
	});
});

describe(segmentIntersectsRect, () => {
	const r = { x: 0, y: 0, w: 10, h: 10 };
	it('handles crossing, inside, outside and parallel segments', () => {
		expect(segmentIntersectsRect({ x: -5, y: 5 }, { x: 15, y: 5 }, r)).toBe(true);
		expect(segmentIntersectsRect({ x: 2, y: 2 }, { x: 3, y: 3 }, r)).toBe(true);
		expect(segmentIntersectsRect({ x: -5, y: -5 }, { x: -1, y: 20 }, r)).toBe(false);
		expect(segmentIntersectsRect({ x: -5, y: 11 }, { x: 15, y: 11 }, r)).toBe(false);
	});
});

describe(connectorPoints, () => {
	it('ends on the facing edges of the two boxes', () => {
		const [p, q] = connectorPoints({ x: 0, y: 0, w: 100, h: 100 }, { x: 300, y: 0, w: 100, h: 100 });
		expect(p).toEqual({ x: 100, y: 50 });
		expect(q).toEqual({ x: 300, y: 50 });
	});
});
