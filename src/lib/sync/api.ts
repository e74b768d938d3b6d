/** Browser calls to the HTTP API, with the server's readable error message surfaced as the Error. */
import type { z } from 'zod';
import { LinksReply, MembersReply, NewLinkReply, type LinkRole, type Role } from '$lib/doc/members.js';
import { BroughtBackReply, DeletedReply, PreviewReply, RestoreReply, SnapshotReply, SnapshotsReply } from '$lib/doc/history.js';
import { MyVoteState, RoundReply, VoteReply, type CastVote, type RoundCommandInput } from '$lib/doc/votes.js';

export interface CreatedBoard {
	id: string;
	title: string;
	links: Record<LinkRole, string>;
}
export interface Joined {
	participantId: string;
	role: Role;
	sessionToken: string;
	board: { id: string; title: string };
}

/** An error the server answered with: its readable message, plus the status and code to act on. */
export class ApiError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly code: string
	) {
		super(message);
	}
}

async function call<T>(path: string, body: unknown, method = 'POST'): Promise<T> {
	let res: Response;
	try {
		res = await fetch(
			path,
			method === 'GET' ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
		);
	} catch {
		throw new ApiError('Could not reach the server. Check your connection and try again.', 0, 'offline');
	}
	const data = await res.json().catch(() => null);
	if (!res.ok) throw new ApiError(data?.error?.message ?? `The server answered ${res.status}.`, res.status, data?.error?.code ?? 'error');
	return data as T;
}

/** Like `call`, and checks the reply's shape with `schema` (a reply we do not understand is an error, not a guess). */
async function checked<S extends z.ZodType>(schema: S, path: string, body: unknown, method = 'POST'): Promise<z.infer<S>> {
	const parsed = schema.safeParse(await call<unknown>(path, body, method));
	if (!parsed.success)
		throw new ApiError('The server sent a reply this page does not understand. Reload the page and try again.', 200, 'bad_reply');
	return parsed.data;
}

export const createBoardRequest = (title: string) => call<CreatedBoard>('/api/boards', { title });
export const joinBoardRequest = (boardId: string, token: string, name: string, agency: string) =>
	call<Joined>(`/api/boards/${encodeURIComponent(boardId)}/join`, { token, name, agency });

/** Which board a join link opens (its title) and the role it gives, before joining. */
export const invitationRequest = (boardId: string, token: string) =>
	call<{ title: string; role: 'facilitator' | 'participant' | 'viewer' }>(`/api/boards/${encodeURIComponent(boardId)}/invitation`, {
		token
	});

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
	call<{ revealed: number; people: number; inPlace?: number; elsewhere?: number }>(`/api/boards/${encodeURIComponent(boardId)}/reveal`, {
		session,
		frameId
	});

const board = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;

/** Facilitators: start, end or reveal the vote round (POST /api/boards/:id/rounds). */
export const roundRequest = (boardId: string, session: string, command: RoundCommandInput) =>
	checked(RoundReply, `${board(boardId)}/rounds`, { session, ...command });

/** Place (+1) or take back (−1) one dot (POST /api/boards/:id/votes); 409 carries the readable reason. */
export const voteRequest = (boardId: string, session: string, vote: CastVote) =>
	checked(VoteReply, `${board(boardId)}/votes`, { session, ...vote });

/** The round, what is left and only the caller's own dots (GET /api/boards/:id/votes). */
export const myVotesRequest = (boardId: string, session: string) =>
	checked(MyVoteState, `${board(boardId)}/votes?session=${encodeURIComponent(session)}`, null, 'GET');

/** Facilitators: every join link the board has had, and how many joined with each. */
export const linksRequest = (boardId: string, session: string) =>
	checked(LinksReply, `${board(boardId)}/links?session=${encodeURIComponent(session)}`, null, 'GET');

/** Facilitators: a new link for `role`; the old one stops admitting new people (people already in stay). */
export const newLinkRequest = (boardId: string, session: string, role: LinkRole) =>
	checked(NewLinkReply, `${board(boardId)}/links`, { session, role });

/** Facilitators: everyone who joined, with their link and when they were last seen. */
export const membersRequest = (boardId: string, session: string) =>
	checked(MembersReply, `${board(boardId)}/members?session=${encodeURIComponent(session)}`, null, 'GET');

/** Facilitators: remove a person (their sessions stop working and their connections close at once). */
export const removeMemberRequest = (boardId: string, session: string, participantId: string) =>
	call<{ removed: boolean }>(`${board(boardId)}/members/${encodeURIComponent(participantId)}/remove`, { session });

/** Facilitators: the board's history (snapshots, newest first). */
export const snapshotsRequest = (boardId: string, session: string) =>
	checked(SnapshotsReply, `${board(boardId)}/snapshots?session=${encodeURIComponent(session)}`, null, 'GET');
export const takeSnapshotRequest = (boardId: string, session: string, label: string) =>
	checked(SnapshotReply, `${board(boardId)}/snapshots`, { session, label });
export const previewSnapshotRequest = (boardId: string, session: string, id: string) =>
	checked(PreviewReply, `${board(boardId)}/snapshots/${encodeURIComponent(id)}?session=${encodeURIComponent(session)}`, null, 'GET');
export const restoreSnapshotRequest = (boardId: string, session: string, id: string) =>
	checked(RestoreReply, `${board(boardId)}/snapshots/${encodeURIComponent(id)}/restore`, { session });
export const copySnapshotRequest = (boardId: string, session: string, id: string) =>
	call<CreatedBoard>(`${board(boardId)}/snapshots/${encodeURIComponent(id)}/copy`, { session });
/** Facilitators: what was deleted recently, grouped by the change that deleted it; and bringing a group back. */
export const deletedRequest = (boardId: string, session: string) =>
	checked(DeletedReply, `${board(boardId)}/deleted?session=${encodeURIComponent(session)}`, null, 'GET');
export const bringBackRequest = (boardId: string, session: string, group: string) =>
	checked(BroughtBackReply, `${board(boardId)}/deleted/${encodeURIComponent(group)}/restore`, { session });
/** Facilitators: change a person's role now (they reconnect at once with it). */
export const setRoleRequest = (boardId: string, session: string, participantId: string, role: Role) =>
	call<{ role: Role }>(`${board(boardId)}/members/${encodeURIComponent(participantId)}/role`, { session, role });
/** Facilitators: delete the board and everything it holds; `confirm` is the board's title typed again. */
export const deleteBoardRequest = (boardId: string, session: string, confirm: string) =>
	call<{ deleted: true }>(`${board(boardId)}/delete`, { session, confirm });

/** A refused import: every problem the server found, each with where it is in the file. */
export class ImportRefused extends Error {
	constructor(
		message: string,
		readonly problems: readonly { path: string; message: string }[]
	) {
		super(message);
	}
}

/** The largest board file the server takes (server/http/api.ts IMPORT_BODY). */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

/** Sends a board file (the JSON export) to become a new board. */
export async function importBoardRequest(fileText: string): Promise<CreatedBoard> {
	let res: Response;
	try {
		res = await fetch('/api/boards/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: fileText });
	} catch {
		throw new Error('Could not reach the server. Check your connection and try again.');
	}
	const data = await res.json().catch(() => null);
	if (!res.ok) {
		const error = data?.error;
		throw new ImportRefused(error?.message ?? `The server answered ${res.status}.`, Array.isArray(error?.problems) ? error.problems : []);
	}
	return data as CreatedBoard;
}
