/**
 * The dot vote as one person sees it: the round, the voter count and (once visible) the results, read
 * live from the server document; this person's own dots and what they have left, from the votes
 * endpoint (the server document never holds anyone's dots while results are hidden). Every action goes
 * through the HTTP API; the server decides. Messages for the polite live region are in `message`.
 */
import type * as Y from 'yjs';
import {
	dotsCanMove,
	readResults,
	readRound,
	readVoters,
	resultsVisible,
	stageText,
	voteStage,
	type Criterion,
	type VoteStage,
	type MyVotes,
	type Results,
	type Round,
	type RoundCommandInput
} from '$lib/doc/votes.js';
import type { Session } from '$lib/sync/session.js';
import { ApiError, myVotesRequest, roundRequest, voteRequest } from '$lib/sync/api.js';
import { Subscribed } from '$lib/board/y-snapshot.svelte.js';
import { CRITERIA, rankQuestions, type Counts } from './rank.js';

export const CRITERION_NAMES: Record<Criterion, string> = {
	feasibility: 'Feasibility',
	desirability: 'Desirability',
	viability: 'Viability'
};
export const CRITERION_LETTERS: Record<Criterion, string> = { feasibility: 'F', desirability: 'D', viability: 'V' };

const zero = (): Counts => ({ feasibility: 0, desirability: 0, viability: 0 });

export class VoteState {
	readonly session: Session;
	/** Dots left per criterion (null until the server has answered). */
	remaining = $state<Counts | null>(null);
	/** This person's own dots in the current round, by question id. */
	mine = $state<MyVotes>({});
	/** The last outcome, for a polite live region ("Feasibility: 1 of 3 left", or why a vote was refused). */
	message = $state('');
	/** True when `message` is a refusal (shown as an error, still announced politely). */
	refused = $state(false);
	busy = $state(false);

	readonly #round: Subscribed<Round | null>;
	readonly #voters: Subscribed<number>;
	readonly #results: Subscribed<Results | null>;
	readonly #stop: () => void;
	#roundKey = '';

	constructor(session: Session, server: Y.Doc) {
		this.session = session;
		const watch = (update: () => void) => {
			server.on('update', update);
			return () => server.off('update', update);
		};
		this.#round = new Subscribed(watch, () => readRound(server));
		this.#voters = new Subscribed(watch, () => readVoters(server) ?? 0);
		this.#results = new Subscribed(watch, () => readResults(server));
		// A new round (or one ending, or its results shown) changes what this person has: ask the server again,
		// and drop the last message ("You have used all 3…" means nothing once the vote has ended).
		const onServer = () => {
			const round = readRound(server);
			const key = round ? `${round.id}:${voteStage(round)}` : '';
			if (key !== this.#roundKey) {
				if (this.#roundKey !== '' && !this.#aboutRound) this.#say('');
				this.#roundKey = key;
				void this.refresh();
			}
		};
		server.on('update', onServer);
		this.#stop = () => server.off('update', onServer);
		onServer();
	}

	get round(): Round | null {
		return this.#round.current;
	}
	get voters(): number {
		return this.#voters.current;
	}
	/** Everyone's tallies: only once the server publishes them (not hidden, or revealed). */
	get results(): Results | null {
		const round = this.round;
		return round && resultsVisible(round) ? this.#results.current : null;
	}
	/** Which of the four states the round is in (open or ended, results hidden or shown), or null with no round. */
	get stage(): VoteStage | null {
		return this.round ? voteStage(this.round) : null;
	}
	/** The round's state in one sentence everyone reads the same way. */
	get stageText(): string {
		return this.round ? stageText(this.round) : 'There is no vote open right now.';
	}
	get isFacilitator(): boolean {
		return this.session.role === 'facilitator';
	}
	/** Whether this person may place dots in the open round. */
	get canVote(): boolean {
		const round = this.round;
		if (!round || !dotsCanMove(round)) return false;
		if (this.session.role === 'viewer') return false;
		return this.session.role === 'participant' || this.session.role === 'notes-only' || round.facilitatorsVote;
	}
	get budget(): number {
		return this.round?.budget ?? 3;
	}
	myDots(itemId: string): Counts {
		return this.mine[itemId] ?? zero();
	}
	left(criterion: Criterion): number {
		return this.remaining?.[criterion] ?? this.budget;
	}
	/** "Feasibility: 1 of 3 left" */
	leftText(criterion: Criterion): string {
		return `${CRITERION_NAMES[criterion]}: ${this.left(criterion)} of ${this.budget} left`;
	}

	/** Whether `message` is about running the round (the facilitator's own command), which a round change does not make stale. */
	#aboutRound = false;
	#say(text: string, refused = false, aboutRound = false) {
		this.message = text;
		this.refused = refused;
		this.#aboutRound = aboutRound;
	}

	async refresh(): Promise<void> {
		if (this.session.role === 'viewer') return;
		try {
			const state = await myVotesRequest(this.session.boardId, this.session.sessionToken);
			this.remaining = state.remaining;
			this.mine = state.mine;
		} catch (e) {
			// Before the first round (or offline) there is nothing to show yet; a vote attempt says why.
			if (e instanceof ApiError && e.status === 401) this.#say(e.message, true);
		}
	}

	/**
	 * Places (+1) or takes back (−1) one dot. The server checks the budget; a refusal's reason is
	 * announced and nothing changes here.
	 */
	async vote(itemId: string, criterion: Criterion, delta: 1 | -1, question = ''): Promise<boolean> {
		this.busy = true;
		try {
			const reply = await voteRequest(this.session.boardId, this.session.sessionToken, { itemId, criterion, delta });
			this.remaining = reply.remaining;
			this.mine = reply.mine;
			const on = question ? ` ${delta > 0 ? 'on' : 'from'} “${short(question, 32)}”` : '';
			this.#say(`${delta > 0 ? 'Placed' : 'Took back'} a ${criterion} dot${on}. ${this.leftText(criterion)}.`);
			return true;
		} catch (e) {
			this.#say((e as Error).message, true);
			return false;
		} finally {
			this.busy = false;
		}
	}

	async #round_(command: RoundCommandInput, done: string): Promise<boolean> {
		this.busy = true;
		try {
			await roundRequest(this.session.boardId, this.session.sessionToken, command);
			this.#say(done, false, true);
			await this.refresh();
			return true;
		} catch (e) {
			this.#say((e as Error).message, true);
			return false;
		} finally {
			this.busy = false;
		}
	}

	start(options: { questions: string[]; budget: number; stacking: boolean; facilitatorsVote: boolean; hidden: boolean }): Promise<boolean> {
		return this.#round_(
			{ action: 'start', ...options },
			`The vote is open on ${options.questions.length} ${options.questions.length === 1 ? 'question' : 'questions'}.`
		);
	}
	/** Ends the round (dots can no longer move); `showResults` also shows a hidden round's results. */
	end(showResults = false): Promise<boolean> {
		return this.#round_(
			{ action: 'end', showResults },
			showResults ? 'The vote has ended and everyone sees the results.' : 'The vote has ended. The results stay hidden until you show them.'
		);
	}
	/** Shows a hidden round's results to everyone; an open round stays open. */
	reveal(): Promise<boolean> {
		const open = this.round?.status === 'open';
		return this.#round_(
			{ action: 'reveal' },
			open ? 'Everyone sees the results now. The vote is still open: dots can still move.' : 'Everyone sees the final results now.'
		);
	}

	/**
	 * What each question card shows on the canvas: this person's own dots while results are hidden,
	 * everyone's once they are visible; questions with no dots are left out.
	 */
	get cardDots(): Map<string, { counts: Counts; whose: 'mine' | 'all'; northStar?: boolean }> {
		const out = new Map<string, { counts: Counts; whose: 'mine' | 'all'; northStar?: boolean }>();
		const round = this.round;
		if (!round) return out;
		const results = this.results;
		const stars = new Set(
			results
				? rankQuestions(
						round.questions.map((id) => ({ id, text: '' })),
						results.tallies
					)
						.filter((r) => r.northStar)
						.map((r) => r.id)
				: []
		);
		for (const id of round.questions) {
			const t = results ? results.tallies[id] : this.mine[id];
			if (!t || t.feasibility + t.desirability + t.viability === 0) continue;
			out.set(id, {
				counts: { feasibility: t.feasibility, desirability: t.desirability, viability: t.viability },
				whose: results ? 'all' : 'mine',
				northStar: stars.has(id)
			});
		}
		return out;
	}

	destroy(): void {
		this.#stop();
	}
}

export function short(text: string, max = 60): string {
	const t = text.trim().replace(/\s+/g, ' ');
	return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export { CRITERIA };
