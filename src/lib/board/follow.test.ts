import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Viewport } from '$lib/canvas/types.js';
import { followViewport, isStaleFollow, leadView } from './follow.js';
import { summonView } from './phone-view.js';

function fakeCanvas() {
	const listeners = new Set<(v: Viewport) => void>();
	const source = {
		viewport: { x: 0, y: 0, scale: 1 } as Viewport,
		on: (_event: 'viewportChange', l: (v: Viewport) => void) => {
			listeners.add(l);
			return () => listeners.delete(l);
		}
	};
	const move = (v: Viewport) => {
		source.viewport = v;
		listeners.forEach((l) => l(v));
	};
	return { source, move, listeners };
}

describe('follow me and bring everyone here', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('publishes what the leader sees at once, then at most once per interval, and ends when stopped', () => {
		const { source, move, listeners } = fakeCanvas();
		const publish = vi.fn();
		const end = vi.fn();
		const stop = leadView(source, () => ({ width: 800, height: 600 }), publish, end, 120);
		expect(publish).toHaveBeenLastCalledWith({ x: 0, y: 0, w: 800, h: 600 });
		for (let i = 1; i <= 5; i++) move({ x: i * 10, y: 0, scale: 2 });
		expect(publish).toHaveBeenCalledTimes(1);
		vi.advanceTimersByTime(120);
		expect(publish).toHaveBeenCalledTimes(2);
		expect(publish).toHaveBeenLastCalledWith({ x: 50, y: 0, w: 400, h: 300 });
		move({ x: 0, y: 0, scale: 1 });
		stop();
		vi.advanceTimersByTime(1000);
		expect(publish).toHaveBeenCalledTimes(2);
		expect(end).toHaveBeenCalledTimes(1);
		expect(listeners.size).toBe(0);
	});

	it('fits the leader’s view to a follower’s screen unless they stopped following', () => {
		const follow = { rect: { x: 100, y: 100, w: 1000, h: 500 } };
		const phone = followViewport(follow, false, { width: 390, height: 700 })!;
		expect(phone.scale).toBeCloseTo(0.39);
		expect(phone.x).toBeLessThanOrEqual(100);
		expect(followViewport(follow, true, { width: 390, height: 700 })).toBeNull();
		expect(followViewport(null, false, { width: 390, height: 700 })).toBeNull();
		expect(summonView(follow.rect, { width: 2000, height: 1000 }).scale).toBeCloseTo(2);
		// On a phone, a readable zoom centred on the middle of the facilitator's view.
		const summoned = summonView(follow.rect, { width: 390, height: 700 });
		expect(summoned.scale).toBeGreaterThanOrEqual(0.5);
		expect(summoned.x + 390 / (2 * summoned.scale)).toBeCloseTo(600);
		expect(summoned.y + 700 / (2 * summoned.scale)).toBeCloseTo(350);
	});

	it('ends a follow-me of mine left from before a reload', () => {
		expect(isStaleFollow({ isFacilitator: true, followIsMine: true, leading: false })).toBe(true);
		expect(isStaleFollow({ isFacilitator: true, followIsMine: true, leading: true })).toBe(false);
		expect(isStaleFollow({ isFacilitator: false, followIsMine: true, leading: false })).toBe(false);
	});
});
