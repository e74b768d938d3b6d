/**
 * The VoteStore contract. Every implementation runs this suite from its own test file, next to the DocStore and
 * BoardStore suites. Clauses are numbered [VSn] so a failure names the promise that broke; add new ones at the end.
 */
import { describe, expect, it } from 'vitest';
import type { CastRequest, VoteRow } from './types.js';
import { isRefusal } from './types.js';
import { useStoreFixture, type MakeStoreFixture } from './store-fixture.js';
import { decideVote } from '../votes/rules.js';
import type { Criterion, Round } from '../../src/lib/doc/votes.js';

const round = (id: string, over: Partial<Round> = {}): Round => ({
	id,
	status: 'open',
	questions: ['q-one', 'q-two', 'q-three'],
	budget: 3,
	stacking: true,
	facilitatorsVote: false,
	hidden: true,
	revealed: false,
	startedAt: 1_700_000_000_000,
	endedAt: null,
	...over
});

const vote = (participantId: string, itemId: string, criterion: Criterion, delta: 1 | -1 = 1, boardId = 'b1'): CastRequest => ({
	boardId,
	participantId,
	agency: 'School',
	itemId,
	criterion,
	delta
});

const asParticipant = (request: CastRequest) => (r: Round | null, mine: readonly VoteRow[]) =>
	decideVote(r, 'participant', mine, { itemId: request.itemId, criterion: request.criterion, delta: request.delta });

const sum = (rows: readonly VoteRow[]) => rows.reduce((n, r) => n + r.count, 0);

/** Registers the VoteStore contract suite for one implementation. */
export function describeVoteStore(name: string, make: MakeStoreFixture): void {
	describe(`${name} satisfies VoteStore`, () => {
		const fx = useStoreFixture(make);
		const votes = () => fx.store.votes;
		const cast = (request: CastRequest) => votes().cast(request, asParticipant(request));
		const start = (r: Round, boardId = 'b1') =>
			votes().changeRound(boardId, (current) =>
				current?.status === 'open' ? { refused: { status: 409, code: 'round_open', message: 'open' } } : r
			);

		it('[VS1] with no round, getRound is null and a vote is refused as no_round', async () => {
			expect(await votes().getRound('b1')).toBeNull();
			const out = await cast(vote('p1', 'q-one', 'feasibility'));
			expect(isRefusal(out) && out.refused.code).toBe('no_round');
			expect(await votes().roundVotes('b1', 'round-1')).toEqual([]);
		});

		it('[VS2] changeRound saves what decide returns and changes nothing when decide refuses', async () => {
			const saved = await start(round('round-1'));
			expect(saved).toEqual(round('round-1'));
			expect(await votes().getRound('b1')).toEqual(round('round-1'));
			const again = await start(round('round-2'));
			expect(isRefusal(again) && again.refused.code).toBe('round_open');
			expect((await votes().getRound('b1'))?.id).toBe('round-1');
			expect(await votes().getRound('b2')).toBeNull();
		});

		it('[VS3] cast adds one dot and returns the voter rows; votesOf and roundVotes agree', async () => {
			await start(round('round-1'));
			const first = await cast(vote('p1', 'q-one', 'feasibility'));
			const second = await cast(vote('p1', 'q-one', 'feasibility'));
			await cast(vote('p2', 'q-two', 'viability'));
			if (isRefusal(first) || isRefusal(second)) throw new Error('refused');
			expect(second.round.id).toBe('round-1');
			expect(second.mine).toEqual([{ participantId: 'p1', agency: 'School', itemId: 'q-one', criterion: 'feasibility', count: 2 }]);
			expect(await votes().votesOf('b1', 'round-1', 'p1')).toEqual(second.mine);
			expect(await votes().roundVotes('b1', 'round-1')).toEqual([
				{ participantId: 'p1', agency: 'School', itemId: 'q-one', criterion: 'feasibility', count: 2 },
				{ participantId: 'p2', agency: 'School', itemId: 'q-two', criterion: 'viability', count: 1 }
			]);
		});

		it('[VS4] taking a dot back lowers the count; a zero count is not listed; below zero is refused', async () => {
			await start(round('round-1'));
			await cast(vote('p1', 'q-one', 'desirability'));
			const back = await cast(vote('p1', 'q-one', 'desirability', -1));
			expect(!isRefusal(back) && back.mine).toEqual([]);
			const again = await cast(vote('p1', 'q-one', 'desirability', -1));
			expect(isRefusal(again) && again.refused.code).toBe('nothing_to_take_back');
			expect(await votes().roundVotes('b1', 'round-1')).toEqual([]);
		});

		it('[VS5] concurrent votes from one person cannot overspend: 12 at once with a budget of 3 → exactly 3', async () => {
			await start(round('round-1'));
			const outs = await Promise.all(Array.from({ length: 12 }, (_, i) => cast(vote('p1', i % 2 ? 'q-one' : 'q-two', 'viability'))));
			expect(outs.filter((o) => !isRefusal(o))).toHaveLength(3);
			expect(outs.filter((o) => isRefusal(o) && o.refused.code === 'over_budget')).toHaveLength(9);
			expect(sum(await votes().votesOf('b1', 'round-1', 'p1'))).toBe(3);
		}, 15_000);

		it('[VS6] many people voting at once all land, and each one’s budget is kept', async () => {
			await start(round('round-1'));
			const people = Array.from({ length: 12 }, (_, i) => `p${i}`);
			const criteria: Criterion[] = ['feasibility', 'desirability', 'viability'];
			// Each person tries 4 of each criterion: 3 land, 1 is refused.
			const requests = people.flatMap((p) => criteria.flatMap((c) => [0, 1, 2, 3].map((k) => vote(p, k === 3 ? 'q-three' : 'q-one', c))));
			const outs = await Promise.all(requests.map(cast));
			expect(outs.filter((o) => !isRefusal(o))).toHaveLength(12 * 9);
			const rows = await votes().roundVotes('b1', 'round-1');
			expect(sum(rows)).toBe(12 * 9);
			for (const p of people) for (const c of criteria) expect(sum(rows.filter((r) => r.participantId === p && r.criterion === c))).toBe(3);
		}, 30_000);

		it('[VS7] a new round replaces the old one and starts with no votes; the old round’s rows stay its own', async () => {
			await start(round('round-1'));
			await cast(vote('p1', 'q-one', 'feasibility'));
			await votes().changeRound('b1', (r) => ({ ...r!, status: 'closed', endedAt: 1_700_000_100_000 }));
			const closed = await cast(vote('p1', 'q-one', 'feasibility'));
			expect(isRefusal(closed) && closed.refused.code).toBe('vote_ended');
			await start(round('round-2'));
			expect((await votes().getRound('b1'))?.id).toBe('round-2');
			expect(await votes().votesOf('b1', 'round-2', 'p1')).toEqual([]);
			expect(sum(await votes().votesOf('b1', 'round-1', 'p1'))).toBe(1);
		});

		it('[VS8] rounds and votes are per board', async () => {
			await start(round('round-1'), 'b1');
			await start(round('round-9'), 'b2');
			await cast(vote('p1', 'q-one', 'feasibility', 1, 'b1'));
			expect(await votes().roundVotes('b2', 'round-9')).toEqual([]);
			expect((await votes().getRound('b2'))?.id).toBe('round-9');
		});

		it('[VS9] concurrent starts: exactly one opens a round', async () => {
			const outs = await Promise.all(Array.from({ length: 6 }, (_, i) => start(round(`round-${i}x`))));
			expect(outs.filter((o) => !isRefusal(o))).toHaveLength(1);
		});

		it('[VS10] rounds and votes survive close and reopen', async (ctx) => {
			if (!fx.canReopen) ctx.skip('needs a durable store');
			await start(round('round-1'));
			await cast(vote('p1', 'q-two', 'viability'));
			await fx.store.close();
			const reopened = await fx.reopen();
			expect(await reopened.votes.getRound('b1')).toEqual(round('round-1'));
			expect(sum(await reopened.votes.roundVotes('b1', 'round-1'))).toBe(1);
		});
	});
}
