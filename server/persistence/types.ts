/**
 * Storage interfaces. Every implementation (SQLite, PostgreSQL, memory) passes the same contract
 * suites in `doc-store.contract.ts` and `board-store.contract.ts`.
 */
import type { Role } from '../../src/lib/doc/members.js';

export interface StoredUpdate {
	seq: number;
	data: Uint8Array;
}

export interface StoredDoc {
	/** A Yjs V2 update holding the compacted state, or null before the first compaction. */
	snapshot: Uint8Array | null;
	/** V1 updates received since the snapshot, in the order they were appended. */
	updates: StoredUpdate[];
}

/**
 * The durable log of a room's Yjs updates (a room is `${boardId}/${docName}`).
 * Updates are never lost once `append` resolves; compaction may run concurrently in other processes.
 */
export interface DocStore {
	/** Everything stored for a room; `{snapshot: null, updates: []}` for an unknown room. */
	load(room: string): Promise<StoredDoc>;
	/**
	 * Appends one V1 update. Implementations may batch writes, but must write within about 50 ms of the
	 * call; the promise resolves with the update's sequence number once it is durable.
	 */
	append(room: string, update: Uint8Array): Promise<number>;
	/**
	 * Merges `snapshot` (a V2 update) into the stored snapshot and deletes the updates `seqs`, atomically.
	 * Merging, not replacing, keeps updates another process compacted that this one has not yet seen.
	 */
	compact(room: string, snapshot: Uint8Array, seqs: readonly number[]): Promise<void>;
	/** How many updates are stored for the room since its snapshot. */
	countUpdates(room: string): Promise<number>;
	/** Deletes a room's snapshot and updates (used by restore-from-history and tests). */
	deleteRoom(room: string): Promise<void>;
	/** Writes anything queued. */
	flush(): Promise<void>;
	close(): Promise<void>;
}

export interface BoardRecord {
	id: string;
	title: string;
	createdAt: number;
}

export interface SessionRecord {
	/** SHA-256 of the session token, hex. The token itself is never stored. */
	tokenHash: string;
	boardId: string;
	participantId: string;
	role: Role;
	name: string;
	agency: string;
	createdAt: number;
}

export interface BoardStore {
	/** Creates a board with one hashed capability token per role. Fails if the id exists. */
	createBoard(board: BoardRecord, tokens: ReadonlyArray<{ role: Role; tokenHash: string }>): Promise<void>;
	getBoard(id: string): Promise<BoardRecord | null>;
	/** The role a capability token grants on a board, or null. */
	findCapability(boardId: string, tokenHash: string): Promise<Role | null>;
	createSession(session: SessionRecord): Promise<void>;
	findSession(tokenHash: string): Promise<SessionRecord | null>;
	/** Sessions of a board, oldest first (for the member list and the report's counts by agency). */
	listSessions(boardId: string): Promise<SessionRecord[]>;
}

/** One backend provides both. */
export interface Store {
	docs: DocStore;
	boards: BoardStore;
	close(): Promise<void>;
}
