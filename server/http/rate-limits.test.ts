import { describe, expect, it } from 'vitest';
import { clientAddress, createRateLimiter, DEFAULT_RATES, RateSpec } from './rate-limits.js';

describe('RateSpec', () => {
	it('reads "count/unit" and "off", and refuses anything else with a message saying the form', () => {
		expect(RateSpec.parse(' 30/h ')).toEqual({ count: 30, perMs: 3_600_000 });
		expect(RateSpec.parse('120/min')).toEqual({ count: 120, perMs: 60_000 });
		expect(RateSpec.parse('5/s')).toEqual({ count: 5, perMs: 1000 });
		expect(RateSpec.parse('1000/d')).toEqual({ count: 1000, perMs: 86_400_000 });
		expect(RateSpec.parse('off')).toBeNull();
		for (const bad of ['30', '30/hour', '-1/h', '1.5/s', '30 / h', ''])
			expect(RateSpec.safeParse(bad).error?.issues[0].message, bad).toMatch(/"<count>\/<s\|min\|h\|d>"/);
		expect(RateSpec.safeParse('0/h').error?.issues[0].message).toMatch(/use "off"/);
	});

	it('parses every default', () => {
		for (const text of Object.values(DEFAULT_RATES)) expect(RateSpec.parse(text)).not.toBeNull();
	});
});

describe(createRateLimiter, () => {
	it('allows N per period per key, refilled evenly, and answers how long to wait', () => {
		let now = 0;
		const limiter = createRateLimiter({ count: 3, perMs: 60_000 }, () => now);
		expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
		// One comes back every 20 s.
		expect(limiter.take('a')).toBe(20_000);
		expect(limiter.take('b')).toBe(0);
		now = 19_999;
		expect(limiter.take('a')).toBe(1);
		now = 20_000;
		expect(limiter.take('a')).toBe(0);
		expect(limiter.take('a')).toBe(20_000);
	});

	it('off allows everything', () => {
		const limiter = createRateLimiter(null);
		for (let i = 0; i < 1000; i++) expect(limiter.take('a')).toBe(0);
	});

	it('after a flood of fresh keys (which it prunes to stay bounded), still limits each key', () => {
		let now = 0;
		const limiter = createRateLimiter({ count: 1, perMs: 1000 }, () => now, 100);
		expect(limiter.take('steady')).toBe(0);
		for (let i = 0; i < 1000; i++) limiter.take(`flood-${i}`);
		// Refilled keys are forgotten first: after a second everything refilled, and the limiter starts clean.
		now = 1000;
		for (let i = 0; i < 50; i++) limiter.take(`again-${i}`);
		expect(limiter.take('again-0')).toBeGreaterThan(0);
	});
});

describe(clientAddress, () => {
	const request = { remoteAddress: '10.0.0.2', forwardedFor: '203.0.113.9, 10.0.0.1' };
	it('uses the socket unless told to trust proxies', () => {
		expect(clientAddress(request, 0)).toBe('10.0.0.2');
	});
	it('counts trusted proxies from the right, so a client cannot choose its address by sending the header', () => {
		expect(clientAddress(request, 1)).toBe('10.0.0.1');
		expect(clientAddress(request, 2)).toBe('203.0.113.9');
		expect(clientAddress({ remoteAddress: '10.0.0.2', forwardedFor: ['198.51.100.7, 203.0.113.9', '10.0.0.1'] }, 2)).toBe('203.0.113.9');
		// More trusted hops than the header has: the leftmost, never undefined.
		expect(clientAddress(request, 5)).toBe('203.0.113.9');
		expect(clientAddress({ remoteAddress: undefined, forwardedFor: undefined }, 1)).toBe('unknown');
	});
});
