/**
 * "Play": a facilitator nudges one variable up or down and the effect travels along the links one step
 * at a time, each link's sign applied. A qualitative story for discussion, not a forecast: it says
 * which way things push, not how far or how soon.
 */
import type { Edge, Graph } from './analysis.js';
import { signText } from './schema.js';

export type Direction = 'up' | 'down';

export interface Effect {
	/** 1 for the start's direct effects. */
	step: number;
	variable: string;
	direction: Direction;
	/** The link the effect came along, and where from. */
	via: Edge;
	from: string;
	/** Which way `from` was moving. */
	fromDirection: Direction;
}

/** At most this many effects per step are followed, so a dense diagram tells a readable story. */
export const MAX_PER_STEP = 24;

const flip = (d: Direction): Direction => (d === 'up' ? 'down' : 'up');

/**
 * The effects of nudging `start` in `direction`, for `steps` steps: step k holds every variable reached
 * along k links (a variable may come round again when a loop closes). One effect per variable and
 * direction per step; each step follows at most MAX_PER_STEP effects.
 * @example propagate(graph, exclusions, 'up', 3).map((e) => `${e.step}: ${e.variable} ${e.direction}`)
 */
export function propagate(graph: Graph, start: string, direction: Direction, steps: number): Effect[] {
	const outgoing = new Map<string, Edge[]>();
	for (const e of graph.edges) outgoing.set(e.from, [...(outgoing.get(e.from) ?? []), e]);
	const effects: Effect[] = [];
	let frontier: { variable: string; direction: Direction }[] = graph.names.has(start) ? [{ variable: start, direction }] : [];
	for (let step = 1; step <= steps && frontier.length > 0; step++) {
		const seen = new Set<string>();
		const next: Effect[] = [];
		for (const at of frontier) {
			for (const via of outgoing.get(at.variable) ?? []) {
				const moved = via.polarity === '+' ? at.direction : flip(at.direction);
				const key = `${via.to}:${moved}`;
				if (seen.has(key) || next.length >= MAX_PER_STEP) continue;
				seen.add(key);
				next.push({ step, variable: via.to, direction: moved, via, from: at.variable, fromDirection: at.direction });
			}
		}
		effects.push(...next);
		frontier = next;
	}
	return effects;
}

/**
 * "goes up", or "go up" when the name's first word looks plural ("Exclusions", "Needs escalating"); the
 * first word is usually the head of a variable's noun phrase ("Spend on AP places" goes up).
 */
function verb(name: string, direction: Direction): string {
	const plural = /[^s]s$/i.test(name.trim().split(/\s+/)[0] ?? '');
	return `${plural ? 'go' : 'goes'} ${direction}`;
}

/**
 * The story in plain sentences, one per effect.
 * @example "Step 1: Exclusions go up, so Spend on AP places goes up (+)."
 */
export function narrate(graph: Graph, start: string, direction: Direction, effects: readonly Effect[]): string[] {
	const name = (id: string) => graph.names.get(id) ?? 'a missing variable';
	const lines = [`Start: ${name(start)} ${verb(name(start), direction)}.`];
	for (const e of effects) {
		const sign = `${signText(e.via.polarity)}${e.via.delay ? ', after a delay' : ''}`;
		let line = `Step ${e.step}: ${name(e.from)} ${verb(name(e.from), e.fromDirection)}, so ${name(e.variable)} ${verb(name(e.variable), e.direction)} (${sign}).`;
		if (e.variable === start)
			line +=
				e.direction === direction
					? ' Back at the start, pushed the same way: a reinforcing loop.'
					: ' Back at the start, pushed back the other way: a balancing loop.';
		lines.push(line);
	}
	return lines;
}
