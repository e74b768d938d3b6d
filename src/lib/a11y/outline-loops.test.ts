import { describe, expect, it, vi } from 'vitest';
import type { Annotations } from '$lib/canvas/annotations.js';
import { createElement, moveBy, setData, setText } from '$lib/doc/commands.js';
import { ElementIndex } from '$lib/doc/element-index.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { LoopAnalyses } from '$lib/templates/causal-loop/offthread.js';
import { searchAnswer, type SearchRequest, type WorkerState } from '$lib/templates/causal-loop/worker-core.js';
import { addExercise } from '$lib/templates/kit/seed.js';
import { TEMPLATE_MODELS } from '$lib/templates/models.js';
import { outlineRows } from './outline-rows.js';
import { OutlineTree } from './outline-tree.js';

/** A board with the worked causal-loop example, its loops found by a loop worker run by hand (as offthread.test.ts). */
function board() {
	const { docs } = createPeers(1);
	const doc = docs[0];
	const frame = addExercise(
		doc,
		TEMPLATE_MODELS.find((m) => m.id === 'causal-loop')!,
		{ example: true, at: { x: 0, y: 0 } }
	);
	const index = new ElementIndex(doc);
	const inbox: SearchRequest[] = [];
	const state: WorkerState = new Map();
	const loops = new LoopAnalyses((request) => inbox.push(structuredClone(request)));
	const answer = () => loops.receive(structuredClone(searchAnswer(state, inbox.shift()!)));
	// What Board.svelte hands out: a frame's annotation is the board's loops.
	const annotations: Annotations = {
		get: (id) => (index.get(id)?.kind === 'frame' ? loops : undefined),
		onChange: (listener) => loops.onChange((f) => listener(new Set([f])))
	};
	return { doc, frame, index, inbox, answer, annotations };
}

const labels = (rows: { label: string }[]) => rows.map((r) => r.label);

describe('the outline with the loop worker', () => {
	it("describes a causal-loop exercise's loops from the worker's answer, saying so in the panel's words while it works", () => {
		const { doc, frame, index, inbox, answer, annotations } = board();
		const tree = new OutlineTree(index, annotations);
		let told = 0;
		tree.onChange(() => told++);
		// Nothing found yet: the variables say the loops are being found, and a request went to the worker.
		const first = labels(tree.rows());
		expect(first.filter((l) => l.startsWith('Variable:')).every((l) => l.includes('in no loop; Finding the loops…'))).toBe(true);
		expect(inbox).toHaveLength(1);
		// The answer comes: the rows read as the synchronous analysis gives them, and the outline was told.
		expect(answer()).toBe(true);
		expect(told).toBe(1);
		const answered = labels(tree.rows());
		expect(answered).toEqual(labels(outlineRows(index.all())));
		expect(answered.some((l) => /^Variable: .*in loops? [RB]1/.test(l))).toBe(true);
		// A sign switched: until the worker answers, the loops that still hold, said to be updating.
		const link = index.contentsOf(frame).links[0];
		setData(doc, link.id, { ...link.data, polarity: link.data.polarity === '+' ? '-' : '+' });
		// The words are made when read (the rows on screen): reading them asks the worker.
		const pending = labels(tree.rows());
		expect(inbox).toHaveLength(1);
		expect(pending.some((l) => l.includes('Updating the loops: these are the ones found before the last change that still hold.'))).toBe(
			true
		);
		expect(answer()).toBe(true);
		expect(labels(tree.rows())).toEqual(labels(outlineRows(index.all())));
		// A rename: the new name at once, the loops with it once the worker answers.
		const variable = index.contentsOf(frame).items.find((i) => i.kind === 'item' && i.type === 'variable')!;
		setText(doc, variable.id, 'Renamed variable');
		expect(labels(tree.rows()).some((l) => l.startsWith('Variable: Renamed variable;'))).toBe(true);
		while (inbox.length) answer();
		expect(labels(tree.rows())).toEqual(labels(outlineRows(index.all())));
		expect(told).toBeGreaterThanOrEqual(4);
		tree.destroy();
		index.destroy();
	});

	it('describes only the rows read, once per change, and keeps every other row object when one element changes', () => {
		const { doc, frame, index, inbox, answer, annotations } = board();
		const model = TEMPLATE_MODELS.find((m) => m.id === 'causal-loop')!;
		const described = vi.spyOn(model, 'describe');
		const variables = () => index.contentsOf(frame).items.filter((i) => i.kind === 'item' && i.type === 'variable');
		// A bigger diagram: 30 more variables in a chain.
		const first = variables()[0];
		let last = first.id;
		for (let i = 0; i < 30; i++) {
			const id = createElement(doc, {
				kind: 'item',
				template: 'causal-loop',
				type: 'variable',
				text: `v${i}`,
				x: first.x + 40 * i,
				y: first.y + 900,
				w: 200,
				h: 80,
				parent: frame
			});
			createElement(doc, { kind: 'connector', from: last, to: id, data: { template: 'causal-loop', polarity: '+' } });
			last = id;
		}
		const tree = new OutlineTree(index, annotations);
		const leaves = (rows: ReturnType<typeof tree.rows>) => rows.filter((r) => r.kind === 'element');
		const onScreen = (rows: ReturnType<typeof tree.rows>) => rows.slice(0, 10).map((r) => r.label);
		let rows = tree.rows();
		expect(leaves(rows).length).toBeGreaterThan(60);
		expect(described).not.toHaveBeenCalled();
		onScreen(rows);
		const once = described.mock.calls.length;
		expect(once).toBe(rows.slice(0, 10).filter((r) => r.kind === 'element').length);
		onScreen(rows);
		expect(described).toHaveBeenCalledTimes(once);
		while (inbox.length) answer();
		// A sign switched: the rows are listed again without a word made, the rows on screen made again when read.
		const link = index.contentsOf(frame).links[0];
		const before = new Map(leaves(rows).map((r) => [r.key, r]));
		setData(doc, link.id, { ...link.data, polarity: link.data.polarity === '+' ? '-' : '+' });
		described.mockClear();
		rows = tree.rows();
		expect(described).not.toHaveBeenCalled();
		const variableWords = onScreen(rows).filter((l) => l.startsWith('Variable:'));
		expect(variableWords.length).toBeGreaterThan(0);
		expect(variableWords.every((l) => l.includes('Updating the loops'))).toBe(true);
		expect(described).toHaveBeenCalledTimes(once);
		// Every leaf row but the changed link's is the object it was.
		expect(
			leaves(rows)
				.filter((r) => before.get(r.key) !== r)
				.map((r) => r.key)
		).toEqual([link.id]);
		// The worker answers: nothing is described until read, and then the words are the answer's.
		described.mockClear();
		while (inbox.length) answer();
		rows = tree.rows();
		expect(described).not.toHaveBeenCalled();
		expect(onScreen(rows)).toEqual(onScreen(outlineRows(index.all())));
		// A variable moved onto another (past others in the reading order): one new row, the rest the same objects, renumbered.
		const moving = variables()[0];
		const kept = new Map(leaves(rows).map((r) => [r.key, r]));
		const was = rows.findIndex((r) => r.key === moving.id);
		const onto = variables()[5];
		moveBy(doc, [moving.id], onto.x - moving.x, onto.y - moving.y);
		expect(index.get(moving.id)).toMatchObject({ parent: frame });
		rows = tree.rows();
		expect(rows.findIndex((r) => r.key === moving.id)).not.toBe(was);
		expect(
			leaves(rows)
				.filter((r) => kept.get(r.key) !== r)
				.map((r) => r.key)
		).toEqual([moving.id]);
		while (inbox.length) answer();
		expect(labels(tree.rows())).toEqual(labels(outlineRows(index.all())));
		described.mockRestore();
		tree.destroy();
		index.destroy();
	});
});
