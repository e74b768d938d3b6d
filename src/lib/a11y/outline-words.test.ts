import { describe, expect, it } from 'vitest';
import type { Element, Frame, Item } from '$lib/doc/schema.js';
import type { TemplateModel } from '$lib/templates/kit/model.js';
import { ExerciseWords, TemplatedLeaf } from './outline-words.js';

const frame = { kind: 'frame', id: 'f', title: 'Loops', template: 'test' } as Frame;
const item = (id: string, text: string) => ({ kind: 'item', id, text, parent: 'f' }) as Item;

/** A template whose words for an item read the whole frame (as a causal-loop variable names its loops). */
function wordsOver(board: Map<string, Element>) {
	const model = {
		describe: (el: Element, ctx: { byId: ReadonlyMap<string, Element> }) =>
			`${(el as Item).text}, one of ${[...(ctx.byId as Map<string, Element>).values()].length}`
	} as unknown as TemplateModel;
	return new ExerciseWords(board, frame, model, {});
}

describe(TemplatedLeaf, () => {
	it('makes its words when first read, keeps them for one gen of its exercise, and makes them again after', () => {
		const board = new Map<string, Element>([['a', item('a', 'Exclusions')]]);
		const words = wordsOver(board);
		const leaves = [new TemplatedLeaf(board.get('a')!, words), new TemplatedLeaf(item('b', 'Spend'), words)];
		expect(words.made).toBe(0);
		expect(leaves[0].label).toBe('Exclusions, one of 1');
		expect(leaves[0].label).toBe('Exclusions, one of 1');
		expect(words.made).toBe(1);
		// Something in the exercise changed: every leaf's words may read differently, made again when read.
		const now = new Map(board).set('b', item('b', 'Spend'));
		words.stale(now);
		expect(words.made).toBe(1);
		expect(leaves[0].label).toBe('Exclusions, one of 2');
		expect(leaves[1].label).toBe('Spend, one of 2');
		expect(words.made).toBe(3);
	});

	it("keeps one row object, renumbered in place, for the outline's rows; a search gets rows of its own", () => {
		const words = wordsOver(new Map());
		const leaf = new TemplatedLeaf(item('a', 'Exclusions'), words);
		const row = leaf.rowOf(3, 10, 4, 'f:variables', false);
		expect({ ...row, label: row.label }).toMatchObject({
			key: 'a',
			kind: 'element',
			level: 3,
			setsize: 10,
			posinset: 4,
			label: 'Exclusions, one of 0'
		});
		const again = leaf.rowOf(3, 11, 5, 'f:variables', false);
		expect(again).toBe(row);
		expect([row.setsize, row.posinset]).toEqual([11, 5]);
		const found = leaf.rowOf(3, 1, 1, 'f:variables', true);
		expect(found).not.toBe(row);
		expect([row.setsize, row.posinset, found.setsize, found.posinset]).toEqual([11, 5, 1, 1]);
	});
});
