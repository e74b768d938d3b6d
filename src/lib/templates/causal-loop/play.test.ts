import { describe, expect, it } from 'vitest';
import type { Graph } from './analysis.js';
import { narrate, propagate } from './play.js';

const graph: Graph = {
	nodes: ['ap1', 'ei1', 'ex1', 'sc1'],
	names: new Map([
		['ex1', 'Exclusions'],
		['ap1', 'Spend on AP'],
		['ei1', 'Early intervention'],
		['sc1', 'Scrutiny']
	]),
	edges: [
		{ id: 'l1', from: 'ex1', to: 'ap1', polarity: '+', delay: false },
		{ id: 'l2', from: 'ap1', to: 'ei1', polarity: '-', delay: false },
		{ id: 'l3', from: 'ei1', to: 'ex1', polarity: '-', delay: true },
		{ id: 'l4', from: 'ex1', to: 'sc1', polarity: '+', delay: false },
		{ id: 'l5', from: 'sc1', to: 'ex1', polarity: '-', delay: false }
	],
	unsigned: [],
	duplicates: [],
	selfLinks: [],
	contested: []
};

describe(propagate, () => {
	it('carries a nudge along the links step by step, applying each sign', () => {
		const effects = propagate(graph, 'ex1', 'up', 3);
		const read = effects.map((e) => `${e.step} ${graph.names.get(e.variable)} ${e.direction} via ${e.via.id}`);
		expect(read).toEqual([
			'1 Spend on AP up via l1',
			'1 Scrutiny up via l4',
			'2 Early intervention down via l2',
			'2 Exclusions down via l5',
			'3 Exclusions up via l3',
			'3 Spend on AP down via l1',
			'3 Scrutiny down via l4'
		]);
	});

	it('stops when nothing is left to move, and ignores an unknown start', () => {
		const chain: Graph = { ...graph, edges: [graph.edges[0]] };
		expect(propagate(chain, 'ex1', 'down', 5).map((e) => e.direction)).toEqual(['down']);
		expect(propagate(graph, 'nope', 'up', 3)).toEqual([]);
	});

	it('tells the story in plain words, saying when a loop comes back round', () => {
		const lines = narrate(graph, 'ex1', 'up', propagate(graph, 'ex1', 'up', 3));
		expect(lines[0]).toBe('Start: Exclusions go up.');
		expect(lines[1]).toBe('Step 1: Exclusions go up, so Spend on AP goes up (+).');
		expect(lines).toContain(
			'Step 2: Scrutiny goes up, so Exclusions go down (−). Back at the start, pushed back the other way: a balancing loop.'
		);
		expect(lines).toContain(
			'Step 3: Early intervention goes down, so Exclusions go up (−, after a delay). Back at the start, pushed the same way: a reinforcing loop.'
		);
	});
});
