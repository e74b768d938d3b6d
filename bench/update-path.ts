/**
 * What one received update costs the server, in process and deterministic enough to compare stages (issue 15,
 * busy rooms): a room built as the server builds it (createApp's registry: SQLite in a temp dir, the content
 * guard with the board's rules, history's hook), one writer and `RECEIVERS` readers on fake sockets that count
 * what is sent, and `UPDATES` note moves (two keys of one element, as bench/sync.ts's writer makes them) fed
 * through the same `ws.on('message')` path a real socket takes. Each move waits for its acknowledgement (or for
 * the next turn of the event loop without acks), so every move is its own store batch, as in bench/sync.ts (e)
 * where a move comes every 20 ms.
 *
 *   node --expose-gc --import tsx bench/update-path.ts     (BENCH_UPDATES, BENCH_ROUNDS, BENCH_RECEIVERS, BENCH_INTERVAL_MS)
 *
 * Variants switch one stage off at a time (the rules, the SQLite store, the acknowledgement) and the reference
 * path (y-websocket 1.5.4's: apply the update, encode it for everyone, send) runs in the same process. A second
 * table times the per-update pieces on their own. CPU µs per update, median of ROUNDS rounds.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadavg } from 'node:os';
import { Session } from 'node:inspector/promises';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebSocket } from 'ws';
import { getElementsMap } from '../src/lib/doc/board-doc.js';
import { createApp } from '../server/app.js';
import { silentLogger } from '../server/log.js';
import { createMemoryStore, createSqliteStore } from '../server/persistence/index.js';
import { createLocalBus } from '../server/scale-out/local-bus.js';
import { DEFAULT_LIMITS, serveConnection } from '../server/transport/connection.js';
import { MESSAGE_SAVED, checkUpdate, encodeUpdate } from '../server/transport/protocol.js';
import { addBigBoard } from '../tests/helpers/big-board.js';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 400);
const WARMUP = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RECEIVERS = Number(process.env.BENCH_RECEIVERS ?? 19);
const NOTES = 50;
const AUTHOR = 'p1';
const BOARD = 'benchboard01';

/**
 * BENCH_HEAP_PROFILE=dir: a sampling heap profile of the measured part of each path's first round, garbage included
 * (what was allocated, not what stayed), written to dir as <path>.heapprofile, with the top allocation sites printed.
 */
const HEAP_DIR = process.env.BENCH_HEAP_PROFILE;
const inspector = HEAP_DIR ? new Session() : null;
inspector?.connect();
async function heapStart(): Promise<void> {
	await inspector?.post('HeapProfiler.startSampling', {
		samplingInterval: 512,
		includeObjectsCollectedByMajorGC: true,
		includeObjectsCollectedByMinorGC: true
	});
}
interface HeapNode {
	callFrame: { functionName: string; url: string; lineNumber: number };
	selfSize: number;
	children: HeapNode[];
}
async function heapStop(name: string, updates: number): Promise<void> {
	if (!inspector || !HEAP_DIR) return;
	const { profile } = (await inspector.post('HeapProfiler.stopSampling')) as { profile: { head: HeapNode } };
	fs.mkdirSync(HEAP_DIR, { recursive: true });
	fs.writeFileSync(path.join(HEAP_DIR, `${name.replace(/[^a-z0-9]+/gi, '-')}.heapprofile`), JSON.stringify(profile));
	const sites = new Map<string, number>();
	let total = 0;
	const walk = (node: HeapNode, caller: string) => {
		const f = node.callFrame;
		const here = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
		if (node.selfSize > 0) {
			total += node.selfSize;
			const key = `${here}  <  ${caller}`;
			sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
		}
		for (const child of node.children) walk(child, here);
	};
	walk(profile.head, '');
	console.log(`\n${name}: about ${(total / updates).toFixed(0)} bytes allocated per update (sampled); top sites, bytes per update:`);
	for (const [site, bytes] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, 25))
		console.log(`  ${(bytes / updates).toFixed(0).padStart(6)}  ${site}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/**
 * Wall time of handling each received frame synchronously (decode, rules, apply, broadcast, queueing the write),
 * without what runs later (the batch's commit, the ack): its median per update is robust to a loaded machine's
 * preemptions, which the process's CPU time is not.
 */
const turnTimes: number[] = [];
const receiveTurn = new Map<string, number[]>();
const keep = (into: Map<string, number[]>, name: string, value: number) => (into.get(name) ?? into.set(name, []).get(name)!).push(value);
const cpu = () => {
	const u = process.cpuUsage();
	return u.user + u.system;
};
/**
 * The main thread's CPU time in µs, at nanosecond resolution (the first field of /proc/self/task/<pid>/schedstat):
 * process.cpuUsage also counts V8's helper threads (concurrent marking and compiling), which here take more than the
 * event loop and swing with the machine's load.
 */
const mainCpu = () => Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
const mainResults = new Map<string, number[]>();
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
/**
 * BENCH_INTERVAL_MS: one move every so many ms (bench/sync.ts (e) sends one every 20 ms at 20 and 50 clients); 0
 * feeds the next move as soon as the last is acknowledged, with the store writing each at the end of its turn:
 * the work per update without the process's idle wake-ups, which on a loaded machine swamp it.
 */
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 20);
const ACK_WAIT = process.env.BENCH_ACK_WAIT !== '0' || INTERVAL_MS === 0;
/** Waits until `INTERVAL_MS` after `since`, or the next turn when that has passed. */
const pace = (since: number) => {
	const wait = since + INTERVAL_MS - performance.now();
	return wait > 0 ? new Promise<void>((resolve) => setTimeout(resolve, wait)) : turn();
};

/** The seed (a board of NOTES notes) and the moves a writer makes on it, as sync frames. */
function scenario() {
	const writer = new Y.Doc();
	addBigBoard(writer, NOTES, 0, AUTHOR);
	const seed = Y.encodeStateAsUpdate(writer);
	const moves: Uint8Array[] = [];
	writer.on('update', (u: Uint8Array) => moves.push(u));
	const elements = getElementsMap(writer);
	const ids = [...elements.keys()];
	for (let i = 0; i < WARMUP + UPDATES; i++)
		writer.transact(() => {
			const note = elements.get(ids[i % ids.length])!;
			note.set('x', 10_000 + i);
			note.set('y', 500 + ((i * 37) % 400));
		});
	return { seed, moves };
}

function frame(update: Uint8Array): Buffer {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	syncProtocol.writeUpdate(encoder, update);
	return Buffer.from(encoding.toUint8Array(encoder));
}

/** A socket as serveConnection uses it: counts frames, and tells who waits when a "saved" frame goes out. */
class FakeSocket extends EventEmitter {
	readonly OPEN = 1;
	readyState = 1;
	sent = 0;
	onSaved: (() => void) | null = null;
	send(data: Uint8Array, cb?: (error?: Error) => void) {
		this.sent++;
		if (data[0] === MESSAGE_SAVED && this.onSaved) {
			const f = this.onSaved;
			this.onSaved = null;
			f();
		}
		cb?.();
	}
	close() {
		this.readyState = 3;
	}
}

interface Variant {
	name: string;
	store: 'sqlite' | 'memory';
	rules: boolean;
	acks: boolean;
	/** The SQLite store's batchMs: 20 as deployed when paced, 0 (every batch at the end of its turn) when not. */
	batchMs?: number;
}

async function runOurs(v: Variant, seed: Uint8Array, moves: Uint8Array[], profile = false): Promise<number> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-update-path-'));
	const store =
		v.store === 'sqlite'
			? createSqliteStore({ dir, file: 'b.db', batchMs: v.batchMs ?? (INTERVAL_MS > 0 ? 20 : 0), log: silentLogger })
			: createMemoryStore();
	const app = createApp({ store, bus: createLocalBus(), log: silentLogger, contentRules: v.rules, compactAfter: 1_000_000 });
	const limits = { ...DEFAULT_LIMITS, messagesPerSecond: 1e9, burst: 1e9 };
	const grant = (id: string) => ({ boardId: BOARD, participantId: id, role: 'participant' as const, name: id, agency: 'A' });
	const sockets: FakeSocket[] = [];
	for (let i = 0; i <= RECEIVERS; i++) {
		const ws = new FakeSocket();
		sockets.push(ws);
		serveConnection(
			ws as unknown as WebSocket,
			{ boardId: BOARD, docName: 'content', grant: grant(i === 0 ? AUTHOR : `p${i + 1}`), wantsAcks: v.acks },
			{ rooms: app.rooms, log: silentLogger, limits },
			[]
		);
	}
	const [writer] = sockets;
	for (let i = 0; i < 50 && writer.sent === 0; i++) await new Promise((r) => setTimeout(r, 5));
	const feed = async (update: Uint8Array) => {
		const since = performance.now();
		const saved = v.acks ? new Promise<void>((resolve) => (writer.onSaved = resolve)) : null;
		const data = frame(update);
		const t0 = performance.now();
		writer.emit('message', data);
		turnTimes.push(performance.now() - t0);
		// BENCH_ACK_WAIT=0 with a pace: the next move comes on time whether or not this one is acknowledged yet, as in
		// bench/sync.ts (e) (branch busy6 measured a batcher that held a write for the next move with it).
		if (saved && ACK_WAIT) await saved;
		await pace(since);
	};
	const perUpdate = await measure(v.name, seed, moves, feed, profile);
	for (const ws of sockets) {
		ws.readyState = 3;
		ws.emit('close');
	}
	await app.close();
	await store.close();
	fs.rmSync(dir, { recursive: true, force: true });
	return perUpdate;
}

/**
 * Feeds the seed and the warm-up moves, then the measured moves: CPU µs per update (the process's), and the main
 * thread's and the median receiving turn kept under `name`; a heap profile of the measured part when asked.
 */
async function measure(
	name: string,
	seed: Uint8Array,
	moves: Uint8Array[],
	feed: (update: Uint8Array) => Promise<void>,
	profile: boolean
): Promise<number> {
	await feed(seed);
	for (let i = 0; i < WARMUP; i++) await feed(moves[i]);
	(globalThis as { gc?: () => void }).gc?.();
	if (profile) await heapStart();
	turnTimes.length = 0;
	const m0 = mainCpu();
	const c0 = cpu();
	for (let i = WARMUP; i < WARMUP + UPDATES; i++) await feed(moves[i]);
	const perUpdate = (cpu() - c0) / UPDATES;
	keep(mainResults, name, (mainCpu() - m0) / UPDATES);
	keep(receiveTurn, name, median(turnTimes) * 1000);
	if (profile) await heapStop(name, UPDATES);
	return perUpdate;
}

/** y-websocket 1.5.4's path for an update message: read it, apply it, encode the 'update' event's bytes once, send to all. */
async function runReference(seed: Uint8Array, moves: Uint8Array[], profile = false): Promise<number> {
	const doc = new Y.Doc({ gc: true });
	const sockets = Array.from({ length: RECEIVERS + 1 }, () => new FakeSocket());
	doc.on('update', (update: Uint8Array) => {
		const message = encodeUpdate(update);
		for (const ws of sockets) ws.send(message, () => {});
	});
	const feed = async (update: Uint8Array) => {
		const since = performance.now();
		Y.applyUpdate(doc, update, sockets[0]);
		turnTimes.push(performance.now() - since);
		await pace(since);
	};
	return measure('reference', seed, moves, feed, profile);
}

/** One piece on its own, µs per call over the moves (applied to a doc holding the seed where it needs one). */
function piece(seed: Uint8Array, moves: Uint8Array[], run: (doc: Y.Doc, update: Uint8Array) => void): number {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, seed);
	for (let i = 0; i < WARMUP; i++) Y.applyUpdate(doc, moves[i]);
	const c0 = cpu();
	for (let i = WARMUP; i < WARMUP + UPDATES; i++) run(doc, moves[i]);
	return (cpu() - c0) / UPDATES;
}

const { seed, moves } = scenario();
const variants: Variant[] = [
	{ name: 'Convene (SQLite, rules, acks)', store: 'sqlite', rules: true, acks: true },
	{ name: '… without the rules', store: 'sqlite', rules: false, acks: true },
	{ name: '… memory store', store: 'memory', rules: true, acks: true },
	{ name: '… without acks', store: 'sqlite', rules: true, acks: false },
	{ name: '… memory store, no rules, no acks', store: 'memory', rules: false, acks: false }
];
/** BENCH_VARIANTS=0,4: only those of the variants above (by position), e.g. to profile one with --cpu-prof. */
const chosen = process.env.BENCH_VARIANTS?.split(',').map(Number);
if (chosen) variants.splice(0, variants.length, ...variants.filter((_, i) => chosen.includes(i)));
const results = new Map<string, number[]>();
const load0 = loadavg()[0];
for (let r = 0; r < ROUNDS; r++) {
	const ref = await runReference(seed, moves, r === 0 && inspector !== null);
	(results.get('reference') ?? results.set('reference', []).get('reference')!).push(ref);
	for (const v of variants) {
		const us = await runOurs(v, seed, moves, r === 0 && inspector !== null);
		(results.get(v.name) ?? results.set(v.name, []).get(v.name)!).push(us);
	}
}
const ref = median(results.get('reference')!);
console.log(
	`\nCPU µs per received move, ${UPDATES} moves, ${RECEIVERS + 1} sockets, median of ${ROUNDS} (load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)})\n`
);
const mainRef = median(mainResults.get('reference')!);
console.log('| path | µs per update | × reference | lowest–highest | main thread µs | × reference | receiving turn, median µs |');
console.log('|---|---:|---:|---|---:|---:|---:|');
for (const [name, xs] of results) {
	const main = median(mainResults.get(name)!);
	console.log(
		`| ${name} | ${median(xs).toFixed(1)} | ${(median(xs) / ref).toFixed(2)} | ${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} | ` +
			`${main.toFixed(1)} | ${(main / mainRef).toFixed(2)} | ${median(receiveTurn.get(name)!).toFixed(1)} |`
	);
}

const pieces: [string, (doc: Y.Doc, u: Uint8Array) => void][] = [
	['Y.decodeUpdate (checkUpdate, the guard)', (_d, u) => checkUpdate(u)],
	['Y.applyUpdate (once per update; reapplied here)', (d, u) => Y.applyUpdate(d, u)],
	['encodeUpdate (the broadcast message)', (_d, u) => encodeUpdate(u)],
	['Y.encodeStateVector(doc)', (d) => Y.encodeStateVector(d)]
];
console.log('\n| piece on its own | µs per update |');
console.log('|---|---:|');
for (const [name, run] of pieces) console.log(`| ${name} | ${median([0, 1, 2].map(() => piece(seed, moves, run))).toFixed(1)} |`);
