/**
 * The dot vote across two real server processes sharing PostgreSQL (the votes) and Redis (the documents), as
 * behind a load balancer that does not route by board: people vote through either process at once, and both
 * processes publish the same exact tallies, because each recomputes them from the store.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, synced, waitFor, type Client } from '../helpers/clients.js';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL, adminQuery, deleteRedisKeys, describeSkipped, missingServices } from '../helpers/services.js';
import { readResults, readVoters, type Criterion } from '../../src/lib/doc/index.js';
import { boardWithQuestions, expectedResults, joinMany, plan, votesApi } from './votes-fixture.js';

const TESTS = ['people voting through both processes at once: the budget holds across processes and both publish exact tallies'];

const missing = await missingServices({ redis: TEST_REDIS_URL, postgres: TEST_DATABASE_URL });
if (missing) {
	describeSkipped(missing, TESTS);
} else {
	const RUN = `convene_votes_${process.pid}_${Date.now().toString(36)}`;
	const env = { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: RUN, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: RUN };
	let a: ServerProcess;
	let b: ServerProcess;
	const clients: Client[] = [];

	beforeAll(async () => {
		a = await spawnServer(env);
		b = await spawnServer(env);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await Promise.all([a?.kill(), b?.kill()]);
		await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA IF EXISTS "${RUN}" CASCADE`);
		await deleteRedisKeys(TEST_REDIS_URL, RUN);
	});

	describe('the dot vote across two server processes (PostgreSQL + Redis)', () => {
		it(TESTS[0], async () => {
			const { board, fac, ids } = await boardWithQuestions(a.url);
			const onA = votesApi(a.url, board.id);
			const onB = votesApi(b.url, board.id);
			const agencies = [...Array(6).fill('School'), ...Array(6).fill('Health')];
			const people = await joinMany(a.url, board.id, board.links.participant, agencies);
			const watchA = connect(a.url, board.id, 'server', people[0].sessionToken);
			const watchB = connect(b.url, board.id, 'server', people[1].sessionToken);
			clients.push(watchA, watchB);
			await Promise.all([synced(watchA), synced(watchB)]);

			expect((await onA.round(fac.sessionToken, { action: 'start', questions: ids })).status).toBe(200);
			// Even people through A, odd through B, every request at once.
			const replies = await Promise.all(
				people.flatMap((p, i) => plan(i, ids).map(([id, c]) => (i % 2 ? onB : onA).vote(p.sessionToken, id, c)))
			);
			expect(replies.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);

			// One more person fires 10 votes in one criterion at both processes at once: exactly 3 land.
			const [greedy] = await joinMany(a.url, board.id, board.links.participant, ['Police']);
			const criterion: Criterion = 'viability';
			const greedyReplies = await Promise.all(
				Array.from({ length: 10 }, (_, k) => (k % 2 ? onB : onA).vote(greedy.sessionToken, ids[k % ids.length], criterion))
			);
			expect(greedyReplies.filter((r) => r.status === 200)).toHaveLength(3);
			expect(greedyReplies.filter((r) => r.status === 409)).toHaveLength(7);

			await waitFor(() => readVoters(watchA.doc) === 13 && readVoters(watchB.doc) === 13, '13 voters on both processes', 10_000);
			expect(readResults(watchA.doc)).toBeNull();
			expect(readResults(watchB.doc)).toBeNull();

			expect((await onB.round(fac.sessionToken, { action: 'end' })).status).toBe(200);
			expect((await onA.round(fac.sessionToken, { action: 'reveal' })).status).toBe(200);

			const greedyDots = (await onB.mine(greedy.sessionToken)).json.mine as Record<string, Record<Criterion, number>>;
			const expected = expectedResults(ids, agencies);
			for (const [id, counts] of Object.entries(greedyDots)) {
				expected.tallies[id].viability += counts.viability;
				expected.tallies[id].voters += 1;
			}
			// The greedy voter is the only one from Police: left out of the breakdown alone, their dots would be the
			// totals minus School and Health. So the smaller of those (a 6-6 tie goes by name: Health) is left out too.
			delete expected.byAgency.Health;
			const exact = (c: Client) => isDeepStrictEqual(readResults(c.doc), expected);
			await waitFor(() => exact(watchA) && exact(watchB), 'exact tallies on both processes', 10_000);
			expect(readResults(watchA.doc)).toEqual(expected);
			expect(readResults(watchB.doc)).toEqual(expected);
		});
	});
}
