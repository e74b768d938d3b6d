/** Turns a session token into a grant: who this is, on which board, with which role. */
import type { BoardStore } from '../persistence/types.js';
import type { Grant } from '../transport/connection-types.js';
import { hashToken } from './tokens.js';

export function createSessionAuthorizer(boards: BoardStore) {
	return async function authorize(boardId: string, sessionToken: string): Promise<Grant | null> {
		const session = await boards.findSession(hashToken(sessionToken));
		if (!session || session.boardId !== boardId) return null;
		return {
			boardId: session.boardId,
			participantId: session.participantId,
			role: session.role,
			name: session.name,
			agency: session.agency
		};
	};
}
