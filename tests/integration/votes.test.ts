/**
 * The dot vote against the real server (SQLite store, real HTTP, stock y-websocket clients and raw sockets):
 * exact tallies under load, the budget under concurrency, who may vote on what, and that nothing a participant
 * receives while results are hidden reveals anyone else's votes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, join, roundTrip, roundTripOn, synced, waitFor, type Client } from '../helpers/clients.js';
import { readResults, readRound, readVoters, readFollow, voteStage, CRITERIA, type Criterion } from '../../src/lib/doc/index.js';
import { boardWithQuestions, expectedResults, joinMany, plan, votesApi, type Reply } from './votes-fixture.js';

let server: TestServer;
const clients: Client[] = [];
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server.stop();
});

function open(boardId: string, docName: string, session: string, doc?: Y.Doc): Client {
	const client = connect(server.url, boardId, docName, session, doc);
	clients.push(client);
	return client;
}

const AGENCIES = [...Array(10).fill('School'), ...Array(10).fill('Health'), ...Array(8).fill('Police'), 'Parent', 'Parent'];

describe('the dot vote', () => {
	it('30 participants vote at once, 9 votes each, and the published tallies are exact after the reveal', async () => {
		const { board, fac, ids } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const people = await joinMany(server.url, board.id, board.links.participant, AGENCIES);
		const watcher = open(board.id, 'server', people[0].sessionToken);
		await synced(watcher);

		const started = await api.round(fac.sessionToken, { action: 'start', questions: ids });
		expect(started.status).toBe(200);
		expect(started.json.round).toMatchObject({
			status: 'open',
			budget: 3,
			stacking: true,
			facilitatorsVote: false,
			hidden: true,
			revealed: false
		});
		await waitFor(() => readRound(watcher.doc)?.id === started.json.round.id, 'the round in the server doc');

		// Every dot of every person in flight at once: 270 requests.
		const replies = await Promise.all(people.flatMap((p, i) => plan(i, ids).map(([id, c]) => api.vote(p.sessionToken, id, c))));
		expect(replies.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
		for (const [i, p] of people.entries()) {
			const state = await api.mine(p.sessionToken);
			expect(state.json.remaining).toEqual({ feasibility: 0, desirability: 0, viability: 0 });
			const dots = Object.values(state.json.mine as Record<string, Record<Criterion, number>>).flatMap((c) => CRITERIA.map((k) => c[k]));
			expect(
				dots.reduce((a, b) => a + b, 0),
				`person ${i}`
			).toBe(9);
		}

		// Hidden: the count of voters is published, the tallies are not.
		await waitFor(() => readVoters(watcher.doc) === 30, '30 voters published');
		expect(readResults(watcher.doc)).toBeNull();

		expect((await api.round(fac.sessionToken, { action: 'end' })).status).toBe(200);
		const revealed = await api.round(fac.sessionToken, { action: 'reveal' });
		expect(revealed.json.round).toMatchObject({ status: 'closed', revealed: true });
		await waitFor(() => readResults(watcher.doc) !== null, 'results after the reveal');
		const expected = expectedResults(ids, AGENCIES);
		expect(readResults(watcher.doc)).toEqual(expected);
		// The two parents are too few to be shown as an agency, and Police (the smallest listed) is left out
		// with them: otherwise the totals minus the listed agencies would give the two parents' dots.
		expect(Object.keys(readResults(watcher.doc)!.byAgency).sort()).toEqual(['Health', 'School']);
		const total = Object.values(readResults(watcher.doc)!.tallies).reduce((n, t) => n + t.feasibility + t.desirability + t.viability, 0);
		expect(total).toBe(270);

		// A newcomer loading the board from storage sees the same.
		const late = open(board.id, 'server', people[5].sessionToken);
		await synced(late);
		await waitFor(() => readResults(late.doc) !== null, 'results for a newcomer');
		expect(readResults(late.doc)).toEqual(expected);
	});

	it('refuses the fourth vote in one criterion with 409 and a readable message; taking one back frees it', async () => {
		const { board, fac, ids } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const [ana] = await joinMany(server.url, board.id, board.links.participant, ['School']);
		await api.round(fac.sessionToken, { action: 'start', questions: ids });
		for (let k = 0; k < 3; k++) expect((await api.vote(ana.sessionToken, ids[k], 'feasibility')).status).toBe(200);
		const fourth = await api.vote(ana.sessionToken, ids[3], 'feasibility');
		expect(fourth.status).toBe(409);
		expect(fourth.json.error).toEqual({
			code: 'over_budget',
			message: 'You have used all 3 of your feasibility votes. Take one back to move it.'
		});
		// Other criteria are separate budgets.
		const other = await api.vote(ana.sessionToken, ids[3], 'viability');
		expect(other.status).toBe(200);
		expect(other.json).toEqual({
			remaining: { feasibility: 0, desirability: 3, viability: 2 },
			mine: {
				[ids[0]]: { feasibility: 1, desirability: 0, viability: 0 },
				[ids[1]]: { feasibility: 1, desirability: 0, viability: 0 },
				[ids[2]]: { feasibility: 1, desirability: 0, viability: 0 },
				[ids[3]]: { feasibility: 0, desirability: 0, viability: 1 }
			}
		});
		const back = await api.vote(ana.sessionToken, ids[0], 'feasibility', -1);
		expect(back.json.remaining.feasibility).toBe(1);
		expect(back.json.mine[ids[0]]).toBeUndefined();
		expect((await api.vote(ana.sessionToken, ids[3], 'feasibility')).status).toBe(200);
		const nothing = await api.vote(ana.sessionToken, ids[0], 'desirability', -1);
		expect(nothing.status).toBe(409);
		expect(nothing.json.error.code).toBe('nothing_to_take_back');
		expect(nothing.json.error.message).toMatch(/no desirability vote on this question/);
	});

	it('concurrent requests cannot overspend: 10 parallel votes from one session with a budget of 3 → exactly 3', async () => {
		const { board, fac, ids } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const [ana] = await joinMany(server.url, board.id, board.links.participant, ['School']);
		await api.round(fac.sessionToken, { action: 'start', questions: ids });
		const replies = await Promise.all(
			Array.from({ length: 10 }, (_, i) => api.vote(ana.sessionToken, ids[i % ids.length], 'desirability'))
		);
		expect(replies.filter((r) => r.status === 200)).toHaveLength(3);
		expect(replies.filter((r) => r.status === 409 && r.json.error.code === 'over_budget')).toHaveLength(7);
		const state = await api.mine(ana.sessionToken);
		const used = Object.values(state.json.mine as Record<string, Record<Criterion, number>>).reduce((n, c) => n + c.desirability, 0);
		expect(used).toBe(3);
		expect(state.json.remaining.desirability).toBe(0);
	});

	it('without stacking, a question takes one dot of each kind per person', async () => {
		const { board, fac, ids } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const [ana] = await joinMany(server.url, board.id, board.links.participant, ['School']);
		const started = await api.round(fac.sessionToken, { action: 'start', questions: ids, stacking: false, budget: 5 });
		expect(started.json.round).toMatchObject({ stacking: false, budget: 5 });
		expect((await api.vote(ana.sessionToken, ids[0], 'viability')).status).toBe(200);
		const again = await api.vote(ana.sessionToken, ids[0], 'viability');
		expect(again.status).toBe(409);
		expect(again.json.error.code).toBe('no_stacking');
		expect((await api.vote(ana.sessionToken, ids[0], 'feasibility')).status).toBe(200);
	});

	it('a session votes only as its own participant; bad sessions, viewers and non-voting facilitators are refused', async () => {
		const { board, fac, ids } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const [ana, ben] = await joinMany(server.url, board.id, board.links.participant, ['School', 'Health']);
		const viewer = await join(server.url, board.id, board.links.viewer, 'Vic', 'Parent');
		await api.round(fac.sessionToken, { action: 'start', questions: ids });

		// Naming another participant in the body is refused and changes nothing.
		const spoof = await api.vote(ana.sessionToken, ids[0], 'feasibility', 1, { participantId: ben.participantId });
		expect(spoof.status).toBe(400);
		expect((await api.mine(ben.sessionToken)).json.mine).toEqual({});
		expect((await api.mine(ana.sessionToken)).json.mine).toEqual({});
		// Ana's own vote is Ana's, not Ben's.
		expect((await api.vote(ana.sessionToken, ids[0], 'feasibility')).status).toBe(200);
		expect((await api.mine(ben.sessionToken)).json.mine).toEqual({});

		const forged = await api.vote('x'.repeat(43), ids[0], 'feasibility');
		expect(forged.status).toBe(401);
		expect(forged.json.error.message).toMatch(/session/i);
		const other = await boardWithQuestions(server.url);
		const [stranger] = await joinMany(server.url, other.board.id, other.board.links.participant, ['School']);
		expect((await api.vote(stranger.sessionToken, ids[0], 'feasibility')).status).toBe(401);
		expect((await api.mine('short')).status).toBe(401);

		const byViewer = await api.vote(viewer.sessionToken, ids[0], 'feasibility');
		expect(byViewer.status).toBe(403);
		const byFacilitator = await api.vote(fac.sessionToken, ids[0], 'feasibility');
		expect(byFacilitator.status).toBe(403);
		expect(byFacilitator.json.error.message).toBe('Facilitators do not vote in this round.');
		expect((await api.mine(viewer.sessionToken)).json.remaining).toEqual({ feasibility: 0, desirability: 0, viability: 0 });

		for (const bad of [{ criterion: 'beauty' }, { delta: 2 }, { itemId: '../x' }]) {
			const res = await api.vote(ana.sessionToken, ids[0], 'feasibility', 1, bad);
			expect(res.status, JSON.stringify(bad)).toBe(400);
			expect(res.json.error.code).toBe('invalid_request');
		}
	});

	it('the round’s states: results shown while open let dots move; an ended round refuses every dot', async () => {
		const { board, fac, ids } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const [ana, ben] = await joinMany(server.url, board.id, board.links.participant, ['School', 'Health']);
		// A stock y-websocket client of a participant sees the round as everyone does.
		const watcher = open(board.id, 'server', ana.sessionToken);
		await synced(watcher);
		await api.round(fac.sessionToken, { action: 'start', questions: ids.slice(0, 2) });
		expect((await api.vote(ana.sessionToken, ids[0], 'feasibility')).status).toBe(200);
		await waitFor(() => readVoters(watcher.doc) === 1, 'one voter');
		expect(readResults(watcher.doc)).toBeNull();

		// "Show results and keep voting open": the results arrive and dots can still move, live.
		expect((await api.round(fac.sessionToken, { action: 'reveal' })).json.round).toMatchObject({ status: 'open', revealed: true });
		await waitFor(() => readResults(watcher.doc) !== null, 'results shown');
		expect(voteStage(readRound(watcher.doc)!)).toBe('open-shown');
		expect((await api.vote(ben.sessionToken, ids[0], 'feasibility')).status).toBe(200);
		expect((await api.vote(ana.sessionToken, ids[0], 'feasibility', -1)).status).toBe(200);
		await waitFor(
			() => readResults(watcher.doc)?.tallies[ids[0]].voters === 1 && readResults(watcher.doc)?.tallies[ids[0]].feasibility === 1,
			'the live results'
		);

		// "End the vote": nothing can place, move or take back a dot any more, whatever the client sends.
		expect((await api.round(fac.sessionToken, { action: 'end' })).json.round).toMatchObject({ status: 'closed', revealed: true });
		await waitFor(() => readRound(watcher.doc)?.status === 'closed', 'the round ended');
		expect(voteStage(readRound(watcher.doc)!)).toBe('ended-shown');
		for (const [who, delta] of [
			[ana, 1],
			[ben, -1]
		] as const) {
			const res = await api.vote(who.sessionToken, ids[0], 'feasibility', delta);
			expect(res.status).toBe(409);
			expect(res.json.error).toEqual({ code: 'vote_ended', message: 'The vote has ended: dots can no longer move.' });
		}
		expect((await api.mine(ben.sessionToken)).json.mine[ids[0]].feasibility).toBe(1);
		expect(readResults(watcher.doc)?.tallies[ids[0]].feasibility).toBe(1);
	});

	it('ending a hidden round can show its results in the same step', async () => {
		const { board, fac, ids } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const [ana] = await joinMany(server.url, board.id, board.links.participant, ['School']);
		const watcher = open(board.id, 'server', ana.sessionToken);
		await synced(watcher);
		await api.round(fac.sessionToken, { action: 'start', questions: ids.slice(0, 2) });
		expect((await api.vote(ana.sessionToken, ids[1], 'viability')).status).toBe(200);
		const ended = await api.round(fac.sessionToken, { action: 'end', showResults: true });
		expect(ended.json.round).toMatchObject({ status: 'closed', revealed: true, hidden: true });
		await waitFor(() => readResults(watcher.doc)?.tallies[ids[1]].viability === 1, 'the final results');
		expect(voteStage(readRound(watcher.doc)!)).toBe('ended-shown');
		const bad = await api.round(fac.sessionToken, { action: 'end', showResults: 'yes' });
		expect(bad.status).toBe(400);
	});

	it('refuses votes outside a round and on questions that are not in it', async () => {
		const { board, fac, ids, note } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const [ana] = await joinMany(server.url, board.id, board.links.participant, ['School']);
		const before = await api.vote(ana.sessionToken, ids[0], 'feasibility');
		expect(before.status).toBe(409);
		expect(before.json.error).toEqual({ code: 'no_round', message: 'There is no vote open right now' });
		expect((await api.mine(ana.sessionToken)).json).toEqual({
			round: null,
			remaining: { feasibility: 0, desirability: 0, viability: 0 },
			mine: {}
		});

		await api.round(fac.sessionToken, { action: 'start', questions: ids.slice(0, 2) });
		for (const itemId of [ids[3], 'no-such-question', note]) {
			const res = await api.vote(ana.sessionToken, itemId, 'feasibility');
			expect(res.status, itemId).toBe(409);
			expect(res.json.error).toEqual({ code: 'not_in_round', message: 'That question is not part of this vote' });
		}
		await api.round(fac.sessionToken, { action: 'end' });
		const after = await api.vote(ana.sessionToken, ids[0], 'feasibility');
		expect(after.status).toBe(409);
		expect(after.json.error.code).toBe('vote_ended');
	});

	it('only facilitators run rounds; one round at a time; a new round starts from no votes', async () => {
		const { board, fac, ids, note } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const [ana] = await joinMany(server.url, board.id, board.links.participant, ['School']);
		const byParticipant = await api.round(ana.sessionToken, { action: 'start', questions: ids });
		expect(byParticipant.status).toBe(403);
		expect(byParticipant.json.error.message).toBe('Only a facilitator can start, end or reveal a vote.');
		expect((await api.round(fac.sessionToken, { action: 'end' })).status).toBe(409);
		const notAQuestion = await api.round(fac.sessionToken, { action: 'start', questions: [ids[0], note] });
		expect(notAQuestion.status).toBe(400);
		expect(notAQuestion.json.error).toMatchObject({ code: 'not_a_question', path: 'questions.1' });
		for (const bad of [
			{ questions: [] },
			{ questions: ids, budget: 11 },
			{ questions: ids, budget: 0 },
			{ questions: ids, hidden: 'no' }
		]) {
			expect((await api.round(fac.sessionToken, { action: 'start', ...bad })).status, JSON.stringify(bad)).toBe(400);
		}

		const first = await api.round(fac.sessionToken, { action: 'start', questions: ids, facilitatorsVote: true, budget: 1 });
		expect(first.status).toBe(200);
		const clash = await api.round(fac.sessionToken, { action: 'start', questions: ids });
		expect(clash.status).toBe(409);
		expect(clash.json.error.message).toMatch(/already open/);
		// Facilitators vote in this one.
		expect((await api.vote(fac.sessionToken, ids[0], 'feasibility')).status).toBe(200);
		const one = await api.vote(fac.sessionToken, ids[1], 'feasibility');
		expect(one.json.error.message).toBe('You have used your only feasibility vote. Take one back to move it.');
		await api.round(fac.sessionToken, { action: 'end' });
		const second = await api.round(fac.sessionToken, { action: 'start', questions: ids });
		expect(second.status).toBe(200);
		expect(second.json.round.id).not.toBe(first.json.round.id);
		expect((await api.mine(fac.sessionToken)).json.mine).toEqual({});
		expect((await api.mine(ana.sessionToken)).json.remaining).toEqual({ feasibility: 3, desirability: 3, viability: 3 });
	});

	it('a raw Yjs client writing into the control or server documents changes nothing anyone sees', async () => {
		const { board, fac, ids } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const [ana, ben] = await joinMany(server.url, board.id, board.links.participant, ['School', 'Health']);
		await api.round(fac.sessionToken, { action: 'start', questions: ids });
		await api.vote(ben.sessionToken, ids[0], 'feasibility');
		const observer = open(board.id, 'server', ben.sessionToken);
		await synced(observer);
		await waitFor(() => readVoters(observer.doc) === 1, 'one voter');

		// Forged state: a fake revealed round with tallies, and a "follow me" in control.
		const forged = new Y.Doc();
		const votes = forged.getMap('votes');
		votes.set('voters', 999);
		votes.set('round', { ...readRound(observer.doc)!, hidden: false, revealed: true });
		votes.set('results', { tallies: { [ids[0]]: { feasibility: 500, desirability: 0, viability: 0, voters: 1 } }, byAgency: {} });
		const control = new Y.Doc();
		control.getMap('control').set('follow', { by: ana.participantId, viewport: { x: 1, y: 2, scale: 1 } });

		const quiet = console.warn;
		console.warn = () => {};
		try {
			// Plain sockets speaking y-protocols: a participant and a facilitator into `server`, a participant into `control`.
			for (const [doc, session, update] of [
				['server', ana.sessionToken, Y.encodeStateAsUpdate(forged)],
				['server', fac.sessionToken, Y.encodeStateAsUpdate(forged)],
				['control', ana.sessionToken, Y.encodeStateAsUpdate(control)]
			] as const) {
				await sendRawUpdate(board.id, doc, session, update);
			}
			// And the stock provider, writing straight into its synced copy.
			const provider = open(board.id, 'server', ana.sessionToken);
			await synced(provider);
			provider.doc.getMap('votes').set('voters', 777);
			// The server has processed the write, and whatever it sent the observer before has arrived.
			await roundTrip(provider);
			await roundTrip(observer);
		} finally {
			console.warn = quiet;
		}

		expect(readVoters(observer.doc)).toBe(1);
		expect(readResults(observer.doc)).toBeNull();
		expect(readRound(observer.doc)?.hidden).toBe(true);
		const controlWatcher = open(board.id, 'control', fac.sessionToken);
		await synced(controlWatcher);
		expect(readFollow(controlWatcher.doc)).toBeNull();
		// A fresh client gets the server's own state too.
		const fresh = open(board.id, 'server', fac.sessionToken);
		await synced(fresh);
		expect(readVoters(fresh.doc)).toBe(1);
		expect(readResults(fresh.doc)).toBeNull();
		// And the real tally is untouched: after the reveal it is Ben's one dot.
		await api.round(fac.sessionToken, { action: 'reveal' });
		await waitFor(() => readResults(observer.doc) !== null, 'reveal');
		expect(readResults(observer.doc)!.tallies[ids[0]]).toEqual({ feasibility: 1, desirability: 0, viability: 0, voters: 1 });
	});

	it("while hidden, no byte a participant or the facilitator receives reveals anyone else's votes; after the reveal the results arrive", async () => {
		const { board, fac, ids } = await boardWithQuestions(server.url);
		const api = votesApi(server.url, board.id);
		const people = await joinMany(server.url, board.id, board.links.participant, ['School', 'School', 'School', 'Health', 'Health']);
		const [spy, ...others] = people;

		// The spy's and the facilitator's sockets on every document, recording every frame they receive.
		const frames: { who: string; doc: string; data: Buffer }[] = [];
		const recordingSocket = (who: string, doc: string) =>
			class extends WebSocket {
				constructor(url: string, protocols?: string | string[]) {
					super(url, protocols);
					this.on('message', (data: Buffer | ArrayBuffer | Buffer[]) =>
						frames.push({ who, doc, data: Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer) })
					);
				}
			};
		const watched: Client[] = [];
		for (const [who, session] of [
			['spy', spy.sessionToken],
			['facilitator', fac.sessionToken]
		] as const) {
			for (const doc of ['content', 'control', 'server']) {
				const client = new (await import('y-websocket')).WebsocketProvider(
					`${server.url.replace(/^http/, 'ws')}/sync/${board.id}`,
					doc,
					new Y.Doc(),
					{
						params: { session },
						WebSocketPolyfill: recordingSocket(who, doc) as unknown as typeof globalThis.WebSocket,
						disableBc: true
					}
				);
				const wrapped: Client = { doc: client.doc, provider: client, closes: [], saved: new Map(), destroy: () => client.destroy() };
				clients.push(wrapped);
				watched.push(wrapped);
			}
		}
		await Promise.all(watched.map((c) => synced(c)));

		// Every HTTP body the spy receives.
		const bodies: string[] = [];
		const spyCall = async (reply: Promise<Reply>) => {
			const r = await reply;
			bodies.push(r.text);
			return r;
		};

		await api.round(fac.sessionToken, { action: 'start', questions: ids });
		// Others vote heavily, the spy once, then the spy polls its own state.
		await Promise.all(
			others.flatMap((p) => CRITERIA.flatMap((c) => [api.vote(p.sessionToken, ids[1], c), api.vote(p.sessionToken, ids[2], c)]))
		);
		await spyCall(api.vote(spy.sessionToken, ids[0], 'viability'));
		await spyCall(api.mine(spy.sessionToken));
		// watched: the spy's content, control, server, then the facilitator's.
		const serverDoc = watched[2];
		await waitFor(() => readVoters(serverDoc.doc) === 5, 'five voters published');
		// Everything the server sent these sockets before has arrived. (Its settle re-publish, 300 ms on, re-reads
		// the same rows in one process and writes nothing.)
		for (const c of watched) await roundTrip(c);

		const hidden = frames.map((f) => f.data.toString('latin1'));
		expect(hidden.length).toBeGreaterThan(10);
		const everything = hidden.join('\n') + '\n' + bodies.join('\n');
		for (const word of ['tallies', 'byAgency', 'results', 'desirability', 'feasibility']) {
			// The spy's own HTTP replies name criteria (its own remaining and dots); the frames must not at all.
			expect(hidden.join('\n'), word).not.toContain(word);
		}
		// The spy's HTTP bodies name no other participant, and list dots only on the spy's own question.
		for (const body of bodies) for (const p of others) expect(body).not.toContain(p.participantId);
		for (const body of bodies) expect(Object.keys(JSON.parse(body).mine)).toEqual([ids[0]]);
		expect(everything).not.toMatch(/"voters":\s*[1-9]/);
		expect(JSON.parse(bodies[1])).toEqual({
			round: expect.objectContaining({ hidden: true, revealed: false }),
			remaining: { feasibility: 3, desirability: 3, viability: 2 },
			mine: { [ids[0]]: { feasibility: 0, desirability: 0, viability: 1 } }
		});
		// What the frames built: a votes map with only the round and the number of voters.
		for (const c of watched.filter((c) => c.provider.roomname === 'server')) {
			expect([...c.doc.getMap('votes').keys()].sort()).toEqual(['round', 'voters']);
			expect(readResults(c.doc)).toBeNull();
		}

		const seenBefore = frames.length;
		await api.round(fac.sessionToken, { action: 'reveal' });
		await waitFor(() => readResults(serverDoc.doc) !== null, 'results after the reveal');
		expect(readResults(serverDoc.doc)!.tallies[ids[1]]).toEqual({ feasibility: 4, desirability: 4, viability: 4, voters: 4 });
		// School has three voters (the spy and two others), Health two. Showing School would give Health's two
		// voters' dots as the totals minus School's, so no agency is broken out (docs/votes.md).
		expect(readResults(serverDoc.doc)!.byAgency).toEqual({});
		expect(frames.slice(seenBefore).some((f) => f.data.toString('latin1').includes('tallies'))).toBe(true);
	});
});

/** Opens a plain socket, sends one sync update frame for `doc`, waits until the server has processed it, and closes. */
async function sendRawUpdate(boardId: string, doc: string, session: string, update: Uint8Array): Promise<void> {
	const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync/${boardId}/${doc}?session=${session}`);
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	syncProtocol.writeUpdate(encoder, update);
	ws.send(encoding.toUint8Array(encoder));
	await roundTripOn(ws);
	ws.close();
}
