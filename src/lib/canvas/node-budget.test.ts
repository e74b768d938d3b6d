import { describe, expect, it } from 'vitest';
import { releasable } from './node-budget.js';

describe('releasable', () => {
	it('releases nothing within the budget', () => {
		expect(
			releasable(
				new Map([
					['a', 1],
					['b', 2]
				]),
				new Set(),
				2
			)
		).toEqual([]);
	});

	it('releases the nodes seen longest ago, down to the budget', () => {
		const seen = new Map([
			['a', 5],
			['b', 1],
			['c', 3],
			['d', 9]
		]);
		expect(releasable(seen, new Set(), 2)).toEqual(['b', 'c']);
	});

	it('never releases what is kept (in view, dragged, edited), even over the budget', () => {
		const seen = new Map([
			['a', 1],
			['b', 2],
			['c', 3]
		]);
		expect(releasable(seen, new Set(['a', 'b']), 1)).toEqual(['c']);
		expect(releasable(seen, new Set(['a', 'b', 'c']), 0)).toEqual([]);
	});
});
