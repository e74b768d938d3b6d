/**
 * The facilitator's moments (a vote starts, results are shown, the vote ends, the phase changes, private
 * writing starts or is revealed, the workshop closes or opens, "bring everyone here") as notices for everyone.
 *
 * They are derived from the shared state (the `control` and `server` documents), never sent as messages: each
 * screen compares what the documents say now with what they said before. The first state a screen sees after
 * it is in sync is only a baseline, so someone who joins late is not told about things that happened before.
 */
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { readAgenda, readRules, readSummon, type Summon } from '$lib/doc/control.js';
import { readLastReveal, readPrivateWriting } from '$lib/doc/drafts.js';
import { readRound, voteStage, type VoteStage } from '$lib/doc/votes.js';

/** What the moments are derived from: the parts of the shared state a change of is worth telling everyone. */
export interface RoomSnapshot {
	phase: { name: string; index: number; of: number } | null;
	closed: boolean;
	/** Private writing: on since a time, or its last reveal. */
	privateSince: number | null;
	lastReveal: number | null;
	round: { id: string; stage: VoteStage; questions: number; budget: number } | null;
	summon: Summon | null;
}

export type MomentKind =
	| 'vote-started'
	| 'vote-results'
	| 'vote-ended'
	| 'phase'
	| 'closed'
	| 'reopened'
	| 'private-started'
	| 'private-revealed'
	| 'time-up'
	| 'summon';

export interface Moment {
	kind: MomentKind;
	/** What everyone reads (and a screen reader announces politely). */
	text: string;
	/** For a summon: where to go and who asked. */
	summon?: Summon;
}

/** Reads the snapshot from the documents (through src/lib/doc's readers: this module knows no layout). */
export function readRoom(control: Y.Doc, server: Y.Doc): RoomSnapshot {
	const agenda = readAgenda(control);
	const round = readRound(server);
	const name = agenda.current === null ? null : agenda.phases[agenda.current];
	return {
		phase:
			name === undefined || name === null || agenda.current === null ? null : { name, index: agenda.current, of: agenda.phases.length },
		closed: readRules(control).closed,
		privateSince: readPrivateWriting(control)?.since ?? null,
		lastReveal: readLastReveal(control),
		round: round && { id: round.id, stage: voteStage(round), questions: round.questions.length, budget: round.budget },
		summon: readSummon(control)
	};
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The moments between two snapshots, in the order people should read them. */
export function momentsBetween(before: RoomSnapshot, after: RoomSnapshot): Moment[] {
	const out: Moment[] = [];
	if (after.closed !== before.closed) {
		out.push(
			after.closed
				? { kind: 'closed', text: 'The facilitator closed the workshop: the board is read-only now. You can still download it.' }
				: { kind: 'reopened', text: 'The workshop is open again: you can change the board.' }
		);
	}
	if (after.phase && after.phase.name !== before.phase?.name) {
		out.push({ kind: 'phase', text: `Now: ${after.phase.name} (step ${after.phase.index + 1} of ${after.phase.of}).` });
	}
	if (after.privateSince !== null && after.privateSince !== before.privateSince) {
		out.push({ kind: 'private-started', text: 'Private writing has started: only you see your notes until the facilitator reveals them.' });
	}
	if (after.lastReveal !== null && after.lastReveal !== before.lastReveal) {
		out.push({ kind: 'private-revealed', text: 'The facilitator revealed everyone’s private notes: they are on the board now.' });
	}
	const round = after.round;
	if (round && round.id !== before.round?.id) {
		if (round.stage.startsWith('open')) {
			out.push({
				kind: 'vote-started',
				text: `A vote has started on ${plural(round.questions, 'question')}: you have ${plural(round.budget, 'dot')} per criterion.`
			});
		}
	} else if (round && before.round && round.stage !== before.round.stage) {
		if (round.stage === 'open-shown')
			out.push({ kind: 'vote-results', text: 'The vote’s results are shown. The vote is still open: dots can still move.' });
		else if (round.stage === 'ended-shown' && before.round.stage === 'ended-hidden')
			out.push({ kind: 'vote-results', text: 'The vote’s final results are shown.' });
		else if (round.stage === 'ended-shown')
			out.push({ kind: 'vote-ended', text: 'The vote has ended: dots can no longer move. The results are shown.' });
		else if (round.stage === 'ended-hidden')
			out.push({
				kind: 'vote-ended',
				text: 'The vote has ended: dots can no longer move. The results come when the facilitator shows them.'
			});
	}
	if (after.summon && after.summon.id !== before.summon?.id) {
		out.push({
			kind: 'summon',
			text: `${after.summon.name || 'The facilitator'} brought everyone to what they are looking at.`,
			summon: after.summon
		});
	}
	return out;
}

/**
 * Turns a stream of snapshots into moments. While the documents are not in sync (joining, reconnecting) nothing
 * is a moment: the first snapshot in sync is the baseline.
 */
export function createMomentTracker() {
	let last: RoomSnapshot | null = null;
	return {
		next(snapshot: RoomSnapshot, inSync: boolean): Moment[] {
			if (!inSync) {
				last = null;
				return [];
			}
			const before = last;
			last = snapshot;
			return before ? momentsBetween(before, snapshot) : [];
		}
	};
}

/** What the watcher reads: the two documents, whether both are in sync, and their change events. */
export interface RoomSource {
	control: Y.Doc;
	server: Y.Doc;
	inSync(): boolean;
	/** Calls `listener` when either document's sync state changes; returns a function that stops. */
	onSync(listener: () => void): () => void;
}

/** Calls `onMoment` for every moment from now on (never for what was already so); returns a function that stops. */
export function watchMoments(source: RoomSource, onMoment: (moment: Moment) => void): () => void {
	const tracker = createMomentTracker();
	const check = () => {
		for (const moment of tracker.next(readRoom(source.control, source.server), source.inSync())) onMoment(moment);
	};
	source.control.on('update', check);
	source.server.on('update', check);
	const offSync = source.onSync(check);
	check();
	return () => {
		source.control.off('update', check);
		source.server.off('update', check);
		offSync();
	};
}

/** The room source of a board connection: its control and server documents, in sync when both providers are. */
export function roomSourceOf(connection: {
	control: Y.Doc;
	server: Y.Doc;
	providers: { control: WebsocketProvider; server: WebsocketProvider };
}): RoomSource {
	const { control, server } = connection.providers;
	return {
		control: connection.control,
		server: connection.server,
		inSync: () => control.synced && server.synced,
		onSync: (listener) => {
			control.on('sync', listener);
			server.on('sync', listener);
			return () => {
				control.off('sync', listener);
				server.off('sync', listener);
			};
		}
	};
}
