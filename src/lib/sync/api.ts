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
