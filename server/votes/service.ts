/**
 * The dot vote on the server: rounds (facilitators), casting and taking back dots (voters), and publishing.
 *
 * The store decides (budget, round, question) inside its transaction; the server doc only mirrors the store.
 * After every accepted change the board's `votes` map in the `server` doc is rewritten from the store: the
 * round and the number of voters always, the tallies only when the round is visible (not hidden, or revealed).
 * The write goes through the room registry, so the RoomBus carries it to every process and every client.
 */
import type { Role } from '../../src/lib/doc/members.js';
import { readElement } from '../../src/lib/doc/read.js';
import {
	resultsVisible,
	writeVotesState,
	type CastVote,
	type MyVoteState,
	type Round,
	type RoundCommand,
	type VoteReply
} from '../../src/lib/doc/votes.js';
import { newId } from '../../src/lib/shared/ids.js';
import type { Logger } from '../log.js';
import { isRefusal, type VoteRefusal, type VoteStore } from '../persistence/types.js';
import type { RoomRegistry } from '../transport/rooms.js';
import type { Grant } from '../transport/connection-types.js';
import { HttpError } from '../http/respond.js';
import { HMW_QUESTION } from '../../src/lib/templates/ids.js';
import { computeResults, countVoters, decideVote, myVotes, refusal, remainingFor } from './rules.js';

/** The template and type of the cards a round can ask about (the how-might-we template's question cards). */
export const QUESTION_TEMPLATE = HMW_QUESTION.template;
export const QUESTION_TYPE = HMW_QUESTION.type;

export interface VoteServiceDeps {
	votes: VoteStore;
	rooms: RoomRegistry;
	log: Logger;
	now?: () => number;
	/**
	 * After a publish that changed the doc, publish again this much later. With several server processes a
	 * process can write figures it read just before another process's vote; the later re-read corrects that,
	 * so every process's copy settles on what the store holds. 0 turns it off.
	 */
	settleMs?: number;
}

function fail(out: VoteRefusal): never {
	throw new HttpError(out.refused.status, out.refused.code, out.refused.message);
}

export function createVoteService(deps: VoteServiceDeps) {
	const now = deps.now ?? Date.now;
	const settleMs = deps.settleMs ?? 300;
	const publisher = createPublisher(publishNow, settleMs, deps.log);

	/** Rewrites the board's `votes` map from the store; returns whether the doc changed. */
	async function publishNow(boardId: string): Promise<boolean> {
		const round = await deps.votes.getRound(boardId);
		let voters = 0;
		let results = null;
		if (round) {
			const rows = await deps.votes.roundVotes(boardId, round.id);
			// While hidden, the tallies are not even computed: only the number of voters leaves the store.
			if (resultsVisible(round)) ({ voters, results } = computeResults(round, rows));
			else voters = countVoters(round, rows);
		}
		let changed = false;
		await deps.rooms.change(`${boardId}/server`, (doc) => {
			changed = writeVotesState(doc, { round, voters, results });
		});
		return changed;
	}

	/** The change is committed whatever happens here: a failed publish is logged and retried, not reported as a failed vote. */
	async function publishAfterCommit(boardId: string): Promise<void> {
		try {
			await publisher.publish(boardId);
		} catch (error) {
			deps.log.warn({ board: boardId, error }, 'publishing the vote failed; retrying shortly');
			setTimeout(() => void publisher.publish(boardId).catch(() => {}), Math.max(settleMs, 100)).unref?.();
		}
	}

	async function checkQuestions(boardId: string, questions: readonly string[]): Promise<void> {
		const problem = await deps.rooms.read(`${boardId}/content`, (doc) => {
			for (const [i, id] of questions.entries()) {
				const el = readElement(doc, id);
				if (!el || el.kind !== 'item' || el.template !== QUESTION_TEMPLATE || el.type !== QUESTION_TYPE) return i;
			}
			return -1;
		});
		if (problem >= 0) {
			throw new HttpError(
				400,
				'not_a_question',
				`"${questions[problem]}" is not a "how might we" question on this board`,
				`questions.${problem}`
			);
		}
	}

	async function changeRound(boardId: string, grant: Grant, command: RoundCommand): Promise<Round> {
		if (grant.role !== 'facilitator') throw new HttpError(403, 'not_facilitator', 'Only a facilitator can start, end or reveal a vote.');
		let decide: (current: Round | null) => Round | VoteRefusal;
		if (command.action === 'start') {
			const questions = [...new Set(command.questions)];
			await checkQuestions(boardId, questions);
			const round: Round = {
				id: newId(16),
				status: 'open',
				questions,
				budget: command.budget,
				stacking: command.stacking,
				facilitatorsVote: command.facilitatorsVote,
				hidden: command.hidden,
				revealed: false,
				startedAt: now(),
				endedAt: null
			};
			decide = (current) =>
				current?.status === 'open' ? refusal(409, 'round_open', 'A vote is already open. End it before starting another.') : round;
		} else if (command.action === 'end') {
			decide = (current) =>
				current?.status === 'open'
					? { ...current, status: 'closed', endedAt: now(), revealed: current.revealed || command.showResults }
					: refusal(409, 'no_round', 'There is no vote open right now');
		} else {
			decide = (current) => (current ? { ...current, revealed: true } : refusal(409, 'no_round', 'There is no vote to reveal yet'));
		}
		const out = await deps.votes.changeRound(boardId, decide);
		if (isRefusal(out)) fail(out);
		await publishAfterCommit(boardId);
		deps.log.info({ board: boardId, round: out.id, action: command.action }, 'vote round changed');
		return out;
	}

	async function cast(boardId: string, grant: Grant, vote: CastVote): Promise<VoteReply> {
		const role: Role = grant.role;
		// The voter is always the session's own participant: nothing in the body can name someone else.
		const out = await deps.votes.cast(
			{
				boardId,
				participantId: grant.participantId,
				agency: grant.agency,
				itemId: vote.itemId,
				criterion: vote.criterion,
				delta: vote.delta
			},
			(round, mine) => decideVote(round, role, mine, vote)
		);
		if (isRefusal(out)) fail(out);
		await publishAfterCommit(boardId);
		return { remaining: remainingFor(out.round, role, out.mine), mine: myVotes(out.mine) };
	}

	async function state(boardId: string, grant: Grant): Promise<MyVoteState> {
		const round = await deps.votes.getRound(boardId);
		const mine = round ? await deps.votes.votesOf(boardId, round.id, grant.participantId) : [];
		// Self-healing: if a process died between storing a vote and publishing it, the next look at the vote
		// republishes from the store. Usually a no-op (only changed keys are written).
		if (round) void publisher.publish(boardId).catch((error) => deps.log.warn({ board: boardId, error }, 'vote publish failed'));
		return { round, remaining: remainingFor(round, grant.role, mine), mine: myVotes(mine) };
	}

	return { changeRound, cast, state, publish: publisher.publish, close: publisher.close };
}

export type VoteService = ReturnType<typeof createVoteService>;

/**
 * Per board, at most one publish runs and at most one waits; a caller joins the waiting one. The waiting
 * one starts after the running one ends, so it reads the store after every change made before the call,
 * and the doc never goes back to older figures within a process.
 */
function createPublisher(run: (boardId: string) => Promise<boolean>, settleMs: number, log: Logger) {
	const waiting = new Map<string, Promise<void>>();
	const tails = new Map<string, Promise<void>>();
	const settleTimers = new Map<string, ReturnType<typeof setTimeout>>();
	let closed = false;

	function settleLater(boardId: string): void {
		if (settleMs <= 0 || closed) return;
		clearTimeout(settleTimers.get(boardId));
		const timer = setTimeout(() => {
			settleTimers.delete(boardId);
			publish(boardId).catch((error) => log.warn({ board: boardId, error }, 'vote settle publish failed'));
		}, settleMs);
		timer.unref?.();
		settleTimers.set(boardId, timer);
	}

	function publish(boardId: string): Promise<void> {
		const queued = waiting.get(boardId);
		if (queued) return queued;
		const tail = tails.get(boardId) ?? Promise.resolve();
		const next = tail
			.catch(() => {})
			.then(async () => {
				waiting.delete(boardId);
				if (closed) return;
				if (await run(boardId)) settleLater(boardId);
			});
		waiting.set(boardId, next);
		tails.set(boardId, next);
		void next.then(
			() => tails.get(boardId) === next && tails.delete(boardId),
			() => tails.get(boardId) === next && tails.delete(boardId)
		);
		return next;
	}

	async function close(): Promise<void> {
		closed = true;
		for (const timer of settleTimers.values()) clearTimeout(timer);
		settleTimers.clear();
		await Promise.allSettled([...tails.values()]);
	}

	return { publish, close };
}
