// Opens a board's content socket while the app's scripts still load, so that the server's copy of the
// board (a big board's sync step 2 is megabytes) travels while the page boots instead of after it.
// src/lib/sync/early-socket.ts hands the socket to y-websocket's provider, which then uses it as its own;
// every later connection (a reconnect, another board) is a normal one. A plain script, inlined into every
// page's head by src/hooks.server.ts (svelte.config.js allows it by its hash): it only acts on a board page
// (/b/<id>) this browser has a session for, and reads nothing but the session's token, which the server
// checks like any other connection's.
(() => {
	const KEY = Symbol.for('convene.early-content-socket');
	const match = /^\/b\/([^/]+)\/?$/.exec(location.pathname);
	if (!match || typeof WebSocket !== 'function') return;
	let boardId;
	let token;
	try {
		boardId = decodeURIComponent(match[1]);
		// The key and the URL are those of src/lib/sync/session.ts and board-connection.ts; if they drift
		// apart, the app finds no socket for its URL and opens its own (tests/e2e/early-socket.test.ts).
		const session = JSON.parse(localStorage.getItem(`convene:session:${boardId}`) ?? 'null');
		token = session?.sessionToken;
	} catch {
		return;
	}
	if (typeof token !== 'string' || token === '') return;
	const url = `${location.origin.replace(/^http/, 'ws')}/sync/${boardId}/content?session=${encodeURIComponent(token)}&acks=1`;
	const socket = new WebSocket(url);
	socket.binaryType = 'arraybuffer';
	const messages = [];
	let opened = false;
	let asked = false;
	let closed = false;
	// y-protocols sync step 1 with an empty state vector: "send me the whole board".
	const onOpen = () => {
		opened = true;
		socket.send(new Uint8Array([0, 0, 1, 0]));
		asked = true;
	};
	const onMessage = (event) => messages.push(event.data);
	const onClose = () => (closed = true);
	socket.addEventListener('open', onOpen);
	socket.addEventListener('message', onMessage);
	socket.addEventListener('close', onClose);
	const forget = () => {
		delete window[KEY];
		clearTimeout(unclaimed);
		socket.removeEventListener('open', onOpen);
		socket.removeEventListener('message', onMessage);
		socket.removeEventListener('close', onClose);
	};
	// Nobody took it (the session was not valid, the page went elsewhere): close it.
	const unclaimed = setTimeout(() => {
		forget();
		socket.close();
	}, 30_000);
	window[KEY] = {
		/** The socket for `url`, once, with what it received so far; null when it is not that URL's or closed. */
		take(wanted) {
			forget();
			if (wanted !== url || closed || socket.readyState > WebSocket.OPEN) {
				socket.close();
				return null;
			}
			return { socket, messages, opened, asked };
		}
	};
})();
