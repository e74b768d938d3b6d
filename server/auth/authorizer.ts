/** Turns a session token into a grant: who this is, on which board, with which role. */
import type { BoardStore } from '../persistence/types.js';
import type { Grant } from '../transport/connection-types.js';
import type { Logger } from '../log.js';
import { hashToken } from './tokens.js';

export interface AuthorizerOptions {
	/** A session unused for this long stops working (the person joins again from their link). */
	idleMs: number;
	now?: () => number;
	log?: Logger;
}

/** How stale the stored "last seen" may be before a use writes it again (one write per session per hour at most). */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

/**
 * A session is valid when it exists, belongs to the board, was not revoked by a facilitator, and was used
 * within the idle time. Using it records that, at most once an hour.
 */
export function createSessionAuthorizer(boards: BoardStore, options: AuthorizerOptions) {
	const now = options.now ?? Date.now;
	return async function authorize(boardId: string, sessionToken: string): Promise<Grant | null> {
		const tokenHash = hashToken(sessionToken);
		const session = await boards.findSession(tokenHash);
		if (!session || session.boardId !== boardId || session.revokedAt !== null) return null;
		const at = now();
		if (at - session.lastSeenAt > options.idleMs) return null;
		if (at - session.lastSeenAt > TOUCH_EVERY_MS) {
			boards
				.touchSession(tokenHash, at)
				.catch((error) => options.log?.warn({ board: boardId, error }, 'could not record that a session was used'));
		}
		return {
			boardId: session.boardId,
			participantId: session.participantId,
			role: session.role,
			name: session.name,
			agency: session.agency
		};
	};
}
