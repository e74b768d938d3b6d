/**
 * Reads every followed room's update stream with one blocking XREAD loop on a dedicated connection (a blocked
 * connection can do nothing else). When the set of rooms changes, the blocked read is interrupted with
 * CLIENT UNBLOCK and re-issued; a short BLOCK bounds the wait if that races.
 *
 * No silent gaps. Per room we keep `cursor` (the last id read) and `anchor` (the newest id we know was in
 * the stream; everything we are owed is newer). Redis trims a stream only from its oldest end and keeps at
 * least MAXLEN entries, so:
 * - a batch smaller than `count` (≤ MAXLEN) proves nothing newer than the cursor was trimmed;
 * - if the anchor entry still exists, nothing newer than it was trimmed either.
 * A full batch, or a reconnect (Redis may have restarted without its data), is checked against the anchor,
 * and a possible gap is logged with the room's name.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import {
	compareIds,
	flatField,
	isStreamId,
	ownBytes,
	parseReadReply,
	replayStart,
	type StreamBatch,
	type StreamEntry
} from './stream-entries.js';

export interface StreamReaderOptions {
	/** Dedicated to this reader: it spends its life blocked in XREAD. */
	reader: Redis;
	/** Shared connection for short commands (the tail at subscribe, gap checks, CLIENT UNBLOCK). */
	command: Redis;
	/** Entries this instance published carry this id and are skipped. */
	instanceId: string;
	log: Logger;
	blockMs: number;
	/** Largest batch per stream and read; must not exceed the streams' MAXLEN (see the gap proof above). */
	count: number;
	/** Re-deliver entries added this long before the tail at subscribe (covers a room's load → subscribe window). */
	replayMs: number;
}

export interface StreamReader {
	/** Starts delivering entries of `key` that are newer than its tail now (less `replayMs`); returns the stop function. */
	follow(room: string, key: string, deliver: (update: Uint8Array) => void): Promise<() => void>;
	/** Stops the loop and disconnects the reader connection. */
	close(): Promise<void>;
}

interface Follower {
	/** Entries up to this id were delivered or are not owed. */
	after: string;
	deliver(update: Uint8Array): void;
}

interface Followed {
	room: string;
	key: string;
	cursor: string;
	anchor: string | null;
	followers: Set<Follower>;
}

const GAP_MESSAGE =
	"Room updates from other servers may have been missed (the Redis stream was trimmed or lost past this server's position); " +
	'PostgreSQL still has them, and the room is complete again once it is reloaded from there';

/**
 * Creates the reader and starts its loop (idle until a room is followed).
 *
 * @example const stop = await reader.follow('b1/content', 'convene:room:b1/content:updates', (u) => Y.applyUpdate(doc, u));
 */
export function createStreamReader(options: StreamReaderOptions): StreamReader {
	const { reader, command, instanceId, log, blockMs, count, replayMs } = options;
	const followed = new Map<string, Followed>();
	let closed = false;
	let recheck = false;
	let clientId: string | null = null;
	let blocking = false;
	let generation = 0;
	let wake: (() => void) | null = null;

	// A new connection has a new client id, and Redis may have lost data while we were away.
	reader.on('close', () => {
		clientId = null;
		recheck = true;
	});
	// Back from an outage: read again now rather than at the end of the back-off.
	reader.on('ready', () => wake?.());

	/**
	 * Settles with `work`, or rejects when the connection drops first: ioredis never settles a command that
	 * was in flight on a dropped connection unless it resends it, and a resent XREAD would hold the new
	 * connection for up to `blockMs` with an outdated set of rooms.
	 */
	function whileConnected<T>(work: Promise<T>): Promise<T> {
		return new Promise((resolve, reject) => {
			const lost = () => reject(new Error('the Redis connection was lost'));
			reader.once('close', lost);
			work.then(resolve, reject).finally(() => reader.off('close', lost));
		});
	}

	function nap(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = Number.isFinite(ms) ? setTimeout(done, ms) : null;
			function done(): void {
				if (timer) clearTimeout(timer);
				if (wake === done) wake = null;
				resolve();
			}
			wake = done;
		});
	}

	function unblock(readGeneration: number): void {
		if (closed || !blocking || generation !== readGeneration || clientId === null) return;
		command.call('CLIENT', 'UNBLOCK', clientId).catch(() => {});
	}

	/** Makes the loop re-issue its read with the current set of rooms. */
	function poke(): void {
		wake?.();
		const readGeneration = generation;
		unblock(readGeneration);
		// The UNBLOCK travels on another connection and can overtake the XREAD it means to interrupt.
		setTimeout(() => unblock(readGeneration), 50).unref();
	}

	async function tailOf(key: string): Promise<string | null> {
		const reply = await command.callBuffer('XREVRANGE', key, '+', '-', 'COUNT', '1');
		if (!Array.isArray(reply) || reply.length === 0) return null;
		const id = Array.isArray(reply[0]) && Buffer.isBuffer(reply[0][0]) ? reply[0][0].toString('latin1') : '';
		if (!isStreamId(id)) throw new Error(`unexpected XREVRANGE reply for ${key}`);
		return id;
	}

	/** True unless entries we are owed may have been trimmed or lost. */
	async function intact(state: Followed): Promise<boolean> {
		if (state.anchor) {
			const reply = await command.callBuffer('XRANGE', state.key, state.anchor, state.anchor, 'COUNT', '1');
			return Array.isArray(reply) && reply.length > 0;
		}
		// The stream was empty when we subscribed, so every entry is owed: none may have been deleted.
		try {
			const deleted = flatField(await command.call('XINFO', 'STREAM', state.key), 'max-deleted-entry-id');
			return String(deleted) === '0-0';
		} catch (error) {
			if (/no such key/i.test((error as Error).message)) return true;
			throw error;
		}
	}

	async function checkGap(state: Followed, why: string): Promise<void> {
		if (!(await intact(state))) log.warn({ room: state.room, since: state.anchor ?? state.cursor, why }, GAP_MESSAGE);
	}

	function deliver(state: Followed, entries: StreamEntry[]): void {
		for (const entry of entries) {
			// Redis returns ids above the cursor in order; anything else is not trusted.
			if (compareIds(entry.id, state.cursor) <= 0) continue;
			state.cursor = entry.id;
			if (state.anchor === null || compareIds(entry.id, state.anchor) > 0) state.anchor = entry.id;
			if (entry.problem !== undefined)
				log.warn({ room: state.room, id: entry.id, problem: entry.problem }, 'skipped a malformed entry in a room update stream');
			for (const follower of state.followers) {
				if (compareIds(entry.id, follower.after) <= 0) continue;
				follower.after = entry.id;
				if (entry.problem !== undefined || entry.from === instanceId) continue;
				try {
					follower.deliver(ownBytes(entry.update));
				} catch (error) {
					log.error({ room: state.room, error }, 'a room update handler failed');
				}
			}
		}
	}

	async function handle(batches: StreamBatch[], read: Map<string, { state: Followed; cursor: string }>): Promise<void> {
		for (const batch of batches) {
			const at = read.get(batch.key);
			if (!at) {
				log.warn({ key: batch.key }, 'XREAD returned a stream that was not asked for');
				continue;
			}
			// Dropped, replaced or rewound while we read: it is read again from its new cursor.
			const current = () => followed.get(at.state.room) === at.state && at.state.cursor === at.cursor;
			if (!current() || batch.entries.length === 0) continue;
			if (batch.entries.length >= count) await checkGap(at.state, 'this server fell behind');
			if (current()) deliver(at.state, batch.entries);
		}
	}

	async function readOnce(): Promise<void> {
		if (recheck) {
			recheck = false;
			for (const state of followed.values()) await checkGap(state, 'reconnected to Redis');
		}
		if (clientId === null) clientId = String(await whileConnected(reader.call('CLIENT', 'ID')));
		const read = new Map([...followed.values()].map((state) => [state.key, { state, cursor: state.cursor }]));
		const keys = [...read.keys()];
		const cursors = [...read.values()].map((r) => r.cursor);
		generation++;
		blocking = true;
		let reply: unknown;
		try {
			reply = await whileConnected(reader.callBuffer('XREAD', 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', ...keys, ...cursors));
		} finally {
			blocking = false;
		}
		await handle(parseReadReply(reply), read);
	}

	async function run(): Promise<void> {
		let failures = 0;
		while (!closed) {
			if (followed.size === 0) {
				await nap(Infinity);
				continue;
			}
			try {
				await readOnce();
				failures = 0;
			} catch (error) {
				if (closed) break;
				recheck = true;
				failures++;
				log.warn({ error, attempt: failures }, 'reading room updates from Redis failed; retrying from the last position read');
				await nap(Math.min(100 * 2 ** failures, 5000));
			}
		}
	}

	const running = run();

	return {
		async follow(room, key, deliverUpdate) {
			if (closed) throw new Error('the Redis bus is closed');
			const tail = await tailOf(key);
			const follower: Follower = { after: tail ? replayStart(tail, replayMs) : '0-0', deliver: deliverUpdate };
			let state = followed.get(room);
			if (!state) {
				state = { room, key, cursor: follower.after, anchor: tail, followers: new Set() };
				followed.set(room, state);
			} else if (compareIds(follower.after, state.cursor) < 0) {
				// Read the replay window again for the newcomer; the others skip what they already had.
				state.cursor = follower.after;
			}
			state.followers.add(follower);
			poke();
			const owner = state;
			return () => {
				owner.followers.delete(follower);
				if (owner.followers.size === 0 && followed.get(room) === owner) followed.delete(room);
			};
		},
		async close() {
			closed = true;
			wake?.();
			reader.disconnect();
			await running;
		}
	};
}
