/**
 * The Redis RoomBus: several server processes share live rooms through one Redis.
 *
 * - Document updates go to a stream per room (`<prefix>:room:<room>:updates`), so an instance that is slow
 *   or briefly disconnected resumes from the last entry it read instead of losing what was said meanwhile
 *   (see stream-reader.ts for how gaps are detected). Streams are capped (MAXLEN ~) and expire when idle:
 *   they carry live traffic only; PostgreSQL holds the durable state.
 * - Awareness (presence) goes over pub/sub (`<prefix>:room:<room>:awareness`): it is transient, and a missed
 *   presence update is repaired by the next one.
 *
 * Three connections: commands, a subscriber (pub/sub mode allows nothing else) and the blocking reader.
 */
import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../log.js';
import { BusEvent, type RoomBus, type RoomSubscription } from './types.js';
import { FIELD_FROM, FIELD_UPDATE, ownBytes } from './stream-entries.js';
import { createStreamReader } from './stream-reader.js';

const RedisBusOptions = z.object({
	url: z.string().regex(/^rediss?:\/\//, 'url must start with redis:// or rediss://'),
	log: z.custom<Logger>(
		(v) =>
			typeof v === 'object' &&
			v !== null &&
			['info', 'warn', 'error'].every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
		{
			message: 'log must be a Logger'
		}
	),
	/** Entries kept per room stream (approximately: Redis trims whole nodes, never below this). */
	streamMaxLen: z.number().int().min(1).default(10_000),
	/** Longest a blocked read waits before it is re-issued, in ms. */
	blockMs: z.number().int().min(10).max(60_000).default(1000),
	/** Prefix of every key and channel, so several deployments (or test runs) can share one Redis. */
	keyPrefix: z
		.string()
		.regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'keyPrefix: letters, digits and _.:- only')
		.default('convene'),
	/**
	 * A new subscription also receives the updates added this long before it (Yjs applies them idempotently).
	 * This closes the window in which a room loading from PostgreSQL would miss an update that another
	 * instance had published but not yet written. 0 delivers only what is published after subscribing.
	 */
	replayMs: z.number().int().min(0).max(600_000).default(10_000),
	/** An idle stream expires after this long. */
	streamTtlMs: z
		.number()
		.int()
		.min(1000)
		.default(24 * 60 * 60 * 1000)
});
export type RedisBusOptions = z.input<typeof RedisBusOptions>;

/** Entries per stream and read: big enough to catch up quickly, and never above MAXLEN (see stream-reader.ts). */
const READ_COUNT = 500;
const ID_LENGTH = 32;
const CLOSE_WAIT_MS = 2000;
const ERROR_LOG_EVERY_MS = 5000;

interface RoomEntry {
	channel: string;
	handlers: Set<{ awareness(update: Uint8Array): void }>;
	subscribed: Promise<unknown>;
}

/**
 * Connects to Redis at `url` and returns a RoomBus over it. Rejects if Redis is not reachable. `publish*`
 * never throw: failures are logged (at most every few seconds) and the update stays with its own instance
 * and in PostgreSQL. Call `close()` on shutdown.
 *
 * @example const bus = await createRedisBus({ url: config.REDIS_URL, log });
 */
export async function createRedisBus(options: RedisBusOptions): Promise<RoomBus> {
	const { url, log, streamMaxLen, blockMs, keyPrefix, replayMs, streamTtlMs } = RedisBusOptions.parse(options);
	const instanceId = randomBytes(ID_LENGTH / 2).toString('hex');
	const instanceBytes = Buffer.from(instanceId, 'latin1');
	let firstError: unknown = null;
	const open = (role: string, extra: RedisOptions = {}) => {
		const connection = new Redis(url, { lazyConnect: true, connectionName: `convene-${role}-${instanceId.slice(0, 8)}`, ...extra });
		// Unhandled, ioredis prints every failed reconnect attempt to the console.
		const warn = throttled(
			(suppressed, error: unknown) => log.warn({ role, error, suppressed }, 'Redis connection error'),
			ERROR_LOG_EVERY_MS
		);
		connection.on('error', (error: unknown) => {
			firstError ??= error;
			warn(error);
		});
		return connection;
	};
	const command = open('command');
	const subscriber = open('subscriber');
	// The read loop handles outages itself (stream-reader.ts): no queueing while offline, no silent resends.
	const reader = open('reader', { enableOfflineQueue: false, autoResendUnfulfilledCommands: false });
	const connections = [command, subscriber, reader];
	try {
		await Promise.all(connections.map((c) => c.connect()));
	} catch (error) {
		for (const c of connections) c.disconnect();
		const reason = (firstError ?? error) as Error;
		throw new Error(`Redis is not reachable at ${redact(url)}: ${reason.message}`);
	}

	const streams = createStreamReader({ reader, command, instanceId, log, blockMs, count: Math.min(READ_COUNT, streamMaxLen), replayMs });
	const rooms = new Map<string, RoomEntry>();
	const channels = new Map<string, RoomEntry>();
	const ttlSetAt = new Map<string, number>();
	const pending = new Set<Promise<unknown>>();
	const logPublishError = throttled(
		(suppressed, error: unknown, room: string, what: string) => log.error({ room, what, error, suppressed }, 'could not publish to Redis'),
		ERROR_LOG_EVERY_MS
	);
	let closed = false;
	let closing: Promise<void> | null = null;

	const eventHandlers = new Set<(event: BusEvent) => void>();
	const eventsChannel = `${keyPrefix}:events`;
	const updatesKey = (room: string) => `${keyPrefix}:room:${room}:updates`;
	const awarenessChannel = (room: string) => `${keyPrefix}:room:${room}:awareness`;

	subscriber.on('messageBuffer', (channel: unknown, message: unknown) => {
		if (!Buffer.isBuffer(channel) || !Buffer.isBuffer(message)) return;
		if (channel.toString('utf8') === eventsChannel) return receiveEvent(message);
		const entry = channels.get(channel.toString('utf8'));
		if (!entry) return;
		if (message.length <= ID_LENGTH) {
			log.warn({ channel: channel.toString('utf8'), bytes: message.length }, 'skipped a malformed awareness message');
			return;
		}
		if (message.subarray(0, ID_LENGTH).equals(instanceBytes)) return;
		for (const handlers of entry.handlers) {
			try {
				handlers.awareness(ownBytes(message.subarray(ID_LENGTH)));
			} catch (error) {
				log.error({ channel: channel.toString('utf8'), error }, 'an awareness handler failed');
			}
		}
	});

	try {
		await subscriber.subscribe(eventsChannel);
	} catch (error) {
		for (const c of connections) c.disconnect();
		throw new Error(`Redis is not reachable at ${redact(url)}: ${(error as Error).message}`);
	}

	/** An event from another process: `<instance id><JSON>`, validated before anyone acts on it. */
	function receiveEvent(message: Buffer): void {
		if (message.length <= ID_LENGTH || message.subarray(0, ID_LENGTH).equals(instanceBytes)) return;
		let parsed;
		try {
			parsed = BusEvent.safeParse(JSON.parse(message.subarray(ID_LENGTH).toString('utf8')));
		} catch {
			parsed = null;
		}
		if (!parsed?.success) {
			log.warn({ channel: eventsChannel, bytes: message.length }, 'skipped a malformed board event');
			return;
		}
		for (const handler of eventHandlers) {
			try {
				handler(parsed.data);
			} catch (error) {
				log.error({ error }, 'a board event handler failed');
			}
		}
	}

	function track(work: Promise<unknown>, room: string, what: string): void {
		const settled = work.catch((error) => logPublishError(error, room, what)).finally(() => pending.delete(settled));
		pending.add(settled);
	}

	/** Keeps a stream in use from expiring, without an extra command per update. */
	function touch(room: string, key: string): void {
		const now = Date.now();
		if (now - (ttlSetAt.get(room) ?? 0) < Math.min(60_000, streamTtlMs / 4)) return;
		ttlSetAt.set(room, now);
		track(command.pexpire(key, streamTtlMs), room, 'stream expiry');
	}

	return {
		async subscribe(room, handlers): Promise<RoomSubscription> {
			if (closed) throw new Error('the Redis bus is closed');
			let entry = rooms.get(room);
			if (!entry) {
				const channel = awarenessChannel(room);
				entry = { channel, handlers: new Set(), subscribed: subscriber.subscribe(channel) };
				rooms.set(room, entry);
				channels.set(channel, entry);
			}
			const owner = entry;
			const awareness = { awareness: (update: Uint8Array) => handlers.awareness(update) };
			owner.handlers.add(awareness);
			let unfollow: (() => void) | null = null;
			const release = (): Promise<void> => {
				unfollow?.();
				owner.handlers.delete(awareness);
				if (owner.handlers.size > 0 || rooms.get(room) !== owner) return Promise.resolve();
				rooms.delete(room);
				channels.delete(owner.channel);
				ttlSetAt.delete(room);
				if (closed) return Promise.resolve();
				return subscriber.unsubscribe(owner.channel).then(
					() => {},
					(error) => log.warn({ room, error }, 'could not unsubscribe from room awareness')
				);
			};
			try {
				await owner.subscribed;
				unfollow = await streams.follow(room, updatesKey(room), (update) => handlers.update(update));
			} catch (error) {
				await release();
				throw error;
			}
			let released: Promise<void> | null = null;
			return { close: () => (released ??= release()) };
		},

		publishUpdate(room, update) {
			if (closed) return;
			try {
				const key = updatesKey(room);
				const data = Buffer.from(update);
				track(
					command.callBuffer('XADD', key, 'MAXLEN', '~', streamMaxLen, '*', FIELD_FROM, instanceId, FIELD_UPDATE, data),
					room,
					'update'
				);
				touch(room, key);
			} catch (error) {
				logPublishError(error, room, 'update');
			}
		},

		publishAwareness(room, update) {
			if (closed) return;
			try {
				track(command.publish(awarenessChannel(room), Buffer.concat([instanceBytes, update])), room, 'awareness');
			} catch (error) {
				logPublishError(error, room, 'awareness');
			}
		},

		publishEvent(event) {
			if (closed) return;
			try {
				track(
					command.publish(eventsChannel, Buffer.concat([instanceBytes, Buffer.from(JSON.stringify(BusEvent.parse(event)), 'utf8')])),
					event.boardId,
					'event'
				);
			} catch (error) {
				logPublishError(error, event.boardId, 'event');
			}
		},

		onEvent(handler) {
			eventHandlers.add(handler);
			return () => eventHandlers.delete(handler);
		},

		async forgetBoard(boardId) {
			// Board ids are [a-z0-9] and the prefix has no glob characters, so the pattern matches only this board's rooms.
			const keys: string[] = [];
			for await (const batch of command.scanStream({ match: `${keyPrefix}:room:${boardId}/*`, count: 500 }))
				keys.push(...(batch as string[]));
			for (let i = 0; i < keys.length; i += 500) await command.del(...keys.slice(i, i + 500));
			return keys.length;
		},

		close() {
			closing ??= (async () => {
				closed = true;
				await streams.close();
				// What was published before close() still goes out, if Redis lets it within a moment.
				await within(Promise.allSettled([...pending]), CLOSE_WAIT_MS);
				await Promise.all(
					[command, subscriber].map((c) =>
						within(
							c.quit().catch(() => {}),
							CLOSE_WAIT_MS
						)
					)
				);
				for (const c of connections) c.disconnect();
			})();
			return closing;
		}
	};
}

/**
 * Calls `fn` at most once per `ms`, telling it how many calls were dropped since the last one: an outage
 * fails every queued command, and one line per failure would drown the log.
 */
function throttled<A extends unknown[]>(fn: (suppressed: number, ...args: A) => void, ms: number): (...args: A) => void {
	let last = 0;
	let suppressed = 0;
	return (...args) => {
		const now = Date.now();
		if (now - last < ms) {
			suppressed++;
			return;
		}
		last = now;
		fn(suppressed, ...args);
		suppressed = 0;
	};
}

/** Waits for `work`, but not longer than `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
	clearTimeout(timer);
}

/** The URL without its password, for messages. */
function redact(raw: string): string {
	try {
		const u = new URL(raw);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return '<unparseable Redis URL>';
	}
}
