import { describe, expect, it } from 'vitest';
import { readElements } from '$lib/doc/index.js';
import { contentsOf } from '../kit/model.js';
import { groups, tally } from './analysis.js';
import { icebergBoard } from './test-board.js';

describe(tally, () => {
	it('counts the worked example per layer and column, at least two in every cell', () => {
		const board = icebergBoard(true);
		const { items } = contentsOf(board.frame(), readElements(board.doc));
		const t = tally(items);
		expect(t.counts).toEqual({
			1: { drivers: 3, barriers: 3 },
			2: { drivers: 2, barriers: 3 },
			3: { drivers: 2, barriers: 4 },
			4: { drivers: 2, barriers: 3 }
		});
		expect(t.byColumn).toEqual({ drivers: 9, barriers: 13 });
		expect(t.byLayer[3]).toBe(6);
		expect(t.total).toBe(22);
		expect(t.outside).toBe(0);
	});

	it('counts notes only, and notes outside the grid separately', () => {
		const data = (d: Record<string, unknown>) => d as Record<string, never>;
		const base = { index: 'a0', parent: 'frm', x: 0, y: 0, w: 10, h: 10, text: '', color: 'yellow' as const };
		const t = tally([
			{ ...base, id: 'n1x', kind: 'note', data: data({ layer: 2, column: 'barriers' }) },
			{ ...base, id: 'n2x', kind: 'note', data: {} },
			{ ...base, id: 'h1x', kind: 'item', template: 'iceberg', type: 'heading', data: data({ layer: 2, column: 'barriers' }) }
		]);
		expect(t.counts[2].barriers).toBe(1);
		expect(t.total).toBe(1);
		expect(t.outside).toBe(1);
	});
});

describe(groups, () => {
	it('finds the example groups with their notes', () => {
		const board = icebergBoard(true);
		const { items } = contentsOf(board.frame(), readElements(board.doc));
		const found = groups(items).map((g) => [g.heading.text, g.notes.map((n) => ('text' in n ? n.text : '')).sort()]);
		expect(found).toEqual([
			['Money', ['80% of spend goes on AP places, 20% on prevention', 'Funding for AP commissioned per place']],
			['Whose job?', ['Excluded pupils are somebody else’s problem', "Inclusion is the SENCO's job"]]
		]);
	});
});
