/**
 * Storage interfaces. Every implementation (SQLite, PostgreSQL, memory) passes the same contract
 * suites in `doc-store.contract.ts`, `board-store.contract.ts` and `vote-store.contract.ts`.
 */
import type { LinkRole, Role } from '../../src/lib/doc/members.js';
import type { Criterion, Round } from '../../src/lib/doc/votes.js';

export interface StoredUpdate {
	seq: number;
	data: Uint8Array;
}

export interface StoredDoc {
	/** A Yjs V2 update holding the compacted state, or null before the first compaction. */
	snapshot: Uint8Array | null;
	/**
	 * Which write of the snapshot this is: a token that every write of the room's snapshot replaces (null with no
	 * snapshot, or for one written before versions were kept). Pass it back to `compact` as `base`.
	 */
	version: string | null;
	/** V1 updates received since the snapshot, in the order they were appended. */
	updates: StoredUpdate[];
}

/** What `DocStore.compact` stored. */
export interface CompactResult {
	/** The version of the snapshot now stored. */
	version: string;
	/** The snapshot now stored, when it is a merge of the one given with another process's; null when it is the one given. */
	merged: Uint8Array | null;
}

/**
 * The durable log of a room's Yjs updates (a room is `${boardId}/${docName}`).
 * Updates are never lost once `append` resolves; compaction may run concurrently in other processes.
 */
export interface DocStore {
	/** Everything stored for a room; `{snapshot: null, version: null, updates: []}` for an unknown room. */
	load(room: string): Promise<StoredDoc>;
	/**
	 * Appends one V1 update. Implementations may batch writes, but must write within about 50 ms of the
	 * call; the promise resolves with the update's sequence number once it is durable.
	 */
	append(room: string, update: Uint8Array): Promise<number>;
	/**
	 * Stores `snapshot` (a V2 update) as the room's snapshot and deletes the updates `seqs`, atomically.
	 *
	 * Compare-and-swap: when `base` is the version of the stored snapshot, the caller built `snapshot` on top of
	 * exactly that snapshot, so `snapshot` replaces it as it is (no merge: the cheap path, and the usual one).
	 * Otherwise (no `base`, or another process compacted since) it is merged into the stored snapshot, which keeps
	 * what the other process compacted and this one has not seen; `merged` then holds the stored result, for the
	 * caller's next `base`. Either way the stored snapshot gets a new version.
	 */
	compact(room: string, snapshot: Uint8Array, seqs: readonly number[], base?: string | null): Promise<CompactResult>;
	/** How many updates are stored for the room since its snapshot. */
	countUpdates(room: string): Promise<number>;
	/** Deletes a room's snapshot and updates (used by restore-from-history and tests). */
	deleteRoom(room: string): Promise<void>;
	/** Writes anything queued; resolves (never rejects) once every append made before the call is written or has failed. */
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
	/** The link (capability) the person joined with; null for sessions from before links were recorded. */
	linkId: string | null;
	/** When the session was last used (joined, connected, called the API), for idle expiry. */
	lastSeenAt: number;
	/** When a facilitator removed the person; a revoked session opens nothing. */
	revokedAt: number | null;
}

/** A join link's capability: one per role is current; rotating one retires it for new joiners. */
export interface CapabilityRecord {
	/** Short random id, shown to facilitators as "which link" (never the token). */
	id: string;
	boardId: string;
	role: LinkRole;
	/** SHA-256 of the capability token, hex. */
	tokenHash: string;
	createdAt: number;
	/** When a newer link replaced it; null while it admits people. */
	revokedAt: number | null;
}

export type NewCapability = Pick<CapabilityRecord, 'id' | 'role' | 'tokenHash' | 'createdAt'>;

export interface BoardStore {
	/** Creates a board with one hashed capability token per role. Fails if the id exists. */
	createBoard(board: BoardRecord, tokens: readonly NewCapability[]): Promise<void>;
	getBoard(id: string): Promise<BoardRecord | null>;
	/** The link a capability token is, if it belongs to the board and has not been replaced; else null. */
	findCapability(boardId: string, tokenHash: string): Promise<{ id: string; role: LinkRole } | null>;
	/** Every link the board has had, oldest first. */
	listCapabilities(boardId: string): Promise<CapabilityRecord[]>;
	/**
	 * Atomically retires the board's current link(s) of `next.role` (at `next.createdAt`) and adds `next`. People
	 * who joined with a retired link keep their sessions; the retired token admits nobody new.
	 */
	rotateCapability(boardId: string, next: NewCapability): Promise<void>;
	createSession(session: SessionRecord): Promise<void>;
	findSession(tokenHash: string): Promise<SessionRecord | null>;
	/** Records that a session was used at `at` (only ever moves forward). */
	touchSession(tokenHash: string, at: number): Promise<void>;
	/** Revokes every session of a person on a board; returns how many were live. */
	revokeParticipant(boardId: string, participantId: string, at: number): Promise<number>;
	/** Changes the role of every session of a person on a board; returns how many sessions changed. */
	setParticipantRole(boardId: string, participantId: string, role: Role): Promise<number>;
	/** Sessions of a board, oldest first (for the member list and the report's counts by agency). */
	listSessions(boardId: string): Promise<SessionRecord[]>;
}

/** One person's dots of one kind on one question in one round. */
export interface VoteRow {
	participantId: string;
	/** The voter's agency when they voted (sessions never change it), for the breakdown by agency. */
	agency: string;
	itemId: string;
	criterion: Criterion;
	count: number;
}

/** Why a change was refused; the service turns it into an HTTP error. */
export interface VoteRefusal {
	refused: { status: number; code: string; message: string };
}

export interface CastRequest {
	boardId: string;
	participantId: string;
	agency: string;
	itemId: string;
	criterion: Criterion;
	delta: 1 | -1;
}

/**
 * Rounds and dots. The store is the source of truth for votes; the server doc only mirrors it.
 * Every check-and-write is atomic: `decide` runs inside the store's transaction (or lock) on the state
 * as it is at that moment, so concurrent requests from one person can never overspend, and no dot lands
 * after a round has ended. `decide` must be synchronous and pure.
 */
export interface VoteStore {
	/** The board's current (or last) round, or null. */
	getRound(boardId: string): Promise<Round | null>;
	/**
	 * Reads the current round under a lock, asks `decide` for the next one and saves it (replacing any
	 * previous round of the board). Returns what `decide` returned.
	 */
	changeRound(boardId: string, decide: (current: Round | null) => Round | VoteRefusal): Promise<Round | VoteRefusal>;
	/**
	 * Adds `delta` to one count if `decide` (given the current round and the voter's own rows in it) returns
	 * null; returns the voter's rows after the change, or the refusal.
	 */
	cast(
		request: CastRequest,
		decide: (round: Round | null, mine: readonly VoteRow[]) => VoteRefusal | null
	): Promise<{ round: Round; mine: VoteRow[] } | VoteRefusal>;
	/** One participant's rows with a count above zero in a round. */
	votesOf(boardId: string, roundId: string, participantId: string): Promise<VoteRow[]>;
	/** Every row with a count above zero in a round, for the tallies. */
	roundVotes(boardId: string, roundId: string): Promise<VoteRow[]>;
}

export function isRefusal(value: unknown): value is VoteRefusal {
	return typeof value === 'object' && value !== null && 'refused' in value;
}

/** Why a snapshot was taken. */
export type SnapshotReason = 'named' | 'phase' | 'reveal' | 'import' | 'restore' | 'periodic';

/** A copy of a board's `content` at one moment, as facilitators list it. */
export interface SnapshotRecord {
	id: string;
	boardId: string;
	createdAt: number;
	reason: SnapshotReason;
	/** The facilitator's name for it, or words for an automatic one ("Before the reveal"). */
	label: string;
	/** Who took it or caused it (a name), or null for the server on its own. */
	by: string | null;
	/** How many elements the board held. */
	elements: number;
}

/** An element someone deleted, kept for "Recently deleted". */
export interface DeletedRecord {
	boardId: string;
	elementId: string;
	deletedAt: number;
	/** Who deleted it (a name), or null. */
	deletedBy: string | null;
	/** Elements deleted in one change share a group, so a frame comes back with what it held and its connectors. */
	group: string;
	/** The element as it was (src/lib/doc/schema.ts Element), JSON. */
	element: string;
}

/**
 * A board's history: snapshots of its content, and recently deleted elements. Every implementation passes
 * `history-store.contract.ts`.
 */
export interface HistoryStore {
	/** Saves a snapshot: `data` is the content document as a Yjs V2 update. */
	saveSnapshot(record: SnapshotRecord, data: Uint8Array): Promise<void>;
	/** A board's snapshots, newest first. */
	listSnapshots(boardId: string): Promise<SnapshotRecord[]>;
	loadSnapshot(boardId: string, id: string): Promise<{ record: SnapshotRecord; data: Uint8Array } | null>;
	/** Deletes automatic snapshots taken before `before` (named ones stay); returns how many. */
	pruneSnapshots(before: number): Promise<number>;
	recordDeleted(rows: readonly DeletedRecord[]): Promise<void>;
	/** Deleted elements of a board since `since`, newest first. */
	listDeleted(boardId: string, since: number): Promise<DeletedRecord[]>;
	/** Forgets deleted elements of a board (they were brought back); returns how many. */
	forgetDeleted(boardId: string, group: string): Promise<number>;
	/** Forgets deleted elements recorded before `before`; returns how many. */
	pruneDeleted(before: number): Promise<number>;
}

/** How many rows one `deleteBoard` removed, per table (tables it found nothing in are listed with 0). */
export type DeletedRows = Record<string, number>;

/** One backend provides all of them, and what spans them: deleting a board, finding boards nobody uses. */
export interface Store {
	docs: DocStore;
	boards: BoardStore;
	votes: VoteStore;
	history: HistoryStore;
	/**
	 * Deletes everything stored for a board, in one transaction: every row keyed by the board in every table
	 * (the board, its links, sessions, vote rounds and votes, history snapshots and recently deleted
	 * elements, and whatever later tables hold per board) and every document room of the board
	 * (`<board>/<doc>` and `<board>/drafts/<participant>`, their snapshots and updates). Updates queued for writing are written first, so none lands after the deletion.
	 * Deleting an unknown board deletes nothing. See the board-deletion contract suite.
	 */
	deleteBoard(boardId: string): Promise<DeletedRows>;
	/**
	 * Ids of boards nobody has used since `before` (ms since 1970): created before it, no session seen since,
	 * no document written since. Oldest first, at most `limit`. For the retention setting (BOARD_RETENTION_DAYS).
	 */
	listIdleBoards(before: number, limit: number): Promise<string[]>;
	close(): Promise<void>;
}

/** Every room of a board is named `<board>/…` (`<board>/content`, `<board>/drafts/<participant>`). */
export function isRoomOfBoard(room: string, boardId: string): boolean {
	return room.startsWith(`${boardId}/`);
}
