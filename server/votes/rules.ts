/**
 * The rules of the dot vote, as pure functions: what a vote may do, what is left, and the tallies.
 * The stores call `decideVote` inside their transaction, so these rules are checked against the counts
 * as they are at that moment (see VoteStore in ../persistence/types.ts).
 */
import type { Role } from '../../src/lib/doc/members.js';
import {
	CRITERIA,
	dotsCanMove,
	MIN_AGENCY_VOTERS,
	zeroCounts,
	type CastVote,
	type Criterion,
	type CriterionCounts,
	type MyVotes,
	type Results,
	type Round
} from '../../src/lib/doc/votes.js';
import type { VoteRefusal, VoteRow } from '../persistence/types.js';

export function refusal(status: number, code: string, message: string): VoteRefusal {
	return { refused: { status, code, message } };
}

const LABEL: Record<Criterion, string> = { feasibility: 'feasibility', desirability: 'desirability', viability: 'viability' };

/** Whether someone with this role casts dots in this round. */
export function mayVote(round: Round, role: Role): boolean {
	return role === 'participant' || role === 'notes-only' || (role === 'facilitator' && round.facilitatorsVote);
}

/** Checks one +1/-1 against the round and the voter's own rows; null means accept. */
export function decideVote(round: Round | null, role: Role, mine: readonly VoteRow[], vote: CastVote): VoteRefusal | null {
	if (role === 'viewer') return refusal(403, 'viewer', 'Viewers can watch the vote but not vote.');
	if (!round) return refusal(409, 'no_round', 'There is no vote open right now');
	// Once a round has ended its dots are final: nothing may place, move or take one back.
	if (!dotsCanMove(round)) return refusal(409, 'vote_ended', 'The vote has ended: dots can no longer move.');
	if (!mayVote(round, role)) return refusal(403, 'facilitators_do_not_vote', 'Facilitators do not vote in this round.');
	if (!round.questions.includes(vote.itemId)) return refusal(409, 'not_in_round', 'That question is not part of this vote');
	const name = LABEL[vote.criterion];
	const here = mine.find((r) => r.itemId === vote.itemId && r.criterion === vote.criterion)?.count ?? 0;
	if (vote.delta === -1) {
		if (here === 0) return refusal(409, 'nothing_to_take_back', `You have no ${name} vote on this question to take back.`);
		return null;
	}
	const used = usedCounts(mine)[vote.criterion];
	if (used >= round.budget) {
		const all = round.budget === 1 ? `your only ${name} vote` : `all ${round.budget} of your ${name} votes`;
		return refusal(409, 'over_budget', `You have used ${all}. Take one back to move it.`);
	}
	if (!round.stacking && here >= 1) {
		return refusal(
			409,
			'no_stacking',
			`You already gave this question a ${name} vote. In this round a question can take only one of each kind from you.`
		);
	}
	return null;
}

export function usedCounts(rows: readonly VoteRow[]): CriterionCounts {
	const used = zeroCounts();
	for (const row of rows) used[row.criterion] += row.count;
	return used;
}

/** Votes left per criterion; zero for someone who does not vote in this round. */
export function remainingFor(round: Round | null, role: Role, mine: readonly VoteRow[]): CriterionCounts {
	if (!round || !mayVote(round, role)) return zeroCounts();
	const used = usedCounts(mine);
	const left = zeroCounts();
	for (const c of CRITERIA) left[c] = Math.max(0, round.budget - used[c]);
	return left;
}

/** One person's dots by question (only questions they have dots on). */
export function myVotes(rows: readonly VoteRow[]): MyVotes {
	const out: MyVotes = {};
	for (const row of rows) {
		if (row.count <= 0) continue;
		(out[row.itemId] ??= zeroCounts())[row.criterion] += row.count;
	}
	return out;
}

/**
 * The published figures, recomputed from every row of the round (never incremented), so any process that
 * computes them from the store gets the same answer. Only the round's questions count.
 *
 * `byAgency` must never single anyone out (docs/votes.md). An agency is listed only when at least
 * MIN_AGENCY_VOTERS of its people voted (primary suppression). But the totals minus the listed agencies
 * give the dots of everyone left out; if those are one or two people, that subtraction names them (29 School
 * voters listed, 1 police officer left out: the officer's dots are the totals minus School's). So while the
 * people left out number one or two, the smallest listed agency is left out too (secondary suppression, as
 * official statistics do), until nobody or at least MIN_AGENCY_VOTERS people are left out. People without an
 * agency always count as left out.
 */
export function computeResults(round: Round, rows: readonly VoteRow[]): { voters: number; results: Results } {
	const questions = new Set(round.questions);
	const counted = rows.filter((r) => r.count > 0 && questions.has(r.itemId));
	const voters = new Set(counted.map((r) => r.participantId));

	const tallies: Results['tallies'] = {};
	const votersByItem = new Map<string, Set<string>>();
	for (const id of round.questions) {
		tallies[id] = { ...zeroCounts(), voters: 0 };
		votersByItem.set(id, new Set());
	}
	const agencies = new Map<string, { voters: Set<string>; tallies: Record<string, CriterionCounts> }>();
	for (const row of counted) {
		tallies[row.itemId][row.criterion] += row.count;
		votersByItem.get(row.itemId)!.add(row.participantId);
		const agencyName = row.agency.trim();
		if (!agencyName) continue;
		let agency = agencies.get(agencyName);
		if (!agency) agencies.set(agencyName, (agency = { voters: new Set(), tallies: {} }));
		agency.voters.add(row.participantId);
		(agency.tallies[row.itemId] ??= zeroCounts())[row.criterion] += row.count;
	}
	for (const [id, set] of votersByItem) tallies[id].voters = set.size;

	const byAgency: Results['byAgency'] = {};
	for (const name of publishableAgencies(voters.size, agencies)) {
		const agency = agencies.get(name)!;
		const agencyTallies: Record<string, CriterionCounts> = {};
		for (const id of round.questions) if (agency.tallies[id]) agencyTallies[id] = agency.tallies[id];
		byAgency[name] = { voters: agency.voters.size, tallies: agencyTallies };
	}
	return { voters: voters.size, results: { tallies, byAgency } };
}

/**
 * The agencies whose figures may be published, in name order: each has at least MIN_AGENCY_VOTERS voters,
 * and the voters in no published agency are none or at least MIN_AGENCY_VOTERS.
 */
export function publishableAgencies(voters: number, agencies: ReadonlyMap<string, { voters: ReadonlySet<string> }>): string[] {
	// Smallest first, then by name, so the one dropped next is always the same whatever the insertion order.
	const listed = [...agencies.entries()]
		.filter(([, a]) => a.voters.size >= MIN_AGENCY_VOTERS)
		.map(([name, a]) => ({ name, voters: a.voters.size }))
		.sort((a, b) => a.voters - b.voters || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	let leftOut = voters - listed.reduce((sum, a) => sum + a.voters, 0);
	while (leftOut > 0 && leftOut < MIN_AGENCY_VOTERS && listed.length > 0) leftOut += listed.shift()!.voters;
	return listed.map((a) => a.name).sort();
}

/** How many people have at least one dot on the round's questions (safe to publish while hidden). */
export function countVoters(round: Round, rows: readonly VoteRow[]): number {
	const questions = new Set(round.questions);
	return new Set(rows.filter((r) => r.count > 0 && questions.has(r.itemId)).map((r) => r.participantId)).size;
}
