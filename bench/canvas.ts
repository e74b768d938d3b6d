/**
 * The canvas on a big board, side by side with Konva drawing the same scene, in one run:
 *
 *   npm run bench:canvas      (tsx bench/canvas.ts; needs `npm run build` and Chromium)
 *
 * Headless Chromium at 1400×900 opens, for each board size (1,000 notes + 200 connectors; 5,000 notes +
 * 1,000 connectors, laid out by tests/helpers/big-board.ts):
 * - the built app on a seeded board (a fresh browser context: nothing cached), joined as a participant;
 * - with BENCH_BEFORE=<dir of another build> (e.g. one of main), that build as well, on the same server code;
 * - bench/canvas-reference.html in two modes: plain Konva, and Konva with culling (nodes outside the
 *   view hidden on each view change), drawing the same notes (with text) and arrows.
 * and measures, medians of BENCH_RUNS (default 3) runs:
 * - first render: from navigation to the first frame at which every note in view is drawn, by the board's first
 *   picture (src/early-sync.js, drawn before the app exists) or by the app's canvas; and, the app only, the first
 *   frame at which the app's own canvas draws them all ("drawn by the app": from then on it can be edited);
 * - heap: JS heap used after a forced GC, once the board is drawn;
 * - zoom: ctrl+wheel steps around the centre, in from the fitted view and out again; the main-thread
 *   time of each frame (rAF to rAF) while zooming, p50/p95, including the frames that switch detail;
 * - remote move (the app only): another participant (a Node client with the stock WebsocketProvider)
 *   moves a note in view twice a second; the page's main-thread time (CDP Performance metrics,
 *   TaskDuration) during those moves, minus the same for as long idle, per move (BENCH_OUTLINE=1: with
 *   the outline view open).
 * BENCH_TRACE=1 records a Chromium trace of the remote moves and prints the page's main-thread time by
 * event (self time per move: script, canvas resources handed to the compositor, paint, GC, IndexedDB);
 * BENCH_TRACE_FILE=<path> keeps the trace (open it in chrome://tracing or Perfetto).
 * Knobs for looking into first render: BENCH_DEBUG=1 prints each app run's phases; BENCH_PROFILE=first
 * prints a CPU profile of the page from navigation to its first frame (100 ms by 100 ms, then by function;
 * a build made with `npx vite build --minify false` names the functions); BENCH_LATENCY_MS=100 has
 * Chromium add that latency to every request and socket handshake of every page (a remote server).
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launch, CHROMIUM, HAVE_CHROMIUM } from '../tests/helpers/browser.js';
import { startServer, type TestServer } from '../tests/helpers/server.js';
import { connect, createBoard, join, type Client } from '../tests/helpers/clients.js';
import { addBigBoard } from '../tests/helpers/big-board.js';
import { getElementsMap } from '../src/lib/doc/board-doc.js';
import { readElements } from '../src/lib/doc/read.js';
import { moveBy } from '../src/lib/doc/commands.js';
import type { Element } from '../src/lib/doc/schema.js';
import { fmt, machine, sleep, summary, table, waitUntil } from './lib/measure.js';
import { startTrace, stopTrace } from './lib/trace.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '1000:200,5000:1000').split(',').map((s) => s.split(':').map(Number) as [number, number]);
const VIEWPORT = { width: 1400, height: 900 };
const MOVES = Number(process.env.BENCH_MOVES ?? 12);
const MOVE_EVERY_MS = 500;
const ZOOM_STEPS = 8;
const BEFORE = process.env.BENCH_BEFORE ? resolve(process.env.BENCH_BEFORE) : null;
const OUTLINE = !!process.env.BENCH_OUTLINE;
/** BENCH_LATENCY_MS: Chromium's network emulation adds this latency to every request (and socket handshake) of both pages. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);

async function emulateLatency(page: Page): Promise<void> {
	if (!(LATENCY_MS > 0)) return;
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY_MS, downloadThroughput: -1, uploadThroughput: -1 });
}

type Target = 'app' | 'app-before' | 'konva' | 'konva-culled';
const LABELS: Record<Target, string> = {
	app: 'Convene (this build)',
	'app-before': 'Convene (BENCH_BEFORE build)',
	konva: 'plain Konva',
	'konva-culled': 'Konva with culling'
};

interface Run {
	firstRenderMs: number;
	/** The app only: the first frame the app's own canvas drew every note in view (the same as firstRenderMs without a picture). */
	appRenderMs: number | null;
	heapMB: number;
	zoom: number[];
	moveMs: number | null;
}

const median = (xs: number[]) => {
	const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

/** Serves the reference page, Konva and the scene. */
async function referenceServer(scene: () => string): Promise<{ url: string; close(): Promise<void> }> {
	const html = readFileSync(resolve('bench/canvas-reference.html'));
	const konva = readFileSync(resolve('node_modules/konva/konva.min.js'));
	const server: Server = createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://x').pathname;
		if (path === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
		else if (path === '/konva.min.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(konva);
		else if (path === '/scene.json') res.writeHead(200, { 'content-type': 'application/json' }).end(scene());
		else res.writeHead(404).end();
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Logs, every frame from the first, how many notes the page shows (for first render): [time, the board's first
 * picture's or the canvas's, whichever is more; the canvas's own].
 */
const FRAME_LOG = `(() => {
	const log = [];
	window.__frames = log;
	const count = () => {
		const K = window.Konva;
		const stage = K && K.stages && K.stages.find((s) => s.container().isConnected);
		if (!stage) return 0;
		let n = 0;
		for (const layer of stage.getLayers()) for (const group of layer.getChildren()) {
			// Zoomed far out, the canvas draws plain notes with one shape (src/lib/canvas/far.ts).
			if (group.name() === 'far') { n += group.notesDrawn || 0; continue; }
			const kids = group.getChildren ? group.getChildren() : [];
			for (const node of kids) if (node.name() === 'note' && node.visible()) n++;
		}
		return n;
	};
	// The board's first picture (src/early-sync.js), while it is on the page.
	const picture = () => {
		const p = window[Symbol.for('convene.early-picture')];
		if (!p || !p.canvas || !p.canvas.isConnected) return 0;
		window.__pictureDrawMs = p.drawMs;
		return p.notesDrawn || 0;
	};
	const tick = (t) => {
		if (log.length < 20000) {
			const app = window.__countNotes ? count() : 0;
			log.push([performance.now(), window.__countNotes ? Math.max(app, picture()) : 0, app]);
		}
		requestAnimationFrame(tick);
	};
	window.__countNotes = true;
	requestAnimationFrame(tick);
})()`;

/**
 * BENCH_DEBUG: when the app's content socket was made, opened, and received its largest message (the
 * server's sync step 2: the whole board), for the first-render breakdown (ms from navigation).
 */
const SOCKET_LOG = `(() => {
	const log = (window.__sockets = { made: NaN, open: NaN, sync: NaN, syncBytes: 0 });
	const WS = window.WebSocket;
	window.WebSocket = class extends WS {
		constructor(url, protocols) {
			super(url, protocols);
			if (!/\\/content(\\?|$)/.test(String(url))) return;
			log.made = performance.now();
			this.addEventListener('open', () => (log.open = performance.now()));
			this.addEventListener('message', (e) => {
				const bytes = e.data.byteLength ?? e.data.size ?? e.data.length;
				if (bytes > log.syncBytes) Object.assign(log, { sync: performance.now(), syncBytes: bytes });
			});
		}
	};
})()`;

interface Phases {
	domContentLoaded: number;
	scriptsLoaded: number;
	made: number;
	open: number;
	sync: number;
	syncBytes: number;
	/** The board's first picture: its response in, and the early script's time drawing it. */
	pictureIn: number;
	pictureDrawMs: number;
}

async function phases(page: Page): Promise<Phases> {
	return page.evaluate(`(() => ({
		domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
		scriptsLoaded: Math.max(...performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js')).map((r) => r.responseEnd)),
		pictureIn: performance.getEntriesByType('resource').find((r) => r.name.includes('/picture?'))?.responseEnd ?? NaN,
		pictureDrawMs: window.__pictureDrawMs ?? NaN,
		...window.__sockets
	}))()`);
}

async function heapMB(page: Page): Promise<number> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
	await cdp.detach();
	return usedSize / 2 ** 20;
}

/** The page's main-thread time so far (ms): all tasks, and of that script, style and layout (one CDP session, kept open). */
interface Busy {
	task: number;
	script: number;
	style: number;
	layout: number;
}

async function taskMeter(page: Page): Promise<() => Promise<Busy>> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
	return async () => {
		const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
		const ms = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
		return { task: ms('TaskDuration'), script: ms('ScriptDuration'), style: ms('RecalcStyleDuration'), layout: ms('LayoutDuration') };
	};
}

const minus = (a: Busy, b: Busy): Busy => ({
	task: a.task - b.task,
	script: a.script - b.script,
	style: a.style - b.style,
	layout: a.layout - b.layout
});
const busyText = (b: Busy) => `${fmt(b.task)} ms (script ${fmt(b.script)}, style ${fmt(b.style)}, layout ${fmt(b.layout)})`;

/** Frame times (rAF to rAF, ms) while zooming in and out with ctrl+wheel at the centre. */
async function zoomFrames(page: Page): Promise<number[]> {
	await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);
	// A string, not a function: the bundler's helpers (__name) do not exist in the page.
	await page.evaluate(`(() => {
		window.__zoom = [];
		window.__zoomOn = true;
		let last = performance.now();
		const tick = (t) => {
			if (!window.__zoomOn) return;
			window.__zoom.push(t - last);
			last = t;
			requestAnimationFrame(tick);
		};
		requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
	})()`);
	await page.keyboard.down('Control');
	for (const dir of [-1, 1, -1, 1]) {
		for (let i = 0; i < ZOOM_STEPS; i++) {
			await page.mouse.wheel(0, dir * 30);
			await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
		}
	}
	await page.keyboard.up('Control');
	// The frames after the last step (a detail switch once the zoom rests) count too.
	await sleep(400);
	return page.evaluate(() => {
		const w = window as unknown as { __zoom: number[]; __zoomOn: boolean };
		w.__zoomOn = false;
		return w.__zoom;
	});
}

/** The notes whose boxes are in the visible part of the stage now. */
async function notesInView(page: Page, notes: Element[]): Promise<number> {
	const v = await page.evaluate(() => {
		const K = (
			window as unknown as {
				Konva: { stages: { container(): HTMLElement; x(): number; y(): number; scaleX(): number; width(): number; height(): number }[] };
			}
		).Konva;
		const s = K.stages.find((st) => st.container().isConnected)!;
		return { x: s.x(), y: s.y(), scale: s.scaleX(), w: s.width(), h: s.height() };
	});
	const vx = -v.x / v.scale;
	const vy = -v.y / v.scale;
	const vw = v.w / v.scale;
	const vh = v.h / v.scale;
	return notes.filter((n) => n.kind === 'note' && n.x + n.w > vx && n.x < vx + vw && n.y + n.h > vy && n.y < vy + vh).length;
}

async function runApp(browser: Browser, url: string, board: SeededBoard): Promise<Run> {
	const context = await browser.newContext({ viewport: VIEWPORT });
	const session = {
		boardId: board.id,
		participantId: board.viewer.participantId,
		role: board.viewer.role,
		sessionToken: board.viewer.sessionToken,
		name: 'Bench',
		agency: 'School',
		title: 'Bench'
	};
	await context.addInitScript(`localStorage.setItem('convene:session:${board.id}', ${JSON.stringify(JSON.stringify(session))});`);
	await context.addInitScript(FRAME_LOG);
	if (process.env.BENCH_DEBUG) await context.addInitScript(SOCKET_LOG);
	const page = await context.newPage();
	await emulateLatency(page);
	// BENCH_PROFILE=first: a CPU profile of the page from navigation to its first frame.
	const bootProfiler = process.env.BENCH_PROFILE === 'first' ? await context.newCDPSession(page) : null;
	if (bootProfiler) {
		await bootProfiler.send('Profiler.enable');
		await bootProfiler.send('Profiler.setSamplingInterval', { interval: 200 });
		await bootProfiler.send('Profiler.start');
	}
	await page.goto(`${url}/b/${board.id}`);
	// Drawn and settled: the count of shown notes holds still for a second.
	let last = -1;
	let stableSince = performance.now();
	for (;;) {
		const n = await page.evaluate(() => {
			const f = (window as unknown as { __frames: [number, number][] }).__frames;
			return f.length ? f[f.length - 1][1] : 0;
		});
		if (n !== last || n === 0) {
			last = n;
			stableSince = performance.now();
		} else if (performance.now() - stableSince > 1500) break;
		await sleep(150);
	}
	const inView = await notesInView(page, board.elements);
	if (process.env.BENCH_DEBUG) {
		const stage = await page.evaluate(() => {
			type Node = { className: string };
			const K = (window as unknown as { Konva: { stages: { container(): HTMLElement; scaleX(): number; find(s: string): Node[] }[] } })
				.Konva;
			const s = K.stages.find((st) => st.container().isConnected)!;
			const nodes = s.find('Shape');
			const kinds: Record<string, number> = {};
			for (const n of nodes) kinds[n.className] = (kinds[n.className] ?? 0) + 1;
			return { scale: s.scaleX(), kinds };
		});
		console.log(`    view scale ${stage.scale.toFixed(4)}, ${inView} notes in view, shapes ${JSON.stringify(stage.kinds)}`);
	}
	const frames = await page.evaluate(() => (window as unknown as { __frames: [number, number, number][] }).__frames.slice());
	const first = frames.find(([, n]) => n >= inView);
	const byApp = frames.find(([, , n]) => n >= inView);
	if (bootProfiler) {
		const profile = ((await bootProfiler.send('Profiler.stop')) as { profile: CpuProfile }).profile;
		await bootProfiler.detach();
		printProfile(profile, byApp ? byApp[0] : Infinity);
	}
	if (process.env.BENCH_DEBUG) {
		const p = await phases(page);
		console.log(
			`    first render (ms from navigation): page parsed ${fmt(p.domContentLoaded, 0)}, scripts loaded ${fmt(p.scriptsLoaded, 0)}, ` +
				`content socket made ${fmt(p.made, 0)}, open ${fmt(p.open, 0)}, sync step 2 in ${fmt(p.sync, 0)} (${fmt(p.syncBytes / 2 ** 20, 2)} MB), ` +
				`picture in ${fmt(p.pictureIn, 0)} (drawn in ${fmt(p.pictureDrawMs)} ms), drawn ${fmt(first ? first[0] : NaN, 0)}, drawn by the app ${fmt(byApp ? byApp[0] : NaN, 0)}`
		);
	}
	await page.evaluate(() => ((window as unknown as { __countNotes: boolean }).__countNotes = false));
	const heap = await heapMB(page);

	// BENCH_OUTLINE=1: the moves happen with the outline view open beside the canvas.
	if (OUTLINE) {
		await page.getByRole('button', { name: 'Outline', exact: true }).click();
		await page.getByRole('tree').first().waitFor({ timeout: 60_000 });
		await sleep(1000);
	}
	// Remote moves: idle first, then the same time with a move every 500 ms.
	const windowMs = MOVES * MOVE_EVERY_MS;
	const taskMs = await taskMeter(page);
	const idle0 = await taskMs();
	await sleep(windowMs);
	const idle = minus(await taskMs(), idle0);
	const profiler = process.env.BENCH_PROFILE && process.env.BENCH_PROFILE !== 'first' ? await page.context().newCDPSession(page) : null;
	if (profiler) {
		await profiler.send('Profiler.enable');
		await profiler.send('Profiler.start');
	}
	// BENCH_TRACE=1: a trace of the moves, summed by event name over the page's main thread.
	if (process.env.BENCH_TRACE) await startTrace(browser, page);
	// BENCH_DEBUG: how often the content layer was drawn whole during the moves (a far move is painted on a patch instead).
	const countDraws = () =>
		page.evaluate(() => {
			const w = window as unknown as {
				__contentDraws?: number;
				Konva: { stages: { container(): HTMLElement; getLayers(): { on(e: string, f: () => void): void }[] }[] };
			};
			if (w.__contentDraws === undefined) {
				w.__contentDraws = 0;
				const stage = w.Konva.stages.find((st) => st.container().isConnected)!;
				stage.getLayers()[0].on('draw.bench', () => w.__contentDraws!++);
			}
			return w.__contentDraws;
		});
	if (process.env.BENCH_DEBUG) await countDraws();
	const busy0 = await taskMs();
	for (let i = 0; i < MOVES; i++) {
		moveBy(board.mover.doc, [board.moving], i % 2 === 0 ? 40 : -40, 0);
		await sleep(MOVE_EVERY_MS);
	}
	const busy = minus(await taskMs(), busy0);
	if (process.env.BENCH_DEBUG) console.log(`    the content layer drawn whole ${await countDraws()} times during ${MOVES} moves`);
	if (profiler) printProfile(((await profiler.send('Profiler.stop')) as { profile: CpuProfile }).profile);
	if (process.env.BENCH_TRACE) {
		const trace = await stopTrace(browser);
		console.log(`    trace: top-level tasks ${fmt(trace.tasksMs)} ms; self time by event (ms per move):`);
		for (const [name, ms] of trace.self.slice(0, 30))
			console.log(`      ${fmt(ms / MOVES, 2)}  ${name} (${trace.counts.get(name) ?? 0} events)`);
	}
	if (process.env.BENCH_DEBUG) console.log(`    idle ${busyText(idle)}, with moves ${busyText(busy)} over ${windowMs} ms`);
	const zoom = await zoomFrames(page);
	await context.close();
	return {
		firstRenderMs: first ? first[0] : NaN,
		appRenderMs: byApp ? byApp[0] : NaN,
		heapMB: heap,
		zoom,
		moveMs: Math.max(0, busy.task - idle.task) / MOVES
	};
}

interface CpuProfile {
	nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
	samples: number[];
	timeDeltas: number[];
}

/** The functions with the most self time in a CPU profile (BENCH_PROFILE=1: where a remote move's time goes), each with its main callers. */
function printProfile(profile: CpuProfile, untilMs = Infinity): void {
	const self = new Map<number, number>();
	const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
	const timeline = new Map<number, Map<string, number>>();
	let t = 0;
	profile.samples.forEach((id, i) => {
		t += profile.timeDeltas[i] ?? 0;
		if (t / 1000 > untilMs) return;
		self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
		if (untilMs === Infinity) return;
		const bucket = Math.floor(t / 1000 / 100) * 100;
		const name = byNode.get(id)!.callFrame.functionName || '(anonymous)';
		const row = timeline.get(bucket) ?? new Map<string, number>();
		row.set(name, (row.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
		timeline.set(bucket, row);
	});
	for (const [bucket, row] of [...timeline].sort((a, b) => a[0] - b[0]))
		console.log(
			`      ${bucket} ms: ${[...row]
				.sort((a, b) => b[1] - a[1])
				.slice(0, 4)
				.map(([n, ms]) => `${n} ${fmt(ms, 0)}`)
				.join(', ')}`
		);
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const nameOf = (id: number) => {
		const f = byId.get(id)!.callFrame;
		return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
	};
	const byName = new Map<string, { ms: number; callers: Map<string, number> }>();
	for (const node of profile.nodes) {
		const f = node.callFrame;
		if (f.functionName === '(idle)') continue;
		const ms = (self.get(node.id) ?? 0) / 1000;
		if (ms === 0) continue;
		const key = nameOf(node.id);
		const entry = byName.get(key) ?? { ms: 0, callers: new Map() };
		entry.ms += ms;
		// Three frames up: who called it.
		const chain: string[] = [];
		for (let p = parent.get(node.id); p !== undefined && chain.length < 3; p = parent.get(p)) chain.push(nameOf(p).split(' ')[0]);
		const via = chain.join(' < ');
		entry.callers.set(via, (entry.callers.get(via) ?? 0) + ms);
		byName.set(key, entry);
	}
	const top = [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
	for (const [name, { ms, callers }] of top) {
		const via = [...callers].sort((a, b) => b[1] - a[1]).slice(0, 2);
		console.log(`      ${fmt(ms)} ms  ${name}   (from ${via.map(([c, t]) => `${c} ${fmt(t)}`).join('; ')})`);
	}
}

async function runReference(browser: Browser, url: string, mode: 'plain' | 'culled'): Promise<Run> {
	const context = await browser.newContext({ viewport: VIEWPORT });
	const page = await context.newPage();
	await emulateLatency(page);
	await page.goto(`${url}/?mode=${mode}`);
	await page.waitForFunction(() => (window as unknown as { bench: { ready: boolean } }).bench.ready, undefined, {
		timeout: 120_000,
		polling: 100
	});
	const firstRenderMs = await page.evaluate(() => (window as unknown as { bench: { firstRender: number } }).bench.firstRender);
	await sleep(500);
	const heap = await heapMB(page);
	const zoom = await zoomFrames(page);
	await context.close();
	return { firstRenderMs, appRenderMs: null, heapMB: heap, zoom, moveMs: null };
}

interface SeededBoard {
	id: string;
	elements: Element[];
	viewer: { participantId: string; role: string; sessionToken: string };
	mover: Client;
	moving: string;
}

async function seed(server: TestServer, notes: number, connectors: number): Promise<SeededBoard> {
	const board = await createBoard(server.url, 'Reducing exclusions in Northshire: the whole county');
	const facilitator = await join(server.url, board.id, board.links.facilitator, 'Alex Morgan', 'Local authority education');
	const builder = connect(server.url, board.id, 'content', facilitator.sessionToken);
	await waitUntil(() => builder.provider.synced, 'the builder to sync', 20_000, 5);
	addBigBoard(builder.doc, notes, connectors, facilitator.participantId);
	const mover = connect(server.url, board.id, 'content', facilitator.sessionToken);
	await waitUntil(
		() => mover.provider.synced && getElementsMap(mover.doc).size >= notes + connectors,
		'the mover to have the board',
		120_000,
		20
	);
	builder.destroy();
	const viewer = await join(server.url, board.id, board.links.participant, 'Sam Patel', 'School');
	// A note near the middle of the board, so it is in view when the board is fitted.
	const rows = Math.ceil(notes / 80);
	const moving = `big-note-${Math.min(notes - 1, Math.floor(rows / 2) * 80 + 40)}`;
	return { id: board.id, elements: readElements(mover.doc), viewer, mover, moving };
}

async function appServer(buildDir: string): Promise<TestServer> {
	const { handler } = (await import(pathToFileURL(resolve(buildDir, 'handler.js')).href)) as {
		handler: NonNullable<Parameters<typeof startServer>[0]>['pages'];
	};
	return startServer({ pages: handler });
}

async function main() {
	if (!HAVE_CHROMIUM) throw new Error(`no Chromium at ${CHROMIUM}`);
	console.log(
		`npm run bench:canvas: ${RUNS} runs, sizes ${SIZES.map(([n, c]) => `${n} notes + ${c} connectors`).join('; ')}, ${JSON.stringify(machine())}`
	);
	const browser = await launch();
	const targets: Target[] = (['app', ...(BEFORE ? (['app-before'] as const) : []), 'konva', 'konva-culled'] as Target[]).filter(
		(t) => !process.env.BENCH_TARGETS || process.env.BENCH_TARGETS.split(',').includes(t)
	);
	const servers: Partial<Record<Target, TestServer>> = { app: await appServer('build') };
	if (BEFORE) servers['app-before'] = await appServer(BEFORE);
	let sceneJson = '[]';
	const reference = await referenceServer(() => sceneJson);
	const report: Record<string, Record<Target, Run[]>> = {};
	try {
		for (const [notes, connectors] of SIZES) {
			const key = `${notes} notes + ${connectors} connectors`;
			const boards: Partial<Record<Target, SeededBoard>> = {};
			for (const t of ['app', 'app-before'] as const) if (servers[t]) boards[t] = await seed(servers[t]!, notes, connectors);
			sceneJson = JSON.stringify(boards.app!.elements);
			report[key] = { app: [], 'app-before': [], konva: [], 'konva-culled': [] };
			for (let run = 0; run < RUNS; run++) {
				for (const t of targets) {
					const result =
						t === 'konva' || t === 'konva-culled'
							? await runReference(browser, reference.url, t === 'konva' ? 'plain' : 'culled')
							: await runApp(browser, servers[t]!.url, boards[t]!);
					report[key][t].push(result);
					const z = summary(result.zoom);
					console.log(
						`  ${key}, run ${run + 1}, ${LABELS[t]}: first render ${fmt(result.firstRenderMs, 0)} ms${result.appRenderMs === null ? '' : ` (drawn by the app ${fmt(result.appRenderMs, 0)})`}, heap ${fmt(result.heapMB)} MB, zoom p50/p95 ${fmt(z.p50)}/${fmt(z.p95)} ms (${z.n} frames)${result.moveMs === null ? '' : `, remote move ${fmt(result.moveMs)} ms`}`
					);
				}
			}
			for (const b of Object.values(boards)) b?.mover.destroy();
		}
	} finally {
		await browser.close();
		await reference.close();
		for (const s of Object.values(servers)) await s?.stop();
	}
	for (const [key, byTarget] of Object.entries(report)) {
		console.log(`\n${key} (medians of ${RUNS} runs)`);
		const rows: string[][] = [['measure', ...targets.map((t) => LABELS[t])]];
		const col = (f: (r: Run) => number | null, digits = 1) => targets.map((t) => fmt(median(byTarget[t].map((r) => f(r) ?? NaN)), digits));
		rows.push(['first render, ms', ...col((r) => r.firstRenderMs, 0)]);
		rows.push(['drawn by the app (editable from then), ms', ...col((r) => r.appRenderMs, 0)]);
		rows.push(['heap after GC, MB', ...col((r) => r.heapMB)]);
		rows.push(['zoom frame p50, ms', ...col((r) => summary(r.zoom).p50)]);
		rows.push(['zoom frame p95, ms', ...col((r) => summary(r.zoom).p95)]);
		rows.push(['remote move, ms of main thread', ...col((r) => r.moveMs)]);
		console.log(table(rows));
		const m = (t: Target, f: (r: Run) => number) => median(byTarget[t].map(f));
		console.log(
			`ratios (this build): zoom p95 / Konva with culling ${fmt(m('app', (r) => summary(r.zoom).p95) / m('konva-culled', (r) => summary(r.zoom).p95), 2)}× (goal ≤ 0.5), ` +
				`first render / plain Konva ${fmt(m('app', (r) => r.firstRenderMs) / m('konva', (r) => r.firstRenderMs), 2)}× (goal ≤ 0.5; ` +
				`drawn by the app ${fmt(m('app', (r) => r.appRenderMs ?? NaN) / m('konva', (r) => r.firstRenderMs), 2)}×), ` +
				`heap / plain Konva ${fmt(m('app', (r) => r.heapMB) / m('konva', (r) => r.heapMB), 2)}× (goal ≤ 1.5), remote move ${fmt(m('app', (r) => r.moveMs ?? NaN))} ms (goal ≤ 10)`
		);
	}
}

const watchdog = setTimeout(() => {
	console.error('bench:canvas: gave up after 30 minutes');
	process.exit(2);
}, 30 * 60_000);
watchdog.unref();
main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	}
);
