/**
 * One WebSocket on one room: authenticate, enforce the role's rights on this document, apply limits,
 * and speak the y-websocket protocol. Anything bad closes this connection only, with a logged reason.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { WebSocket, RawData } from 'ws';
import { applyAwarenessUpdate, encodeAwarenessUpdate, modifyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { WRITABLE } from '../../src/lib/doc/members.js';
import type { Logger } from '../log.js';
import type { Connection, Grant } from './connection-types.js';
import type { Room } from './room.js';
import type { RoomRegistry } from './rooms.js';
import { CLOSE } from './close-codes.js';
import { createBucket, take } from './rate-limit.js';
import {
	ProtocolError,
	checkUpdate,
	decodeMessage,
	encodeAwareness,
	encodePermissionDenied,
	encodeSaved,
	encodeSyncStep1,
	encodeSyncStep2,
	isEmptyUpdate
} from './protocol.js';

export interface Limits {
	/** Largest frame accepted, in bytes (ws closes bigger ones with 1009 before buffering them). */
	maxFrameBytes: number;
	/** Messages per second a connection may sustain, and the burst above that. */
	messagesPerSecond: number;
	burst: number;
	/** Refused writes tolerated before a read-only connection is closed. */
	deniedWritesBeforeClose: number;
}

export const DEFAULT_LIMITS: Limits = { maxFrameBytes: 8 * 1024 * 1024, messagesPerSecond: 100, burst: 400, deniedWritesBeforeClose: 20 };

export interface ConnectionTarget {
	boardId: string;
	docName: string;
	grant: Grant;
	wantsAcks: boolean;
}

let nextId = 1;

/**
 * The room a connection joins. `drafts` is private writing: each person's own room, so nobody else's
 * notes ever reach them (the facilitator's reveal merges them into `content`).
 */
export function roomName(target: Pick<ConnectionTarget, 'boardId' | 'docName' | 'grant'>): string {
	return target.docName === 'drafts' ? draftsRoom(target.boardId, target.grant.participantId) : `${target.boardId}/${target.docName}`;
}

export function draftsRoom(boardId: string, participantId: string): string {
	return `${boardId}/drafts/${participantId}`;
}

/**
 * Serves an accepted socket once it is authenticated. Messages that arrive while the room loads are
 * queued and handled in order.
 */
export function serveConnection(
	ws: WebSocket,
	target: ConnectionTarget,
	deps: { rooms: RoomRegistry; log: Logger; limits: Limits },
	early: Uint8Array[]
): void {
	const { log, limits } = deps;
	const canWrite = WRITABLE[target.grant.role].has(target.docName);
	const awarenessClients = new Set<number>();
	const bucket = createBucket(limits.burst);
	let denied = 0;
	let room: Room | null = null;
	let closed = false;
	const queue: Uint8Array[] = [...early];

	const connection: Connection = {
		id: nextId++,
		grant: target.grant,
		wantsAcks: target.wantsAcks,
		send(data) {
			if (ws.readyState !== ws.OPEN) return;
			ws.send(data, (error) => error && connection.close(1011, 'send failed'));
		},
		close(code, reason) {
			if (closed) return;
			closed = true;
			ws.close(code, reason);
		}
	};

	const refuse = (close: { code: number; reason: string }, detail: string) => {
		log.warn({ board: target.boardId, doc: target.docName, participant: target.grant.participantId, code: close.code, detail }, 'closing connection');
		connection.close(close.code, close.reason);
	};

	/**
	 * Tells the client what is on disk: the doc's state vector as it is now, sent once every write queued
	 * so far (which holds everything in the doc) has finished. (Y.encodeStateVectorFromUpdate would not do:
	 * it only reports clients whose structs in the update start at clock 0.)
	 */
	// One acknowledgement in flight per connection: a burst of updates is answered once, when the writes
	// queued by then are done (copying room.pending per update made bursts quadratic; see docs/performance.md).
	let ackWaiting = false;
	let ackAgain = false;
	const acknowledge = (current: Room) => {
		if (ackWaiting) {
			ackAgain = true;
			return;
		}
		ackWaiting = true;
		const stateVector = Y.encodeStateVector(current.doc);
		void Promise.allSettled([...current.pending]).then(() => {
			ackWaiting = false;
			if (!closed && !current.dirty) connection.send(encodeSaved(stateVector));
			if (ackAgain) {
				ackAgain = false;
				acknowledge(current);
			}
		});
	};

	const handle = (data: Uint8Array) => {
		if (closed || !room) return;
		if (!take(bucket, limits.burst, limits.messagesPerSecond)) return refuse(CLOSE.tooMany, 'rate limit');
		let message;
		try {
			message = decodeMessage(data);
		} catch (error) {
			return refuse(CLOSE.malformed, (error as Error).message);
		}
		switch (message.type) {
			case 'sync-step1':
				connection.send(encodeSyncStep2(room.doc, message.stateVector));
				return;
			case 'sync-step2':
			case 'update': {
				if (isEmptyUpdate(message.update)) return;
				if (!canWrite) {
					denied++;
					if (denied === 1) connection.send(encodePermissionDenied(`Your role (${target.grant.role}) cannot change the ${target.docName} document; your change was not kept.`));
					if (denied > limits.deniedWritesBeforeClose) refuse(CLOSE.forbidden, 'repeated writes to a read-only document');
					return;
				}
				try {
					checkUpdate(message.update);
					Y.applyUpdate(room.doc, message.update, connection);
				} catch (error) {
					return refuse(CLOSE.malformed, (error as Error).message);
				}
				if (target.wantsAcks) acknowledge(room);
				return;
			}
			case 'awareness': {
				try {
					// People cannot speak as someone else: the identity in presence is the session's.
					const pinned = modifyAwarenessUpdate(message.update, (state: unknown) => pinIdentity(state, target.grant));
					const clients = readClientIds(pinned);
					// A connection speaks only for the awareness clients it introduced.
					const states = room.awareness.getStates();
					if (clients.some((id) => states.has(id) && !awarenessClients.has(id))) return;
					for (const id of clients) awarenessClients.add(id);
					applyAwarenessUpdate(room.awareness, pinned, connection);
				} catch (error) {
					return refuse(CLOSE.malformed, `awareness: ${(error as Error).message}`);
				}
				return;
			}
			case 'query-awareness':
				connection.send(encodeAwareness(encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()])));
				return;
			case 'auth':
				return;
		}
	};

	ws.on('message', (raw: RawData) => {
		const data = toBytes(raw);
		if (room) handle(data);
		else queue.push(data);
	});
	ws.on('close', () => {
		closed = true;
		if (room) {
			removeAwarenessStates(room.awareness, [...awarenessClients].filter((id) => room!.awareness.getStates().has(id)), connection);
			deps.rooms.leave(room, connection);
		}
	});

	deps.rooms
		.join(roomName(target), connection)
		.then((joined) => {
			room = joined;
			if (closed) {
				deps.rooms.leave(joined, connection);
				return;
			}
			connection.send(encodeSyncStep1(joined.doc));
			const states = joined.awareness.getStates();
			if (states.size > 0) connection.send(encodeAwareness(encodeAwarenessUpdate(joined.awareness, [...states.keys()])));
			for (const data of queue.splice(0)) handle(data);
		})
		.catch((error) => {
			log.error({ board: target.boardId, doc: target.docName, error }, 'could not load room');
			connection.close(1011, 'could not load the board; try again');
		});
}

export function toBytes(raw: RawData): Uint8Array {
	if (Array.isArray(raw)) return new Uint8Array(Buffer.concat(raw));
	if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
	return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

function pinIdentity(state: unknown, grant: Grant): unknown {
	if (state === null || typeof state !== 'object') return state;
	const record = state as Record<string, unknown>;
	const user = record.user && typeof record.user === 'object' ? (record.user as Record<string, unknown>) : {};
	return {
		...record,
		user: { ...user, id: grant.participantId, name: grant.name, agency: grant.agency, role: grant.role }
	};
}

function readClientIds(update: Uint8Array): number[] {
	const decoder = decoding.createDecoder(update);
	const n = decoding.readVarUint(decoder);
	const ids: number[] = [];
	for (let i = 0; i < n; i++) {
		ids.push(decoding.readVarUint(decoder));
		decoding.readVarUint(decoder);
		decoding.readVarString(decoder);
	}
	return ids;
}
