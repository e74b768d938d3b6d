import { describe, expect, it } from 'vitest';
import { deviceRegion, patchArea } from './far-regions.js';

describe('deviceRegion', () => {
	it('maps a board rectangle to whole device pixels, padded, at the view and pixel ratio', () => {
		// Board (100, 50) at scale 0.5 from origin (20, 10): CSS (40, 20); ratio 2: device (80, 40).
		expect(deviceRegion({ x: 100, y: 50, w: 21, h: 10 }, { x: 20, y: 10, scale: 0.5 }, 2, 1000, 1000, 0)).toEqual({
			x: 80,
			y: 40,
			w: 21,
			h: 10
		});
		expect(deviceRegion({ x: 100.3, y: 50, w: 10, h: 10 }, { x: 0, y: 0, scale: 1 }, 1, 1000, 1000, 2)).toEqual({
			x: 98,
			y: 48,
			w: 15,
			h: 14
		});
	});

	it('clips to the bitmap and says null for what is off it', () => {
		expect(deviceRegion({ x: -50, y: -50, w: 100, h: 100 }, { x: 0, y: 0, scale: 1 }, 1, 30, 30)).toEqual({ x: 0, y: 0, w: 30, h: 30 });
		expect(deviceRegion({ x: 500, y: 0, w: 10, h: 10 }, { x: 0, y: 0, scale: 1 }, 1, 100, 100)).toBeNull();
	});
});

describe('patchArea', () => {
	it('covers the changed regions and what the patch shows already', () => {
		expect(patchArea(null, [{ x: 10, y: 10, w: 5, h: 5 }], 100, 100)).toEqual({ x: 10, y: 10, w: 5, h: 5 });
		expect(patchArea({ x: 0, y: 0, w: 10, h: 10 }, [{ x: 20, y: 5, w: 10, h: 10 }], 100, 100)).toEqual({ x: 0, y: 0, w: 30, h: 15 });
	});

	it('leaves the patch as it is when nothing changed in view', () => {
		expect(patchArea({ x: 0, y: 0, w: 10, h: 10 }, [], 100, 100)).toBeNull();
	});

	it('gives up (draw the layer whole) beyond its share of the layer', () => {
		expect(patchArea(null, [{ x: 0, y: 0, w: 50, h: 50 }], 100, 100)).toEqual({ x: 0, y: 0, w: 50, h: 50 });
		expect(patchArea({ x: 0, y: 0, w: 10, h: 10 }, [{ x: 41, y: 41, w: 10, h: 10 }], 100, 100)).toBe(false);
	});
});
