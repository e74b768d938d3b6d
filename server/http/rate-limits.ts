/**
 * Rate limits for the HTTP API: how many boards one address may create, how many people may join through
 * one link or from one address, how many imports and exports. Each limit is "N per period" as a token
 * bucket (N at once, refilled evenly over the period), configured in server/config.ts as text like "30/h".
 * Per process: with several processes behind a balancer each keeps its own count, which multiplies the
 * limit by the number of processes (documented in docs/api.md).
 */
import { z } from 'zod';
import { createBucket, take, waitFor, type Bucket } from '../transport/rate-limit.js';

export interface RateLimit {
	/** How many at once, and per period. */
	count: number;
	/** The period, in ms. */
	perMs: number;
}

const UNIT_MS = { s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "30/h", "120/min", "5/s", "1000/d", or "off" (no limit). */
export const RateSpec = z
	.string()
	.trim()
	.regex(/^(off|\d{1,7}\/(s|min|h|d))$/, 'a rate limit is "<count>/<s|min|h|d>", e.g. "30/h", or "off"')
	.transform((text): RateLimit | null => {
		if (text === 'off') return null;
		const [count, unit] = text.split('/') as [string, keyof typeof UNIT_MS];
		return { count: Number(count), perMs: UNIT_MS[unit] };
	})
	.refine((limit) => limit === null || limit.count > 0, 'a rate limit of 0 would refuse everything; use "off" to switch it off');

/**
 * Defaults a real workshop never meets: 60 people behind one school's NAT all join, rejoin from a second
 * device and download the report at the end without coming near them; a script making boards in a loop does.
 */
export const DEFAULT_RATES = {
	/** Boards made from one address. */
	createBoard: '30/h',
	/** People joining through one link. */
	joinPerLink: '150/h',
	/** People joining from one address (a school's NAT is one address). */
	joinPerAddress: '150/h',
	/** Boards imported from one address. */
	import: '20/h',
	/** Exports from one address. */
	export: '300/h'
} as const;
export type RateName = keyof typeof DEFAULT_RATES;

export interface RateLimiter {
	/** Counts one request for `key`: 0 when allowed, else how many ms until one would be. */
	take(key: string): number;
}

/**
 * A limiter of many keys. Keys whose buckets have refilled are forgotten when there are many, so memory
 * stays bounded whatever addresses an attacker uses.
 */
export function createRateLimiter(limit: RateLimit | null, now: () => number = Date.now, maxKeys = 50_000): RateLimiter {
	if (!limit) return { take: () => 0 };
	const perSecond = (limit.count * 1000) / limit.perMs;
	const buckets = new Map<string, Bucket>();
	const prune = (at: number) => {
		for (const [key, bucket] of buckets) if (waitFor(bucket, limit.count, perSecond, at, limit.count) === 0) buckets.delete(key);
		// Still too many (a flood of fresh keys): drop the oldest; they get a fresh bucket next time.
		for (const key of buckets.keys()) {
			if (buckets.size <= maxKeys * 0.9) break;
			buckets.delete(key);
		}
	};
	return {
		take(key) {
			const at = now();
			let bucket = buckets.get(key);
			if (!bucket) {
				if (buckets.size >= maxKeys) prune(at);
				bucket = createBucket(limit.count, at);
				buckets.set(key, bucket);
			}
			return take(bucket, limit.count, perSecond, at) ? 0 : Math.max(1, waitFor(bucket, limit.count, perSecond, at));
		}
	};
}

/**
 * The client's address. Behind `trustProxy` reverse proxies, the address that the outermost trusted proxy
 * saw (X-Forwarded-For, counted from the right); otherwise the socket's. Never trusts the header unless told.
 *
 * @example clientAddress({ remoteAddress: '10.0.0.2', forwardedFor: '203.0.113.9, 10.0.0.1' }, 1) === '10.0.0.1'
 */
export function clientAddress(
	request: { remoteAddress: string | undefined; forwardedFor: string | string[] | undefined },
	trustProxy: number
): string {
	const socket = request.remoteAddress ?? 'unknown';
	if (trustProxy <= 0) return socket;
	const header = Array.isArray(request.forwardedFor) ? request.forwardedFor.join(',') : (request.forwardedFor ?? '');
	const hops = header
		.split(',')
		.map((h) => h.trim())
		.filter(Boolean);
	// The socket peer is the nearest proxy; each trusted proxy appended the address it saw.
	return hops[hops.length - trustProxy] ?? hops[0] ?? socket;
}
