/**
 * A facilitator's "delete this board and everything it holds" (POST /api/boards/:id/delete), and the retention
 * sweep, against the real server and stores: afterwards no row of any table (found by querying every column
 * of every table, not by asking the store) and no byte of the SQLite files mentions the board, its people or
 * anything they wrote; every socket on the board was closed with 4410, in every server process; the Redis
 * streams are gone; and other boards are whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, createBoard, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { adminQuery, deleteRedisKeys, describeSkipped, missingServices, TEST_DATABASE_URL, TEST_REDIS_URL } from '../helpers/services.js';
import { createElement, readElements } from '../../src/lib/doc/index.js';
import { createPostgresStore } from '../../server/persistence/postgres-store.js';
import { createRedisBus } from '../../server/scale-out/redis-bus.js';
import { silentLogger } from '../../server/log.js';
import { Redis } from 'ioredis';
import pg from 'pg';
import { call } from './votes-fixture.js';
import { MARKS, makeWorkshop, type Workshop } from './workshop-fixture.js';

const OTHER_NOTE = 'Kestrelmoor-1185 this board must survive';
const DAY = 24 * 60 * 60 * 1000;

/** Everything that identifies the board and its people, and everything they wrote. */
const needlesOf = (w: Workshop) => [w.boardId, w.fac.participantId, w.pat.participantId, w.viewer.participantId, ...Object.values(MARKS)];

const deleteBoard = (url: string, boardId: string, body: unknown) => call(url, 'POST', `/api/boards/${boardId}/delete`, body);

/** `table.column: needle` for every column of every table of the SQLite file that holds a needle (as bytes). */
function sqliteMentions(file: string, needles: readonly string[]): string[] {
	const db = new Database(file, { readonly: true, fileMustExist: true });
	try {
		const found: string[] = [];
		const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
		for (const table of tables) {
			for (const { name } of db.pragma(`table_info("${table}")`) as { name: string }[]) {
				for (const needle of needles) {
					const count = db
						.prepare(`SELECT count(*) FROM "${table}" WHERE instr(CAST("${name}" AS BLOB), ?) > 0`)
						.pluck()
						.get(Buffer.from(needle, 'utf8'));
					if (count) found.push(`${table}.${name}: ${needle}`);
				}
			}
		}
		return found;
	} finally {
		db.close();
	}
}

/** Needles found anywhere in the bytes of the files in `dir` (the database, its -wal and -shm). */
function fileMentions(dir: string, needles: readonly string[]): string[] {
	const found: string[] = [];
	for (const name of fs.readdirSync(dir)) {
		const bytes = fs.readFileSync(path.join(dir, name));
		for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) found.push(`${name}: ${needle}`);
	}
	return found;
}

/** `table.column: needle` for every column of every table in the PostgreSQL schema that holds a needle. */
async function postgresMentions(schema: string, needles: readonly string[]): Promise<string[]> {
	const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
	await client.connect();
	try {
		const { rows: columns } = await client.query(
			'SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position',
			[schema]
		);
		const found: string[] = [];
		const bytes = needles.map((n) => Buffer.from(n, 'utf8'));
		for (const { table_name: table, column_name: column, data_type: type } of columns) {
			const value = type === 'bytea' ? `t."${column}"` : `convert_to(t."${column}"::text, 'UTF8')`;
			const { rows } = await client.query<{ i: string }>(
				`SELECT n.i FROM unnest($1::bytea[]) WITH ORDINALITY AS n(needle, i)
				 WHERE EXISTS (SELECT 1 FROM "${schema}"."${table}" t WHERE position(n.needle IN ${value}) > 0)`,
				[bytes]
			);
			for (const { i } of rows) found.push(`${table}.${column}: ${needles[Number(i) - 1]}`);
		}
		return found;
	} finally {
		await client.end();
	}
}

/** Waits until every connection of the workshop has been closed by the server with `code`. */
async function allClosedWith(clients: readonly Client[], code: number): Promise<void> {
	await waitFor(() => clients.every((c) => c.closes.some((close) => close.code === code)), `every socket closed with ${code}`, 10_000);
}

/** A second board, to show deleting one board leaves the others whole. */
async function otherBoard(url: string) {
	const board = await createBoard(url, 'Another council');
	const fac = await join(url, board.id, board.links.facilitator, 'Olu', 'Police');
	const client = connect(url, board.id, 'content', fac.sessionToken);
	await synced(client);
	createElement(client.doc, { kind: 'note', x: 0, y: 0, text: OTHER_NOTE });
	const probe = connect(url, board.id, 'content', fac.sessionToken);
	await synced(probe);
	await waitFor(() => readElements(probe.doc).length === 1, 'the other board’s note on the server');
	client.destroy();
	probe.destroy();
	return { id: board.id, fac };
}

async function stillHolds(url: string, other: { id: string; fac: { sessionToken: string } }): Promise<boolean> {
	const client = connect(url, other.id, 'content', other.fac.sessionToken);
	try {
		await synced(client);
		return readElements(client.doc).some((e) => e.kind === 'note' && e.text === OTHER_NOTE);
	} finally {
		client.destroy();
	}
}

describe('deleting a board (SQLite)', () => {
	let server: TestServer;
	let workshop: Workshop;
	let other: Awaited<ReturnType<typeof otherBoard>>;
	const file = () => path.join(server.dir, 'convene.sqlite');

	beforeAll(async () => {
		server = await startServer();
		workshop = await makeWorkshop(server.url);
		other = await otherBoard(server.url);
	});
	afterAll(async () => {
		workshop?.clients.forEach((c) => c.destroy());
		await server?.stop();
	});

	it('refuses anyone but a facilitator, a title that does not match and a malformed request, deleting nothing', async () => {
		const byParticipant = await deleteBoard(server.url, workshop.boardId, { session: workshop.pat.sessionToken, confirm: MARKS.title });
		expect(byParticipant.status).toBe(403);
		expect(byParticipant.json.error.code).toBe('not_facilitator');
		const wrongTitle = await deleteBoard(server.url, workshop.boardId, { session: workshop.fac.sessionToken, confirm: 'Quillwort' });
		expect(wrongTitle.status).toBe(409);
		expect(wrongTitle.json.error).toMatchObject({ code: 'confirm_mismatch', path: 'confirm' });
		expect(wrongTitle.json.error.message).toContain(MARKS.title);
		expect((await deleteBoard(server.url, workshop.boardId, { session: workshop.fac.sessionToken })).status).toBe(400);
		expect(
			(await deleteBoard(server.url, workshop.boardId, { session: workshop.fac.sessionToken, confirm: MARKS.title, boardId: 'x' })).status
		).toBe(400);
		expect((await deleteBoard(server.url, workshop.boardId, { session: 'not-a-session-000000000', confirm: MARKS.title })).status).toBe(
			401
		);
		expect(workshop.clients.every((c) => c.closes.length === 0)).toBe(true);
		// Everything is still there, in the tables and in the file: the checks below can see it.
		await server.store.docs.flush();
		const mentions = sqliteMentions(file(), needlesOf(workshop));
		for (const table of ['boards', 'sessions', 'votes', 'vote_rounds', 'doc_updates'])
			expect(mentions.some((m) => m.startsWith(`${table}.`))).toBe(true);
		for (const text of Object.values(MARKS)) expect(fileMentions(server.dir, [text])).not.toEqual([]);
	});

	it('deletes the board with everything it holds and closes every socket on it with 4410', async () => {
		const res = await deleteBoard(server.url, workshop.boardId, { session: workshop.fac.sessionToken, confirm: `  ${MARKS.title} ` });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ deleted: true });
		await allClosedWith(workshop.clients, 4410);

		// Nothing in any column of any table, and not a byte in the files.
		expect(sqliteMentions(file(), needlesOf(workshop))).toEqual([]);
		expect(fileMentions(server.dir, needlesOf(workshop))).toEqual([]);

		// The rooms still in memory unload without writing anything back.
		await waitFor(
			() => !server.app.rooms.loaded().some((room) => room.startsWith(`${workshop.boardId}/`)),
			'the board’s rooms to unload',
			10_000
		);
		await server.store.docs.flush();
		expect(sqliteMentions(file(), needlesOf(workshop))).toEqual([]);
		expect(fileMentions(server.dir, needlesOf(workshop))).toEqual([]);
	});

	it('leaves nothing that works: links, sessions and sockets are refused; the other board is whole', async () => {
		expect((await call(server.url, 'GET', `/api/boards/${workshop.boardId}/votes?session=${workshop.pat.sessionToken}`)).status).toBe(401);
		const again = connect(server.url, workshop.boardId, 'content', workshop.fac.sessionToken);
		try {
			await waitFor(() => again.closes.some((c) => c.code === 4401), 'a new socket to be refused');
		} finally {
			again.destroy();
		}
		expect((await deleteBoard(server.url, workshop.boardId, { session: workshop.fac.sessionToken, confirm: MARKS.title })).status).toBe(
			401
		);
		expect(await stillHolds(server.url, other)).toBe(true);
		expect(sqliteMentions(file(), [other.id, OTHER_NOTE]).length).toBeGreaterThan(0);
	});

	it('retention deletes boards unused for BOARD_RETENTION_DAYS, and only those', async () => {
		const kept = await startServer({ retentionDays: 30 });
		try {
			const w = await makeWorkshop(kept.url);
			const retention = kept.app.retention!;
			// 29 days on, the board is not yet due; 31 days on, it is, with everything it holds.
			expect(await retention.sweep(Date.now() + 29 * DAY)).toEqual([]);
			expect(w.clients.every((c) => c.closes.length === 0)).toBe(true);
			expect(await retention.sweep(Date.now() + 31 * DAY)).toEqual([w.boardId]);
			await allClosedWith(w.clients, 4410);
			expect(sqliteMentions(path.join(kept.dir, 'convene.sqlite'), needlesOf(w))).toEqual([]);
			w.clients.forEach((c) => c.destroy());
		} finally {
			await kept.stop();
		}
		// Off unless configured.
		expect(server.app.retention).toBeNull();
	});
});

const missing = await missingServices({ postgres: TEST_DATABASE_URL, redis: TEST_REDIS_URL });
if (missing) {
	describeSkipped(missing, ['deleting a board on PostgreSQL with two server processes sharing it through Redis']);
} else {
	describe('deleting a board (PostgreSQL, two processes, Redis)', () => {
		const schema = `convene_delete_${process.pid}_${Date.now().toString(36)}`;
		const keyPrefix = `convene-delete-test-${process.pid}-${Date.now().toString(36)}`;
		const servers: TestServer[] = [];
		let workshop: Workshop;
		let other: Awaited<ReturnType<typeof otherBoard>>;
		const elsewhere: Client[] = [];

		const start = async () =>
			startServer({
				store: await createPostgresStore({ url: TEST_DATABASE_URL, schema, log: silentLogger }),
				bus: await createRedisBus({ url: TEST_REDIS_URL, keyPrefix, log: silentLogger })
			});

		beforeAll(async () => {
			servers.push(await start(), await start());
			workshop = await makeWorkshop(servers[0].url);
			other = await otherBoard(servers[0].url);
			// Pat also has the board open on the second process, as behind a load balancer.
			for (const doc of ['content', 'drafts']) {
				const client = connect(servers[1].url, workshop.boardId, doc, workshop.pat.sessionToken);
				elsewhere.push(client);
				await synced(client);
			}
		});
		afterAll(async () => {
			[...(workshop?.clients ?? []), ...elsewhere].forEach((c) => c.destroy());
			for (const s of servers) await s.stop();
			await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
			await deleteRedisKeys(TEST_REDIS_URL, keyPrefix);
		});

		const redisKeys = async () => {
			const redis = new Redis(TEST_REDIS_URL);
			try {
				return await redis.keys(`${keyPrefix}:room:${workshop.boardId}/*`);
			} finally {
				redis.disconnect();
			}
		};

		it('deletes every row in every table, the Redis streams, and closes the sockets on both processes', async () => {
			await Promise.all(servers.map((s) => s.store.docs.flush()));
			const before = await postgresMentions(schema, needlesOf(workshop));
			for (const table of ['boards', 'sessions', 'capabilities', 'votes', 'vote_rounds'])
				expect(before.some((m) => m.startsWith(`${table}.`))).toBe(true);
			expect(before.some((m) => m.startsWith('doc_') && m.endsWith(MARKS.draft))).toBe(true);
			expect((await redisKeys()).length).toBeGreaterThan(0);

			// Deleted through the second process, where only Pat's two sockets are.
			const res = await deleteBoard(servers[1].url, workshop.boardId, { session: workshop.fac.sessionToken, confirm: MARKS.title });
			expect(res.status).toBe(200);
			await allClosedWith([...workshop.clients, ...elsewhere], 4410);

			expect(await postgresMentions(schema, needlesOf(workshop))).toEqual([]);
			// The first process deletes again what it published before it heard of the deletion (Redis streams the
			// deleting process had already removed); once it has, nothing of the board is left in Redis.
			await waitFor(async () => (await redisKeys()).length === 0, 'no Redis stream of the board', 10_000);
			// Neither process writes any of it back when its rooms unload.
			for (const s of servers)
				await waitFor(() => !s.app.rooms.loaded().some((room) => room.startsWith(`${workshop.boardId}/`)), 'the rooms to unload', 10_000);
			await Promise.all(servers.map((s) => s.store.docs.flush()));
			expect(await postgresMentions(schema, needlesOf(workshop))).toEqual([]);
			expect(await redisKeys()).toEqual([]);
			expect(await stillHolds(servers[1].url, other)).toBe(true);
		});
	});
}
