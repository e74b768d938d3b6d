import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setAgenda, setRules, setSummon } from '$lib/doc/control.js';
import { setPrivateWriting } from '$lib/doc/drafts.js';
import { writeVotesState, type Round } from '$lib/doc/votes.js';
import { SERVER } from '$lib/doc/origins.js';
import { watchMoments, type Moment } from './moments.js';

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

/** Two real documents and a sync switch, as the board connection gives them. */
function room() {
	const control = new Y.Doc();
	const server = new Y.Doc();
	let synced = false;
	const listeners = new Set<() => void>();
	const moments: Moment[] = [];
	const stop = watchMoments(
		{
			control,
			server,
			inSync: () => synced,
			onSync: (l) => {
				listeners.add(l);
				return () => listeners.delete(l);
			}
		},
		(m) => moments.push(m)
	);
	const setSynced = (on: boolean) => {
		synced = on;
		listeners.forEach((l) => l());
	};
	const vote = (r: Round | null) => writeVotesState(server, { round: r, voters: 0, results: null });
	return { control, server, moments, setSynced, vote, stop, kinds: () => moments.map((m) => m.kind) };
}

describe('the facilitator’s moments', () => {
	it('tells someone who joins late nothing about what happened before they were in sync', () => {
		const r = room();
		// What the documents already hold when this screen syncs: a vote, a phase, a closed board, a summon.
		r.vote(round());
		setAgenda(r.control, { phases: ['Iceberg', 'Vote'], current: 1 });
		setRules(r.control, { closed: true });
		setSummon(r.control, { id: 'summon-old', by: 'fac', name: 'Fay', rect: { x: 0, y: 0, w: 100, h: 100 } });
		r.setSynced(true);
		expect(r.moments).toEqual([]);
	});

	it('tells a vote start, the results shown while open, and the end', () => {
		const r = room();
		r.setSynced(true);
		r.vote(round());
		expect(r.moments.at(-1)).toEqual({ kind: 'vote-started', text: 'A vote has started on 2 questions: you have 3 dots per criterion.' });
		r.vote(round({ revealed: true }));
		expect(r.moments.at(-1)?.text).toBe('The vote’s results are shown. The vote is still open: dots can still move.');
		r.vote(round({ revealed: true, status: 'closed', endedAt: 5 }));
		expect(r.moments.at(-1)?.text).toBe('The vote has ended: dots can no longer move. The results are shown.');
		expect(r.kinds()).toEqual(['vote-started', 'vote-results', 'vote-ended']);
	});

	it('tells an end with hidden results, then the results shown', () => {
		const r = room();
		r.setSynced(true);
		r.vote(round());
		r.vote(round({ status: 'closed', endedAt: 5 }));
		r.vote(round({ status: 'closed', endedAt: 5, revealed: true }));
		expect(r.moments.slice(1).map((m) => m.text)).toEqual([
			'The vote has ended: dots can no longer move. The results come when the facilitator shows them.',
			'The vote’s final results are shown.'
		]);
		// The voter count changing is not a moment.
		writeVotesState(r.server, { round: round({ status: 'closed', endedAt: 5, revealed: true }), voters: 4, results: null });
		expect(r.moments).toHaveLength(3);
	});

	it('tells phase changes, closing and opening, private writing and its reveal, and a summon, once each', () => {
		const r = room();
		r.setSynced(true);
		setAgenda(r.control, { phases: ['Iceberg', 'Vote'], current: 0 });
		setAgenda(r.control, { phases: ['Iceberg', 'Vote', 'Plan'], current: 0 }); // edited, same phase: nothing
		setAgenda(r.control, { phases: ['Iceberg', 'Vote', 'Plan'], current: 1 });
		setRules(r.control, { closed: true });
		setRules(r.control, { closed: false });
		setPrivateWriting(r.control, true, 1000);
		setPrivateWriting(r.control, false, 2000, SERVER, true);
		setPrivateWriting(r.control, true, 3000);
		setPrivateWriting(r.control, false, 4000); // ended without a reveal: nothing to tell
		setSummon(r.control, { id: 'summon-new', by: 'fac', name: 'Fay', rect: { x: 10, y: 20, w: 300, h: 200 } });
		expect(r.kinds()).toEqual(['phase', 'phase', 'closed', 'reopened', 'private-started', 'private-revealed', 'private-started', 'summon']);
		expect(r.moments[1].text).toBe('Now: Vote (step 2 of 3).');
		expect(r.moments.at(-1)?.summon?.rect).toEqual({ x: 10, y: 20, w: 300, h: 200 });
		expect(r.moments.at(-1)?.text).toBe('Fay brought everyone to what they are looking at.');
	});

	it('after a reconnect takes the state as it is, without replaying what it missed', () => {
		const r = room();
		r.setSynced(true);
		r.setSynced(false);
		r.vote(round());
		setRules(r.control, { closed: true });
		r.setSynced(true);
		expect(r.moments).toEqual([]);
		r.vote(round({ status: 'closed', endedAt: 1 }));
		expect(r.kinds()).toEqual(['vote-ended']);
	});

	it('stops telling once stopped', () => {
		const r = room();
		r.setSynced(true);
		r.stop();
		r.vote(round());
		expect(r.moments).toEqual([]);
	});
});
