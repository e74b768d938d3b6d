/**
 * Real clients: HTTP through fetch, sync through the stock y-websocket WebsocketProvider with `ws`.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';

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
	/** With `{ acks: '1' }`: the highest clock per client the server said is on disk. */
	saved: Map<number, number>;
	destroy(): void;
}

/** `params` adds query parameters, e.g. `{ acks: '1' }` to ask for "saved" acknowledgements as the app does. */
export function connect(
	baseUrl: string,
	boardId: string,
	docName: string,
	session: string,
	doc = new Y.Doc(),
	params: Record<string, string> = {}
): Client {
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
	const saved = new Map<number, number>();
	// The server's "your updates up to this state vector are on disk" (server/transport/protocol.ts, MESSAGE_SAVED).
	provider.messageHandlers[100] = (_encoder, decoder) => {
		for (const [client, clock] of Y.decodeStateVector(decoding.readVarUint8Array(decoder)))
			saved.set(client, Math.max(saved.get(client) ?? 0, clock));
	};
	return {
		doc,
		provider,
		closes,
		saved,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/**
 * Resolves when `check()` holds (it may be async, e.g. an HTTP look), polling every 20 ms; rejects with
 * `what` after `timeoutMs`. The one polling wait of the tests: use it for a condition that sends no event.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
	const start = Date.now();
	while (!(await check())) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export function synced(client: Client, timeoutMs = 5000): Promise<void> {
	return waitFor(() => client.provider.synced, 'sync', timeoutMs);
}

/** Whether a frame is a sync step 2 (the server's answer to a sync step 1). */
function isSyncStep2(data: Uint8Array): boolean {
	try {
		const decoder = decoding.createDecoder(data);
		return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep2;
	} catch {
		return false;
	}
}

/**
 * A round trip on a raw socket: sends a sync step 1 for `doc` and resolves when the server's sync step 2
 * answers it. The server handles a connection's frames in order and sends in order, so once this resolves it
 * has processed every frame sent before, and everything it sent on this socket before has arrived: the wait
 * for a "nothing arrived" check.
 */
export function roundTripOn(ws: WebSocket, doc = new Y.Doc(), timeoutMs = 5000): Promise<void> {
	return new Promise((resolve, reject) => {
		const onMessage = (data: WebSocket.RawData) => {
			const bytes =
				data instanceof ArrayBuffer
					? new Uint8Array(data)
					: Array.isArray(data)
						? new Uint8Array(Buffer.concat(data))
						: new Uint8Array(data);
			if (!isSyncStep2(bytes)) return;
			clearTimeout(timer);
			ws.off('message', onMessage);
			resolve();
		};
		const timer = setTimeout(() => {
			ws.off('message', onMessage);
			reject(new Error('the server did not answer a sync step 1'));
		}, timeoutMs);
		ws.on('message', onMessage);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		syncProtocol.writeSyncStep1(encoder, doc);
		ws.send(encoding.toUint8Array(encoder));
	});
}

/** A round trip on a connected client's socket (see `roundTripOn`): its earlier frames are processed, the server's earlier messages have arrived. */
export function roundTrip(client: Client, timeoutMs = 5000): Promise<void> {
	const ws = client.provider.ws as unknown as WebSocket | null;
	if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('the client is not connected'));
	return roundTripOn(ws, client.doc, timeoutMs);
}

/** Resolves once the server has said every change this client made is on disk (connect it with `{ acks: '1' }`). */
export function savedOnDisk(client: Client, timeoutMs = 5000): Promise<void> {
	const mine = () => Y.getState(client.doc.store, client.doc.clientID);
	return waitFor(() => (client.saved.get(client.doc.clientID) ?? 0) >= mine(), 'the server saying my changes are on disk', timeoutMs);
}
