/**
 * Deleting a board and everything it holds, for a facilitator who asks (POST /api/boards/:id/delete) and for
 * the retention setting (BOARD_RETENTION_DAYS). The order matters, because a live board is still being written:
 *
 * 1. The board stops being written (`guardDeletedBoards`): from now on a write of this process to any room
 *    of the board, or to its history, is dropped, and the writes already under way are waited for.
 * 2. The other server processes are told (bus event `board-deleted`) and do the same.
 * 3. Everyone's sockets on the board close with 4410 (here and, through the bus, elsewhere); the app then
 *    forgets its local copy.
 * 4. The store deletes every row of the board in one transaction (`Store.deleteBoard`).
 * 5. The bus deletes what it holds of the board (Redis streams).
 *
 * A room of the board still loaded in memory unloads after its grace period without writing anything, and
 * publishes nothing more to the bus (`roomBus`). A process that hears of the deletion from another deletes
 * again what it wrote, stored or published, before it heard (`deleteAgain`).
 */
import type { DocStore, DeletedRows, HistoryStore, Store } from '../persistence/types.js';
import type { RoomBus } from '../scale-out/types.js';
import type { Logger } from '../log.js';

/** The close sent to every socket of a deleted board: y-websocket does not reconnect on 44xx. */
export const BOARD_DELETED = { code: 4410, reason: 'This board was deleted by a facilitator.' } as const;

/** The board a room belongs to (`<board>/<doc>`, or `<board>/drafts/<participant>`). */
const boardOfRoom = (room: string) => {
	const slash = room.indexOf('/');
	return slash === -1 ? room : room.slice(0, slash);
};

export interface DeletionGuard {
	/** The store to give the room registry: writes to rooms of deleted boards are dropped. */
	docs: DocStore;
	/** The history store to give the history service: snapshots and deleted elements of deleted boards are dropped. */
	history: HistoryStore;
	/** Stops every later write to the board's rooms; resolves once the writes already under way are done. */
	forget(boardId: string): Promise<void>;
	isDeleted(boardId: string): boolean;
	/** The bus to give the room registry: updates and presence of deleted boards are not published again. */
	roomBus(bus: RoomBus): RoomBus;
}

/**
 * Wraps the stores the rooms and the history write to, so that once a board is being deleted nothing of it is
 * written again by this process: not an edit that was in flight, not a compaction when its room unloads, not a
 * count the server keeps, not a snapshot or a deleted element for its history. The set of deleted boards lives
 * as long as the process (a few bytes per board).
 */
export function guardDeletedBoards(store: Pick<Store, 'docs' | 'history'>, log: Logger): DeletionGuard {
	const { docs, history } = store;
	const deleted = new Set<string>();
	const inFlight = new Map<string, Set<Promise<unknown>>>();

	function track<T>(board: string, work: Promise<T>): Promise<T> {
		let pending = inFlight.get(board);
		if (!pending) inFlight.set(board, (pending = new Set()));
		// One promise per write (compactions and history; appends are waited for with the store's flush), settled either way.
		const done = () => {
			pending.delete(settled);
			if (pending.size === 0 && inFlight.get(board) === pending) inFlight.delete(board);
		};
		const settled: Promise<unknown> = work.then(done, done);
		pending.add(settled);
		return work;
	}

	const dropped = (where: string, what: string) => log.debug?.({ where, what }, 'dropped a write to a deleted board');

	return {
		docs: {
			load: (room) => (deleted.has(boardOfRoom(room)) ? Promise.resolve({ snapshot: null, version: null, updates: [] }) : docs.load(room)),
			append(room, update) {
				// Not tracked one by one (every stored update passes here): `forget` waits for them with the store's flush.
				if (!deleted.has(boardOfRoom(room))) return docs.append(room, update);
				dropped(room, 'update');
				// A sequence number no stored update has; the compaction it may later be passed to is dropped too.
				return Promise.resolve(0);
			},
			compact(room, snapshot, seqs, base) {
				if (!deleted.has(boardOfRoom(room))) return track(boardOfRoom(room), docs.compact(room, snapshot, seqs, base));
				dropped(room, 'compaction');
				// A version no stored snapshot has: the room is gone, and so is anything it would compact.
				return Promise.resolve({ version: 'deleted', merged: null });
			},
			countUpdates: (room) => docs.countUpdates(room),
			deleteRoom: (room) => docs.deleteRoom(room),
			flush: () => docs.flush(),
			close: () => docs.close()
		},
		history: {
			...history,
			saveSnapshot(record, data) {
				if (!deleted.has(record.boardId)) return track(record.boardId, history.saveSnapshot(record, data));
				dropped(record.boardId, 'snapshot');
				return Promise.resolve();
			},
			async recordDeleted(rows) {
				const kept = rows.filter((row) => !deleted.has(row.boardId));
				if (kept.length < rows.length) dropped(rows[0].boardId, 'deleted elements');
				if (kept.length === 0) return;
				const boards = [...new Set(kept.map((row) => row.boardId))];
				const work = history.recordDeleted(kept);
				for (const board of boards) track(board, work);
				await work;
			}
		},
		async forget(boardId) {
			deleted.add(boardId);
			// The appends already made are written (or have failed) once the store's flush resolves; the rest is tracked.
			await Promise.all([...(inFlight.get(boardId) ?? []), docs.flush()]);
		},
		isDeleted: (boardId) => deleted.has(boardId),
		roomBus: (bus) => ({
			subscribe: (room, handlers) => bus.subscribe(room, handlers),
			publishUpdate(room, update) {
				if (deleted.has(boardOfRoom(room))) return dropped(room, 'published update');
				bus.publishUpdate(room, update);
			},
			publishAwareness(room, update) {
				if (deleted.has(boardOfRoom(room))) return;
				bus.publishAwareness(room, update);
			},
			publishEvent: (event) => bus.publishEvent(event),
			onEvent: (handler) => bus.onEvent(handler),
			forgetBoard: (boardId) => bus.forgetBoard(boardId),
			close: () => bus.close()
		})
	};
}

export interface BoardDeleterDeps {
	store: Pick<Store, 'deleteBoard' | 'boards'>;
	guard: DeletionGuard;
	bus: Pick<RoomBus, 'publishEvent' | 'forgetBoard'>;
	/** Closes a person's sockets on a board, in this process and the others. */
	disconnect: (boardId: string, participantId: string, close: { code: number; reason: string }) => void;
	log: Logger;
}

export interface BoardDeleter {
	/** Deletes the board and everything it holds (see the steps above); `why` goes to the log. */
	deleteBoard(boardId: string, why: string): Promise<DeletedRows>;
	/**
	 * Deletes again whatever was written of a board already deleted: by a join that raced the deletion, or, when
	 * another process deleted it, by this process's writes before it heard. Stops this process writing it first.
	 */
	deleteAgain(boardId: string): Promise<void>;
	isDeleted(boardId: string): boolean;
}

export function createBoardDeleter(deps: BoardDeleterDeps): BoardDeleter {
	const { store, guard, bus, log } = deps;
	return {
		async deleteBoard(boardId, why) {
			const people = new Set((await store.boards.listSessions(boardId)).map((s) => s.participantId));
			await guard.forget(boardId);
			bus.publishEvent({ type: 'board-deleted', boardId });
			for (const participantId of people) deps.disconnect(boardId, participantId, BOARD_DELETED);
			const rows = await store.deleteBoard(boardId);
			const streams = await bus.forgetBoard(boardId).catch((error) => {
				// The streams expire by themselves (a day); the durable state is already gone.
				log.error({ board: boardId, error }, 'could not delete the board from Redis; its streams will expire');
				return 0;
			});
			log.info({ board: boardId, why, rows, streams, people: people.size }, 'board deleted with everything it held');
			return rows;
		},
		async deleteAgain(boardId) {
			await guard.forget(boardId);
			await store.deleteBoard(boardId);
			// What this process published of the board before it heard (a stream the deleting process had
			// already removed would otherwise be made again).
			await bus.forgetBoard(boardId);
		},
		isDeleted: (boardId) => guard.isDeleted(boardId)
	};
}
