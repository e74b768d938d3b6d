/**
 * How server processes share live rooms. With one process the local bus does nothing; with several,
 * the Redis bus carries each room's updates and awareness between them.
 */
export interface RoomSubscription {
	close(): Promise<void>;
}

export interface RoomBus {
	/** Receives what other processes publish for `room` (never what this process published). */
	subscribe(
		room: string,
		handlers: { update(update: Uint8Array): void; awareness(update: Uint8Array): void }
	): Promise<RoomSubscription>;
	publishUpdate(room: string, update: Uint8Array): void;
	publishAwareness(room: string, update: Uint8Array): void;
	close(): Promise<void>;
}
