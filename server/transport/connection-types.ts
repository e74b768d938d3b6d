import type { Role } from '../../src/lib/doc/members.js';

/** What the server knows about whoever holds a session. */
export interface Grant {
	boardId: string;
	participantId: string;
	role: Role;
	name: string;
	agency: string;
}

/** One client's socket on one room, as rooms see it. */
export interface Connection {
	readonly id: number;
	readonly grant: Grant;
	readonly wantsAcks: boolean;
	send(data: Uint8Array): void;
	/** Sends `message` already framed (`binaryFrame(message)`), the same bytes for every recipient of a broadcast. */
	sendFrame?(frame: Buffer, message: Uint8Array): void;
	close(code: number, reason: string): void;
}
