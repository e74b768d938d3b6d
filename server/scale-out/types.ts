/**
 * How server processes share live rooms. With one process the local bus does nothing; with several,
 * the Redis bus carries each room's updates and awareness between them.
 */
import { z } from 'zod';

const BoardId = z.string().regex(/^[a-z0-9]{8,40}$/);

/**
 * What one server process tells the others about a board outside its documents: close a person's sockets
 * (removed by a facilitator, their role changed, the board deleted), or a board was deleted (stop writing its
 * rooms). Read from Redis, so validated like any input.
 */
export const BusEvent = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('disconnect'),
		boardId: BoardId,
		participantId: z.string().min(1).max(64),
		code: z.number().int().min(4000).max(4499),
		reason: z.string().max(120)
	}),
	z.object({ type: z.literal('board-deleted'), boardId: BoardId })
]);
export type BusEvent = z.infer<typeof BusEvent>;

export interface RoomSubscription {
	close(): Promise<void>;
}

export interface RoomBus {
	/** Receives what other processes publish for `room` (never what this process published). */
	subscribe(room: string, handlers: { update(update: Uint8Array): void; awareness(update: Uint8Array): void }): Promise<RoomSubscription>;
	publishUpdate(room: string, update: Uint8Array): void;
	publishAwareness(room: string, update: Uint8Array): void;
	/** Tells the other processes (never this one) about a board event. */
	publishEvent(event: BusEvent): void;
	/** Receives events other processes published; returns a function that stops receiving. */
	onEvent(handler: (event: BusEvent) => void): () => void;
	/** Deletes whatever the bus keeps of a board's rooms (Redis streams); resolves with how many keys went. */
	forgetBoard(boardId: string): Promise<number>;
	close(): Promise<void>;
}
