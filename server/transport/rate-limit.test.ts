import { describe, expect, it } from 'vitest';
import { createBucket, take, waitFor } from './rate-limit.js';

describe('token bucket', () => {
	it('allows a burst of its capacity at once, then refills at its rate', () => {
		const bucket = createBucket(3, 0);
		expect([take(bucket, 3, 2, 0), take(bucket, 3, 2, 0), take(bucket, 3, 2, 0), take(bucket, 3, 2, 0)]).toEqual([true, true, true, false]);
		// Two per second: one token after 500 ms, not before.
		expect(take(bucket, 3, 2, 499)).toBe(false);
		expect(take(bucket, 3, 2, 500)).toBe(true);
		expect(take(bucket, 3, 2, 500)).toBe(false);
	});

	it('never holds more than its capacity, however long it rested', () => {
		const bucket = createBucket(2, 0);
		take(bucket, 2, 1, 0);
		take(bucket, 2, 1, 0);
		const later = 3_600_000;
		expect([take(bucket, 2, 1, later), take(bucket, 2, 1, later), take(bucket, 2, 1, later)]).toEqual([true, true, false]);
	});

	it('takes nothing when a cost does not fit, and says how long until it would', () => {
		const bucket = createBucket(10, 0);
		expect(take(bucket, 10, 10, 0, 8)).toBe(true);
		expect(take(bucket, 10, 10, 0, 5)).toBe(false);
		expect(bucket.tokens).toBe(2);
		expect(waitFor(bucket, 10, 10, 0, 5)).toBe(300);
		expect(waitFor(bucket, 10, 10, 300, 5)).toBe(0);
		expect(waitFor(bucket, 10, 10, 0, 1)).toBe(0);
	});
});
