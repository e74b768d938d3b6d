/**
 * The board page's timers as plain functions: when the facilitator's timer runs out (on the server's clock),
 * and how long a notice stays. Each takes its clock, so tests drive them with fake timers.
 */
import { timeLeft, type Timer } from '$lib/doc/control.js';

export interface Clock {
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}
const realClock: Clock = {
	setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
	clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** Milliseconds until a running timer reaches zero at server time `now`, or null (paused, none, already up). */
export function timeUpIn(timer: Timer | null, now: number): number | null {
	if (!timer || !timer.running || timer.endsAt === null) return null;
	const left = timeLeft(timer, now);
	return left > 0 ? left : null;
}

/**
 * Calls `onUp` once when the timer runs out while this screen watches (a timer that was already up when it
 * joined says nothing). `now` is the server's time. Returns a function that cancels.
 */
export function whenTimeUp(timer: Timer | null, now: () => number, onUp: (timer: Timer) => void, clock: Clock = realClock): () => void {
	const delay = timeUpIn(timer, now());
	if (delay === null || !timer) return () => {};
	const handle = clock.setTimeout(() => onUp(timer), delay);
	return () => clock.clearTimeout(handle);
}

/** "Time is up" or "Time is up: Write your notes privately". */
export function timeUpText(timer: Pick<Timer, 'label'>): string {
	return timer.label ? `Time is up: ${timer.label}.` : 'Time is up.';
}

/** Runs `clear` after `ms` unless cancelled (a notice stays long enough to read, then goes). */
export function dismissAfter(ms: number, clear: () => void, clock: Clock = realClock): () => void {
	const handle = clock.setTimeout(clear, ms);
	return () => clock.clearTimeout(handle);
}

/** How long each kind of notice stays: a notice that asks something of people stays until they act or close it. */
export const NOTICE_MS = 12_000;
