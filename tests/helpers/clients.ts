/**
 * Real clients: HTTP through fetch, sync through the stock y-websocket WebsocketProvider with `ws`.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

export interface Links {
	facilitator: string;
	participant: string;
	viewer: string;
}

export async function createBoard(baseUrl: string, title = 'Reducing exclusions in Northshire'): Promise<{ id: string; links: Links }> {
	const res = await fetch(`${baseUrl}/api/boards`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ title })
	});
	if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
	return res.json();
}

export function tokenOf(link: string): string {
	return new URL(link).searchParams.get('token')!;
}

export async function join(
	baseUrl: string,
	boardId: string,
	link: string,
	name: string,
	agency = 'School'
): Promise<{ participantId: string; role: string; sessionToken: string }> {
	const res = await fetch(`${baseUrl}/api/boards/${boardId}/join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ token: tokenOf(link), name, agency })
	});
	if (res.status !== 200) throw new Error(`join failed: ${res.status} ${await res.text()}`);
	return res.json();
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Close events seen (code, reason). */
	closes: { code: number; reason: string }[];
	destroy(): void;
}

/** `params` adds query parameters, e.g. `{ acks: '1' }` to ask for "saved" acknowledgements as the app does. */
export function connect(baseUrl: string, boardId: string, docName: string, session: string, doc = new Y.Doc(), params: Record<string, string> = {}): Client {
	const closes: { code: number; reason: string }[] = [];
	const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/sync/${boardId}`, docName, doc, {
		params: { ...params, session },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 500
	});
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	return {
		doc,
		provider,
		closes,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Resolves when `check()` holds, polling; rejects with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export function synced(client: Client, timeoutMs = 5000): Promise<void> {
	return waitFor(() => client.provider.synced, 'sync', timeoutMs);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}
