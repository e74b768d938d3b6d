import { describe, expect, it } from 'vitest';
import { rankByAgency, rankQuestions, sortBy } from './rank.js';

const q = (n: number) => ({ id: `q${n}x`, text: `How might we ${n}?` });
const Q = [q(1), q(2), q(3), q(4), q(5)];

describe(rankQuestions, () => {
	it('sums the three criteria into the total and orders by it', () => {
		const rows = rankQuestions(Q, {
			q1x: { feasibility: 1, desirability: 0, viability: 0, voters: 1 },
			q2x: { feasibility: 3, desirability: 4, viability: 2, voters: 4 },
			q3x: { feasibility: 2, desirability: 2, viability: 2, voters: 3 }
		});
		expect(rows.map((r) => [r.id, r.total])).toEqual([
			['q2x', 9],
			['q3x', 6],
			['q1x', 1],
			['q4x', 0],
			['q5x', 0]
		]);
		expect(rows[0].voters).toBe(4);
		expect(rows[3].voters).toBeNull();
	});

	it('gives equal counts the same rank and skips the next (1, 1, 3)', () => {
		const rows = rankQuestions(Q.slice(0, 3), { q1x: { feasibility: 2 }, q2x: { feasibility: 2 }, q3x: { feasibility: 1 } });
		const byId = new Map(rows.map((r) => [r.id, r.rank.feasibility]));
		expect([byId.get('q1x'), byId.get('q2x'), byId.get('q3x')]).toEqual([1, 1, 3]);
		expect(sortBy(rows, 'feasibility').map((r) => r.id)).toEqual(['q1x', 'q2x', 'q3x']);
	});

	it('lists questions that share a rank alphabetically, whatever order they came in (the one tie rule)', () => {
		const questions = [
			{ id: 'qa', text: 'What if parents co-designed the policy?' },
			{ id: 'qb', text: 'How might we share what each agency knows?' },
			{ id: 'qc', text: 'how might we fund youth work?' }
		];
		const tallies = { qa: { feasibility: 2 }, qb: { feasibility: 2 }, qc: { feasibility: 2 } };
		const forwards = rankQuestions(questions, tallies).map((r) => r.id);
		const backwards = rankQuestions([...questions].reverse(), tallies).map((r) => r.id);
		expect(forwards).toEqual(['qc', 'qb', 'qa']);
		expect(backwards).toEqual(forwards);
		expect(rankQuestions(questions, tallies).map((r) => r.rank.total)).toEqual([1, 1, 1]);
	});

	it('marks as north star only questions in the top 3 of all three criteria, with a vote in each', () => {
		const rows = rankQuestions(Q, {
			q1x: { feasibility: 5, desirability: 5, viability: 5 },
			q2x: { feasibility: 4, desirability: 0, viability: 4 },
			q3x: { feasibility: 3, desirability: 3, viability: 3 },
			q4x: { feasibility: 2, desirability: 2, viability: 2 },
			q5x: { feasibility: 1, desirability: 9, viability: 1 }
		});
		const stars = rows
			.filter((r) => r.northStar)
			.map((r) => r.id)
			.sort();
		// q1 top in all; q3 is 3rd in F and V and 3rd in D (q5 9, q1 5, q3 3): a star. q2 has no D; q4 and q5 fall outside the top 3 somewhere.
		expect(stars).toEqual(['q1x', 'q3x']);
	});

	it('has no north star when nobody voted', () => {
		expect(rankQuestions(Q, {}).some((r) => r.northStar)).toBe(false);
	});
});

describe(rankByAgency, () => {
	it('ranks each published agency on its own, alphabetically', () => {
		const out = rankByAgency(Q.slice(0, 2), {
			School: { voters: 3, tallies: { q2x: { feasibility: 3, desirability: 0, viability: 0 } } },
			'Early help': { voters: 4, tallies: { q1x: { feasibility: 1, desirability: 1, viability: 1 } } }
		});
		expect(out.map((a) => a.agency)).toEqual(['Early help', 'School']);
		expect(out[1].rows[0].id).toBe('q2x');
	});
});
