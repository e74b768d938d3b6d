/**
 * Scale-out: two real server processes share boards through the real Redis (live updates and presence) and
 * the real PostgreSQL (durable state), as behind a load balancer that does not route by board. Each run
 * has its own PostgreSQL schema and Redis key prefix, both removed afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createBoard, join, savedOnDisk, synced, waitFor, type Client } from '../helpers/clients.js';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL, adminQuery, deleteRedisKeys, describeSkipped, missingServices } from '../helpers/services.js';
import { createElement, readElements, readMembers, setText } from '../../src/lib/doc/index.js';

const TESTS = [
	'edits made through either server reach clients of the other, both ways',
	'presence on one server is seen by clients of the other',
	'what server A writes itself (membership) reaches clients of server B',
	'a person removed through server A is disconnected from server B at once, and B refuses their session',
	'when server A dies, B still has every edit made through A, and serves from PostgreSQL the boards only A had open'
];

const missing = await missingServices({ redis: TEST_REDIS_URL, postgres: TEST_DATABASE_URL });
if (missing) {
	describeSkipped(missing, TESTS);
} else {
	const RUN = `convene_scale_${process.pid}_${Date.now().toString(36)}`;
	const env = { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: RUN, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: RUN };
	let a: ServerProcess;
	let b: ServerProcess;
	const clients: Client[] = [];

	beforeAll(async () => {
		// One after the other: the first creates the schema, the second finds it migrated.
		a = await spawnServer(env);
		b = await spawnServer(env);
	});
	afterAll(async () => {
		for (const c of clients) c.destroy();
		await Promise.all([a?.kill(), b?.kill()]);
		await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA IF EXISTS "${RUN}" CASCADE`);
		await deleteRedisKeys(TEST_REDIS_URL, RUN);
	});

	function open(server: ServerProcess, boardId: string, doc: string, session: string): Client {
		const client = connect(server.url, boardId, doc, session, undefined, { acks: '1' });
		clients.push(client);
		return client;
	}

	/** A board created through A; its people join through A, and their sessions work on both servers. */
	async function boardOnA() {
		const board = await createBoard(a.url);
		const fac = await join(a.url, board.id, board.links.facilitator, 'Fran Facilitator', 'Local authority');
		const alex = await join(a.url, board.id, board.links.participant, 'Alex', 'School');
		const sam = await join(a.url, board.id, board.links.participant, 'Sam', 'Health');
		return { board, fac, alex, sam };
	}

	const notes = (client: Client) => readElements(client.doc).map((e) => (e.kind === 'note' ? e.text : ''));

	describe('scale-out across two server processes (PostgreSQL + Redis)', () => {
		it(TESTS[0], async () => {
			const { board, alex, sam } = await boardOnA();
			const onA = open(a, board.id, 'content', alex.sessionToken);
			const onB = open(b, board.id, 'content', sam.sessionToken);
			await Promise.all([synced(onA), synced(onB)]);
			const note = createElement(onA.doc, { kind: 'note', x: 0, y: 0, text: 'Parents feel unheard' });
			await waitFor(() => notes(onB).includes('Parents feel unheard'), 'A → B', 10_000);
			createElement(onB.doc, { kind: 'note', x: 300, y: 0, text: 'Long waits for CAMHS' });
			await waitFor(() => notes(onA).includes('Long waits for CAMHS'), 'B → A', 10_000);
			setText(onB.doc, note, 'Parents feel unheard by school');
			await waitFor(() => notes(onA).includes('Parents feel unheard by school'), 'an edit B → A', 10_000);
			expect(JSON.stringify(readElements(onA.doc))).toBe(JSON.stringify(readElements(onB.doc)));
		});

		it(TESTS[1], async () => {
			const { board, alex, sam } = await boardOnA();
			const onA = open(a, board.id, 'content', alex.sessionToken);
			const onB = open(b, board.id, 'content', sam.sessionToken);
			await Promise.all([synced(onA), synced(onB)]);
			onA.provider.awareness.setLocalStateField('cursor', { x: 120, y: 80 });
			const seenOnB = () =>
				[...onB.provider.awareness.getStates().values()].find((s) => (s.user as { name?: string } | undefined)?.name === 'Alex');
			await waitFor(() => (seenOnB()?.cursor as { x?: number } | undefined)?.x === 120, "Alex's cursor on B", 10_000);
			// The server pins who is speaking: B shows what A vouched for.
			expect(seenOnB()?.user).toMatchObject({ name: 'Alex', agency: 'School', role: 'participant' });
			onB.provider.awareness.setLocalStateField('cursor', { x: 5, y: 6 });
			await waitFor(
				() => [...onA.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'Sam'),
				"Sam's presence on A",
				10_000
			);
		});

		it(TESTS[2], async () => {
			const { board, alex } = await boardOnA();
			const onB = open(b, board.id, 'server', alex.sessionToken);
			await synced(onB);
			await join(a.url, board.id, board.links.participant, 'Priya', 'Police');
			await waitFor(() => readMembers(onB.doc).some((m) => m.name === 'Priya'), 'the new member on B', 10_000);
		});

		it(TESTS[3], async () => {
			const { board, fac, alex, sam } = await boardOnA();
			const alexOnB = open(b, board.id, 'content', alex.sessionToken);
			const samOnB = open(b, board.id, 'content', sam.sessionToken);
			await Promise.all([synced(alexOnB), synced(samOnB)]);
			const res = await fetch(`${a.url}/api/boards/${board.id}/members/${alex.participantId}/remove`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ session: fac.sessionToken })
			});
			expect(res.status).toBe(200);
			await waitFor(() => alexOnB.closes.length > 0, "Alex's socket on B closed", 10_000);
			expect(alexOnB.closes[0].code).toBe(4401);
			expect(samOnB.closes).toEqual([]);
			const again = open(b, board.id, 'content', alex.sessionToken);
			await waitFor(() => again.closes.length > 0, 'B refuses the removed session', 10_000);
			expect(again.closes[0].code).toBe(4401);
		});

		it(TESTS[4], async () => {
			const { board, alex, sam } = await boardOnA();
			const onA = open(a, board.id, 'content', alex.sessionToken);
			const onB = open(b, board.id, 'content', sam.sessionToken);
			await Promise.all([synced(onA), synced(onB)]);
			const written = Array.from({ length: 30 }, (_, i) => `note ${i} written through A`);
			for (const [i, text] of written.entries()) createElement(onA.doc, { kind: 'note', x: i * 10, y: 0, text });
			// A second board that B never opens: after A dies it can only come from PostgreSQL.
			const other = await boardOnA();
			const aloneOnA = open(a, other.board.id, 'content', other.alex.sessionToken);
			await synced(aloneOnA);
			for (let i = 0; i < 10; i++) createElement(aloneOnA.doc, { kind: 'note', x: i * 10, y: 0, text: `only on A ${i}` });
			await waitFor(() => notes(onB).length === 30, 'all 30 notes on B before A dies', 10_000);
			// What A has acknowledged as on disk (the app's "Saved") must survive A's death.
			await Promise.all([savedOnDisk(onA), savedOnDisk(aloneOnA)]);

			await a.kill('SIGKILL');
			onA.provider.disconnect();
			aloneOnA.provider.disconnect();

			const newcomer = open(b, board.id, 'content', alex.sessionToken);
			await synced(newcomer, 10_000);
			expect(notes(newcomer).sort()).toEqual([...written].sort());
			const fromStore = open(b, other.board.id, 'content', other.sam.sessionToken);
			await synced(fromStore, 10_000);
			expect(notes(fromStore).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `only on A ${i}`).sort());
			// And B goes on working on its own.
			createElement(onB.doc, { kind: 'note', x: 0, y: 500, text: 'after A went down' });
			await waitFor(() => notes(newcomer).includes('after A went down'), 'an edit on B after A died');
		});
	});
}
