/**
 * How many Konva nodes a canvas keeps built. Nodes are built only for what is in view (and, zoomed far
 * out, not for what the far shape draws); nodes that left the view stay built for a while (panning back
 * is then free) until there are more than the budget, when those seen longest ago are released. Pure.
 */

/** Nodes kept built before the ones seen longest ago are released (about two screens of readable notes). */
export const NODE_BUDGET = 1500;

/**
 * The ids to release so that at most `budget` stay built: the ones seen longest ago (smallest `seen`),
 * never one that `keep` holds (in view, dragged, edited).
 * @example releasable(new Map([['a', 1], ['b', 5]]), new Set(), 1) // ['a']
 */
export function releasable(seen: ReadonlyMap<string, number>, keep: ReadonlySet<string>, budget = NODE_BUDGET): string[] {
	const over = seen.size - budget;
	if (over <= 0) return [];
	const candidates: [string, number][] = [];
	for (const [id, at] of seen) if (!keep.has(id)) candidates.push([id, at]);
	candidates.sort((a, b) => a[1] - b[1]);
	return candidates.slice(0, over).map(([id]) => id);
}
