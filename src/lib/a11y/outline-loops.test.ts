import { describe, expect, it } from 'vitest';
import type { Annotations } from '$lib/canvas/annotations.js';
import { setData, setText } from '$lib/doc/commands.js';
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
});
