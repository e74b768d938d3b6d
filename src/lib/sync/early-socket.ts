/**
 * Hands the content socket that `src/early-sync.js` opened while the page loaded to y-websocket's
 * provider (its `WebSocketPolyfill` option), so that the server's copy of the board travels while the app
 * boots. The provider's first connection gets that socket, with what it received so far replayed in
 * order; every later one (a reconnect) is a new WebSocket as usual. Without an early socket, or with one
 * for another URL or already closed, the first connection is a new WebSocket too.
 */

const KEY = Symbol.for('convene.early-content-socket');
/** y-protocols: a sync message (0) that is a sync step 1 (0). */
const SYNC_STEP_1 = [0, 0];

interface Early {
	socket: WebSocket;
	/** Received before the provider took it, in order. */
	messages: unknown[];
	opened: boolean;
	/** It already asked the server for the whole board (a sync step 1 with an empty state vector). */
	asked: boolean;
}
interface Handoff {
	take(url: string): Early | null;
}

function takeHandoff(): Handoff | null {
	const holder = globalThis as unknown as Record<symbol, Handoff | undefined>;
	const handoff = holder[KEY];
	return handoff && typeof handoff.take === 'function' ? handoff : null;
}

/** A WebSocket constructor for one provider: the first socket it makes is the early one, if there is one for that URL. */
export function earlyWebSocket(): typeof WebSocket {
	let first = true;
	return class {
		constructor(url: string, protocols?: string | string[]) {
			const handoff = first ? takeHandoff() : null;
			first = false;
			const early = handoff?.take(url) ?? null;
			if (!early) return new WebSocket(url, protocols);
			const { socket } = early;
			// The server is already sending the whole board: the provider's own sync step 1 (sent when it
			// sees the socket open) would only have it send the same again.
			if (early.asked) dropNextSyncStep1(socket);
			// The provider sets its handlers right after making the socket: replay once it has.
			queueMicrotask(() => {
				if (early.opened) socket.onopen?.(new Event('open'));
				for (const data of early.messages) socket.onmessage?.(new MessageEvent('message', { data }));
			});
			return socket;
		}
	} as unknown as typeof WebSocket;
}

function dropNextSyncStep1(socket: WebSocket): void {
	const send = socket.send.bind(socket);
	socket.send = (data) => {
		const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
		if (bytes && bytes[0] === SYNC_STEP_1[0] && bytes[1] === SYNC_STEP_1[1]) {
			socket.send = send;
			return;
		}
		send(data);
	};
}
