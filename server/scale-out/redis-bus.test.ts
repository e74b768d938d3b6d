/**
 * The Redis bus against the real Redis at TEST_REDIS_URL: two buses stand for two server processes. Each
 * run uses its own key prefix and deletes its keys afterwards. If Redis is not reachable the suite is
 * registered as skipped under a name that says so.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import { createLogger } from '../log.js';
import type { RoomBus } from './types.js';
import { createRedisBus, type RedisBusOptions } from './redis-bus.js';
import { TEST_REDIS_URL, deleteRedisKeys, describeSkipped, missingServices } from '../../tests/helpers/services.js';
import { waitFor } from '../../tests/helpers/clients.js';
import { restartableRedis } from '../../tests/helpers/redis-server.js';

const url = TEST_REDIS_URL;
const PREFIX = `convene-test-${process.pid}-${Date.now().toString(36)}`;
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const bytes = (s: string) => new TextEncoder().encode(s);

let rooms = 0;
/** A room name of its own for every test, like the registry's `<board>/<doc>`. */
const newRoom = () => `board-${++rooms}/content`;

const open: RoomBus[] = [];
async function bus(extra: Partial<RedisBusOptions> = {}) {
	const logs: string[] = [];
	const created = await createRedisBus({ url, log: createLogger('warn', (line) => logs.push(line)), keyPrefix: PREFIX, ...extra });
	open.push(created);
	return Object.assign(created, { logs });
}

/** Redis's CLIENT LIST: each connection's name, last command and flags ('b' while blocked). */
async function clients(redisUrl = url): Promise<{ name: string; cmd: string; flags: string }[]> {
	const raw = new Redis(redisUrl);
	try {
		const list = (await raw.client('LIST')) as string;
		return list
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const fields = new Map(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
				return { name: fields.get('name') ?? '', cmd: fields.get('cmd') ?? '', flags: fields.get('flags') ?? '' };
			});
	} finally {
		raw.disconnect();
	}
}

/** A bus, with the names of the read connections it opened (`convene-reader-…`, new since before it started). */
async function busWithReader(extra: Partial<RedisBusOptions> = {}) {
	const readers = async () => (await clients()).filter((c) => c.name.startsWith('convene-reader-')).map((c) => c.name);
	const before = new Set(await readers());
	const created = await bus(extra);
	const mine = (await readers()).filter((name) => !before.has(name));
	return Object.assign(created, { readers: mine });
}

/** Waits until the bus's read loop is blocked in XREAD: Redis lists its reader with the last command xread and flag b. */
function readBlocked(on: { readers: string[] }): Promise<void> {
	return waitFor(
		async () => (await clients()).some((c) => on.readers.includes(c.name) && c.cmd === 'xread' && c.flags.includes('b')),
		'the read loop blocked in XREAD'
	);
}

/** Subscribes and records what arrives, as text. */
async function listen(on: RoomBus, room: string) {
	const got = { updates: [] as string[], awareness: [] as string[] };
	const subscription = await on.subscribe(room, {
		update: (u) => got.updates.push(text(u)),
		awareness: (u) => got.awareness.push(text(u))
	});
	return Object.assign(got, { subscription });
}

const missing = await missingServices({ redis: url });
if (missing) {
	describeSkipped(missing, ['RedisBus: delivery, order, subscribe position, gaps, restart, close']);
} else {
	afterEach(async () => {
		await Promise.all(open.splice(0).map((b) => b.close()));
	});
	afterAll(() => deleteRedisKeys(url, PREFIX));

	describe('RedisBus', () => {
		it('delivers an update to the other instance exactly once, and never back to its publisher', async () => {
			const [a, b] = [await bus(), await bus()];
			const room = newRoom();
			const [onA, onB] = [await listen(a, room), await listen(b, room)];
			a.publishUpdate(room, bytes('from a'));
			b.publishUpdate(room, bytes('from b'));
			await waitFor(() => onB.updates.length === 1 && onA.updates.length === 1, 'both updates');
			// Markers, one after the other: a stream delivers in order, so a copy or an echo of anything
			// before a marker would have arrived before it.
			a.publishUpdate(room, bytes('end a'));
			await waitFor(() => onB.updates.includes('end a'), "a's marker at b");
			b.publishUpdate(room, bytes('end b'));
			await waitFor(() => onA.updates.includes('end b'), "b's marker at a");
			expect(onB.updates).toEqual(['from a', 'end a']);
			expect(onA.updates).toEqual(['from b', 'end b']);
		});

		it('delivers awareness to the other instance exactly once, and never back to its publisher', async () => {
			const [a, b] = [await bus(), await bus()];
			const room = newRoom();
			const [onA, onB] = [await listen(a, room), await listen(b, room)];
			a.publishAwareness(room, bytes('alex is here'));
			await waitFor(() => onB.awareness.length === 1, 'awareness at b');
			// Markers on the same channel, published after: anything sent before them has arrived by then.
			b.publishAwareness(room, bytes('sam is here'));
			await waitFor(() => onA.awareness.includes('sam is here'), "b's marker at a");
			a.publishAwareness(room, bytes('alex is still here'));
			await waitFor(() => onB.awareness.includes('alex is still here'), "a's marker at b");
			expect(onB.awareness).toEqual(['alex is here', 'alex is still here']);
			expect(onA.awareness).toEqual(['sam is here']);
			expect(onA.updates.concat(onB.updates)).toEqual([]);
		});

		it('carries real Yjs updates byte for byte: two docs converge', async () => {
			const [a, b] = [await bus(), await bus()];
			const room = newRoom();
			const docA = new Y.Doc();
			const docB = new Y.Doc();
			docA.on('update', (u: Uint8Array, origin: unknown) => origin !== 'bus' && a.publishUpdate(room, u));
			docB.on('update', (u: Uint8Array, origin: unknown) => origin !== 'bus' && b.publishUpdate(room, u));
			await a.subscribe(room, { update: (u) => Y.applyUpdate(docA, u, 'bus'), awareness() {} });
			await b.subscribe(room, { update: (u) => Y.applyUpdate(docB, u, 'bus'), awareness() {} });
			docA.getText('t').insert(0, 'Parents feel unheard ');
			docB.getText('t').insert(0, 'Long waits for CAMHS ');
			docA.getMap('m').set('blob', new Uint8Array([0, 255, 0, 10, 13]));
			await waitFor(() => docA.getText('t').length === docB.getText('t').length && docB.getMap('m').has('blob'), 'convergence');
			expect(docB.getText('t').toString()).toBe(docA.getText('t').toString());
			expect([...(docB.getMap('m').get('blob') as Uint8Array)]).toEqual([0, 255, 0, 10, 13]);
		});

		it('delivers 500 updates published at once, all of them, in order', async () => {
			const [a, b] = [await bus(), await bus()];
			const room = newRoom();
			const onB = await listen(b, room);
			const sent = Array.from({ length: 500 }, (_, i) => `update ${i}`);
			for (const s of sent) a.publishUpdate(room, bytes(s));
			a.publishUpdate(room, bytes('end'));
			await waitFor(() => onB.updates.includes('end'), 'the marker after 500 updates', 10_000);
			expect(onB.updates).toEqual([...sent, 'end']);
		});

		it('with replayMs 0, a room subscribed later gets only what is published after subscribing', async () => {
			const [a, b] = [await bus(), await bus({ replayMs: 0 })];
			const room = newRoom();
			const witness = await listen(await bus(), room);
			for (let i = 0; i < 3; i++) a.publishUpdate(room, bytes(`before ${i}`));
			await waitFor(() => witness.updates.length === 3, 'the three updates in the stream');
			const onB = await listen(b, room);
			a.publishUpdate(room, bytes('after'));
			// In stream order, anything replayed would arrive before it.
			await waitFor(() => onB.updates.includes('after'), 'the update after subscribing');
			expect(onB.updates).toEqual(['after']);
		});

		it('by default also replays the last moments, so a room that just loaded its state cannot miss an update in flight', async () => {
			const [a, b] = [await bus(), await bus()];
			const room = newRoom();
			// Published (and not yet stored by `a`) while `b` was loading the room from PostgreSQL.
			const witness = await listen(await bus(), room);
			a.publishUpdate(room, bytes('in flight'));
			await waitFor(() => witness.updates.length === 1, 'the update in the stream');
			const onB = await listen(b, room);
			await waitFor(() => onB.updates.length > 0, 'the replayed update');
			expect(onB.updates).toEqual(['in flight']);
		});

		it('stops one room on close() and keeps the others', async () => {
			const [a, b] = [await bus(), await bus()];
			const [one, two] = [newRoom(), newRoom()];
			const [onOne, onTwo] = [await listen(b, one), await listen(b, two)];
			await onOne.subscription.close();
			a.publishUpdate(one, bytes('to one'));
			a.publishAwareness(one, bytes('presence one'));
			a.publishUpdate(two, bytes('to two'));
			a.publishAwareness(two, bytes('presence two'));
			await waitFor(() => onTwo.updates.length === 1 && onTwo.awareness.length === 1, 'room two');
			// Subscribing again works, from the new position; what reaches the new subscription after the
			// messages above would have reached a closed one that still listened.
			const again = await listen(b, one);
			a.publishUpdate(one, bytes('later'));
			a.publishAwareness(one, bytes('presence later'));
			await waitFor(() => again.updates.includes('later') && again.awareness.includes('presence later'), 'resubscribed room');
			expect(onOne).toMatchObject({ updates: [], awareness: [] });
		});

		it('starts reading a newly subscribed room at once, without waiting out a blocked read', async () => {
			const [a, b] = [await bus(), await busWithReader({ blockMs: 10_000 })];
			await listen(b, newRoom());
			// b's read loop is now blocked on the first room for up to 10 s.
			await readBlocked(b);
			const room = newRoom();
			const onB = await listen(b, room);
			const started = Date.now();
			a.publishUpdate(room, bytes('quick'));
			await waitFor(() => onB.updates.length === 1, 'the update in the new room');
			expect(Date.now() - started).toBeLessThan(1000);
		});

		it('skips and logs malformed stream entries and awareness messages, and goes on', async () => {
			const [a, b] = [await bus(), await bus()];
			const room = newRoom();
			const onB = await listen(b, room);
			const raw = new Redis(url);
			try {
				await raw.xadd(`${PREFIX}:room:${room}:updates`, '*', 'from', 'someone');
				await raw.xadd(`${PREFIX}:room:${room}:updates`, '*', 'junk', 'x');
				await raw.publish(`${PREFIX}:room:${room}:awareness`, 'short');
			} finally {
				raw.disconnect();
			}
			a.publishUpdate(room, bytes('valid'));
			a.publishAwareness(room, bytes('valid presence'));
			await waitFor(() => onB.updates.length === 1 && onB.awareness.length === 1, 'the valid messages');
			expect(onB).toMatchObject({ updates: ['valid'], awareness: ['valid presence'] });
			const warnings = b.logs.join('\n');
			expect(warnings).toMatch(/skipped a malformed entry/);
			expect(warnings).toContain(room);
			expect(warnings).toMatch(/skipped a malformed awareness message/);
		});

		it('warns with the room name when the stream was trimmed past its position, then catches up', async () => {
			const b = await bus({ streamMaxLen: 10, replayMs: 0 });
			const room = newRoom();
			const key = `${PREFIX}:room:${room}:updates`;
			const raw = new Redis(url);
			try {
				await raw.xadd(key, '*', 'from', 'elsewhere', 'update', 'first');
				const onB = await listen(b, room);
				// One script, so `b` cannot read in between: 1000 entries, trimmed to about the newest 10.
				await raw.eval(
					`for i = 1, 1000 do redis.call('XADD', KEYS[1], 'MAXLEN', '~', 10, '*', 'from', 'elsewhere', 'update', 'n' .. i) end`,
					1,
					key
				);
				await waitFor(() => onB.updates.includes('n1000'), 'catching up to the newest entry');
				expect(b.logs.join('\n')).toMatch(new RegExp(`may have been missed.*${room.replace('/', '\\/')}`));
				expect(onB.updates).not.toContain('n1');
				// What it did get, it got in order.
				const numbers = onB.updates.map((u) => Number(u.slice(1)));
				expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
			} finally {
				raw.disconnect();
			}
		});

		it('close() resolves promptly with subscriptions open, and publishing afterwards is harmless', async () => {
			const a = await busWithReader({ blockMs: 5000 });
			await listen(a, newRoom());
			await listen(a, newRoom());
			await readBlocked(a);
			const started = Date.now();
			await a.close();
			expect(Date.now() - started).toBeLessThan(1000);
			expect(() => a.publishUpdate('x', bytes('late'))).not.toThrow();
			await expect(a.subscribe('x', { update() {}, awareness() {} })).rejects.toThrow(/closed/);
		});

		it('rejects at start-up, with the address, when Redis is not reachable', async () => {
			await expect(createRedisBus({ url: 'redis://127.0.0.1:1', log: createLogger('silent') })).rejects.toThrow(
				/not reachable at redis:\/\/127\.0\.0\.1:1/
			);
		});

		it.runIf(restartableRedis.available)(
			'survives a Redis restart: reconnects, resubscribes, reports the possible gap, and delivers again',
			async () => {
				const server = await restartableRedis.start();
				try {
					const [a, b] = [await bus({ url: server.url }), await bus({ url: server.url })];
					const room = newRoom();
					const onB = await listen(b, room);
					a.publishUpdate(room, bytes('before'));
					await waitFor(() => onB.updates.includes('before'), 'before the restart');
					// Down until both buses have noticed (a failed reconnect is logged).
					await server.restart(() =>
						waitFor(() => [a, b].every((x) => x.logs.some((l) => l.includes('Redis connection error'))), 'both buses to notice', 10_000)
					);
					a.publishUpdate(room, bytes('after'));
					await waitFor(() => onB.updates.includes('after'), 'an update after the restart', 15_000);
					// Pub/sub subscriptions come back once the subscriber reconnects: say hello once b listens again.
					const raw = new Redis(server.url);
					try {
						const channel = `${PREFIX}:room:${room}:awareness`;
						await waitFor(async () => ((await raw.pubsub('NUMSUB', channel)) as [string, number])[1] > 0, "b's subscription back", 15_000);
					} finally {
						raw.disconnect();
					}
					a.publishAwareness(room, bytes('hello again'));
					await waitFor(() => onB.awareness.length > 0, 'the hello after the restart');
					expect(onB.awareness[0]).toBe('hello again');
					// The new Redis has none of the old stream: b says it may have missed something.
					expect(b.logs.join('\n')).toMatch(/may have been missed/);
				} finally {
					await Promise.all(open.splice(0).map((x) => x.close()));
					await server.stop();
				}
			},
			30_000
		);
	});
}
