/**
 * Pure helpers over Redis stream ids and XREAD replies. Everything read from Redis is untrusted: a reply
 * that does not have the shape we wrote is reported, never trusted.
 */

/** Field names of one update entry: which instance published it, and the Yjs update bytes. */
export const FIELD_FROM = 'from';
export const FIELD_UPDATE = 'update';

const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;

/** True for a well-formed stream id (`<ms>-<seq>`). */
export function isStreamId(id: string): boolean {
	return STREAM_ID.test(id);
}

/**
 * Orders two stream ids: negative, zero or positive like a comparator. Both parts can exceed 2^53, so they
 * are compared as BigInts.
 *
 * @example compareIds('1700000000000-1', '1700000000000-0') > 0
 */
export function compareIds(a: string, b: string): number {
	const [am, as] = splitId(a);
	const [bm, bs] = splitId(b);
	if (am !== bm) return am < bm ? -1 : 1;
	if (as !== bs) return as < bs ? -1 : 1;
	return 0;
}

function splitId(id: string): [bigint, bigint] {
	const match = STREAM_ID.exec(id);
	if (!match) throw new Error(`not a stream id: ${id}`);
	return [BigInt(match[1]), BigInt(match[2])];
}

/**
 * The position to read from so that entries added in the `replayMs` before `tail` are delivered again.
 * Stream ids start with the Redis server's clock in ms, so this is a time, not a count.
 *
 * @example replayStart('1700000010000-3', 10_000) === '1700000000000-0'
 */
export function replayStart(tail: string, replayMs: number): string {
	if (replayMs <= 0) return tail;
	const ms = splitId(tail)[0] - BigInt(replayMs);
	return ms > 0n ? `${ms}-0` : '0-0';
}

/** One stream entry as read: `id` is always valid; `problem` says why the fields are unusable. */
export type StreamEntry = { id: string; from: string; update: Buffer; problem?: undefined } | { id: string; problem: string };

/** One stream's part of an XREAD reply. */
export interface StreamBatch {
	key: string;
	entries: StreamEntry[];
}

/**
 * Checks and unpacks an XREAD reply read with Buffers (`[[key, [[id, [field, value, …]], …]], …]`, or null
 * when the read timed out). Throws if the shape is wrong or an id is unreadable: we could not even skip past
 * such an entry, so nothing in the reply is used. Entries with bad fields are returned with a `problem`.
 */
export function parseReadReply(reply: unknown): StreamBatch[] {
	if (reply === null) return [];
	if (!Array.isArray(reply)) throw new Error('XREAD reply is not an array');
	return reply.map((stream): StreamBatch => {
		if (!Array.isArray(stream) || stream.length !== 2 || !Buffer.isBuffer(stream[0]) || !Array.isArray(stream[1])) {
			throw new Error('XREAD reply holds a stream that is not [key, entries]');
		}
		const entries = (stream[1] as unknown[]).map((raw) => {
			const entry = parseEntry(raw);
			if (!entry) throw new Error('XREAD reply holds an entry without a readable id');
			return entry;
		});
		return { key: stream[0].toString('utf8'), entries };
	});
}

function parseEntry(raw: unknown): StreamEntry | null {
	if (!Array.isArray(raw) || raw.length !== 2 || !Buffer.isBuffer(raw[0])) return null;
	const id = raw[0].toString('latin1');
	if (!isStreamId(id)) return null;
	const fields = raw[1];
	if (!Array.isArray(fields) || fields.length % 2 !== 0) return { id, problem: 'fields are not name/value pairs' };
	let from: string | null = null;
	let update: Buffer | null = null;
	for (let i = 0; i < fields.length; i += 2) {
		const name = fields[i];
		const value = fields[i + 1];
		if (!Buffer.isBuffer(name) || !Buffer.isBuffer(value)) return { id, problem: 'a field is not binary' };
		const field = name.toString('latin1');
		if (field === FIELD_FROM) from = value.toString('latin1');
		else if (field === FIELD_UPDATE) update = value;
	}
	if (from === null || from.length === 0) return { id, problem: `no "${FIELD_FROM}" field` };
	if (update === null || update.length === 0) return { id, problem: `no "${FIELD_UPDATE}" field` };
	return { id, from, update };
}

/** Reads one field out of a flat `[name, value, …]` reply (XINFO STREAM), or undefined. */
export function flatField(reply: unknown, name: string): unknown {
	if (!Array.isArray(reply)) return undefined;
	for (let i = 0; i + 1 < reply.length; i += 2) {
		const key = reply[i];
		if ((typeof key === 'string' ? key : Buffer.isBuffer(key) ? key.toString('latin1') : null) === name) return reply[i + 1];
	}
	return undefined;
}

/** Copies bytes out of a Buffer that may share a larger pooled allocation, so the caller owns them. */
export function ownBytes(buffer: Buffer): Uint8Array {
	return new Uint8Array(buffer);
}
