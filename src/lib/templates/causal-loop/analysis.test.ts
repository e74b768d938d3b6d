import { describe, expect, it } from 'vitest';
import { analyseGraph, findLoops, LOOP_CAP, loopKey, type Graph, type Loop } from './analysis.js';
import { naiveCycles } from './reference-cycles.js';
import { mulberry32, randomGraph } from './test-graphs.js';

/** Loops as comparable strings: canonical rotation, type and the links they run along. */
const canon = (loops: readonly Loop[]) => loops.map((l) => `${loopKey(l.members)} ${l.type} ${rotateLinks(l)}`).sort();
function rotateLinks(l: Loop): string {
	const start = l.members.indexOf(loopKey(l.members).split('>')[0]);
	return [...l.links.slice(start), ...l.links.slice(0, start)].join(',');
}

describe(findLoops, () => {
	it('finds exactly the cycles a brute-force walk finds, with the same R/B, on 600 random graphs', () => {
		const random = mulberry32(20251124);
		let total = 0;
		for (let run = 0; run < 600; run++) {
			const nodes = 1 + Math.floor(random() * 8);
			const graph = randomGraph(random, nodes, Math.floor(random() * nodes * 3));
			const fast = findLoops(graph, { maxLoops: Infinity, maxSteps: Infinity });
			expect(fast.complete).toBe(true);
			expect(canon(fast.loops), `run ${run}`).toEqual(canon(naiveCycles(graph)!));
			// Keys are canonical and unique.
			expect(new Set(fast.loops.map((l) => l.key)).size).toBe(fast.loops.length);
			for (const l of fast.loops) expect(l.key).toBe(loopKey(l.members));
			total += fast.loops.length;
		}
		// The graphs are not trivially acyclic: thousands of loops were compared.
		expect(total).toBeGreaterThan(2000);
	});

	it('classifies by the number of − links: even is reinforcing, odd balancing', () => {
		const graph: Graph = {
			nodes: ['a1x', 'b1x', 'c1x'],
			names: new Map([
				['a1x', 'A'],
				['b1x', 'B'],
				['c1x', 'C']
			]),
			edges: [
				{ id: 'e1', from: 'a1x', to: 'b1x', polarity: '-', delay: false },
				{ id: 'e2', from: 'b1x', to: 'c1x', polarity: '-', delay: false },
				{ id: 'e3', from: 'c1x', to: 'a1x', polarity: '+', delay: false },
				{ id: 'e4', from: 'b1x', to: 'a1x', polarity: '+', delay: false }
			],
			unsigned: [],
			duplicates: [],
			selfLinks: [],
			contested: []
		};
		const loops = findLoops(graph)
			.loops.map((l) => `${l.key}:${l.type}`)
			.sort();
		expect(loops).toEqual(['a1x>b1x:B', 'a1x>b1x>c1x:R']);
	});

	it('stops at the cap and says so when loops explode', () => {
		// A complete digraph on 12 nodes has hundreds of millions of cycles.
		const random = mulberry32(7);
		const graph = randomGraph(random, 12, 132);
		const result = findLoops(graph, { maxLoops: 500 });
		expect(result.complete).toBe(false);
		expect(result.loops.length).toBe(500);
		const bySteps = findLoops(graph, { maxSteps: 1000 });
		expect(bySteps.complete).toBe(false);
	});

	it('stops a 200-variable, 600-link diagram (whose loops explode) inside a frame', () => {
		const graph = randomGraph(mulberry32(3), 200, 600);
		const result = findLoops(graph);
		expect(result.complete).toBe(false);
		expect(result.loops.length).toBeGreaterThan(100);
		// Stopped by the work budget, not the loop cap: no timed assertion here (bench/loops.ts gives the times).
		expect(result.loops.length).toBeLessThan(LOOP_CAP);
	});
});

describe(analyseGraph, () => {
	it('numbers loops shortest first, then by their members’ names read from the alphabetically first', () => {
		const random = mulberry32(4242);
		let ties = 0;
		for (let run = 0; run < 200; run++) {
			const nodes = 2 + Math.floor(random() * 7);
			const graph = randomGraph(random, nodes, Math.floor(random() * nodes * 3));
			// Few distinct names, so loops of the same length often start with the same names.
			graph.names = new Map(graph.nodes.map((id) => [id, ['A', 'b', ' B ', 'c'][Math.floor(random() * 4)]]));
			const { loops } = analyseGraph(graph, findLoops(graph), {});
			const read = (l: (typeof loops)[number]) => l.memberNames.map((n) => n.trim().toLowerCase()).join('>');
			for (let i = 1; i < loops.length; i++) {
				const [a, b] = [loops[i - 1], loops[i]];
				expect(a.members.length, `run ${run}`).toBeLessThanOrEqual(b.members.length);
				if (a.members.length !== b.members.length) continue;
				ties++;
				expect(read(a) < read(b) || (read(a) === read(b) && a.key < b.key), `run ${run}: ${read(a)} before ${read(b)}`).toBe(true);
			}
		}
		expect(ties).toBeGreaterThan(100);
	});
});
