/**
 * What this browser remembers: the session for each board it joined, and the boards it created
 * (with their share links, which the server cannot show again: it keeps only their hashes).
 */
import { z } from 'zod';
import { Role } from '$lib/doc/members.js';

export const Session = z.object({
	boardId: z.string(),
	participantId: z.string(),
	role: Role,
	sessionToken: z.string(),
	name: z.string(),
	agency: z.string().default(''),
	title: z.string().default('')
});
export type Session = z.infer<typeof Session>;

export const KnownBoard = z.object({
	id: z.string(),
	title: z.string(),
	createdAt: z.number(),
	links: z.object({ facilitator: z.string(), participant: z.string(), viewer: z.string() }).optional()
});
export type KnownBoard = z.infer<typeof KnownBoard>;

const SESSION_KEY = (boardId: string) => `convene:session:${boardId}`;
const BOARDS_KEY = 'convene:boards';

function storage(): Storage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null;
	}
}

export function loadSession(boardId: string): Session | null {
	const raw = storage()?.getItem(SESSION_KEY(boardId));
	if (!raw) return null;
	try {
		const parsed = Session.safeParse(JSON.parse(raw));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

export function saveSession(session: Session): void {
	storage()?.setItem(SESSION_KEY(session.boardId), JSON.stringify(Session.parse(session)));
}

export function forgetSession(boardId: string): void {
	storage()?.removeItem(SESSION_KEY(boardId));
}

export function loadKnownBoards(): KnownBoard[] {
	try {
		const parsed = z.array(KnownBoard).safeParse(JSON.parse(storage()?.getItem(BOARDS_KEY) ?? '[]'));
		return parsed.success ? parsed.data.sort((a, b) => b.createdAt - a.createdAt) : [];
	} catch {
		return [];
	}
}

export function rememberBoard(board: KnownBoard): void {
	const others = loadKnownBoards().filter((b) => b.id !== board.id);
	storage()?.setItem(BOARDS_KEY, JSON.stringify([board, ...others].slice(0, 100)));
}

export function forgetBoard(id: string): void {
	storage()?.setItem(BOARDS_KEY, JSON.stringify(loadKnownBoards().filter((b) => b.id !== id)));
}
