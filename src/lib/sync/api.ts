/** Browser calls to the HTTP API, with the server's readable error message surfaced as the Error. */
import type { Role } from '$lib/doc/members.js';

export interface CreatedBoard {
	id: string;
	title: string;
	links: Record<Role, string>;
}
export interface Joined {
	participantId: string;
	role: Role;
	sessionToken: string;
	board: { id: string; title: string };
}

async function call<T>(path: string, body: unknown): Promise<T> {
	let res: Response;
	try {
		res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	} catch {
		throw new Error('Could not reach the server. Check your connection and try again.');
	}
	const data = await res.json().catch(() => null);
	if (!res.ok) throw new Error(data?.error?.message ?? `The server answered ${res.status}.`);
	return data as T;
}

export const createBoardRequest = (title: string) => call<CreatedBoard>('/api/boards', { title });
export const joinBoardRequest = (boardId: string, token: string, name: string, agency: string) =>
	call<Joined>(`/api/boards/${encodeURIComponent(boardId)}/join`, { token, name, agency });

/**
 * How far the server's clock is ahead of this device's (ms), from one round trip to /healthz: the
 * facilitator's timer is kept on the server's clock. 0 when the server cannot be reached.
 */
export async function measureClockOffset(): Promise<number> {
	try {
		const sent = Date.now();
		const res = await fetch('/healthz', { cache: 'no-store' });
		const received = Date.now();
		const body = (await res.json()) as { now?: unknown };
		if (typeof body.now !== 'number' || !Number.isFinite(body.now)) return 0;
		return Math.round(body.now + (received - sent) / 2 - received);
	} catch {
		return 0;
	}
}

export const revealRequest = (boardId: string, session: string, frameId: string | null) =>
	call<{ revealed: number; people: number }>(`/api/boards/${encodeURIComponent(boardId)}/reveal`, { session, frameId });
