/**
 * The y-websocket wire protocol as small pure functions (after y-protocols): decode one incoming
 * frame into a typed message, encode the frames we send. Decoding is strict: trailing bytes, unknown
 * types and truncated frames are errors, so a hostile frame is refused before it touches a document.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';
import { decodeUtf8 } from 'lib0/string';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Ours: "your updates up to this state vector are on disk". Sent only to clients that ask (acks=1). */
export const MESSAGE_SAVED = 100;

/** The type bytes before the payload of an update message and of an awareness message (for `framedMessage`). */
export const UPDATE_PREFIX: readonly number[] = [MESSAGE_SYNC, syncProtocol.messageYjsUpdate];
export const AWARENESS_PREFIX: readonly number[] = [MESSAGE_AWARENESS];

/** One client's entry in an awareness update: its state is parsed JSON, or null when it left. */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: unknown;
}

/**
 * One client's entry as it came: the state's JSON still unread (a view into the frame). Most entries a server
 * receives are echoes of other people's presence (see `decodeAwarenessEntries`), skipped without being parsed.
 */
export interface RawAwarenessEntry {
	clientId: number;
	clock: number;
	json: Uint8Array;
}

export type Incoming =
	| { type: 'sync-step1'; stateVector: Uint8Array }
	| { type: 'sync-step2'; update: Uint8Array }
	| { type: 'update'; update: Uint8Array }
	| { type: 'awareness'; entries: RawAwarenessEntry[] }
	| { type: 'query-awareness' }
	| { type: 'auth' };

/**
 * More awareness clients than this in one message is not a browser tab speaking. A tab names more than itself:
 * the stock y-websocket provider sends back every presence change it applies, other people's included, so a
 * newcomer answers the server's greeting with everyone in the room, and this bounds the room, not the tab.
 */
export const MAX_AWARENESS_ENTRIES = 2048;

export class ProtocolError extends Error {}

/**
 * Decodes one frame completely; throws ProtocolError for anything malformed. This is the only place peer
 * bytes are read: a state vector is decoded here (a malformed one used to reach `encodeStateAsUpdate`
 * unguarded and end the process), awareness entries are split here (their states are parsed
 * by `parseAwarenessState` once the connection knows which are its own), and nothing is trusted past it.
 */
export function decodeMessage(data: Uint8Array): Incoming {
	try {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		let message: Incoming;
		switch (type) {
			case MESSAGE_SYNC: {
				const syncType = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				if (syncType === syncProtocol.messageYjsSyncStep1) message = { type: 'sync-step1', stateVector: checkStateVector(payload) };
				else if (syncType === syncProtocol.messageYjsSyncStep2) message = { type: 'sync-step2', update: payload };
				else if (syncType === syncProtocol.messageYjsUpdate) message = { type: 'update', update: payload };
				else throw new ProtocolError(`unknown sync message type ${syncType}`);
				break;
			}
			case MESSAGE_AWARENESS: {
				const update = decoding.readVarUint8Array(decoder);
				message = { type: 'awareness', entries: decodeAwarenessEntries(update) };
				break;
			}
			case MESSAGE_QUERY_AWARENESS:
				message = { type: 'query-awareness' };
				break;
			case MESSAGE_AUTH:
				decoding.readVarUint(decoder);
				decoding.readVarString(decoder);
				message = { type: 'auth' };
				break;
			default:
				throw new ProtocolError(`unknown message type ${type}`);
		}
		if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after the message');
		return message;
	} catch (error) {
		if (error instanceof ProtocolError) throw error;
		throw new ProtocolError(`malformed frame: ${(error as Error).message}`);
	}
}

/** A state vector: a count, then that many (client, clock) pairs, and nothing after them. */
function checkStateVector(payload: Uint8Array): Uint8Array {
	const decoder = decoding.createDecoder(payload);
	const count = decoding.readVarUint(decoder);
	// Each pair takes at least two bytes: a count larger than that is a lie (and would loop for long).
	if (count > payload.length) throw new ProtocolError('state vector: more entries than bytes');
	for (let i = 0; i < count; i++) {
		readSafeUint(decoder, 'state vector client');
		readSafeUint(decoder, 'state vector clock');
	}
	if (decoding.hasContent(decoder)) throw new ProtocolError('state vector: trailing bytes');
	return payload;
}

/** Reads a varuint and refuses one beyond 2^53 (lib0 would return an imprecise number or throw). */
function readSafeUint(decoder: decoding.Decoder, what: string): number {
	const n = decoding.readVarUint(decoder);
	if (!Number.isSafeInteger(n)) throw new ProtocolError(`${what} out of range`);
	return n;
}

/**
 * The entries of an awareness update (y-protocols' format), each state's JSON left unread: parse the ones that
 * count with `parseAwarenessState`.
 */
export function decodeAwarenessEntries(update: Uint8Array): RawAwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	if (count > MAX_AWARENESS_ENTRIES)
		throw new ProtocolError(`awareness: ${count} clients in one message (at most ${MAX_AWARENESS_ENTRIES})`);
	const entries: RawAwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = readSafeUint(decoder, 'awareness client id');
		const clock = readSafeUint(decoder, 'awareness clock');
		entries.push({ clientId, clock, json: decoding.readVarUint8Array(decoder) });
	}
	if (decoding.hasContent(decoder)) throw new ProtocolError('awareness: trailing bytes');
	return entries;
}

/** The JSON bytes of a departed client's state. */
const NULL_JSON = [0x6e, 0x75, 0x6c, 0x6c];

/** Whether an entry says its client left (its state is `null`), without parsing it. */
export function isDeparture(entry: RawAwarenessEntry): boolean {
	const { json } = entry;
	return json.length === 4 && json[0] === NULL_JSON[0] && json[1] === NULL_JSON[1] && json[2] === NULL_JSON[2] && json[3] === NULL_JSON[3];
}

/** An entry's state, parsed: JSON in UTF-8, or ProtocolError. */
export function parseAwarenessState(entry: RawAwarenessEntry): unknown {
	try {
		return JSON.parse(decodeUtf8(entry.json));
	} catch {
		throw new ProtocolError('awareness: a state is not JSON');
	}
}

/** Encodes awareness entries in y-protocols' format (what `applyAwarenessUpdate` reads). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, JSON.stringify(entry.state));
	}
	return encoding.toUint8Array(encoder);
}

/**
 * Checks that an update decodes completely, before it is applied. Yjs applies what it can decode and
 * throws midway on garbage, which could leave a document half-changed; decoding first avoids that.
 */
export function checkUpdate(update: Uint8Array): void {
	try {
		Y.decodeUpdate(update);
	} catch (error) {
		throw new ProtocolError(`update Yjs cannot read: ${(error as Error).message}`);
	}
}

/** An update that carries nothing (what a client with nothing new sends as sync step 2). */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length <= 2 && update.every((b) => b === 0);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodePermissionDenied(reason: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AUTH);
	authProtocol.writePermissionDenied(encoder, reason);
	return encoding.toUint8Array(encoder);
}

/**
 * "Saved": the state vector of what is on disk, then how many of this connection's update messages that
 * covers (a burst is acknowledged once; a reader that only takes the state vector still reads it right).
 */
export function encodeSaved(stateVector: Uint8Array, covered: number): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SAVED);
	encoding.writeVarUint8Array(encoder, stateVector);
	encoding.writeVarUint(encoder, covered);
	return encoding.toUint8Array(encoder);
}
