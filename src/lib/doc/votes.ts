/**
 * The F/D/V dot vote as the server publishes it in the `server` document (read-only to every client).
 *
 * Layout: a `votes` Y.Map in the `server` doc with three keys, each a plain JSON value:
 * - `round`:   the current (or last) round, or absent when none was ever started
 * - `voters`:  how many people have at least one dot in this round (always published)
 * - `results`: the tallies, present ONLY when the round is not hidden or has been revealed.
 *   While results are hidden the doc holds no per-question numbers at all, so nothing sent to a
 *   participant reveals anyone's votes.
 *
 * The server is the only writer (origin SERVER); the store is the source of truth and the server
 * rewrites `voters`/`results` from it after each accepted vote, never incrementing in the doc.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { getVotesMap } from './board-doc.js';
import { ElementId } from './schema.js';
import { SERVER } from './origins.js';

export const CRITERIA = ['feasibility', 'desirability', 'viability'] as const;
export const Criterion = z.enum(CRITERIA);
export type Criterion = z.infer<typeof Criterion>;

export const MIN_BUDGET = 1;
export const MAX_BUDGET = 10;
export const DEFAULT_BUDGET = 3;
export const MAX_ROUND_QUESTIONS = 200;
/** An agency is listed in the breakdown only with at least this many voters, so nobody is singled out. */
export const MIN_AGENCY_VOTERS = 3;

export const RoundId = z.string().regex(/^[a-zA-Z0-9_-]{6,64}$/);

export const Round = z.object({
	id: RoundId,
	status: z.enum(['open', 'closed']),
	questions: z.array(ElementId).min(1).max(MAX_ROUND_QUESTIONS),
	budget: z.number().int().min(MIN_BUDGET).max(MAX_BUDGET),
	stacking: z.boolean(),
	facilitatorsVote: z.boolean(),
	hidden: z.boolean(),
	revealed: z.boolean(),
	startedAt: z.number().int(),
	endedAt: z.number().int().nullable()
});
export type Round = z.infer<typeof Round>;

const Count = z.number().int().min(0);

/** Dots per criterion: used for budgets left, one person's dots on a question, and per-agency tallies. */
export const CriterionCounts = z.object({ feasibility: Count, desirability: Count, viability: Count });
export type CriterionCounts = z.infer<typeof CriterionCounts>;

export const QuestionTally = CriterionCounts.extend({ voters: Count });
export type QuestionTally = z.infer<typeof QuestionTally>;

export const AgencyName = z.string().min(1).max(80);

export const Results = z.object({
	tallies: z.record(ElementId, QuestionTally),
	byAgency: z.record(AgencyName, z.object({ voters: Count.min(MIN_AGENCY_VOTERS), tallies: z.record(ElementId, CriterionCounts) }))
});
export type Results = z.infer<typeof Results>;

/** A participant's own dots, by question id. */
export const MyVotes = z.record(ElementId, CriterionCounts);
export type MyVotes = z.infer<typeof MyVotes>;

export function zeroCounts(): CriterionCounts {
	return { feasibility: 0, desirability: 0, viability: 0 };
}

/** Results are published only when the round is not hidden or has been revealed. */
export function resultsVisible(round: Pick<Round, 'hidden' | 'revealed'>): boolean {
	return !round.hidden || round.revealed;
}

/**
 * The four states of a round, each unmistakable (docs/votes.md):
 * - `open-hidden`: people place and move dots; only the number of voters is published;
 * - `open-shown`:  people still place and move dots, and everyone sees the results change live;
 * - `ended-hidden`: nobody can move a dot; the results wait for the facilitator to show them;
 * - `ended-shown`: nobody can move a dot; everyone sees the final results.
 */
export type VoteStage = 'open-hidden' | 'open-shown' | 'ended-hidden' | 'ended-shown';

export function voteStage(round: Pick<Round, 'status' | 'hidden' | 'revealed'>): VoteStage {
	const shown = resultsVisible(round);
	if (round.status === 'open') return shown ? 'open-shown' : 'open-hidden';
	return shown ? 'ended-shown' : 'ended-hidden';
}

/** Whether dots can still be placed, moved or taken back: only while the round is open (the server enforces it). */
export function dotsCanMove(round: Pick<Round, 'status'> | null): boolean {
	return round?.status === 'open';
}

/** What everyone is told about a round's state, in one sentence. */
export function stageText(round: Pick<Round, 'status' | 'hidden' | 'revealed'>): string {
	switch (voteStage(round)) {
		case 'open-hidden':
			return 'The vote is open. Results are hidden until the facilitator shows them.';
		case 'open-shown':
			return 'The vote is open and the results are shown: dots can still move, so the results can change.';
		case 'ended-hidden':
			return 'The vote has ended: dots can no longer move. The results appear when the facilitator shows them.';
		case 'ended-shown':
			return 'The vote has ended: dots can no longer move. These are the final results.';
	}
}

export function readRound(doc: Y.Doc): Round | null {
	const parsed = Round.safeParse(getVotesMap(doc).get('round'));
	return parsed.success ? parsed.data : null;
}

export function readVoters(doc: Y.Doc): number | null {
	const parsed = Count.safeParse(getVotesMap(doc).get('voters'));
	return parsed.success ? parsed.data : null;
}

export function readResults(doc: Y.Doc): Results | null {
	const parsed = Results.safeParse(getVotesMap(doc).get('results'));
	return parsed.success ? parsed.data : null;
}

/**
 * Server only. Publishes the round, the voter count and (only when visible) the results in one
 * transaction, writing only the keys whose value changed; returns whether anything changed. Passing results while the round is hidden and not revealed is a programming error:
 * they are dropped, never written, so a mistake upstream cannot leak votes.
 */
export function writeVotesState(doc: Y.Doc, state: { round: Round | null; voters: number; results: Results | null }): boolean {
	const round = state.round === null ? null : Round.parse(state.round);
	const voters = Count.parse(state.voters);
	const results = round !== null && resultsVisible(round) && state.results !== null ? Results.parse(state.results) : null;
	let changed = false;
	doc.transact(() => {
		const map = getVotesMap(doc);
		const set = (key: string, value: unknown) => {
			if (value === null) {
				if (!map.has(key)) return;
				map.delete(key);
			} else if (sameJson(map.get(key), value)) return;
			else map.set(key, value);
			changed = true;
		};
		set('round', round);
		set('voters', voters);
		set('results', results);
	}, SERVER);
	return changed;
}

function sameJson(a: unknown, b: unknown): boolean {
	return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

// ---- The votes HTTP contract (docs/api.md). Shared here so the server and the client parse the same shapes.

/** `POST /api/boards/:id/rounds` body, minus `session` (the server adds and checks it). */
export const RoundCommand = z.discriminatedUnion('action', [
	z.object({
		action: z.literal('start'),
		questions: z.array(ElementId).min(1).max(MAX_ROUND_QUESTIONS),
		budget: z.number().int().min(MIN_BUDGET).max(MAX_BUDGET).default(DEFAULT_BUDGET),
		stacking: z.boolean().default(true),
		facilitatorsVote: z.boolean().default(false),
		hidden: z.boolean().default(true)
	}),
	/** Ends the round: dots can no longer move. `showResults` also shows a hidden round's results in the same step. */
	z.object({ action: z.literal('end'), showResults: z.boolean().default(false) }),
	/** Shows the results of a hidden round; an open round stays open (dots can still move). */
	z.object({ action: z.literal('reveal') })
]);
export type RoundCommand = z.infer<typeof RoundCommand>;
export type RoundCommandInput = z.input<typeof RoundCommand>;

/** `POST /api/boards/:id/votes` body, minus `session`. */
export const CastVote = z.object({
	itemId: ElementId,
	criterion: Criterion,
	delta: z.union([z.literal(1), z.literal(-1)])
});
export type CastVote = z.infer<typeof CastVote>;

/** 200 reply of `POST /api/boards/:id/votes`. */
export const VoteReply = z.object({ remaining: CriterionCounts, mine: MyVotes });
export type VoteReply = z.infer<typeof VoteReply>;

/** 200 reply of `GET /api/boards/:id/votes?session=`: only the caller's own dots. */
export const MyVoteState = z.object({ round: Round.nullable(), remaining: CriterionCounts, mine: MyVotes });
export type MyVoteState = z.infer<typeof MyVoteState>;

/** 200 reply of `POST /api/boards/:id/rounds`. */
export const RoundReply = z.object({ round: Round });
export type RoundReply = z.infer<typeof RoundReply>;

/** `code` of a 409 from the votes endpoint. */
export const VOTE_ERROR_CODES = ['no_round', 'vote_ended', 'over_budget', 'no_stacking', 'nothing_to_take_back', 'not_in_round'] as const;
export type VoteErrorCode = (typeof VOTE_ERROR_CODES)[number];
