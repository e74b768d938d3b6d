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

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Ours: "your updates up to this state vector are on disk". Sent only to clients that ask (acks=1). */
export const MESSAGE_SAVED = 100;

export type Incoming =
	| { type: 'sync-step1'; stateVector: Uint8Array }
	| { type: 'sync-step2'; update: Uint8Array }
	| { type: 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'query-awareness' }
	| { type: 'auth' };

export class ProtocolError extends Error {}

/** Decodes one frame; throws ProtocolError for anything malformed. */
export function decodeMessage(data: Uint8Array): Incoming {
	try {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		let message: Incoming;
		switch (type) {
			case MESSAGE_SYNC: {
				const syncType = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				if (syncType === syncProtocol.messageYjsSyncStep1) message = { type: 'sync-step1', stateVector: payload };
				else if (syncType === syncProtocol.messageYjsSyncStep2) message = { type: 'sync-step2', update: payload };
				else if (syncType === syncProtocol.messageYjsUpdate) message = { type: 'update', update: payload };
				else throw new ProtocolError(`unknown sync message type ${syncType}`);
				break;
			}
			case MESSAGE_AWARENESS:
				message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
				break;
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

export function encodeSaved(stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SAVED);
	encoding.writeVarUint8Array(encoder, stateVector);
	return encoding.toUint8Array(encoder);
}
