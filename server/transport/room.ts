/**
 * One live document shared by all its connections: the Y.Doc, its awareness, and the bookkeeping
 * that keeps it durable (the last snapshot and the stored updates since, from which compaction builds the next
 * snapshot off the event loop).
 */
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { DocStore, StoredUpdate } from '../persistence/types.js';
import type { RoomBus, RoomSubscription } from '../scale-out/types.js';
import type { Logger } from '../log.js';
import type { Connection } from './connection-types.js';
import { AWARENESS_PREFIX, UPDATE_PREFIX, checkUpdate, encodeSyncStep2 } from './protocol.js';
import { REVERT, type ContentGuard } from './content-guard.js';
import { framedMessage } from './frame.js';

/** Origin of changes that arrived from another server process: already stored and published there. */
export const FROM_BUS = Symbol('from-bus');
/** Origin of changes the server makes itself (membership, tallies). */
export const FROM_SERVER = 'server';

export interface Room {
	readonly name: string;
	readonly doc: Y.Doc;
	readonly awareness: Awareness;
	readonly connections: Set<Connection>;
	/**
	 * The room's stored snapshot as this process last read or wrote it, and its version (DocStore's
	 * compare-and-swap): the next snapshot is built on it.
	 */
	base: Uint8Array | null;
	version: string | null;
	/** Stored updates since `base` that the in-memory doc holds, with their bytes; compaction folds them in and deletes them. */
	log: StoredUpdate[];
	/** About how many bytes the document takes (stored state plus updates since): for the size cap. */
	size: number;
	/** Bytes of the last snapshot, and of the updates stored since: compaction waits until the log is worth it. */
	snapshotBytes: number;
	logBytes: number;
	/**
	 * Numbers of the appends still being written (in the order they started; the first is the oldest), the number
	 * of the last one started, and who waits for every append up to a number to be done (see afterWrites).
	 */
	unwritten: Set<number>;
	writesStarted: number;
	writeWaiters: { upTo: number; then: () => void }[];
	/** Set when a write failed: the next compaction must store the whole state. */
	dirty: boolean;
	compacting: Promise<void> | null;
	subscription: RoomSubscription | null;
	lastCompactedAt: number;
	/** The board's rules on a `content` room (set by the registry once the board's control room is loaded). */
	guard: ContentGuard | null;
	/** Lets go of rooms this one keeps loaded (the control room its guard reads). */
	release: (() => void) | null;
	/**
	 * The sync step 2 a newcomer with an empty state vector gets (the whole document), encoded once and
	 * shared by everyone who joins before the document next changes; null once it changes. See syncStep2For.
	 */
	fullState: Uint8Array | null;
	/**
	 * The board's first picture as JSON (server/boards/picture.ts), when it was built, and whether the document
	 * changed since (it is built again on the next request, at most once a second: see picture.ts).
	 */
	picture: { bytes: Buffer; builtAt: number; stale: boolean } | null;
	/**
	 * The document's state vector after its last change (Yjs's `transaction.afterState`, which it computes anyway):
	 * an acknowledgement encodes it instead of walking the document's clients again. Null before the first change.
	 */
	stateVector: Map<number, number> | null;
}

/** What compaction needs from server/compaction: the next snapshot, built in a worker thread. */
export interface SnapshotBuilder {
	/** A V2 snapshot holding `base` and `updates` (V1, in log order); `skipped` counts updates Yjs could not read. */
	build(base: Uint8Array | null, updates: readonly Uint8Array[]): Promise<{ snapshot: Uint8Array; skipped: number }>;
}

export interface RoomDeps {
	store: DocStore;
	bus: RoomBus;
	log: Logger;
	/** Compact once this many updates are stored since the last snapshot. */
	compactAfter: number;
	/** Builds a snapshot from the last one and the updates since, off the event loop (server/compaction). */
	compactor: SnapshotBuilder;
	/** Told when a room is loaded and when an update changes its size: the app publishes how full a board is. */
	onResize?: (room: Room) => void;
}

/** Loads a room's stored state into a fresh doc and wires broadcasting, storing and publishing. */
export async function loadRoom(name: string, deps: RoomDeps): Promise<Room> {
	const stored = await deps.store.load(name);
	const doc = new Y.Doc({ gc: true });
	// What was stored is read back as carefully as what a peer sends: a record Yjs cannot apply is logged
	// and skipped, and the rest of the board still opens.
	let size = 0;
	if (stored.snapshot) {
		size += stored.snapshot.length;
		try {
			Y.applyUpdateV2(doc, stored.snapshot, FROM_BUS);
		} catch (error) {
			deps.log.error({ room: name, error }, 'the stored snapshot could not be read; loading the updates after it');
		}
	}
	for (const { seq, data } of stored.updates) {
		size += data.length;
		try {
			Y.applyUpdate(doc, data, FROM_BUS);
		} catch (error) {
			deps.log.error({ room: name, seq, error }, 'skipped a stored update that Yjs cannot apply');
		}
	}
	const awareness = new Awareness(doc);
	// The server has no presence of its own.
	awareness.setLocalState(null);
	const room: Room = {
		name,
		doc,
		awareness,
		connections: new Set(),
		base: stored.snapshot,
		version: stored.version,
		log: stored.updates,
		size,
		snapshotBytes: stored.snapshot?.length ?? 0,
		logBytes: size - (stored.snapshot?.length ?? 0),
		unwritten: new Set(),
		writesStarted: 0,
		writeWaiters: [],
		dirty: false,
		compacting: null,
		subscription: null,
		lastCompactedAt: Date.now(),
		guard: null,
		release: null,
		fullState: null,
		picture: null,
		stateVector: null
	};

	doc.on('update', (applied: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
		// Any change, even one the rules hold back, makes the shared encoding of the whole document stale.
		room.fullState = null;
		if (room.picture) room.picture.stale = true;
		room.stateVector = transaction.afterState;
		// A change the board's rules refused goes nowhere; the correction that follows carries the net of both.
		if (room.guard?.isHeld(transaction)) return;
		const update = origin === REVERT ? (room.guard?.netUpdate() ?? applied) : applied;
		room.size += update.length;
		deps.onResize?.(room);
		broadcast(room, UPDATE_PREFIX, update, origin);
		if (origin === FROM_BUS) return;
		storeUpdate(room, update, deps);
		deps.bus.publishUpdate(name, update);
	});

	awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
		const changed = added.concat(updated, removed);
		const update = encodeAwarenessUpdate(awareness, changed);
		// Everyone, the sender included: y-websocket clients count any message as a sign of life.
		broadcast(room, AWARENESS_PREFIX, update, null);
		if (origin !== FROM_BUS) deps.bus.publishAwareness(name, update);
	});

	deps.onResize?.(room);
	room.subscription = await deps.bus.subscribe(name, {
		update: (update) => {
			try {
				checkUpdate(update);
				Y.applyUpdate(doc, update, FROM_BUS);
			} catch (error) {
				deps.log.error({ room: name, error }, 'could not apply an update from the bus');
			}
		},
		awareness: (update) => {
			try {
				applyAwarenessUpdate(awareness, update, FROM_BUS);
			} catch (error) {
				deps.log.warn({ room: name, error }, 'bad awareness update from the bus');
			}
		}
	});
	return room;
}

/**
 * Sends the message of `prefix` and `payload` to everyone in the room but `except`, framed once for all of them and
 * built straight into the frame (server/transport/frame.ts).
 */
function broadcast(room: Room, prefix: readonly number[], payload: Uint8Array, except: unknown): void {
	const { frame, message } = framedMessage(prefix, payload);
	// forEach, not for…of: one callback per broadcast instead of an iterator step per recipient.
	room.connections.forEach((connection) => {
		if (connection === except) return;
		if (connection.sendFrame) connection.sendFrame(frame, message);
		else connection.send(message);
	});
}

/**
 * The sync step 2 answering `stateVector` (what the client has), from the room's document. A client that
 * has nothing (every new tab, and a hundred at once when a workshop starts) gets the whole document: that
 * encoding is made once per version of the document and shared, instead of once per newcomer.
 */
export function syncStep2For(room: Pick<Room, 'doc' | 'fullState'>, stateVector: Uint8Array): Uint8Array {
	if (!isEmptyStateVector(stateVector)) return encodeSyncStep2(room.doc, stateVector);
	return (room.fullState ??= encodeSyncStep2(room.doc, stateVector));
}

/** A state vector of no clients (one varuint 0): the client has nothing yet. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
	return stateVector.length === 1 && stateVector[0] === 0;
}

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

function storeUpdate(room: Room, update: Uint8Array, deps: RoomDeps): void {
	// One promise per stored update (the append's), and no set of them: who waits, waits on the numbers (afterWrites).
	const number = ++room.writesStarted;
	room.unwritten.add(number);
	deps.store.append(room.name, update).then(
		(seq) => {
			try {
				room.log.push({ seq, data: update });
				room.logBytes += update.length;
				if (room.log.length >= deps.compactAfter && worthCompacting(room)) void compactRoom(room, deps);
			} finally {
				written(room, number);
			}
		},
		(error) => {
			// The update is still in memory; the next compaction writes the whole state.
			room.dirty = true;
			deps.log.error({ room: room.name, error }, 'could not store an update');
			written(room, number);
		}
	);
}

/** One append is done (stored or failed): tells everyone waiting for it and every earlier one. */
function written(room: Room, number: number): void {
	room.unwritten.delete(number);
	// Appends can finish out of order (a store that refuses one at once): the oldest still being written decides.
	const oldest = room.unwritten.size > 0 ? (room.unwritten.values().next().value as number) : Infinity;
	while (room.writeWaiters.length > 0 && room.writeWaiters[0].upTo < oldest) room.writeWaiters.shift()!.then();
}

/**
 * Calls `then` once every append started so far has finished (stored, or failed and marked `dirty`): what an
 * acknowledgement waits for. No promise or copy of the pending writes per call (it runs once per update).
 */
export function afterWrites(room: Pick<Room, 'writesStarted' | 'unwritten' | 'writeWaiters'>, then: () => void): void {
	const upTo = room.writesStarted;
	const oldest = room.unwritten.size > 0 ? (room.unwritten.values().next().value as number) : Infinity;
	if (upTo < oldest) queueMicrotask(then);
	else room.writeWaiters.push({ upTo, then });
}

/** Resolves once every append started so far has finished (stored, or failed and marked `dirty`). */
export function allWritten(room: Room): Promise<void> {
	return new Promise((resolve) => afterWrites(room, resolve));
}

/**
 * Whether folding the log into the snapshot is worth its cost now. Building a snapshot decodes and encodes the
 * whole document, whatever the log holds: about 250 ms of a core for a board of 5,000 elements on a two-core
 * machine (docs/performance.md). It runs in the compaction worker, not on the event loop, but it still takes a
 * core the rooms share. So a big board waits until its log is a quarter of its snapshot: the work per stored
 * byte stays bounded. A small board compacts after `compactAfter` updates.
 */
export function worthCompacting(room: Room): boolean {
	return room.dirty || (room.log.length > 0 && room.logBytes * 4 >= room.snapshotBytes);
}

/**
 * Folds the stored updates into the snapshot. Safe to call at any time: updates appended while it runs
 * stay in the log and are folded next time.
 *
 * The snapshot is built in the compaction worker from the last snapshot (`base`) and the logged updates, and
 * handed to the store with `base`'s version: while no other process compacted the room since, the store takes it
 * as it is (no merge on the event loop either); otherwise it merges, and what it merged becomes the next base.
 * Only the updates that went into the snapshot are deleted, by their sequence numbers. Nothing is written until
 * the store's one transaction, so a crash or a failed build at any point leaves the snapshot and the log as they
 * were. After a failed write (`dirty`) the log lacks an update only the doc holds: then the whole doc is encoded
 * here, on the event loop (rare), and merged, since the doc need not hold all another process compacted.
 */
export function compactRoom(room: Room, deps: RoomDeps): Promise<void> {
	if (room.compacting) return room.compacting;
	if (room.log.length === 0 && !room.dirty) return Promise.resolve();
	const log = room.log.splice(0);
	const wasDirty = room.dirty;
	room.dirty = false;
	const { base, version } = room;
	const sizeThen = room.size;
	const logThen = room.logBytes;
	const run = async () => {
		let snapshot: Uint8Array;
		if (wasDirty) snapshot = Y.encodeStateAsUpdateV2(room.doc);
		else {
			const built = await deps.compactor.build(
				base,
				log.map((u) => u.data)
			);
			if (built.skipped > 0)
				deps.log.warn({ room: room.name, skipped: built.skipped }, 'left stored updates Yjs cannot apply out of the snapshot');
			snapshot = built.snapshot;
		}
		const stored = await deps.store.compact(
			room.name,
			snapshot,
			log.map((u) => u.seq),
			wasDirty ? null : version
		);
		room.base = stored.merged ?? snapshot;
		room.version = stored.version;
		room.lastCompactedAt = Date.now();
		room.size = room.base.length + (room.size - sizeThen);
		room.snapshotBytes = room.base.length;
		room.logBytes -= logThen;
	};
	room.compacting = run()
		.catch((error) => {
			room.log.unshift(...log);
			room.dirty = room.dirty || wasDirty;
			deps.log.error({ room: room.name, error }, 'compaction failed; will retry');
		})
		.finally(() => {
			room.compacting = null;
		});
	return room.compacting;
}

/** Waits for writes, compacts, and frees the room's memory. */
export async function unloadRoom(room: Room, deps: RoomDeps): Promise<void> {
	await allWritten(room);
	await room.compacting;
	await compactRoom(room, deps);
	await room.subscription?.close();
	room.guard?.destroy();
	room.release?.();
	room.awareness.destroy();
	room.doc.destroy();
}
