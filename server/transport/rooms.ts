/**
 * The registry of live rooms: a room loads once however many clients arrive at the same moment, is
 * shared by all of them, and unloads (flushed and compacted first) a grace period after the last leaves.
 */
import type { Connection } from './connection-types.js';
import { allWritten, compactRoom, loadRoom, unloadRoom, worthCompacting, type Room, type RoomDeps } from './room.js';
import * as Y from 'yjs';
import type { ContentGuard } from './content-guard.js';

export interface RoomRegistryOptions extends RoomDeps {
	/**
	 * The guard of a board's `content` room, given its doc and the board's `control` doc (which the registry
	 * keeps loaded while the content room is). Without it, content takes any well-formed update.
	 */
	guard?: (boardId: string, content: Y.Doc, control: Y.Doc) => ContentGuard;
	/**
	 * Runs once on a board's `content` doc when it is loaded, before its guard is set and before anyone joins:
	 * the app brings template frames saved by older template versions up to date here (writes made with the
	 * server's origin are stored and published like any other).
	 */
	prepare?: (boardId: string, content: Y.Doc) => void;
	/** How long an empty room stays loaded, in case someone reconnects. */
	graceMs: number;
	/** Compact loaded rooms with stored updates this often. */
	compactIntervalMs: number;
}

interface Entry {
	loading: Promise<Room>;
	room: Room | null;
	/** Holds that are not connections (server-side writes in progress). */
	holds: number;
	unloadTimer: ReturnType<typeof setTimeout> | null;
	unloading: Promise<void> | null;
}

export interface RoomRegistry {
	/** Adds a connection to a room, loading it if needed. */
	join(name: string, connection: Connection): Promise<Room>;
	leave(room: Room, connection: Connection): void;
	/**
	 * Changes a room's doc on the server's behalf (e.g. membership), loading it if needed. With `durable`, resolves
	 * only once the change is on disk (and rejects if it could not be written).
	 */
	change(name: string, fn: (doc: Y.Doc) => void, options?: { durable?: boolean }): Promise<void>;
	/** Reads a room's doc (loaded or from storage); `room` also gives what the server keeps beside it (its guard). */
	read<T>(name: string, fn: (doc: Y.Doc, room: Room) => T): Promise<T>;
	/** Names of loaded rooms. */
	loaded(): string[];
	/** Compacts a loaded room now, whether or not it is worth it yet (for the compaction benchmark); resolves when stored. */
	compact(name: string): Promise<void>;
	/** Unloads every room, writing everything first. */
	close(): Promise<void>;
}

export function createRoomRegistry(options: RoomRegistryOptions): RoomRegistry {
	const entries = new Map<string, Entry>();
	let closed = false;

	const timer = setInterval(() => {
		for (const entry of entries.values()) if (entry.room && worthCompacting(entry.room)) void compactRoom(entry.room, options);
	}, options.compactIntervalMs);
	timer.unref();

	async function acquire(name: string): Promise<Entry> {
		if (closed) throw new Error('the server is shutting down');
		let entry = entries.get(name);
		while (entry?.unloading) {
			await entry.unloading;
			entry = entries.get(name);
		}
		if (!entry) {
			const created: Entry = { loading: load(name), room: null, holds: 0, unloadTimer: null, unloading: null };
			entries.set(name, created);
			created.loading.then(
				(room) => (created.room = room),
				() => entries.delete(name)
			);
			entry = created;
		}
		if (entry.unloadTimer) {
			clearTimeout(entry.unloadTimer);
			entry.unloadTimer = null;
		}
		return entry;
	}

	/** Loads a room; a `content` room also loads (and holds) its board's `control` room for its guard. */
	async function load(name: string): Promise<Room> {
		const room = await loadRoom(name, options);
		const board = /^([a-z0-9]+)\/content$/.exec(name)?.[1];
		if (board && options.prepare) {
			try {
				options.prepare(board, room.doc);
			} catch (error) {
				// The board still opens as it was stored; it is tried again the next time it loads.
				options.log.error({ room: name, error }, 'could not prepare the board (template migrations)');
			}
		}
		if (!board || !options.guard) return room;
		const controlName = `${board}/control`;
		try {
			const control = await acquire(controlName);
			control.holds++;
			room.release = () => {
				control.holds--;
				scheduleUnload(controlName, control);
			};
			room.guard = options.guard(board, room.doc, (await control.loading).doc);
		} catch (error) {
			await unloadRoom(room, options);
			throw error;
		}
		return room;
	}

	function scheduleUnload(name: string, entry: Entry): void {
		if (closed) return;
		const room = entry.room;
		if (!room || room.connections.size > 0 || entry.holds > 0 || entry.unloadTimer || entry.unloading) return;
		entry.unloadTimer = setTimeout(() => {
			entry.unloadTimer = null;
			if (room.connections.size > 0 || entry.holds > 0) return;
			entry.unloading = unloadRoom(room, options)
				.catch((error) => options.log.error({ room: name, error }, 'unload failed'))
				.finally(() => {
					if (entries.get(name) === entry) entries.delete(name);
				});
		}, options.graceMs);
		entry.unloadTimer.unref?.();
	}

	/** Waits until every write of the room so far is on disk; if one failed, stores the whole state instead. */
	async function flushRoom(room: Room): Promise<void> {
		await allWritten(room);
		if (!room.dirty) return;
		await room.compacting;
		await compactRoom(room, options);
		if (room.dirty) throw new Error(`could not store ${room.name}`);
	}

	async function withHold<T>(name: string, fn: (room: Room) => T | Promise<T>): Promise<T> {
		const entry = await acquire(name);
		entry.holds++;
		try {
			return await fn(await entry.loading);
		} finally {
			entry.holds--;
			scheduleUnload(name, entry);
		}
	}

	return {
		async join(name, connection) {
			const entry = await acquire(name);
			entry.holds++;
			try {
				const room = await entry.loading;
				room.connections.add(connection);
				return room;
			} finally {
				entry.holds--;
			}
		},
		leave(room, connection) {
			room.connections.delete(connection);
			const entry = entries.get(room.name);
			if (entry && entry.room === room) scheduleUnload(room.name, entry);
		},
		async change(name, fn, { durable = false } = {}) {
			await withHold(name, async (room) => {
				fn(room.doc);
				if (durable) await flushRoom(room);
			});
		},
		read: (name, fn) => withHold(name, (room) => fn(room.doc, room)),
		loaded: () => [...entries.entries()].filter(([, e]) => e.room && !e.unloading).map(([n]) => n),
		async compact(name) {
			const room = entries.get(name)?.room;
			if (!room) return;
			await room.compacting;
			await compactRoom(room, options);
		},
		async close() {
			closed = true;
			clearInterval(timer);
			const work: Promise<void>[] = [];
			for (const [name, entry] of entries) {
				if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
				if (entry.unloading) work.push(entry.unloading);
				else if (entry.room) {
					for (const connection of entry.room.connections) connection.close(1001, 'server shutting down');
					work.push(unloadRoom(entry.room, options).catch((error) => options.log.error({ room: name, error }, 'unload failed')));
				}
			}
			await Promise.all(work);
			entries.clear();
		}
	};
}
