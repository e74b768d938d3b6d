/** What the event loop and the compaction worker (worker.ts) say to each other. */

/** The room's last snapshot (sent first; absent for a room never compacted). */
export interface BaseMessage {
	type: 'base';
	data: Uint8Array;
}

/** A slice of the updates logged since, in log order. */
export interface UpdatesMessage {
	type: 'updates';
	updates: Uint8Array[];
}

/** Starts the build with what was sent. */
export interface BuildMessage {
	type: 'build';
}

export type CompactionMessage = BaseMessage | UpdatesMessage | BuildMessage;
