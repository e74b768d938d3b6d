/**
 * A seeded pseudo-random number generator (mulberry32): the same numbers on every run, for tests that make random
 * edits and must fail the same way twice. Not for anything secret (ids use crypto: ids.ts).
 * @example const random = seededRandom(1); random() // 0.6270739405881613
 */
export function seededRandom(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
