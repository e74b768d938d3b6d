/**
 * One WebSocket on one room: authenticate, enforce the role's rights on this document, apply limits,
 * and speak the y-websocket protocol. Anything bad closes this connection only, with a logged reason.
 */
import * as Y from 'yjs';
import type { WebSocket, RawData } from 'ws';
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { trimPresence } from '../../src/lib/doc/presence.js';
import { presenceColor } from '../../src/lib/shared/colors.js';
import { WRITABLE } from '../../src/lib/doc/members.js';
import type { Logger } from '../log.js';
import type { Connection, Grant } from './connection-types.js';
import { afterWrites, syncStep2For, type Room } from './room.js';
import type { RoomRegistry } from './rooms.js';
import { CLOSE } from './close-codes.js';
import { binaryFrame } from './frame.js';
import { createBucket, take, waitFor } from './rate-limit.js';
import {
	type AwarenessEntry,
	type RawAwarenessEntry,
	checkUpdate,
	decodeMessage,
	encodeAwareness,
	encodeAwarenessEntries,
	encodePermissionDenied,
	encodeSaved,
	encodeSyncStep1,
	isDeparture,
	isEmptyUpdate,
	parseAwarenessState
} from './protocol.js';

export interface Limits {
	/** Largest frame accepted, in bytes (ws closes bigger ones with 1009 before buffering them). */
	maxFrameBytes: number;
	/** Messages per second a connection may sustain, and the burst above that. */
	messagesPerSecond: number;
	burst: number;
	/** Refused writes tolerated before a read-only connection is closed. */
	deniedWritesBeforeClose: number;
	/** Presence messages per second (and burst) a connection may send; more are not relayed. */
	awarenessPerSecond: number;
	awarenessBurst: number;
	/** Presence bytes per second (and burst) a connection may send; more are not relayed. */
	awarenessBytesPerSecond: number;
	awarenessBytesBurst: number;
	/** Largest presence message, in bytes: a bigger one is not a browser's and closes the connection. */
	maxAwarenessMessageBytes: number;
	/** Presence clients (browser tabs' awareness ids) one connection may speak for. */
	maxAwarenessClients: number;
	/** Frames and bytes kept while a connection is still being authenticated; more closes it. */
	maxEarlyFrames: number;
	maxEarlyBytes: number;
	/** A document people write stops taking changes at about this size (bytes of its Yjs updates). */
	maxDocBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
	maxFrameBytes: 8 * 1024 * 1024,
	messagesPerSecond: 100,
	burst: 400,
	deniedWritesBeforeClose: 20,
	awarenessPerSecond: 60,
	awarenessBurst: 120,
	awarenessBytesPerSecond: 64 * 1024,
	awarenessBytesBurst: 256 * 1024,
	maxAwarenessMessageBytes: 64 * 1024,
	maxAwarenessClients: 4,
	maxEarlyFrames: 64,
	maxEarlyBytes: 1024 * 1024,
	maxDocBytes: 32 * 1024 * 1024
};

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
 * queued and handled in order. Every frame goes through `handle`, one guarded path: whatever a peer
 * sends, a failure to decode or apply it closes this connection with 4400 and a logged reason, and
 * never reaches the process.
 */
export function serveConnection(
	ws: WebSocket,
	target: ConnectionTarget,
	deps: { rooms: RoomRegistry; log: Logger; limits: Limits; onClose?: (connection: Connection) => void },
	early: Uint8Array[]
): Connection {
	const { log, limits } = deps;
	const canWrite = WRITABLE[target.grant.role].has(target.docName);
	const identity = {
		id: target.grant.participantId,
		name: target.grant.name,
		agency: target.grant.agency,
		role: target.grant.role,
		color: presenceColor(target.grant.participantId)
	};
	const awarenessClients = new Set<number>();
	const bucket = createBucket(limits.burst);
	const presenceBucket = createBucket(limits.awarenessBurst);
	const presenceBytes = createBucket(limits.awarenessBytesBurst);
	let denied = 0;
	let presenceDropped = 0;
	let room: Room | null = null;
	let closed = false;
	const queue: Uint8Array[] = [...early];

	// One callback for every frame this connection sends (a broadcast sends one frame to each of hundreds).
	const sent = (error?: Error | null) => {
		if (error) connection.close(1011, 'send failed');
	};

	/**
	 * Writes `message`, already framed (`frame`), to the socket as ws would write it, but only while ws's sender is idle
	 * (state 0: not compressing or reading a blob, which queue later frames): otherwise, or if ws's inner parts are not
	 * what this reads, ws sends the message itself, in order.
	 */
	const sendFrame = (frame: Buffer, message: Uint8Array) => {
		if (ws.readyState !== ws.OPEN) return;
		const inner = ws as unknown as {
			_socket?: { write(data: Buffer): boolean };
			_sender?: { _state?: unknown };
		};
		// No callback per write: a socket that fails to write emits 'error', on which ws destroys it and the
		// connection closes as for any other lost socket (a callback would cost a tick per recipient).
		if (inner._socket && inner._sender?._state === 0) inner._socket.write(frame);
		else ws.send(message, sent);
	};

	const connection: Connection = {
		id: nextId++,
		grant: target.grant,
		wantsAcks: target.wantsAcks,
		send(data) {
			if (ws.readyState !== ws.OPEN) return;
			ws.send(data, sent);
		},
		sendFrame,
		close(code, reason) {
			if (closed) return;
			closed = true;
			ws.close(code, reason);
		}
	};

	const refuse = (close: { code: number; reason: string }, detail: string) => {
		log.warn(
			{ board: target.boardId, doc: target.docName, participant: target.grant.participantId, code: close.code, detail },
			'closing connection'
		);
		connection.close(close.code, close.reason);
	};

	/**
	 * Tells the client what is on disk: the doc's state vector as it is now, sent once every write queued
	 * so far (which holds everything in the doc) has finished. (Y.encodeStateVectorFromUpdate would not do:
	 * it only reports clients whose structs in the update start at clock 0.)
	 */
	// One acknowledgement in flight per connection: a burst of updates is answered once, when the writes
	// queued by then are done (copying the room's pending writes per update made bursts quadratic; see docs/performance.md).
	let ackWaiting = false;
	let ackAgain = false;
	/** Update messages received on this connection: an acknowledgement says how many it covers. */
	let updatesIn = 0;
	const acknowledge = (current: Room) => {
		if (ackWaiting) {
			ackAgain = true;
			return;
		}
		ackWaiting = true;
		const stateVector = Y.encodeStateVector(current.stateVector ?? current.doc);
		const covered = updatesIn;
		afterWrites(current, () => {
			ackWaiting = false;
			if (!closed && !current.dirty) {
				// Framed here and written as it is, as a broadcast is (sendFrame): ws.send builds a header, an options object
				// and a corked two-buffer write with a callback for every message, and an ack goes out for nearly every move.
				const saved = encodeSaved(stateVector, covered);
				sendFrame(binaryFrame(saved), saved);
			}
			if (ackAgain) {
				ackAgain = false;
				acknowledge(current);
			}
		});
	};

	const write = (current: Room, update: Uint8Array) => {
		if (isEmptyUpdate(update)) return;
		if (!canWrite) {
			denied++;
			if (denied === 1)
				connection.send(
					encodePermissionDenied(`Your role (${target.grant.role}) cannot change the ${target.docName} document; your change was not kept.`)
				);
			if (denied > limits.deniedWritesBeforeClose) refuse(CLOSE.forbidden, 'repeated writes to a read-only document');
			return;
		}
		if (current.size + update.length > limits.maxDocBytes) {
			checkUpdate(update);
			log.warn({ board: target.boardId, doc: target.docName, bytes: current.size }, 'refused a change: the document is full');
			connection.send(
				encodePermissionDenied(
					`This board is full (about ${Math.round(current.size / 1048576)} MB): your change was not kept. Ask the facilitator to start a new board for more.`
				)
			);
			return;
		}
		if (current.guard) {
			const verdict = current.guard.apply(connection, update);
			if (verdict.deferred) return askAgainSoon(current);
			if (verdict.refused.length > 0) explain(verdict.refused);
		} else {
			checkUpdate(update);
			Y.applyUpdate(current.doc, update, connection);
		}
		if (target.wantsAcks) acknowledge(current);
	};

	/** Says why a change was not kept (at most once a second, the first reason), and logs what was refused. */
	let explainedAt = 0;
	const explain = (refused: readonly { id: string; reason: string }[]) => {
		log.info(
			{
				board: target.boardId,
				participant: target.grant.participantId,
				role: target.grant.role,
				refused: refused.length,
				first: refused[0]
			},
			'refused a change under the board rules'
		);
		const now = Date.now();
		if (now - explainedAt < 1000) return;
		explainedAt = now;
		connection.send(encodePermissionDenied(refused[0].reason));
	};

	/**
	 * An update that builds on changes the server has not seen yet is not applied (it would be integrated later
	 * under someone else's transaction). Shortly after, the server asks again with a sync step 1; the client
	 * answers with everything the server lacks, by when the missing changes have usually arrived.
	 */
	let askTimer: ReturnType<typeof setTimeout> | null = null;
	const askAgainSoon = (current: Room) => {
		if (askTimer) return;
		askTimer = setTimeout(() => {
			askTimer = null;
			if (!closed) connection.send(encodeSyncStep1(current.doc));
		}, 250);
		askTimer.unref?.();
	};

	/**
	 * Presence over its own rate is not relayed at once: the latest state of each client waits and goes out
	 * when the rate allows (so a burst costs peers nothing, and nobody is left showing a stale cursor).
	 */
	let heldPresence = new Map<number, AwarenessEntry>();
	let heldBytes = 0;
	let presenceTimer: ReturnType<typeof setTimeout> | null = null;
	/**
	 * What a connection says about presence. Only the entries of awareness clients it speaks for count: the stock
	 * y-websocket provider sends back every presence change it applies, other people's too, so most entries a tab
	 * sends are echoes (a newcomer's answer to the greeting names everyone in the room; every cursor that moves comes
	 * back from every other tab). Echoes are dropped here, before their JSON is read or the connection's presence
	 * budget is charged: a room of any size keeps its people connected and their cursors on time.
	 */
	const presence = (current: Room, entries: readonly RawAwarenessEntry[]) => {
		const states = current.awareness.getStates();
		const own: AwarenessEntry[] = [];
		let introducing = 0;
		let bytes = 0;
		for (const entry of entries) {
			// A connection speaks only for the awareness clients it introduced, and only for a few: someone else's
			// client (an echo), a departure of a client it never had, or one client too many is not its to say.
			if (!awarenessClients.has(entry.clientId)) {
				if (states.has(entry.clientId) || isDeparture(entry) || awarenessClients.size + introducing >= limits.maxAwarenessClients) continue;
				introducing++;
			}
			bytes += entry.json.length;
			if (bytes > limits.maxAwarenessMessageBytes) return refuse(CLOSE.malformed, `awareness message of over ${bytes} bytes`);
			// Not JSON: a ProtocolError, which closes the connection as malformed (handle's catch).
			own.push({ clientId: entry.clientId, clock: entry.clock, state: parseAwarenessState(entry) });
		}
		if (own.length > 0) relayPresence(current, own, bytes);
	};
	/** Relays what a connection said for its own awareness clients, at its presence rate (held back above it). */
	const relayPresence = (current: Room, entries: readonly AwarenessEntry[], bytes: number) => {
		if (
			presenceTimer ||
			!take(presenceBucket, limits.awarenessBurst, limits.awarenessPerSecond) ||
			!take(presenceBytes, limits.awarenessBytesBurst, limits.awarenessBytesPerSecond, Date.now(), bytes)
		) {
			if (presenceDropped++ % 100 === 0)
				log.debug?.(
					{ board: target.boardId, participant: target.grant.participantId, held: presenceDropped },
					'presence over its rate limit, held back'
				);
			for (const entry of entries) heldPresence.set(entry.clientId, entry);
			heldBytes = Math.min(limits.maxAwarenessMessageBytes, heldBytes + bytes);
			presenceTimer ??= setTimeout(
				() => {
					presenceTimer = null;
					const held = [...heldPresence.values()];
					const size = heldBytes;
					heldPresence = new Map();
					heldBytes = 0;
					if (!closed && room === current && held.length > 0) relayPresence(current, held, size);
				},
				Math.max(
					20,
					waitFor(presenceBucket, limits.awarenessBurst, limits.awarenessPerSecond),
					waitFor(presenceBytes, limits.awarenessBytesBurst, limits.awarenessBytesPerSecond, Date.now(), bytes)
				)
			);
			presenceTimer.unref?.();
			return;
		}
		const states = current.awareness.getStates();
		const kept: AwarenessEntry[] = [];
		for (const entry of entries) {
			// Checked again (the entry may have been held back): another connection may have introduced the client
			// since, or held messages may name more new clients between them than one connection may have.
			if (!awarenessClients.has(entry.clientId) && (states.has(entry.clientId) || awarenessClients.size >= limits.maxAwarenessClients))
				continue;
			// People cannot speak as someone else, or relay anything but the documented fields.
			const state = entry.state === null ? null : trimPresence(entry.state, identity);
			if (entry.state !== null && state === null) continue;
			awarenessClients.add(entry.clientId);
			kept.push({ ...entry, state });
		}
		if (kept.length > 0) applyAwarenessUpdate(current.awareness, encodeAwarenessEntries(kept), connection);
	};

	const handle = (data: Uint8Array) => {
		if (closed || !room) return;
		if (!take(bucket, limits.burst, limits.messagesPerSecond)) return refuse(CLOSE.tooMany, 'rate limit');
		try {
			const message = decodeMessage(data);
			switch (message.type) {
				case 'sync-step1':
					connection.send(syncStep2For(room, message.stateVector));
					return;
				case 'sync-step2':
					return write(room, message.update);
				case 'update':
					updatesIn++;
					return write(room, message.update);
				case 'awareness':
					return presence(room, message.entries);
				case 'query-awareness':
					connection.send(encodeAwareness(encodeAwarenessUpdate(room.awareness, [...room.awareness.getStates().keys()])));
					return;
				case 'auth':
					return;
			}
		} catch (error) {
			refuse(CLOSE.malformed, `${messageType(data)}: ${(error as Error).message}`);
		}
	};

	ws.on('message', (raw: RawData) => {
		try {
			const data = toBytes(raw);
			if (room) handle(data);
			else if (queue.length >= limits.maxEarlyFrames || queuedBytes(queue) + data.length > limits.maxEarlyBytes)
				refuse(CLOSE.tooMany, 'too many messages before the board loaded');
			else queue.push(data);
		} catch (error) {
			refuse(CLOSE.malformed, (error as Error).message);
		}
	});
	ws.on('close', () => {
		closed = true;
		if (askTimer) clearTimeout(askTimer);
		if (presenceTimer) clearTimeout(presenceTimer);
		deps.onClose?.(connection);
		if (room) {
			try {
				removeAwarenessStates(
					room.awareness,
					[...awarenessClients].filter((id) => room!.awareness.getStates().has(id)),
					connection
				);
			} catch (error) {
				log.warn({ board: target.boardId, error }, 'could not clear presence of a closed connection');
			}
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
	return connection;
}

/** The message type of a frame, for log lines (never its content). */
function messageType(data: Uint8Array): string {
	const names: Record<number, string> = { 0: 'sync', 1: 'awareness', 2: 'auth', 3: 'query-awareness' };
	if (data.length === 0) return 'empty frame';
	const type = data[0];
	if (type === 0 && data.length > 1) return ['sync step 1', 'sync step 2', 'update'][data[1]] ?? 'sync';
	return names[type] ?? `type ${type}`;
}

function queuedBytes(queue: readonly Uint8Array[]): number {
	let total = 0;
	for (const frame of queue) total += frame.length;
	return total;
}

export function toBytes(raw: RawData): Uint8Array {
	if (Array.isArray(raw)) return new Uint8Array(Buffer.concat(raw));
	if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
	return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}
