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

/**
 * A WebSocket constructor for one provider: the first socket it makes is the early one, if there is one for
 * that URL. What the early socket received is handed to the provider once `ready` settles: the board's local
 * copy has loaded (y-indexeddb stores the whole document as it stands when it opens, and encoding a big board
 * that had already arrived cost more than the early socket saved) or could not be opened.
 */
export function earlyWebSocket(ready: Promise<unknown> = Promise.resolve()): typeof WebSocket {
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
			if (early.opened) holdUntil(socket, early.messages, ready);
			return socket;
		}
	} as unknown as typeof WebSocket;
}

/**
 * Keeps an open socket's `open` event and its messages (those received so far, and those that arrive
 * meanwhile, in order) from the handlers the provider sets, until `ready` settles; then sets the handlers
 * and replays them. A close meanwhile reaches the provider at once (its handler clears the others).
 */
function holdUntil(socket: WebSocket, received: unknown[], ready: Promise<unknown>): void {
	const pending = [...received];
	const keep = (event: MessageEvent) => pending.push(event.data);
	socket.addEventListener('message', keep);
	const handlers: { onopen: WebSocket['onopen']; onmessage: WebSocket['onmessage'] } = { onopen: null, onmessage: null };
	for (const name of ['onopen', 'onmessage'] as const)
		Object.defineProperty(socket, name, {
			configurable: true,
			get: () => handlers[name],
			set: (handler) => (handlers[name] = handler)
		});
	const release = () => {
		socket.removeEventListener('message', keep);
		// Back to the socket's own properties, with the provider's handlers.
		delete (socket as Partial<WebSocket>).onopen;
		delete (socket as Partial<WebSocket>).onmessage;
		socket.onopen = handlers.onopen;
		socket.onmessage = handlers.onmessage;
		handlers.onopen?.call(socket, new Event('open'));
		for (const data of pending) socket.onmessage?.call(socket, new MessageEvent('message', { data }));
	};
	void ready.then(release, release);
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
