import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readElements, type Frame, type PlacementRules } from '$lib/doc/index.js';
import { composePlacementRule } from '../kit/placement.js';
import { addExercise } from '../kit/seed.js';
import { contentsOf } from '../kit/model.js';
import { questionsIn } from './binding.js';
import { howMightWeModel } from './model.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule([howMightWeModel]), link: null };

function example() {
	const doc = new Y.Doc();
	const frameId = addExercise(doc, howMightWeModel, { example: true, at: { x: 0, y: 0 }, rules: RULES });
	const elements = readElements(doc);
	const frame = elements.find((e) => e.id === frameId) as Frame;
	return { frame, elements, contents: contentsOf(frame, elements), byId: new Map(elements.map((e) => [e.id, e])) };
}

describe('report', () => {
	it('lists the questions by column and has no table before votes are revealed', () => {
		const { frame, elements, contents, byId } = example();
		const part = howMightWeModel.report!(contents, { byId, frame, elements, votes: new Map() });
		expect(part.blocks.filter((b) => b.kind === 'heading').map((b) => (b as { text: string }).text)).toEqual([
			'Within school practice',
			'Across school practice',
			'Across public + other sectors'
		]);
		expect(part.tables).toEqual([]);
		expect(part.svg).toContain('<svg');
	});

	it('adds the ranked table once votes are revealed, north stars marked', () => {
		const { frame, elements, contents, byId } = example();
		const [a, b, c, d] = questionsIn(elements, frame.id);
		const votes = new Map([
			[a.id, { feasibility: 5, desirability: 5, viability: 5 }],
			[b.id, { feasibility: 1, desirability: 2, viability: 0 }],
			[c.id, { feasibility: 0, desirability: 1, viability: 3 }],
			[d.id, { feasibility: 2, desirability: 0, viability: 1 }]
		]);
		const part = howMightWeModel.report!(contents, { byId, frame, elements, votes });
		const table = part.tables[0];
		expect(table.columns.find((col) => col.key === 'total')?.type).toBe('number');
		expect(table.rows[0]).toMatchObject({ rank: 1, question: a.text, column: 'Within school practice', total: 15, northStar: 'yes' });
		expect(table.rows).toHaveLength(4);
	});
});
