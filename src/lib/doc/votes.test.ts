import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPeers } from './test-peers.js';
import { getVotesMap } from './board-doc.js';
import {
	CastVote,
	readResults,
	readRound,
	readVoters,
	RoundCommand,
	writeVotesState,
	voteStage,
	dotsCanMove,
	stageText,
	type Results,
	type Round
} from './index.js';

const round = (over: Partial<Round> = {}): Round => ({
	id: 'round-abc123',
	status: 'open',
	questions: ['q-one', 'q-two'],
	budget: 3,
	stacking: true,
	facilitatorsVote: false,
	hidden: true,
	revealed: false,
	startedAt: 1_700_000_000_000,
	endedAt: null,
	...over
});

const results: Results = {
	tallies: {
		'q-one': { feasibility: 4, desirability: 1, viability: 0, voters: 3 },
		'q-two': { feasibility: 0, desirability: 2, viability: 6, voters: 2 }
	},
	byAgency: { School: { voters: 3, tallies: { 'q-one': { feasibility: 4, desirability: 1, viability: 0 } } } }
};

describe('votes in the server doc', () => {
	it('reads nothing from an empty doc', () => {
		const doc = new Y.Doc();
		expect(readRound(doc)).toBeNull();
		expect(readVoters(doc)).toBeNull();
		expect(readResults(doc)).toBeNull();
	});

	it('never writes results while the round is hidden and not revealed', () => {
		const doc = new Y.Doc();
		writeVotesState(doc, { round: round(), voters: 5, results });
		expect(readRound(doc)?.id).toBe('round-abc123');
		expect(readVoters(doc)).toBe(5);
		expect(readResults(doc)).toBeNull();
		expect(getVotesMap(doc).has('results')).toBe(false);
		// Not even the question ids with numbers travel in the encoded state.
		const bytes = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('latin1');
		expect(bytes).not.toContain('tallies');
		expect(bytes).not.toContain('byAgency');
	});

	it('publishes results on reveal and removes them when a hidden round replaces the old one', () => {
		const doc = new Y.Doc();
		writeVotesState(doc, { round: round({ status: 'closed', revealed: true, endedAt: 1_700_000_100_000 }), voters: 5, results });
		expect(readResults(doc)).toEqual(results);
		writeVotesState(doc, { round: round({ id: 'round-def456' }), voters: 0, results });
		expect(readResults(doc)).toBeNull();
		expect(readRound(doc)?.id).toBe('round-def456');
	});

	it('publishes results straight away when the round is not hidden', () => {
		const doc = new Y.Doc();
		writeVotesState(doc, { round: round({ hidden: false }), voters: 3, results });
		expect(readResults(doc)?.tallies['q-two'].viability).toBe(6);
	});

	it('converges between peers and the last server write wins (tallies are rewritten, not incremented)', () => {
		const { docs, flush } = createPeers(3);
		const visible = round({ hidden: false });
		writeVotesState(docs[0], { round: visible, voters: 1, results });
		flush();
		const later: Results = {
			...results,
			tallies: { ...results.tallies, 'q-one': { feasibility: 5, desirability: 1, viability: 0, voters: 4 } }
		};
		writeVotesState(docs[0], { round: visible, voters: 4, results: later });
		flush();
		for (const doc of docs) {
			expect(readVoters(doc)).toBe(4);
			expect(readResults(doc)?.tallies['q-one'].feasibility).toBe(5);
		}
	});

	it('skips malformed values a bad writer might leave instead of throwing', () => {
		const doc = new Y.Doc();
		getVotesMap(doc).set('round', { id: 'x', status: 'maybe' });
		getVotesMap(doc).set('voters', -3);
		getVotesMap(doc).set('results', { tallies: { 'q-one': { feasibility: 'lots' } } });
		expect(readRound(doc)).toBeNull();
		expect(readVoters(doc)).toBeNull();
		expect(readResults(doc)).toBeNull();
	});

	it('refuses an agency breakdown with fewer than three voters', () => {
		const doc = new Y.Doc();
		const small = { ...results, byAgency: { School: { voters: 2, tallies: {} } } };
		expect(() => writeVotesState(doc, { round: round({ hidden: false }), voters: 2, results: small })).toThrow();
		expect(readResults(doc)).toBeNull();
	});
});

describe('vote request bodies', () => {
	it('fills round defaults and bounds the budget', () => {
		expect(RoundCommand.parse({ action: 'start', questions: ['q-one'] })).toEqual({
			action: 'start',
			questions: ['q-one'],
			budget: 3,
			stacking: true,
			facilitatorsVote: false,
			hidden: true
		});
		expect(RoundCommand.safeParse({ action: 'start', questions: ['q-one'], budget: 11 }).success).toBe(false);
		expect(RoundCommand.safeParse({ action: 'start', questions: [] }).success).toBe(false);
		expect(RoundCommand.safeParse({ action: 'pause' }).success).toBe(false);
	});

	it('accepts only one dot at a time on a known criterion', () => {
		expect(CastVote.safeParse({ itemId: 'q-one', criterion: 'viability', delta: -1 }).success).toBe(true);
		expect(CastVote.safeParse({ itemId: 'q-one', criterion: 'viability', delta: 2 }).success).toBe(false);
		expect(CastVote.safeParse({ itemId: 'q-one', criterion: 'beauty', delta: 1 }).success).toBe(false);
	});
});

describe('the states of a round', () => {
	const r = (status: 'open' | 'closed', hidden: boolean, revealed: boolean) => ({ status, hidden, revealed });

	it('names each of the four states and says whether dots can move', () => {
		expect(voteStage(r('open', true, false))).toBe('open-hidden');
		expect(voteStage(r('open', true, true))).toBe('open-shown');
		expect(voteStage(r('open', false, false))).toBe('open-shown');
		expect(voteStage(r('closed', true, false))).toBe('ended-hidden');
		expect(voteStage(r('closed', true, true))).toBe('ended-shown');
		expect(voteStage(r('closed', false, false))).toBe('ended-shown');
		expect(dotsCanMove({ status: 'open' })).toBe(true);
		expect(dotsCanMove({ status: 'closed' })).toBe(false);
		expect(dotsCanMove(null)).toBe(false);
	});

	it('tells everyone in words whether results are shown and whether dots can still move', () => {
		expect(stageText(r('open', true, false))).toMatch(/open\. Results are hidden/);
		expect(stageText(r('open', true, true))).toMatch(/dots can still move/);
		expect(stageText(r('closed', true, false))).toMatch(/can no longer move.*appear when/);
		expect(stageText(r('closed', true, true))).toMatch(/can no longer move.*final results/);
	});

	it('ends a round with or without showing its results', () => {
		expect(RoundCommand.parse({ action: 'end' })).toEqual({ action: 'end', showResults: false });
		expect(RoundCommand.parse({ action: 'end', showResults: true })).toEqual({ action: 'end', showResults: true });
		expect(RoundCommand.safeParse({ action: 'end', showResults: 'yes' }).success).toBe(false);
	});
});
