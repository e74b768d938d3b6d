/**
 * The brute-force reference for `findLoops`: a plain depth-first walk from every start vertex over
 * larger-numbered vertices only, so each cycle is met once, at its smallest member. Exponential and
 * deliberately naive: the property test and the benchmark check Johnson's algorithm against it.
 */
import { loopType, type Graph, type Loop } from './analysis.js';

/** Every elementary cycle, or null if `maxSteps` edge visits were not enough. */
export function naiveCycles(graph: Graph, maxSteps = Infinity): Loop[] | null {
	const out: Loop[] = [];
	const order = [...graph.nodes].sort();
	const rank = new Map(order.map((id, i) => [id, i]));
	const outgoing = new Map<string, Graph['edges']>(order.map((id) => [id, []]));
	for (const e of graph.edges) outgoing.get(e.from)!.push(e);
	let steps = 0;
	for (const start of order) {
		const path = [start];
		const edges: Graph['edges'] = [];
		const onPath = new Set([start]);
		const walk = (v: string): boolean => {
			for (const e of outgoing.get(v)!) {
				if (++steps > maxSteps) return false;
				if (e.to === start) {
					out.push({
						key: path.join('>'),
						members: [...path],
						links: [...edges, e].map((x) => x.id),
						type: loopType([...edges, e].map((x) => x.polarity))
					});
				} else if (rank.get(e.to)! > rank.get(start)! && !onPath.has(e.to)) {
					path.push(e.to);
					edges.push(e);
					onPath.add(e.to);
					const ok = walk(e.to);
					onPath.delete(path.pop()!);
					edges.pop();
					if (!ok) return false;
				}
			}
			return true;
		};
		if (!walk(start)) return null;
	}
	return out;
}
