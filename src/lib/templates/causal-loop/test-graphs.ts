/**
 * Seeded random signed graphs for the property test and the benchmark (mulberry32: no Math.random, so a
 * failure can be replayed from its seed).
 */
import type { Connector, Frame, Item, JsonValue } from '../../doc/schema.js';
import type { Analysis, Edge, Graph } from './analysis.js';

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

/**
 * Everything an analysis says, as plain data: two analyses are the same if these are equal. (The names by
 * id, sorted: every screen looks names up by id, and the map's own order follows the frame's z-order, which
 * the graph does not depend on.)
 */
export const plainAnalysis = (a: Analysis) => ({
	graph: { ...a.graph, names: [...a.graph.names].sort(([x], [y]) => (x < y ? -1 : 1)) },
	loops: a.loops,
	complete: a.complete,
	byMember: [...a.byMember].map(([id, loops]) => [id, loops.map((l) => l.code)])
});

/** A causal-loop frame, a variable in it and a signed link, as the board holds them (for the tests). */
export const loopFrame = (id: string, data: Record<string, JsonValue> = {}, w = 4000, h = 3000) =>
	({ kind: 'frame', id, template: 'causal-loop', title: 'Loops', index: 'a0', data, x: 0, y: 0, w, h }) as unknown as Frame;
export const loopVariable = (id: string, text: string, parent: string, x = 100, y = 100) =>
	({
		kind: 'item',
		template: 'causal-loop',
		type: 'variable',
		id,
		index: 'a1',
		text,
		data: {},
		parent,
		x,
		y,
		w: 220,
		h: 84
	}) as unknown as Item;
export const loopLink = (id: string, from: string, to: string, polarity: JsonValue, delay = false) =>
	({ kind: 'connector', id, index: 'a2', from, to, label: '', data: { template: 'causal-loop', polarity, delay } }) as unknown as Connector;
