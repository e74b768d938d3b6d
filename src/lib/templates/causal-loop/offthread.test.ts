import { describe, expect, it } from 'vitest';
import type { Connector, Element, Frame, Item, JsonValue } from '$lib/doc/schema.js';
import { contentsOf } from '../kit/model.js';
import { analyse } from './analysis.js';
import { LoopAnalyses } from './offthread.js';
import { searchAnswer, type SearchRequest, type WorkerState } from './worker-core.js';
import { mulberry32, randomGraph, plainAnalysis as plain, loopFrame as frameOf, loopVariable, loopLink as link } from './test-graphs.js';

const variable = (id: string, text: string, parent: string) => loopVariable(id, text, parent);

/** A loop worker run by hand: requests wait in `inbox` until `answer` runs the worker's half on the oldest. */
function harness() {
	const inbox: SearchRequest[] = [];
	const state: WorkerState = new Map();
	const loops = new LoopAnalyses((request) => inbox.push(structuredClone(request)));
	const answer = (request = inbox.shift()!) => loops.receive(structuredClone(searchAnswer(state, request)));
	return { inbox, state, loops, answer };
}

const contents = (elements: Element[]) => contentsOf(elements[0] as Frame, elements);

/** A → B → C → A, all +, and A → B → A with B → A −. */
function diagram(): Element[] {
	const f = frameOf('f1');
	return [
		f,
		variable('a', 'A', 'f1'),
		variable('b', 'B', 'f1'),
		variable('c', 'C', 'f1'),
		link('l1', 'a', 'b', '+'),
		link('l2', 'b', 'c', '+'),
		link('l3', 'c', 'a', '+'),
		link('l4', 'b', 'a', '-')
	];
}

describe('loops searched off the main thread', () => {
	it('shows the worker’s answer for the current graph: the same as a fresh analysis', () => {
		const { loops, answer, inbox } = harness();
		const elements = diagram();
		const first = loops.analysis(contents(elements));
		expect(first.pending).toBe(true);
		expect(first.loops).toEqual([]);
		expect(inbox).toHaveLength(1);
		expect(answer()).toBe(true);
		const now = loops.analysis(contents(elements));
		expect(now.pending).toBeUndefined();
		expect(plain(now)).toEqual(plain(analyse(contents(elements))));
		// Asked again with nothing changed: no new request, the same object.
		expect(loops.analysis(contents(elements))).toBe(now);
		expect(inbox).toHaveLength(0);
		// A link drawn: only what changed goes to the worker, and the answer is again what a fresh analysis gives.
		const more = [...elements, link('l0', 'c', 'b', '-')];
		loops.analysis(contents(more));
		expect(inbox[0].graph).toBeUndefined();
		expect(inbox[0].edits?.edgeIds).toEqual(['l0']);
		expect(answer()).toBe(true);
		expect(plain(loops.analysis(contents(more)))).toEqual(plain(analyse(contents(more))));
	});

	it('drops an answer for an older version, and sends the changes made meanwhile as one request', () => {
		const { loops, answer, inbox } = harness();
		let elements = diagram();
		loops.analysis(contents(elements));
		const stale = inbox.shift()!;
		// Two changes while the first request is with the worker: one more request, held back until it answers.
		elements = [...elements, variable('d', 'D', 'f1'), link('l5', 'c', 'd', '+')];
		loops.analysis(contents(elements));
		elements = [...elements, link('l6', 'd', 'a', '-')];
		loops.analysis(contents(elements));
		expect(inbox).toHaveLength(0);
		expect(answer(stale)).toBe(false);
		expect(loops.analysis(contents(elements)).pending).toBe(true);
		expect(inbox).toHaveLength(1);
		expect(answer()).toBe(true);
		expect(plain(loops.analysis(contents(elements)))).toEqual(plain(analyse(contents(elements))));
	});

	it('while pending, shows only the last loops that still hold, with their numbers', () => {
		const { loops, answer } = harness();
		let elements = diagram();
		loops.analysis(contents(elements));
		answer();
		const before = loops.analysis(contents(elements));
		expect(before.loops.map((l) => l.code).sort()).toEqual(['B1', 'R1']);
		// l4 (B → A, −) switched to +: A → B → A is now reinforcing, so B1 no longer holds; R1 still does.
		elements = elements.map((e) => (e.id === 'l4' ? link('l4', 'b', 'a', '+') : e));
		const pending = loops.analysis(contents(elements));
		expect(pending.pending).toBe(true);
		expect(pending.loops.map((l) => l.code)).toEqual(['R1']);
		expect(pending.byMember.get('c')?.map((l) => l.code)).toEqual(['R1']);
		// A variable renamed: the loops still hold, and read with the new name.
		answer();
		elements = elements.map((e) => (e.id === 'c' ? variable('c', 'Cost', 'f1') : e));
		const renamed = loops.analysis(contents(elements));
		expect(renamed.pending).toBe(true);
		expect(renamed.loops.find((l) => l.members.includes('c'))?.memberNames).toContain('Cost');
	});

	it('says when the search was capped, in the answer and while pending', () => {
		const { loops, answer } = harness();
		const graph = randomGraph(mulberry32(7), 200, 600);
		const f = frameOf('big');
		let elements: Element[] = [
			f,
			...graph.nodes.map((id) => variable(id, id, 'big')),
			...graph.edges.map((e) => link(e.id, e.from, e.to, e.polarity))
		];
		loops.analysis(contents(elements));
		answer();
		const now = loops.analysis(contents(elements));
		expect(now.complete).toBe(false);
		expect(plain(now)).toEqual(plain(analyse(contents(elements))));
		elements = [...elements, link('new', graph.nodes[0], graph.nodes[1], '+')];
		const pending = loops.analysis(contents(elements));
		expect(pending.pending).toBe(true);
		expect(pending.complete).toBe(false);
	});

	it('renumbers after a loop is named, without sending the graph again', () => {
		const { loops, answer, inbox } = harness();
		let elements = diagram();
		loops.analysis(contents(elements));
		answer();
		const key = loops.analysis(contents(elements)).loops[0].key;
		elements = [frameOf('f1', { loopNames: { [key]: { name: 'Growth', members: [] } } }), ...elements.slice(1)];
		loops.analysis(contents(elements));
		expect(inbox[0].graph).toBeUndefined();
		answer();
		const named = loops.analysis(contents(elements));
		expect(named.loops[0].name).toBe('Growth');
		expect(plain(named)).toEqual(plain(analyse(contents(elements))));
	});

	it('sends the graph again when the worker has lost it', () => {
		const { loops, answer, state, inbox } = harness();
		let elements = diagram();
		loops.analysis(contents(elements));
		answer();
		state.clear();
		elements = [frameOf('f1', { loopNames: { 'a>b': { name: 'Pair', members: [] } } }), ...elements.slice(1)];
		loops.analysis(contents(elements));
		expect(answer()).toBe(false);
		expect(inbox[0].graph).toBeDefined();
		expect(answer()).toBe(true);
		expect(plain(loops.analysis(contents(elements)))).toEqual(plain(analyse(contents(elements))));
	});

	it('without a worker, or after it fails, analyses on the main thread and is never pending', () => {
		const sync = new LoopAnalyses(null);
		const elements = diagram();
		expect(plain(sync.analysis(contents(elements)))).toEqual(plain(analyse(contents(elements))));
		const { loops } = harness();
		expect(loops.analysis(contents(elements)).pending).toBe(true);
		const told: string[] = [];
		loops.onChange((frame) => told.push(frame));
		loops.fallBack();
		expect(told).toEqual(['f1']);
		const now = loops.analysis(contents(elements));
		expect(now.pending).toBeUndefined();
		expect(plain(now)).toEqual(plain(analyse(contents(elements))));
	});

	it('equals a fresh analysis after every answer, through random edits', () => {
		const { loops, answer, inbox } = harness();
		const random = mulberry32(11);
		const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
		let elements: Element[] = [frameOf('f1'), ...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => variable(id, id.toUpperCase(), 'f1'))];
		for (let step = 0; step < 300; step++) {
			const vars = elements.filter((e) => e.kind === 'item');
			const links = elements.filter((e): e is Connector => e.kind === 'connector');
			const r = random();
			if (r < 0.45 || links.length === 0)
				elements = [...elements, link(`n${step}`, pick(vars).id, pick(vars).id, pick(['+', '-', '+', null]) as JsonValue)];
			else if (r < 0.6) elements = elements.filter((e) => e !== pick(links));
			else if (r < 0.8) {
				const l = pick(links);
				elements = elements.map((e) => (e === l ? link(l.id, l.from, l.to, l.data.polarity === '+' ? '-' : '+') : e));
			} else {
				const v = pick(vars) as Item;
				elements = elements.map((e) => (e === v ? { ...v, text: pick(['A', 'B', 'x', 'Y z']) } : e));
			}
			loops.analysis(contents(elements));
			// Answer some of the time, as a worker running behind would.
			if (random() < 0.5) while (inbox.length > 0) answer();
			const now = loops.analysis(contents(elements));
			if (!now.pending) expect(plain(now), `step ${step}`).toEqual(plain(analyse(contents(elements))));
			else {
				const fresh = analyse(contents(elements));
				// Every loop shown while pending is a loop of the diagram now, of the same type.
				const types = new Map(fresh.loops.map((l) => [l.key, l.type]));
				if (fresh.complete) for (const loop of now.loops) expect(types.get(loop.key), `step ${step}`).toBe(loop.type);
			}
		}
	});
});
