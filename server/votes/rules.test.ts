import { describe, expect, it } from 'vitest';
import { computeResults, countVoters, decideVote, myVotes, remainingFor } from './rules.js';
import type { VoteRow } from '../persistence/types.js';
import type { Round } from '../../src/lib/doc/votes.js';

const round = (over: Partial<Round> = {}): Round => ({
	id: 'round-abc123',
	status: 'open',
	questions: ['q-one', 'q-two'],
	budget: 3,
	stacking: true,
	facilitatorsVote: false,
	hidden: true,
	revealed: false,
	startedAt: 0,
	endedAt: null,
	...over
});

const row = (participantId: string, itemId: string, criterion: VoteRow['criterion'], count: number, agency = 'School'): VoteRow => ({
	participantId,
	agency,
	itemId,
	criterion,
	count
});

describe(decideVote, () => {
	const code = (out: ReturnType<typeof decideVote>) => out?.refused.code ?? 'ok';

	it('applies the rules in order: role, round, question, budget, stacking', () => {
		const vote = { itemId: 'q-one', criterion: 'feasibility' as const, delta: 1 as const };
		expect(code(decideVote(round(), 'viewer', [], vote))).toBe('viewer');
		expect(code(decideVote(null, 'participant', [], vote))).toBe('no_round');
		expect(code(decideVote(round({ status: 'closed' }), 'participant', [], vote))).toBe('vote_ended');
		expect(code(decideVote(round(), 'facilitator', [], vote))).toBe('facilitators_do_not_vote');
		expect(code(decideVote(round({ facilitatorsVote: true }), 'facilitator', [], vote))).toBe('ok');
		expect(code(decideVote(round(), 'participant', [], { ...vote, itemId: 'q-nine' }))).toBe('not_in_round');
		const three = [row('p', 'q-one', 'feasibility', 2), row('p', 'q-two', 'feasibility', 1)];
		expect(decideVote(round(), 'participant', three, vote)?.refused).toEqual({
			status: 409,
			code: 'over_budget',
			message: 'You have used all 3 of your feasibility votes. Take one back to move it.'
		});
		expect(code(decideVote(round(), 'participant', three, { ...vote, criterion: 'viability' }))).toBe('ok');
		expect(code(decideVote(round({ stacking: false }), 'participant', [row('p', 'q-one', 'feasibility', 1)], vote))).toBe('no_stacking');
		expect(code(decideVote(round(), 'participant', [], { ...vote, delta: -1 }))).toBe('nothing_to_take_back');
		expect(code(decideVote(round(), 'participant', three, { ...vote, delta: -1 }))).toBe('ok');
	});
});

describe('remaining and mine', () => {
	it('counts what is left per criterion, and nothing for someone who does not vote', () => {
		const mine = [row('p', 'q-one', 'feasibility', 2), row('p', 'q-two', 'viability', 1)];
		expect(remainingFor(round(), 'participant', mine)).toEqual({ feasibility: 1, desirability: 3, viability: 2 });
		expect(remainingFor(round(), 'facilitator', mine)).toEqual({ feasibility: 0, desirability: 0, viability: 0 });
		expect(remainingFor(null, 'participant', [])).toEqual({ feasibility: 0, desirability: 0, viability: 0 });
		expect(myVotes(mine)).toEqual({
			'q-one': { feasibility: 2, desirability: 0, viability: 0 },
			'q-two': { feasibility: 0, desirability: 0, viability: 1 }
		});
	});
});

describe(computeResults, () => {
	it('sums every row, counts voters per question, and shows an agency only from three voters, never leaving one or two out', () => {
		const rows = [
			row('a', 'q-one', 'feasibility', 3, 'School'),
			row('b', 'q-one', 'desirability', 1, 'School'),
			row('c', 'q-two', 'viability', 2, 'School'),
			row('d', 'q-two', 'viability', 1, 'Health'),
			row('e', 'q-two', 'feasibility', 1, ''),
			// A question that is not in the round (left from a card removed from it) does not count.
			row('f', 'q-gone', 'feasibility', 3, 'Health')
		];
		const { voters, results } = computeResults(round(), rows);
		expect(voters).toBe(5);
		expect(countVoters(round(), rows)).toBe(5);
		expect(results.tallies).toEqual({
			'q-one': { feasibility: 3, desirability: 1, viability: 0, voters: 2 },
			'q-two': { feasibility: 1, desirability: 0, viability: 3, voters: 3 }
		});
		// School has three voters, but listing it would leave out Health's one voter and one without an agency:
		// the totals minus School would give those two people's dots. So nothing is broken out.
		expect(results.byAgency).toEqual({});
		// With a third person left out, School can be listed: the rest are three.
		const more = computeResults(round(), [...rows, row('g', 'q-one', 'viability', 1, 'Police')]);
		expect(more.results.byAgency).toEqual({
			School: {
				voters: 3,
				tallies: { 'q-one': { feasibility: 3, desirability: 1, viability: 0 }, 'q-two': { feasibility: 0, desirability: 0, viability: 2 } }
			}
		});
	});

	it('29 School voters and one police officer: no breakdown, since School alone would reveal the officer', () => {
		const rows = Array.from({ length: 29 }, (_, i) => row(`s${i}`, 'q-one', 'feasibility', 1, 'School'));
		rows.push(row('officer', 'q-two', 'viability', 3, 'Police'));
		expect(computeResults(round(), rows).results.byAgency).toEqual({});
	});

	it('drops the next-smallest agency until the people left out are none or at least three', () => {
		const people = (agency: string, n: number) =>
			Array.from({ length: n }, (_, i) => row(`${agency}-${i}`, 'q-one', 'feasibility', 1, agency));
		// Police (1) left out; the smallest listed (Health, 3) goes too, leaving 4 out: School and Social care stay.
		const rows = [...people('School', 10), ...people('Social care', 5), ...people('Health', 3), ...people('Police', 1)];
		expect(Object.keys(computeResults(round(), rows).results.byAgency)).toEqual(['School', 'Social care']);
		// Everyone in a listed agency: nothing needs hiding.
		expect(Object.keys(computeResults(round(), [...people('School', 3), ...people('Health', 4)]).results.byAgency)).toEqual([
			'Health',
			'School'
		]);
	});

	it('no published number singles anyone out, whatever the mix of agencies (seeded property check)', () => {
		let seed = 7;
		const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		const agencies = ['School', 'Health', 'Police', 'Social care', 'Parent', ''];
		for (let trial = 0; trial < 500; trial++) {
			const rows: VoteRow[] = [];
			const voters = 1 + random(40);
			const agencyOf = new Map<string, string>();
			for (let v = 0; v < voters; v++) {
				const agency = agencies[random(agencies.length)];
				agencyOf.set(`p${v}`, agency);
				rows.push(row(`p${v}`, random(2) ? 'q-one' : 'q-two', 'feasibility', 1 + random(3), agency));
			}
			const { results } = computeResults(round(), rows);
			const listed = new Set(Object.keys(results.byAgency));
			for (const name of listed) expect(results.byAgency[name].voters).toBeGreaterThanOrEqual(3);
			// With a breakdown, whoever is in no listed agency can only be recovered (totals minus the breakdown)
			// as a group of none or at least 3. (Without one, only the totals are published.)
			const leftOut = [...agencyOf.values()].filter((a) => !listed.has(a)).length;
			if (listed.size > 0) expect(leftOut === 0 || leftOut >= 3, `trial ${trial}: ${leftOut} left out`).toBe(true);
		}
	});

	it('lists every question of the round, with zeros when nobody voted', () => {
		expect(computeResults(round(), []).results.tallies['q-two']).toEqual({ feasibility: 0, desirability: 0, viability: 0, voters: 0 });
	});
});
