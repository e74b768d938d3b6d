/**
 * Sync benchmark: our server against the classic y-websocket 1.5.4 server, in one run, on loopback.
 *
 *   npm run bench:sync      (node --expose-gc --import tsx bench/sync.ts)
 *
 * Each server runs in a child process of its own (bench/lib/server-host.ts); the clients run here, and
 * are the same code for every server: the stock WebsocketProvider from y-websocket 3 with `ws`, through
 * tests/helpers/clients.ts. For our server, boards are created and joined over HTTP first (not timed);
 * the reference needs no session and ignores the `session` parameter.
 *
 *   (a) fan-out latency: 20 clients in one room, one makes 500 note moves at a steady 50/s; per move, the
 *       time until all 19 others have it.
 *   (b) throughput: 10 rooms x 5 clients, each client makes 200 text edits as fast as it can (one edit
 *       per client per event-loop turn); the time until every doc in every room has converged.
 *   (c) join cost: the time for a new client to be synced with a room holding 2,000 notes, over 20 joins.
 *   (d) server memory: heapUsed of the server process (after a forced GC) with 50 rooms loaded, each
 *       holding 200 notes, minus the same before.
 *   (e) busy rooms: one room of 20, 50, 100 and 300 clients with acks; note moves as in (a). At each size the
 *       servers take turns, round after round (BENCH_SCALE_ROUNDS, default 3), so that a loaded machine's slow
 *       stretches fall on all of them; the table gives each server's median with the lowest and highest round,
 *       and ours against each reference round by round. BENCH_SCALE_WARMUP=n runs n rounds per server first,
 *       not counted (the servers' code warmed up, as in a server that has run for a while).
 *   (f) connecting: 100 clients open a room of 200 notes at once.
 *
 * Three servers run side by side: ours, the reference as deployed (CommonJS, so on yjs's CommonJS build),
 * and the reference on yjs's ES module build, which ours uses too (see bench/lib/server-host.ts): the
 * CommonJS build is markedly slower at encoding, and that is not a difference between the servers.
 * (b) and (c) are short, so they run three rounds (the order of the servers rotating) and report the
 * median; every round is kept in the JSON.
 *
 * Results are printed as a table and written to bench/results/sync-<date>.json. The run is bounded: every
 * wait has a time limit, and a watchdog ends the run (and the server processes) after 10 minutes, more when (e)
 * runs several rounds.
 *
 * For working on it: BENCH_ONLY=bc runs only those phases; BENCH_SERVERS=ours,ours-memory picks the
 * servers (ours-memory: ours with the in-memory store, to see what SQLite costs; ours-before: the server of
 * the checkout in BENCH_BEFORE_DIR, to compare a change in one run); BENCH_CPU_PROFILE_DIR=/tmp/prof makes
 * the server processes write V8 CPU profiles there (whole run), BENCH_PROFILE_DIR=/tmp/prof only of the
 * measured part of (a) and (e); BENCH_SCALE_SIZES=20,300 runs only those sizes of (e).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { connect, createBoard, join, type Client } from '../tests/helpers/clients.js';
import { getElementsMap, type ElementMap } from '../src/lib/doc/board-doc.js';
import { toElementMap } from '../src/lib/doc/element-map.js';
import { Element } from '../src/lib/doc/schema.js';
import { indicesAbove } from '../src/lib/shared/order.js';
import { readAcks } from './lib/acks.js';
import { MESSAGE_SAVED } from '../server/transport/protocol.js';
import { DEFAULT_HOST_KINDS, HOST_KINDS, startHost, type Host, type HostKind } from './lib/host.js';
import { loadavg } from 'node:os';
import { fmt, machine, nextTurn, random, sleep, summary, table, waitUntil, waitUntilAsync } from './lib/measure.js';
import {
	median,
	runNotes,
	tableRows,
	type FanOutResult,
	type JoinResult,
	type ConnectResult,
	type MemoryResult,
	scaleTable,
	type ScaleRounds,
	type Results,
	type ServerResults,
	type ThroughputResult
} from './lib/sync-report.js';

const CONFIG = {
	fanOut: { clients: 20, notes: 50, warmup: 25, edits: 500, intervalMs: 20, rounds: 1 },
	throughput: { rooms: 10, clientsPerRoom: 5, editsPerClient: 200, rounds: 3 },
	join: { notes: 2000, notesPerTransaction: 100, joins: 20, rounds: 3 },
	memory: { rooms: 50, notesPerRoom: 200, rounds: 1 },
	/** (e) One room of each size, acks on: note moves at a rate the 300 clients in this one process can take. */
	scale: {
		/** BENCH_SCALE_SIZES=20,300 runs only those room sizes (for profiling one of them). */
		sizes: (process.env.BENCH_SCALE_SIZES ?? '20,50,100,300').split(',').map(Number),
		notes: 50,
		warmup: 20,
		edits: 200,
		intervalMs: { 20: 20, 50: 20, 100: 40, 300: 100 } as Record<number, number>,
		/**
		 * Rounds per room size, interleaved: at each size every server takes a turn, then every server again
		 * (the order rotating), so that a slow stretch of a loaded machine falls on all of them alike.
		 */
		rounds: Number(process.env.BENCH_SCALE_ROUNDS ?? 3),
		/**
		 * BENCH_SCALE_WARMUP=n: n rounds per server before the first size's measured rounds, not counted. A server
		 * process starts just before (e), and V8 optimises a function only after it has run for a while: the first
		 * rounds measure a server still warming up (more of it the more JavaScript it runs per update), and V8's
		 * memory reducer runs its collections about 8 s after start-up, in whichever round that is.
		 */
		warmupRounds: Number(process.env.BENCH_SCALE_WARMUP ?? 0)
	},
	/** (f) 100 clients connect to a room of 200 notes at once, acks on; BENCH_CONNECT_ROUNDS rounds (3). */
	connect: { clients: 100, notes: Number(process.env.BENCH_CONNECT_NOTES ?? 200), rounds: Number(process.env.BENCH_CONNECT_ROUNDS ?? 3) }
} as const;

/** Ten minutes, and a minute more per size of (e) for each round after the first. */
const WATCHDOG_MS = 600_000 + Math.max(0, CONFIG.scale.rounds - 1) * CONFIG.scale.sizes.length * 60_000;
const COMMAND = 'npm run bench:sync';

// ---------------------------------------------------------------------------------------------------
// Targets: one server, the way a client reaches a room on it.

interface BenchRoom {
	boardId: string;
	/** A session token for one more client (ours: a real participant join over HTTP). */
	session(): Promise<string>;
}

interface Target {
	kind: HostKind;
	label: string;
	host: Host;
	newRoom(): Promise<BenchRoom>;
}

let referenceRooms = 0;

const LABELS: Record<HostKind, string> = {
	reference: 'y-websocket 1.5.4',
	'reference-esm': 'y-websocket 1.5.4, ESM yjs',
	ours: 'Convene',
	'ours-built': 'Convene, bundled (no tsx)',
	'ours-before': 'Convene before (BENCH_BEFORE_DIR)',
	'ours-no-rules': 'Convene without the rules',
	'ours-memory': 'Convene, memory store',
	'ours-bare': 'Convene, memory store, no rules',
	'ours-inline-exports': 'Convene, exports on the event loop'
};

function target(host: Host): Target {
	if (host.kind === 'reference' || host.kind === 'reference-esm') {
		return {
			kind: host.kind,
			label: LABELS[host.kind],
			host,
			async newRoom() {
				const boardId = `reference${String(++referenceRooms).padStart(6, '0')}`;
				return { boardId, session: async () => 'the-reference-server-ignores-this' };
			}
		};
	}
	let people = 0;
	return {
		kind: host.kind,
		label: LABELS[host.kind],
		host,
		async newRoom() {
			const board = await createBoard(host.url, 'Benchmark board');
			return {
				boardId: board.id,
				session: async () => (await join(host.url, board.id, board.links.participant, `Bench person ${++people}`, 'School')).sessionToken
			};
		}
	};
}

async function clientsFor(t: Target, room: BenchRoom, n: number, acks = ACKS): Promise<Client[]> {
	const sessions: string[] = [];
	for (let i = 0; i < n; i++) sessions.push(await room.session());
	return sessions.map((session, i) => {
		const client = readAcks(connect(t.host.url, room.boardId, 'content', session, undefined, acks));
		client.provider.awareness.setLocalState(presenceLikeTheApp(i));
		return client;
	});
}

/**
 * A presence state the size of the app's (Board.svelte sets `user` to `board.me`; the canvas adds the cursor and the
 * selection). Ours replaces `user` with the identity from the session (the same fields); the reference relays it as
 * it is. Without it the reference relayed `{}` while ours relayed the stamped identity, which at 300 clients, where
 * presence renewals are most of the messages, compared unequal payloads.
 */
function presenceLikeTheApp(i: number) {
	return {
		user: {
			id: `benchperson${String(i).padStart(7, '0')}`,
			name: `Bench person ${i + 1}`,
			agency: 'School',
			role: 'participant',
			color: '#1d70b8'
		},
		cursor: null,
		selection: []
	};
}

async function allSynced(clients: readonly Client[], timeoutMs = 20_000): Promise<void> {
	await waitUntil(() => clients.every((c) => c.provider.synced), `${clients.length} clients to sync`, timeoutMs, 5);
}

/** Resolves when the provider reports synced (event-driven, for timing joins). */
function syncedEvent(client: Client, timeoutMs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		if (client.provider.synced) return resolve();
		const timer = setTimeout(() => reject(new Error(`a join did not sync within ${timeoutMs} ms`)), timeoutMs);
		const onSync = (state: boolean) => {
			if (!state) return;
			clearTimeout(timer);
			client.provider.off('sync', onSync);
			resolve();
		};
		client.provider.on('sync', onSync);
	});
}

function unexpectedCloses(clients: readonly Client[]): number {
	return clients.reduce((n, c) => n + c.closes.length, 0);
}

async function destroyAll(clients: readonly Client[]): Promise<void> {
	for (const c of clients) c.destroy();
	// Let both servers notice the closes and drop (ours: unload after its 200 ms grace) the rooms.
	await sleep(400);
}

async function serverCpuMs(host: Host): Promise<number> {
	const { cpu } = await host.stats();
	return (cpu.user + cpu.system) / 1000;
}

/** The server process's CPU time so far, user and system apart, ms; and each thread's (user + system), ms. */
async function serverCpuSplit(
	host: Host
): Promise<{ user: number; system: number; threads: Record<string, number>; gc: { ms: number; majorMs: number; majors: number } }> {
	const { cpu, threads, gc } = await host.stats();
	const byThread = Object.fromEntries(Object.entries(threads).map(([name, t]) => [name, (t.run ?? t.user + t.system) / 1000]));
	return { user: cpu.user / 1000, system: cpu.system / 1000, threads: byThread, gc };
}

// ---------------------------------------------------------------------------------------------------
// Notes as the board writes them: one Y.Map per element, made by the project's own toElementMap.

let noteCounter = 0;

function makeNotes(doc: Y.Doc, count: number, perTransaction = count): string[] {
	const elements = getElementsMap(doc);
	const ids: string[] = [];
	const indices = indicesAbove(null, count);
	for (let start = 0; start < count; start += perTransaction) {
		doc.transact(() => {
			for (let i = start; i < Math.min(count, start + perTransaction); i++) {
				const id = `bench-note-${++noteCounter}`;
				const note = Element.parse({
					kind: 'note',
					id,
					index: indices[i],
					parent: null,
					x: (i % 40) * 220,
					y: Math.floor(i / 40) * 180,
					w: 200,
					h: 160,
					color: 'yellow',
					text: `Parents feel unheard when plans change (${i})`
					// No createdBy: our server refuses things added in someone else's name, and these clients' names differ.
				});
				elements.set(id, toElementMap(note));
				ids.push(id);
			}
		});
	}
	return ids;
}

// ---------------------------------------------------------------------------------------------------
// (a) Fan-out latency

async function fanOut(t: Target): Promise<FanOutResult> {
	const { clients, notes, warmup, edits, intervalMs } = CONFIG.fanOut;
	return moveLatency(t, { clients, notes, warmup, edits, intervalMs, acks: ACKS });
}

/**
 * `clients` in one room; the first moves notes (two Y.Map sets in one transaction, as a drop writes)
 * `warmup + edits` times, one every `intervalMs`; per move, the time until all the others have it.
 */
async function moveLatency(
	t: Target,
	{
		clients: n,
		notes,
		warmup,
		edits,
		intervalMs,
		acks
	}: { clients: number; notes: number; warmup: number; edits: number; intervalMs: number; acks: Record<string, string> }
): Promise<FanOutResult> {
	const room = await t.newRoom();
	const clients = await clientsFor(t, room, n, acks);
	try {
		await allSynced(clients, 60_000);
		// Everyone's presence reaches everyone once (n² messages at 300 clients): let that settle first.
		await sleep(500 + 5 * n);
		const [writer, ...receivers] = clients;
		const ids = makeNotes(writer.doc, notes);
		await waitUntil(() => receivers.every((c) => getElementsMap(c.doc).size === notes), 'the notes to reach everyone', 30_000);

		// Edit i moves a note to x = X0 + i, so a receiver reads which edit it got from the note itself.
		const X0 = 10_000;
		const total = warmup + edits;
		const sentAt = new Float64Array(total);
		const doneAt = new Float64Array(total);
		const seen = new Uint16Array(total);
		for (const receiver of receivers) {
			getElementsMap(receiver.doc).observeDeep((events) => {
				const now = performance.now();
				for (const event of events) {
					if (!(event instanceof Y.YMapEvent) || !event.keysChanged.has('x')) continue;
					const seq = ((event.target as ElementMap).get('x') as number) - X0;
					if (seq >= 0 && seq < total && ++seen[seq] === receivers.length) doneAt[seq] = now;
				}
			});
		}

		// When the writer's acknowledgements cover each move: its clock after the move against the acked state vector.
		const clockAt = new Float64Array(total);
		const ackedAt = new Float64Array(total);
		let acked = 0;
		writer.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
			const now = performance.now();
			const mine = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(writer.doc.clientID) ?? 0;
			while (acked < total && clockAt[acked] > 0 && clockAt[acked] <= mine) ackedAt[acked++] = now;
		};

		let cpu0: Awaited<ReturnType<typeof serverCpuSplit>> = { user: 0, system: 0, threads: {}, gc: { ms: 0, majorMs: 0, majors: 0 } };
		const elements = getElementsMap(writer.doc);
		let start = performance.now() + 5;
		for (let i = 0; i < total; i++) {
			const wait = start + i * intervalMs - performance.now();
			if (wait > 0) await sleep(wait);
			if (i === warmup) {
				if (PROFILE_DIR) await t.host.profileStart();
				cpu0 = await serverCpuSplit(t.host);
				await t.host.loopDelay(); // starts the server's event-loop delay afresh for the measured part
				// The measured moves keep their pace from here: no burst to catch up with the time these asks took.
				start = performance.now() - i * intervalMs;
			}
			sentAt[i] = performance.now();
			writer.doc.transact(() => {
				const note = elements.get(ids[i % notes])!;
				note.set('x', X0 + i);
				note.set('y', 500 + ((i * 37) % 400));
			});
			clockAt[i] = Y.getState(writer.doc.store, writer.doc.clientID);
		}
		const sendSeconds = (performance.now() - sentAt[warmup]) / 1000;
		await waitUntil(() => seen.every((count) => count === receivers.length), 'every move to reach every client', 30_000);
		const cpu1 = await serverCpuSplit(t.host);
		const loop = await t.host.loopDelay();
		if (PROFILE_DIR)
			await t.host.profileStop(
				`${PROFILE_DIR}/${t.kind}-${n}-clients-${++profiles}.${process.env.BENCH_PERF_DIR ? 'perf.data' : 'cpuprofile'}`
			);

		const latencies: number[] = [];
		for (let i = warmup; i < total; i++) latencies.push(doneAt[i] - sentAt[i]);
		// Acks still on their way when the last move arrived everywhere are waited for briefly (a held write is at most 30 ms).
		if (acked > 0) await waitUntil(() => acked === total, 'every move acknowledged', 5_000).catch(() => undefined);
		const ackLatencies: number[] = [];
		for (let i = warmup; i < total; i++) if (ackedAt[i] > 0) ackLatencies.push(ackedAt[i] - sentAt[i]);
		const user = cpu1.user - cpu0.user;
		const system = cpu1.system - cpu0.system;
		const serverCpu = user + system;
		const deliveries = edits * receivers.length;
		// Each thread's CPU over the measured part, ms; threads that ended in between are not counted.
		const threadCpuMs = Object.fromEntries(Object.entries(cpu1.threads).map(([name, ms]) => [name, ms - (cpu0.threads[name] ?? 0)]));
		return {
			edits,
			rateHz: edits / sendSeconds,
			latencyMs: summary(latencies),
			ackMs: ackLatencies.length > 0 ? summary(ackLatencies) : undefined,
			serverCpuMs: serverCpu,
			cpuPerDeliveryUs: (serverCpu * 1000) / deliveries,
			userCpuPerDeliveryUs: (user * 1000) / deliveries,
			systemCpuPerDeliveryUs: (system * 1000) / deliveries,
			mainCpuPerDeliveryUs: threadCpuMs.main === undefined ? undefined : (threadCpuMs.main * 1000) / deliveries,
			threadCpuMs,
			gcMs: { all: cpu1.gc.ms - cpu0.gc.ms, major: cpu1.gc.majorMs - cpu0.gc.majorMs, majors: cpu1.gc.majors - cpu0.gc.majors },
			loopDelayMs: { p99: loop.p99Ms, max: loop.maxMs },
			closes: unexpectedCloses(clients)
		};
	} finally {
		await destroyAll(clients);
	}
}

// ---------------------------------------------------------------------------------------------------
// (b) Throughput

async function throughput(t: Target): Promise<ThroughputResult> {
	const { rooms: roomCount, clientsPerRoom, editsPerClient } = CONFIG.throughput;
	const groups: Client[][] = [];
	for (let r = 0; r < roomCount; r++) groups.push(await clientsFor(t, await t.newRoom(), clientsPerRoom));
	const all = groups.flat();
	try {
		await allSynced(all);
		// One note per room; everyone types into its text.
		const texts: Y.Text[][] = [];
		for (const group of groups) {
			const [id] = makeNotes(group[0].doc, 1);
			await waitUntil(() => group.every((c) => getElementsMap(c.doc).has(id)), 'the note to reach the room', 10_000);
			texts.push(group.map((c) => getElementsMap(c.doc).get(id)!.get('text') as Y.Text));
		}
		// Four characters each: 1,000 of them stay within a note's 5,000 (MAX_TEXT); our server refuses a longer text.
		const words = ['gap ', 'aim ', 'ask ', 'act ', 'map ', 'why '];
		const rand = random(42);
		// What each room's text must reach: the note's first text and everything its clients typed.
		const expected = texts.map((roomTexts) => roomTexts[0].length);
		const cpu0 = await serverCpuMs(t.host);
		const start = performance.now();
		for (let round = 0; round < editsPerClient; round++) {
			for (const [r, roomTexts] of texts.entries()) {
				for (const text of roomTexts) {
					const word = words[Math.floor(rand() * words.length)];
					text.insert(Math.floor(rand() * (text.length + 1)), word);
					expected[r] += word.length;
				}
			}
			// One edit per client per turn of the event loop, so that incoming messages are read in between.
			await nextTurn();
		}
		// Y.Text lengths are cached, so this check is cheap enough to poll every millisecond.
		await waitUntil(
			() => texts.every((roomTexts, r) => roomTexts.every((x) => x.length === expected[r])),
			'every room to converge',
			60_000
		).catch((error: Error) => {
			const lengths = texts.map((roomTexts, r) => `${roomTexts.map((x) => x.length).join('/')} of ${expected[r]}`);
			throw new Error(`${error.message} (text lengths per room: ${lengths.join('; ')}; connection closes: ${unexpectedCloses(all)})`);
		});
		const seconds = (performance.now() - start) / 1000;
		const cpu1 = await serverCpuMs(t.host);
		const converged = texts.every((roomTexts) => roomTexts.every((x) => x.toString() === roomTexts[0].toString()));
		const updates = roomCount * clientsPerRoom * editsPerClient;
		return {
			updates,
			seconds,
			updatesPerSecond: updates / seconds,
			deliveriesPerSecond: (updates * (clientsPerRoom - 1)) / seconds,
			serverCpuMs: cpu1 - cpu0,
			converged,
			closes: unexpectedCloses(all)
		};
	} finally {
		await destroyAll(all);
	}
}

// ---------------------------------------------------------------------------------------------------
// (c) Join cost

async function joinCost(t: Target): Promise<JoinResult> {
	const { notes, notesPerTransaction, joins } = CONFIG.join;
	const room = await t.newRoom();
	const sessions: string[] = [];
	for (let i = 0; i < joins + 2; i++) sessions.push(await room.session());
	const builder = connect(t.host.url, room.boardId, 'content', sessions[0]);
	const others: Client[] = [];
	try {
		await allSynced([builder]);
		makeNotes(builder.doc, notes, notesPerTransaction);
		const stateBytes = Y.encodeStateAsUpdate(builder.doc).byteLength;

		// The first join also proves the server holds all 2,000 notes; it is reported, not counted.
		const timeJoin = async (session: string): Promise<number> => {
			const started = performance.now();
			const client = readAcks(connect(t.host.url, room.boardId, 'content', session, undefined, ACKS));
			others.push(client);
			await syncedEvent(client, 15_000);
			const elapsed = performance.now() - started;
			if (getElementsMap(client.doc).size !== notes)
				throw new Error(`a join synced with ${getElementsMap(client.doc).size} of ${notes} notes`);
			client.destroy();
			return elapsed;
		};
		let firstJoinMs = await timeJoin(sessions[1]).catch(() => NaN);
		if (Number.isNaN(firstJoinMs)) {
			// The server may still be taking in the notes: wait until a join sees them all.
			await sleep(500);
			firstJoinMs = await timeJoin(sessions[1]);
		}
		const cpu0 = await serverCpuMs(t.host);
		const times: number[] = [];
		for (let i = 0; i < joins; i++) {
			times.push(await timeJoin(sessions[i + 2]));
			await sleep(20);
		}
		const cpu1 = await serverCpuMs(t.host);
		return {
			notes,
			stateBytes,
			firstJoinMs,
			joinMs: summary(times),
			serverCpuMs: cpu1 - cpu0,
			closes: unexpectedCloses([builder, ...others])
		};
	} finally {
		await destroyAll([builder, ...others]);
	}
}

// ---------------------------------------------------------------------------------------------------
// (d) Server memory

async function serverMemory(t: Target): Promise<MemoryResult> {
	const { rooms: roomCount, notesPerRoom } = CONFIG.memory;
	const rooms: BenchRoom[] = [];
	const sessions: string[] = [];
	for (let i = 0; i < roomCount; i++) {
		const room = await t.newRoom();
		rooms.push(room);
		sessions.push(await room.session());
	}
	// Ours loads a board's `server` doc to record each join, and the earlier phases' rooms; let those
	// unload (200 ms grace) first. The reference without persistence never frees a room, so its earlier
	// phases' rooms stay in its heap, in the baseline as well as after: the delta is the 50 new rooms.
	if (t.kind.startsWith('ours'))
		await waitUntilAsync(async () => (await t.host.stats()).rooms === 0, 'the server to hold no rooms', 10_000);
	const roomsBefore = (await t.host.stats()).rooms;
	const elementsBefore = await t.host.elements();
	const before = await t.host.memory();
	const clients: Client[] = [];
	try {
		for (let i = 0; i < roomCount; i++) clients.push(connect(t.host.url, rooms[i].boardId, 'content', sessions[i]));
		await allSynced(clients);
		for (const client of clients) makeNotes(client.doc, notesPerRoom);
		const stateBytesPerRoom = Y.encodeStateAsUpdate(clients[0].doc).byteLength;
		await waitUntilAsync(
			async () => (await t.host.elements()) === elementsBefore + roomCount * notesPerRoom,
			'the server to hold every note',
			20_000
		);
		// Ours writes in batches every 20 ms; let them land so that nothing pending is counted.
		await sleep(300);
		const stats = await t.host.stats();
		const after = await t.host.memory();
		const heapDelta = after.heapUsed - before.heapUsed;
		return {
			rooms: roomCount,
			notesPerRoom,
			gc: after.gc,
			roomsLoaded: stats.rooms - roomsBefore,
			heapUsedDeltaMiB: heapDelta / 2 ** 20,
			heapPerRoomKiB: heapDelta / roomCount / 1024,
			rssDeltaMiB: (after.rss - before.rss) / 2 ** 20,
			stateBytesPerRoom,
			closes: unexpectedCloses(clients)
		};
	} finally {
		await destroyAll(clients);
	}
}

// ---------------------------------------------------------------------------------------------------
// (e) Busy rooms: fan-out latency at 20, 50, 100 and 300 clients, acks on (as the app)

/**
 * Every room size in turn; at each size, `rounds` rounds in which every server runs once (the order rotating
 * from round to round: ABAB…, or ABC BCA CAB with three). Returns each server's rounds, by size.
 */
async function scaleInterleaved(targets: readonly Target[]): Promise<Map<HostKind, ScaleRounds>> {
	const { sizes, notes, warmup, edits, intervalMs, rounds } = CONFIG.scale;
	const out = new Map<HostKind, ScaleRounds>(targets.map((t) => [t.kind, {}]));
	let turn = 0;
	for (let round = 0; round < CONFIG.scale.warmupRounds; round++)
		for (const t of targets) {
			process.stdout.write(`  (e) warming up, ${sizes[0]} clients ${round + 1}/${CONFIG.scale.warmupRounds}: ${t.label} ... `);
			await moveLatency(t, { clients: sizes[0], notes, warmup, edits, intervalMs: intervalMs[sizes[0]], acks: { acks: '1' } });
			console.log('not counted');
		}
	for (const clients of sizes) {
		for (let round = 0; round < rounds; round++) {
			const order = targets.map((_, i) => targets[(i + turn) % targets.length]);
			turn++;
			for (const t of order) {
				const t0 = performance.now();
				process.stdout.write(`  (e) busy rooms, ${clients} clients ${round + 1}/${rounds}: ${t.label} ... `);
				const result = await moveLatency(t, { clients, notes, warmup, edits, intervalMs: intervalMs[clients], acks: { acks: '1' } });
				(out.get(t.kind)![clients] ??= []).push(result);
				console.log(
					`${((performance.now() - t0) / 1000).toFixed(1)} s  p50 ${fmt(result.latencyMs.p50, 1)} p99 ${fmt(result.latencyMs.p99, 1)} ms, ` +
						(result.ackMs ? `ack p50 ${fmt(result.ackMs.p50, 1)} p99 ${fmt(result.ackMs.p99, 1)} ms, ` : '') +
						`${fmt(result.cpuPerDeliveryUs ?? NaN, 1)} µs/delivery (user ${fmt(result.userCpuPerDeliveryUs ?? NaN, 1)}), ` +
						`GC ${fmt(result.gcMs?.all ?? NaN, 1)} ms (${result.gcMs?.majors ?? '?'} major, ${fmt(result.gcMs?.major ?? NaN, 1)} ms), load ${loadavg()[0].toFixed(1)}`
				);
			}
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------
// (f) Connecting: 100 clients open the same room at once

async function connectMany(t: Target): Promise<ConnectResult> {
	const { clients: n, notes } = CONFIG.connect;
	const room = await t.newRoom();
	const sessions: string[] = [];
	for (let i = 0; i < n + 1; i++) sessions.push(await room.session());
	// A builder keeps the room loaded, so the time is the connections', not loading the board.
	const builder = connect(t.host.url, room.boardId, 'content', sessions[0]);
	const clients: Client[] = [];
	try {
		await allSynced([builder]);
		makeNotes(builder.doc, notes);
		await sleep(300);
		const cpu0 = await serverCpuMs(t.host);
		const started = performance.now();
		const times = await Promise.all(
			sessions.slice(1).map((session) => {
				const client = readAcks(connect(t.host.url, room.boardId, 'content', session, undefined, { acks: '1' }));
				clients.push(client);
				const t0 = performance.now();
				return syncedEvent(client, 30_000).then(() => performance.now() - t0);
			})
		);
		const allMs = performance.now() - started;
		const cpu1 = await serverCpuMs(t.host);
		const short = clients.filter((c) => getElementsMap(c.doc).size !== notes).length;
		if (short) throw new Error(`${short} clients synced without all ${notes} notes`);
		return { clients: n, connectMs: summary(times), allMs, serverCpuMs: cpu1 - cpu0, closes: unexpectedCloses([builder, ...clients]) };
	} finally {
		await destroyAll([builder, ...clients]);
	}
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
	const began = performance.now();
	const hosts: Host[] = [];
	const watchdog = setTimeout(() => {
		console.error(`\nThe benchmark ran longer than ${WATCHDOG_MS / 1000} s; stopping.`);
		for (const host of hosts) void host.stop();
		setTimeout(() => process.exit(1), 2000).unref();
	}, WATCHDOG_MS);
	watchdog.unref();

	// Each WebsocketProvider adds a process 'exit' listener; 50 at once is expected here.
	process.setMaxListeners(400);
	console.log('Sync benchmark: Convene vs y-websocket 1.5.4, on loopback, in one run.');

	try {
		for (const kind of serverKinds()) hosts.push(await startHost(kind));
		const targets = hosts.map(target);
		const results: Results = {};
		for (const t of targets) {
			results[t.kind] = { label: t.label, yjs: t.host.yjs, clientCpuMs: {}, rounds: {} };
			console.log(`  ${t.label.padEnd(28)} ${t.host.url}  runs on ${t.host.yjs}`);
		}
		type Phase<R> = {
			key: 'a' | 'b' | 'c' | 'd' | 'e' | 'f';
			name: string;
			rounds: number;
			run(t: Target): Promise<R>;
			keep(r: ServerResults, runs: R[]): void;
		};
		const phase = <R>(p: Phase<R>) => p as unknown as Phase<unknown>;
		const phases = [
			phase({
				key: 'a',
				name: '(a) fan-out latency',
				rounds: CONFIG.fanOut.rounds,
				run: fanOut,
				keep: (r, runs) => (r.fanOut = median(runs))
			}),
			phase({
				key: 'b',
				name: '(b) throughput',
				rounds: CONFIG.throughput.rounds,
				run: throughput,
				keep: (r, runs) => (r.throughput = median(runs))
			}),
			phase({ key: 'c', name: '(c) join cost', rounds: CONFIG.join.rounds, run: joinCost, keep: (r, runs) => (r.join = median(runs)) }),
			phase({
				key: 'd',
				name: '(d) server memory',
				rounds: CONFIG.memory.rounds,
				run: serverMemory,
				keep: (r, runs) => (r.memory = median(runs))
			}),
			phase({ key: 'e', name: '(e) busy rooms', rounds: CONFIG.scale.rounds, run: () => Promise.resolve(null), keep: () => undefined }),
			phase({
				key: 'f',
				name: '(f) 100 connect at once',
				rounds: CONFIG.connect.rounds,
				run: connectMany,
				keep: (r, runs) => (r.connect = median(runs))
			})
		];
		// BENCH_ONLY=b (or ab, ...) runs only those phases, for working on the benchmark itself.
		const only = process.env.BENCH_ONLY;
		let turn = 0;
		for (const ph of phases) {
			if (only && !only.includes(ph.key)) continue;
			// (e) is interleaved across the servers at each room size rather than run one server at a time.
			if (ph.key === 'e') {
				await runScale(targets, results);
				continue;
			}
			const runs = new Map<HostKind, unknown[]>(targets.map((t) => [t.kind, []]));
			for (let round = 0; round < ph.rounds; round++) {
				// Rotate which server goes first, so that none always runs on a cold or a warm machine.
				const order = targets.map((_, i) => targets[(i + turn) % targets.length]);
				turn++;
				for (const t of order) {
					const t0 = performance.now();
					const cpu0 = process.cpuUsage();
					process.stdout.write(`  ${ph.name}${ph.rounds > 1 ? ` ${round + 1}/${ph.rounds}` : ''}: ${t.label} ... `);
					runs.get(t.kind)!.push(await ph.run(t));
					const cpu = process.cpuUsage(cpu0);
					const client = results[t.kind]!.clientCpuMs;
					client[ph.key] = [...(client[ph.key] ?? []), (cpu.user + cpu.system) / 1000];
					console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
				}
			}
			for (const t of targets) {
				const r = results[t.kind]!;
				ph.keep(r, runs.get(t.kind)!);
				if (ph.rounds > 1) r.rounds[ph.key] = runs.get(t.kind)!;
			}
		}
		for (const t of targets) results[t.kind]!.serverWarnings = (await t.host.stats()).warnings;

		const seconds = (performance.now() - began) / 1000;
		print(results);
		const file = save(results, seconds);
		console.log(`\nWhole run: ${seconds.toFixed(1)} s. Results: ${file}`);
	} finally {
		for (const host of hosts) await host.stop();
		clearTimeout(watchdog);
	}
}

/** Runs (e), keeps each server's rounds and their medians, and prints the interleaved comparison. */
async function runScale(targets: readonly Target[], results: Results): Promise<void> {
	const cpu0 = process.cpuUsage();
	const load = loadavg()[0];
	const byKind = await scaleInterleaved(targets);
	const cpu = process.cpuUsage(cpu0);
	for (const t of targets) {
		const r = results[t.kind]!;
		const rounds = byKind.get(t.kind)!;
		r.scale = Object.fromEntries(Object.entries(rounds).map(([size, runs]) => [size, median(runs)]));
		r.scaleRounds = rounds;
		r.clientCpuMs.e = [(cpu.user + cpu.system) / 1000 / targets.length];
	}
	console.log(
		`\n(e) interleaved, ${CONFIG.scale.rounds} rounds per size${CONFIG.scale.warmupRounds > 0 ? ` after ${CONFIG.scale.warmupRounds} not counted` : ''}; load average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end:\n`
	);
	console.log(table(scaleTable(results)));
}

function print(results: Results): void {
	const c = CONFIG;
	console.log(
		`\n(a) ${c.fanOut.clients} clients in one room, ${c.fanOut.edits} note moves at ${1000 / c.fanOut.intervalMs}/s; ` +
			`(b) ${c.throughput.rooms} rooms x ${c.throughput.clientsPerRoom} clients x ${c.throughput.editsPerClient} text edits, median of ${c.throughput.rounds}; ` +
			`(c) ${c.join.joins} joins of a room with ${c.join.notes} notes, median of ${c.join.rounds}; ` +
			`(d) ${c.memory.rooms} rooms x ${c.memory.notesPerRoom} notes; ` +
			`(e) one room of ${c.scale.sizes.join(', ')} clients with acks, ${c.scale.edits} moves each; (f) ${c.connect.clients} clients connect at once to a room of ${c.connect.notes} notes, median of ${c.connect.rounds}.\n`
	);
	console.log(table(tableRows(results)));
	const notes = runNotes(results);
	if (notes.length) console.log('\n' + notes.map((n) => `- ${n}`).join('\n'));
}

/**
 * BENCH_PROFILE_DIR=/tmp/prof: a V8 CPU profile of each server over the measured part of each (a) and (e) run.
 * BENCH_PERF_DIR=/tmp/perf instead records the same parts with Linux perf (`perf record -e cpu-clock -g`, CPU time
 * and not wall time, so a loaded machine's waits are not charged to whatever ran before them); add
 * BENCH_HOST_ARGS=--perf-basic-prof for the names of JavaScript functions (`perf report -i <file>`).
 */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ?? process.env.BENCH_PERF_DIR;
let profiles = 0;

/** BENCH_ACKS=1: clients ask for "saved" acknowledgements (`acks=1`), as the app's content provider does. */
const ACKS: Record<string, string> = process.env.BENCH_ACKS === '1' ? { acks: '1' } : {};

/** BENCH_SERVERS=reference,ours,ours-memory picks the servers; the default is DEFAULT_HOST_KINDS. */
function serverKinds(): HostKind[] {
	const named = process.env.BENCH_SERVERS?.split(',')
		.map((k) => k.trim())
		.filter(Boolean);
	if (!named?.length) return [...DEFAULT_HOST_KINDS];
	const unknown = named.filter((k) => !HOST_KINDS.includes(k as HostKind));
	if (unknown.length) throw new Error(`BENCH_SERVERS: unknown ${unknown.join(', ')} (known: ${HOST_KINDS.join(', ')})`);
	return HOST_KINDS.filter((k) => named.includes(k));
}

function save(results: Results, seconds: number): string {
	const dir = fileURLToPath(new URL('./results/', import.meta.url));
	mkdirSync(dir, { recursive: true });
	const now = new Date();
	const stamp = now
		.toISOString()
		.replace(/\.\d+Z$/, '')
		.replace(/:/g, '-');
	const file = `${dir}sync-${stamp}.json`;
	writeFileSync(
		file,
		JSON.stringify(
			{ benchmark: 'sync', date: now.toISOString(), command: COMMAND, machine: machine(), seconds, config: CONFIG, results },
			null,
			'\t'
		) + '\n'
	);
	return file;
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	}
);
