// Opens a board's content socket while the app's scripts still load, so that the server's copy of the
// board (a big board's sync step 2 is megabytes) travels while the page boots instead of after it, and draws
// the board's first picture meanwhile (see below).
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
	let role;
	try {
		boardId = decodeURIComponent(match[1]);
		// The key and the URL are those of src/lib/sync/session.ts and board-connection.ts; if they drift
		// apart, the app finds no socket for its URL and opens its own (tests/e2e/early-socket.test.ts).
		const session = JSON.parse(localStorage.getItem(`convene:session:${boardId}`) ?? 'null');
		token = session?.sessionToken;
		role = session?.role;
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

	// The board's first picture (src/lib/doc/far-picture.ts, GET /api/boards/:id/picture): when the whole board,
	// fitted to the screen as the canvas fits it, is zoomed out past readable text, the canvas draws plain notes
	// as rectangles and connectors as lines, which this draws as soon as the picture and the page's body are here,
	// long before the app and its copy of the board exist. The app's canvas takes it over with the same view
	// (src/lib/canvas/early-picture.ts) and removes it once it has drawn the board itself; a picture that arrives
	// after the app has mounted is not drawn. The drawing repeats far.ts's few lines (this script imports nothing);
	// tests/e2e/early-picture.test.ts checks, note by note, that both draw each one in its colour at the same place.
	const PICTURE = Symbol.for('convene.early-picture');
	// The top bar's height and the floating controls the canvas leaves out of a fit (Board.svelte, phone-view.ts
	// controlInsets: the toolbar, the zoom buttons, "I'm done" for those who take the ready check, policy.ts
	// takesReadyCheck), as measured on a laptop's screen and a phone's with nothing open. A guess only moves the
	// fit a little (a top bar that wraps on a tablet): the app adopts the view the picture was drawn at.
	const NARROW = document.documentElement.clientWidth < 700;
	const READY = role === 'participant' || role === 'notes-only' ? 56 : 0;
	const TOP = NARROW ? 53 : 58;
	const INSETS = NARROW ? { left: 0, right: 60, top: READY, bottom: 69 } : { left: 69, right: 0, top: READY, bottom: 64 };
	const PADDING = 48;
	const isNumbers = (a) => Array.isArray(a) && a.every((n) => typeof n === 'number' && Number.isFinite(n));
	const isBatches = (a) =>
		Array.isArray(a) && a.every((b) => Array.isArray(b) && typeof b[0] === 'string' && /^#[0-9a-f]{6}$/i.test(b[0]) && isNumbers(b[1]));
	const draw = (p) => {
		const started = performance.now();
		if (window[PICTURE] || !p || p.v !== 1 || !p.bounds || !isBatches(p.notes) || !isBatches(p.lines) || !isNumbers(p.boxes)) return;
		const b = p.bounds;
		if (![b.x, b.y, b.w, b.h, p.farBelow].every(Number.isFinite)) return;
		const width = document.documentElement.clientWidth;
		const height = document.documentElement.clientHeight - TOP;
		const ax = INSETS.left + PADDING;
		const ay = INSETS.top + PADDING;
		const aw = Math.max(1, width - ax - INSETS.right - PADDING);
		const ah = Math.max(1, height - ay - INSETS.bottom - PADDING);
		// No farther out than the canvas zooms (viewport.ts MIN_SCALE): a board wider than that is centred.
		const scale = Math.max(0.02, Math.min(aw / Math.max(b.w, 1), ah / Math.max(b.h, 1), 1));
		// Near enough to read text: the canvas draws something else.
		if (!(scale < p.farBelow) || height < 100) return;
		const view = { x: b.x + b.w / 2 - (ax + aw / 2) / scale, y: b.y + b.h / 2 - (ay + ah / 2) / scale, scale };
		const ratio = window.devicePixelRatio || 1;
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(width * ratio);
		canvas.height = Math.round(height * ratio);
		canvas.setAttribute('aria-hidden', 'true');
		canvas.setAttribute('data-first-picture', '');
		Object.assign(canvas.style, {
			position: 'fixed',
			left: '0',
			top: `${TOP}px`,
			width: `${width}px`,
			height: `${height}px`,
			zIndex: '1',
			pointerEvents: 'none',
			background: '#f6f7f9'
		});
		const c = canvas.getContext('2d');
		if (!c) return;
		const k = scale * ratio;
		c.setTransform(k, 0, 0, k, -view.x * k, -view.y * k);
		c.lineWidth = 1 / scale;
		for (const [color, q] of p.lines) {
			c.beginPath();
			for (let i = 0; i + 3 < q.length; i += 4) {
				c.moveTo(q[i], q[i + 1]);
				c.lineTo(q[i + 2], q[i + 3]);
			}
			c.strokeStyle = color;
			c.stroke();
		}
		c.beginPath();
		for (let i = 0; i + 3 < p.boxes.length; i += 4) c.rect(p.boxes[i], p.boxes[i + 1], p.boxes[i + 2], p.boxes[i + 3]);
		c.strokeStyle = '#94a3b8';
		c.stroke();
		// The notes in view, as the canvas counts the ones it draws.
		const right = view.x + width / scale;
		const bottom = view.y + height / scale;
		let notesDrawn = 0;
		for (const [color, q] of p.notes) {
			c.beginPath();
			for (let i = 0; i + 3 < q.length; i += 4) {
				c.rect(q[i], q[i + 1], q[i + 2], q[i + 3]);
				if (q[i] + q[i + 2] > view.x && q[i] < right && q[i + 1] + q[i + 3] > view.y && q[i + 1] < bottom) notesDrawn++;
			}
			c.fillStyle = color;
			c.fill();
		}
		document.body.append(canvas);
		window[PICTURE] = { canvas, view, left: 0, top: TOP, notesDrawn, drawMs: performance.now() - started };
	};
	fetch(`/api/boards/${encodeURIComponent(boardId)}/picture?session=${encodeURIComponent(token)}`, { credentials: 'omit' })
		.then((response) => (response.ok ? response.json() : null))
		.then((p) => {
			if (document.body) draw(p);
			else document.addEventListener('DOMContentLoaded', () => draw(p), { once: true });
		})
		.catch(() => {});
})();
