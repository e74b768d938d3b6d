import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Timer } from '$lib/doc/control.js';
import { dismissAfter, timeUpIn, timeUpText, whenTimeUp } from './timers.js';

const running = (endsAt: number, label = ''): Timer => ({ label, durationMs: 60_000, running: true, endsAt, remainingMs: 60_000 });

describe('the board’s timers', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('says how long until a running timer is up, on the server clock', () => {
		expect(timeUpIn(running(10_000), 4_000)).toBe(6_000);
		expect(timeUpIn(running(10_000), 10_000)).toBeNull();
		expect(timeUpIn({ ...running(10_000), running: false, endsAt: null, remainingMs: 5000 }, 0)).toBeNull();
		expect(timeUpIn(null, 0)).toBeNull();
	});

	it('tells "time is up" once, when the timer runs out while watched', () => {
		const up = vi.fn();
		const serverNow = () => Date.now() + 500; // the server's clock is half a second ahead
		whenTimeUp(running(Date.now() + 500 + 3000, 'Write your notes'), serverNow, up);
		vi.advanceTimersByTime(2999);
		expect(up).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(up).toHaveBeenCalledTimes(1);
		expect(timeUpText(up.mock.calls[0][0])).toBe('Time is up: Write your notes.');
		vi.advanceTimersByTime(60_000);
		expect(up).toHaveBeenCalledTimes(1);
	});

	it('says nothing for a timer already up when the screen joined, paused, or cancelled', () => {
		const up = vi.fn();
		whenTimeUp(running(Date.now() - 1), Date.now, up);
		whenTimeUp({ ...running(0), running: false, endsAt: null, remainingMs: 1000 }, Date.now, up);
		const cancel = whenTimeUp(running(Date.now() + 1000), Date.now, up);
		cancel();
		vi.advanceTimersByTime(10_000);
		expect(up).not.toHaveBeenCalled();
		expect(timeUpText({ label: '' })).toBe('Time is up.');
	});

	it('dismisses a notice after its time unless cancelled', () => {
		const clear = vi.fn();
		dismissAfter(6000, clear);
		const cancel = dismissAfter(6000, clear);
		cancel();
		vi.advanceTimersByTime(5999);
		expect(clear).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(clear).toHaveBeenCalledTimes(1);
	});
});
