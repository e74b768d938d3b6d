import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStore } from '../persistence/memory-store.js';
import { createRoomRegistry } from '../transport/rooms.js';
import { createCompactor } from '../compaction/compactor.js';
import { createLocalBus } from '../scale-out/local-bus.js';
import { silentLogger } from '../log.js';
import { createVoteService } from './service.js';
import { createElement } from '../../src/lib/doc/commands.js';
import { SYSTEM } from '../../src/lib/doc/origins.js';
import { getVotesMap } from '../../src/lib/doc/board-doc.js';
import { readResults, readVoters } from '../../src/lib/doc/votes.js';
import type { Grant } from '../transport/connection-types.js';
import { HttpError } from '../http/respond.js';

const grant = (participantId: string, role: Grant['role'] = 'participant', agency = 'School'): Grant => ({
	boardId: 'board1234',
	participantId,
	role,
	name: participantId,
	agency
});

function setup(settleMs: number) {
	const store = createMemoryStore();
	const rooms = createRoomRegistry({
		store: store.docs,
		bus: createLocalBus(),
		log: silentLogger,
		compactAfter: 300,
		compactor: createCompactor({ workers: 0 }),
		graceMs: 50,
		compactIntervalMs: 60_000
	});
	const votes = createVoteService({ votes: store.votes, rooms, log: silentLogger, settleMs });
	const read = <T>(fn: (doc: Y.Doc) => T) => rooms.read('board1234/server', fn);
	return {
		store,
		rooms,
		votes,
		read,
		async questions(n: number) {
			const ids: string[] = [];
			await rooms.change('board1234/content', (doc) => {
				for (let i = 0; i < n; i++)
					ids.push(
						createElement(
							doc,
							{ kind: 'item', template: 'how-might-we', type: 'question', x: i * 300, y: 0, w: 240, h: 160, text: `How might we ${i}?` },
							SYSTEM
						)
					);
			});
			return ids;
		},
		async close() {
			await votes.close();
			await rooms.close();
			await store.close();
		}
	};
}

let current: ReturnType<typeof setup> | null = null;
afterEach(async () => {
	await current?.close();
	current = null;
});

describe('the vote service', () => {
	it('publishes in the order of the store: the doc never shows fewer voters than have voted', async () => {
		const s = (current = setup(0));
		const ids = await s.questions(2);
		await s.votes.changeRound('board1234', grant('fac', 'facilitator'), {
			action: 'start',
			questions: ids,
			budget: 3,
			stacking: true,
			facilitatorsVote: false,
			hidden: true
		});
		const seen: number[] = [];
		await s.rooms.read('board1234/server', (doc) => getVotesMap(doc).observe(() => seen.push(readVoters(doc) ?? -1)));
		await Promise.all(
			Array.from({ length: 25 }, (_, i) =>
				s.votes.cast('board1234', grant(`p${i}`), { itemId: ids[i % 2], criterion: 'viability', delta: 1 })
			)
		);
		expect(await s.read((doc) => readVoters(doc))).toBe(25);
		// Coalesced: fewer writes than votes, and never going backwards.
		expect(seen.length).toBeLessThan(25);
		expect([...seen].sort((a, b) => a - b)).toEqual(seen);
		expect(await s.read((doc) => readResults(doc))).toBeNull();
	});

	it('corrects a stale copy written by another process a moment later, from the store', async () => {
		const s = (current = setup(100));
		const ids = await s.questions(1);
		await s.votes.changeRound('board1234', grant('fac', 'facilitator'), {
			action: 'start',
			questions: ids,
			budget: 3,
			stacking: true,
			facilitatorsVote: false,
			hidden: false
		});
		await s.votes.cast('board1234', grant('ana'), { itemId: ids[0], criterion: 'feasibility', delta: 1 });
		// Another process, having read the store just before Ana's vote, writes its older figures afterwards.
		await s.rooms.change('board1234/server', (doc) => {
			getVotesMap(doc).set('voters', 0);
			getVotesMap(doc).set('results', {
				tallies: { [ids[0]]: { feasibility: 0, desirability: 0, viability: 0, voters: 0 } },
				byAgency: {}
			});
		});
		// A moment after publishing, the service reads the store again and corrects the stale copy.
		await expect.poll(() => s.read((doc) => readVoters(doc)), { timeout: 5000 }).toBe(1);
		expect(await s.read((doc) => readResults(doc)?.tallies[ids[0]].feasibility)).toBe(1);
	});

	it('refuses to start a round on something that is not a question, naming it', async () => {
		const s = (current = setup(0));
		const ids = await s.questions(1);
		const start = s.votes.changeRound('board1234', grant('fac', 'facilitator'), {
			action: 'start',
			questions: [ids[0], 'not-a-card'],
			budget: 3,
			stacking: true,
			facilitatorsVote: false,
			hidden: true
		});
		await expect(start).rejects.toBeInstanceOf(HttpError);
		await expect(start).rejects.toMatchObject({ status: 400, code: 'not_a_question', path: 'questions.1' });
		expect(await s.store.votes.getRound('board1234')).toBeNull();
	});
});
