/**
 * Seeded random signed graphs for the property test and the benchmark (mulberry32: no Math.random, so a
 * failure can be replayed from its seed).
 */
import type { Edge, Graph } from './analysis.js';

export function mulberry32(seed: number): () => number {
	let state = seed | 0;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A random graph of `nodes` variables and up to `links` distinct links (no self-links), ids shuffled. */
export function randomGraph(random: () => number, nodes: number, links: number): Graph {
	const ids = Array.from({ length: nodes }, (_, i) => `v${Math.floor(random() * 1e9).toString(36)}x${i}`);
	const edges: Edge[] = [];
	const seen = new Set<string>();
	const most = nodes * (nodes - 1);
	for (let tries = 0; edges.length < Math.min(links, most) && tries < links * 20; tries++) {
		const from = ids[Math.floor(random() * nodes)];
		const to = ids[Math.floor(random() * nodes)];
		if (from === to || seen.has(`${from}>${to}`)) continue;
		seen.add(`${from}>${to}`);
		edges.push({ id: `e${edges.length}`, from, to, polarity: random() < 0.5 ? '+' : '-', delay: random() < 0.2 });
	}
	return {
		nodes: [...ids].sort(),
		names: new Map(ids.map((id) => [id, id])),
		edges,
		unsigned: [],
		duplicates: [],
		selfLinks: [],
		contested: []
	};
}
