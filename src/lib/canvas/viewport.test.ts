import { describe, expect, it } from 'vitest';
import {
	MAX_SCALE,
	MIN_SCALE,
	boardToScreen,
	centreOn,
	clampScale,
	detailScale,
	fitBounds,
	READABLE_SCALE,
	readableFit,
	gridStep,
	lerpViewport,
	panBy,
	pinchViewport,
	screenToBoard,
	visibleRect,
	wheelPixels,
	wheelZoomFactor,
	zoomAround,
	zoomBy,
	zoomStep
} from './viewport.js';

const size = { width: 1000, height: 600 };

describe(zoomAround, () => {
	it('keeps the board point under the pointer where it is', () => {
		const v = { x: 120, y: -40, scale: 0.8 };
		const pointer = { x: 333, y: 211 };
		const before = screenToBoard(v, pointer);
		for (const scale of [0.1, 0.5, 1.7, 4]) {
			const after = screenToBoard(zoomAround(v, pointer, scale), pointer);
			expect(after.x).toBeCloseTo(before.x, 9);
			expect(after.y).toBeCloseTo(before.y, 9);
		}
	});

	it('clamps the scale to MIN_SCALE..4 and still keeps the point fixed', () => {
		const v = { x: 0, y: 0, scale: 1 };
		const p = { x: 500, y: 300 };
		const big = zoomBy(v, p, 100);
		const small = zoomBy(v, p, 0.0001);
		expect(big.scale).toBe(MAX_SCALE);
		expect(small.scale).toBe(MIN_SCALE);
		expect(screenToBoard(big, p).x).toBeCloseTo(500);
		expect(screenToBoard(small, p).y).toBeCloseTo(300);
	});
});

describe('coordinates', () => {
	it('round-trips between screen and board', () => {
		const v = { x: -250, y: 75, scale: 2.5 };
		const p = { x: 12, y: 900 };
		const back = boardToScreen(v, screenToBoard(v, p));
		expect(back.x).toBeCloseTo(p.x);
		expect(back.y).toBeCloseTo(p.y);
	});

	it('pans so content follows the pointer', () => {
		const v = { x: 0, y: 0, scale: 2 };
		const b = { x: 40, y: 40 };
		const before = boardToScreen(v, b);
		const after = boardToScreen(panBy(v, 30, -10), b);
		expect(after.x - before.x).toBeCloseTo(30);
		expect(after.y - before.y).toBeCloseTo(-10);
	});

	it('reports the visible board area', () => {
		expect(visibleRect({ x: 10, y: 20, scale: 2 }, size)).toEqual({ x: 10, y: 20, w: 500, h: 300 });
	});

	it('clamps non-finite scales to 1', () => {
		expect(clampScale(Number.NaN)).toBe(1);
		expect(clampScale(0)).toBe(MIN_SCALE);
	});
});

describe(fitBounds, () => {
	it('centres the bounds with padding and never zooms in past the limit', () => {
		const bounds = { x: 100, y: 100, w: 2000, h: 1000 };
		const v = fitBounds(bounds, size, 50, 1);
		// Width is the constraint: (1000 - 100) / 2000.
		expect(v.scale).toBeCloseTo(0.45);
		const topLeft = boardToScreen(v, { x: bounds.x, y: bounds.y });
		const bottomRight = boardToScreen(v, { x: bounds.x + bounds.w, y: bounds.y + bounds.h });
		expect(topLeft.x).toBeCloseTo(50);
		expect(bottomRight.x).toBeCloseTo(950);
		expect((topLeft.y + bottomRight.y) / 2).toBeCloseTo(300);
	});

	it('caps small content at maxScale and huge content at the minimum scale', () => {
		expect(fitBounds({ x: 0, y: 0, w: 10, h: 10 }, size, 48, 1).scale).toBe(1);
		expect(fitBounds({ x: 0, y: 0, w: 10, h: 10 }, size, 48, 2).scale).toBe(2);
		expect(fitBounds({ x: 0, y: 0, w: 1e6, h: 1e6 }, size).scale).toBe(MIN_SCALE);
	});
});

describe(centreOn, () => {
	it('puts the point in the middle of the screen at the same scale', () => {
		const v = centreOn({ x: 0, y: 0, scale: 0.5 }, { x: 400, y: 400 }, size);
		expect(v.scale).toBe(0.5);
		expect(boardToScreen(v, { x: 400, y: 400 })).toEqual({ x: 500, y: 300 });
	});
});

describe(pinchViewport, () => {
	it('scales with finger distance and keeps the midpoint content under the midpoint', () => {
		const start = { x: 0, y: 0, scale: 1 };
		const a0 = { x: 400, y: 300 };
		const b0 = { x: 600, y: 300 };
		const v = pinchViewport(start, a0, b0, { x: 300, y: 300 }, { x: 700, y: 300 });
		expect(v.scale).toBeCloseTo(2);
		const mid = screenToBoard(v, { x: 500, y: 300 });
		expect(mid.x).toBeCloseTo(500);
		expect(mid.y).toBeCloseTo(300);
	});

	it('pans when the fingers move together', () => {
		const start = { x: 0, y: 0, scale: 1 };
		const v = pinchViewport(start, { x: 0, y: 0 }, { x: 100, y: 0 }, { x: 50, y: 20 }, { x: 150, y: 20 });
		expect(v).toEqual({ x: -50, y: -20, scale: 1 });
	});
});

describe('wheel and steps', () => {
	it('zooms in for negative deltas and limits one mouse notch', () => {
		expect(wheelZoomFactor(-5)).toBeGreaterThan(1);
		expect(wheelZoomFactor(5)).toBeLessThan(1);
		expect(wheelZoomFactor(-1000)).toBeCloseTo(wheelZoomFactor(-30));
	});

	it('turns lines and pages into pixels', () => {
		expect(wheelPixels({ deltaX: 0, deltaY: 3, deltaMode: 1 }, 800)).toEqual({ x: 0, y: 48 });
		expect(wheelPixels({ deltaX: 1, deltaY: 0, deltaMode: 2 }, 800)).toEqual({ x: 800, y: 0 });
	});

	it('steps through zoom levels and stops at the limits', () => {
		expect(zoomStep(1, 1)).toBe(1.25);
		expect(zoomStep(1, -1)).toBe(0.75);
		expect(zoomStep(1.1, -1)).toBe(1);
		expect(zoomStep(4, 1)).toBe(MAX_SCALE);
		expect(zoomStep(0.1, -1)).toBe(0.05);
		expect(zoomStep(MIN_SCALE, -1)).toBe(MIN_SCALE);
	});

	it('spaces grid dots at least 16 px apart on screen', () => {
		expect(gridStep(1)).toBe(24);
		expect(gridStep(0.5)).toBe(48);
		expect(gridStep(0.1) * 0.1).toBeGreaterThanOrEqual(16);
		expect(gridStep(MIN_SCALE) * MIN_SCALE).toBeGreaterThanOrEqual(16);
	});
});

describe(lerpViewport, () => {
	it('starts and ends at the two viewports', () => {
		const a = { x: 0, y: 0, scale: 1 };
		const b = { x: 300, y: -200, scale: 2 };
		const start = lerpViewport(a, b, 0, size);
		const end = lerpViewport(a, b, 1, size);
		expect(start.x).toBeCloseTo(0);
		expect(end.x).toBeCloseTo(300);
		expect(end.y).toBeCloseTo(-200);
		expect(end.scale).toBeCloseTo(2);
	});
});

describe(detailScale, () => {
	it('is constant within a band and 1 from 0.8 up', () => {
		expect(detailScale(0.1)).toBe(0.1);
		expect(detailScale(0.14)).toBe(0.1);
		expect(detailScale(0.31)).toBe(0.3);
		expect(detailScale(0.44)).toBe(0.3);
		expect(detailScale(0.8)).toBe(1);
		expect(detailScale(3)).toBe(1);
	});

	it('never draws for a larger zoom than the real one below 0.8', () => {
		for (let s = MIN_SCALE; s < 0.8; s += 0.005) expect(detailScale(s)).toBeLessThanOrEqual(s + 1e-9);
	});
});

describe('fitting six exercises and leaving the controls out', () => {
	it('fits six exercises side by side (about 15,000 board units) into 1400 px', () => {
		const six = { x: 0, y: 0, w: 15_000, h: 2_400 };
		const v = fitBounds(six, { width: 1400, height: 840 }, 48);
		expect(v.scale).toBeGreaterThan(MIN_SCALE);
		expect(v.scale * six.w).toBeLessThanOrEqual(1400 - 96 + 1e-6);
	});

	it('keeps a fitted frame out of the inset a toolbar covers', () => {
		const frame = { x: 0, y: 0, w: 2000, h: 1000 };
		const insets = { top: 0, right: 0, bottom: 0, left: 70 };
		const v = fitBounds(frame, { width: 1400, height: 900 }, 48, 2, insets);
		expect(boardToScreen(v, { x: frame.x, y: frame.y }).x).toBeGreaterThanOrEqual(70 + 48 - 1e-6);
		expect(boardToScreen(v, { x: frame.x + frame.w, y: 0 }).x).toBeLessThanOrEqual(1400 - 48 + 1e-6);
	});
});

describe(readableFit, () => {
	const phone = { width: 390, height: 760 };

	it('shows a small area whole, as fitBounds does', () => {
		const note = { x: 100, y: 100, w: 200, h: 160 };
		expect(readableFit(note, phone)).toEqual(fitBounds(note, phone, 12, 1));
	});

	it('never goes below READABLE_SCALE: a wide exercise is shown from its top-left corner', () => {
		const iceberg = { x: 5000, y: -32, w: 2040, h: 1800 };
		const v = readableFit(iceberg, phone, { insets: { top: 0, right: 0, bottom: 64, left: 0 } });
		expect(v.scale).toBe(READABLE_SCALE);
		const corner = boardToScreen(v, { x: iceberg.x, y: iceberg.y });
		expect(corner.x).toBeCloseTo(12);
		expect(corner.y).toBeCloseTo(12);
	});

	it('fits the width when that is readable, centred across', () => {
		const tall = { x: 0, y: 0, w: 600, h: 5000 };
		const v = readableFit(tall, phone);
		expect(v.scale).toBeCloseTo((390 - 24) / 600);
		expect(boardToScreen(v, { x: 300, y: 0 }).x).toBeCloseTo(195);
	});
});
