/**
 * Export-stall benchmark: does making a big export slow the room down for everyone else?
 *
 *   npm run bench:exports      (node --expose-gc --import tsx bench/exports.ts)
 *
 * A board of 5,000 elements (every template's worked example, then plain notes and connectors, as
 * bench/lib/big-board.ts builds it through a real client) on our server, in a child process of its own
 * (bench/lib/server-host.ts). Ten stock WebsocketProvider clients are in the board's `content` room,
 * asking for save acknowledgements as the app does; one of them moves notes 50 times a second, and for
 * each move the benchmark measures the time until the nine others have it. Meanwhile GET /healthz is
 * asked every 50 ms (one keep-alive connection), timing each answer.
 *
 * Phases, one after another on the same room: idle (no export), then for each format back-to-back
 * downloads of that format by the facilitator (the next starts when the last has arrived), until
 * EXPORTS of them are done and at least MIN_PHASE_S seconds have passed. Each phase reports sync latency
 * and /healthz latency p50 / p99 / max, and its p99 against the idle phase's (the goal: at most 2x).
 *
 * The pseudo-format `compact` is a phase of back-to-back compactions of the room instead (the server host
 * compacts it, the next when the last is stored, at least EXPORTS times): what folding the log of a
 * 5,000-element board into its snapshot costs the room. Every phase also reports the server's longest
 * event-loop stall (perf_hooks monitorEventLoopDelay in the server's process).
 *
 * Two servers side by side in one run: ours as it is (exports in worker threads), and ours making the
 * files on its event loop as before (`ours-inline-exports`), the anchor. There is no reference server
 * with exports. BENCH_SERVERS=ours picks servers, BENCH_FORMATS=pdf,png the formats (compact, pdf, docx, png,
 * svg, xlsx, csv, md, json), BENCH_EXPORTS=n the downloads (or compactions) per phase. Results: a table, and
 * bench/results/exports-<date>.json. The run is bounded: a watchdog ends it after 10 minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { connect, join, type Client } from '../tests/helpers/clients.js';
import { getElementsMap, type ElementMap } from '../src/lib/doc/board-doc.js';
import { TEMPLATE_MODELS } from '../src/lib/templates/models.js';
import { readAcks } from './lib/acks.js';
import { addBigBoard } from '../tests/helpers/big-board.js';
import { startHost, type Host, type HostKind } from './lib/host.js';
import { fmt, machine, sleep, summary, table, waitUntil, waitUntilAsync } from './lib/measure.js';

const CONFIG = {
	elements: 5000,
	/** Of the elements added beyond the exercises: notes (the rest are connectors). */
	noteShare: 0.8,
	clients: 10,
	moveIntervalMs: 20,
	idleSeconds: 12,
	/** Moves made after building and before the idle phase, not counted. */
	settleSeconds: 5,
	minPhaseSeconds: 8,
	healthzIntervalMs: 50
};
const EXPORTS = Number(process.env.BENCH_EXPORTS ?? 3);
const FORMATS = (process.env.BENCH_FORMATS ?? 'compact,pdf,docx,png,svg,json')
	.split(',')
	.map((f) => f.trim())
	.filter(Boolean);
const SERVERS = (process.env.BENCH_SERVERS ?? 'ours,ours-inline-exports').split(',').map((s) => s.trim()) as HostKind[];
const WATCHDOG_MS = 10 * 60_000;
const COMMAND = 'npm run bench:exports';
const LABELS: Partial<Record<HostKind, string>> = {
	ours: 'Convene (export workers)',
	'ours-inline-exports': 'Convene, exports on the event loop (before)'
};

interface PhaseResult {
	phase: string;
	seconds: number;
	moves: number;
	syncMs: ReturnType<typeof summary>;
	healthzMs: ReturnType<typeof summary>;
	exports: number;
	exportSeconds: number[];
	exportBytes: number;
	exportErrors: string[];
	/** The server's event loop: its longest stall and p99 delay in the phase, ms. */
	loopMaxMs: number;
	loopP99Ms: number;
	loadAverage: number[];
}

const post = async (base: string, path: string, body: unknown) => {
	const res = await fetch(`${base}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	if (res.status !== 200 && res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
	return res.json();
};

/** The room: a 5,000-element board, its facilitator's session, and ten connected clients. */
async function setUp(host: Host): Promise<{ boardId: string; facilitator: string; clients: Client[] }> {
	const created = (await post(host.url, '/api/boards', {
		title: 'Reducing exclusions in Northshire: the whole county',
		templates: TEMPLATE_MODELS.map((m) => m.id),
		example: true
	})) as {
		id: string;
		links: Record<string, string>;
	};
	const joined = await join(host.url, created.id, created.links.facilitator, 'Alex Morgan', 'Local authority education');
	const facilitator = joined.sessionToken;
	const builder = connect(host.url, created.id, 'content', facilitator);
	await waitUntil(() => builder.provider.synced, 'the builder to sync', 20_000, 5);
	const already = getElementsMap(builder.doc).size;
	const more = CONFIG.elements - already;
	const notes = Math.round(more * CONFIG.noteShare);
	addBigBoard(builder.doc, notes, more - notes, joined.participantId);
	await waitUntilAsync(
		async () => (await host.elements()) >= CONFIG.elements,
		`the server to hold ${CONFIG.elements} elements`,
		60_000,
		200
	);
	builder.destroy();

	const clients: Client[] = [];
	for (let i = 0; i < CONFIG.clients; i++) {
		const session = (await join(host.url, created.id, created.links.participant, `Person ${i + 1}`, 'School')).sessionToken;
		clients.push(readAcks(connect(host.url, created.id, 'content', session, undefined, { acks: '1' })));
	}
	await waitUntil(
		() => clients.every((c) => c.provider.synced && getElementsMap(c.doc).size >= CONFIG.elements),
		'every client to sync the board',
		60_000,
		10
	);
	return { boardId: created.id, facilitator, clients };
}

let phaseCount = 0;

/**
 * Moves notes at 50/s and polls /healthz until `done()` says stop; returns both latencies. Move i puts a
 * note at x = X0 + seq, so a receiver reads which move it got from the note itself.
 */
async function measure(
	host: Host,
	clients: Client[],
	done: () => boolean
): Promise<{ sync: number[]; healthz: number[]; moves: number; seconds: number }> {
	const [writer, ...receivers] = clients;
	const elements = getElementsMap(writer.doc);
	const ids = [...elements.keys()].filter((id) => id.startsWith('big-note-')).slice(0, 50);
	// Within the board's coordinates (±1,000,000), and apart from the last phase's moves.
	const X0 = 100_000 + (phaseCount++ % 8) * 100_000;
	const sentAt: number[] = [];
	const doneAt: number[] = [];
	const seen: number[] = [];
	const observers = receivers.map((receiver) => {
		const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
			const now = performance.now();
			for (const event of events) {
				if (!(event instanceof Y.YMapEvent) || !event.keysChanged.has('x')) continue;
				const seq = ((event.target as ElementMap).get('x') as number) - X0;
				if (seq >= 0 && seq < sentAt.length && ++seen[seq] === receivers.length) doneAt[seq] = now;
			}
		};
		getElementsMap(receiver.doc).observeDeep(observer);
		return () => getElementsMap(receiver.doc).unobserveDeep(observer);
	});

	const healthz: number[] = [];
	let stop = false;
	const poll = (async () => {
		while (!stop) {
			const t0 = performance.now();
			const res = await fetch(`${host.url}/healthz`);
			await res.json();
			healthz.push(performance.now() - t0);
			const wait = CONFIG.healthzIntervalMs - (performance.now() - t0);
			if (wait > 0) await sleep(wait);
		}
	})();

	const start = performance.now();
	for (let i = 0; !done(); i++) {
		const wait = start + i * CONFIG.moveIntervalMs - performance.now();
		if (wait > 0) await sleep(wait);
		sentAt.push(performance.now());
		seen.push(0);
		doneAt.push(NaN);
		writer.doc.transact(() => {
			const note = elements.get(ids[i % ids.length])!;
			note.set('x', X0 + i);
			note.set('y', 500 + ((i * 37) % 400));
		});
	}
	const seconds = (performance.now() - start) / 1000;
	stop = true;
	await poll;
	await waitUntil(() => seen.every((n) => n === receivers.length), 'every move to reach every client', 60_000, 5);
	for (const off of observers) off();
	return { sync: sentAt.map((t, i) => doneAt[i] - t), healthz, moves: sentAt.length, seconds };
}

async function phase(
	host: Host,
	room: { boardId: string; facilitator: string; clients: Client[] },
	format: string | null
): Promise<PhaseResult> {
	const load0 = loadavg()[0];
	const exportSeconds: number[] = [];
	const exportErrors: string[] = [];
	let exportBytes = 0;
	let exporting: Promise<void> = Promise.resolve();
	let finished = false;
	await host.loopDelay();
	const began = performance.now();
	if (format === 'compact') {
		exporting = (async () => {
			while (exportSeconds.length < EXPORTS || performance.now() - began < CONFIG.minPhaseSeconds * 1000) {
				const t0 = performance.now();
				try {
					await host.compact();
				} catch (error) {
					exportErrors.push(String(error));
					break;
				}
				exportSeconds.push((performance.now() - t0) / 1000);
			}
			finished = true;
		})();
	} else if (format) {
		exporting = (async () => {
			while (exportSeconds.length < EXPORTS || performance.now() - began < CONFIG.minPhaseSeconds * 1000) {
				const t0 = performance.now();
				const res = await fetch(`${host.url}/api/boards/${room.boardId}/export/${format}?session=${room.facilitator}`);
				const body = await res.arrayBuffer();
				if (res.status !== 200) exportErrors.push(`${res.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`);
				else exportBytes = body.byteLength;
				exportSeconds.push((performance.now() - t0) / 1000);
				if (exportErrors.length > 3) break;
			}
			finished = true;
		})();
	}
	const idleUntil = began + CONFIG.idleSeconds * 1000;
	const result = await measure(host, room.clients, () => (format ? finished : performance.now() >= idleUntil));
	await exporting;
	const loop = await host.loopDelay();
	return {
		phase: format === 'compact' ? 'back-to-back compactions' : format ? `back-to-back ${format.toUpperCase()}` : 'idle',
		seconds: result.seconds,
		moves: result.moves,
		syncMs: summary(result.sync),
		healthzMs: summary(result.healthz),
		exports: exportSeconds.length,
		exportSeconds,
		exportBytes,
		exportErrors,
		loopMaxMs: loop.maxMs,
		loopP99Ms: loop.p99Ms,
		loadAverage: [load0, loadavg()[0]]
	};
}

async function main(): Promise<void> {
	const hosts: Host[] = [];
	const watchdog = setTimeout(() => {
		console.error(`\nThe benchmark ran longer than ${WATCHDOG_MS / 1000} s; stopping.`);
		for (const host of hosts) void host.stop();
		setTimeout(() => process.exit(1), 2000).unref();
	}, WATCHDOG_MS);
	watchdog.unref();
	process.setMaxListeners(100);
	const began = performance.now();
	console.log(
		`Export-stall benchmark: ${CONFIG.elements} elements, ${CONFIG.clients} clients, one moving notes at ${1000 / CONFIG.moveIntervalMs}/s; formats ${FORMATS.join(', ')}.`
	);
	const results: Record<string, { label: string; phases: PhaseResult[] }> = {};
	try {
		for (const kind of SERVERS) {
			const host = await startHost(kind);
			hosts.push(host);
			const label = LABELS[kind] ?? kind;
			process.stdout.write(`  ${label}: building the board ... `);
			const t0 = performance.now();
			const room = await setUp(host);
			console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
			// Let the server settle after building (its first compaction, GC of the build) before measuring.
			await measure(
				host,
				room.clients,
				(
					(until) => () =>
						performance.now() >= until
				)(performance.now() + CONFIG.settleSeconds * 1000)
			);
			const phases: PhaseResult[] = [];
			for (const format of [null, ...FORMATS]) {
				process.stdout.write(`  ${label}: ${format ? format.toUpperCase() : 'idle'} ... `);
				const r = await phase(host, room, format);
				phases.push(r);
				const each = format
					? `, ${r.exports} exports (median ${median(r.exportSeconds).toFixed(2)} s, slowest ${Math.max(...r.exportSeconds).toFixed(2)} s)`
					: '';
				console.log(`${r.seconds.toFixed(1)} s, ${r.moves} moves${each}, load ${r.loadAverage.map((l) => l.toFixed(1)).join('→')}`);
				if (r.exportErrors.length) console.log(`    errors: ${r.exportErrors.join('; ')}`);
			}
			results[kind] = { label, phases };
			for (const c of room.clients) c.destroy();
			await host.stop();
			hosts.splice(hosts.indexOf(host), 1);
		}
	} finally {
		for (const host of hosts) await host.stop();
		clearTimeout(watchdog);
	}

	const rows: string[][] = [
		[
			'server',
			'phase',
			'sync p50',
			'sync p99',
			'sync max',
			'p99 / idle',
			'healthz p50',
			'healthz p99',
			'healthz max',
			'loop max',
			'exports',
			's per export'
		]
	];
	for (const { label, phases } of Object.values(results)) {
		const idleP99 = phases[0].syncMs.p99;
		for (const r of phases) {
			const s = r.syncMs;
			const h = r.healthzMs;
			rows.push([
				label,
				r.phase,
				fmt(s.p50),
				fmt(s.p99),
				fmt(s.max),
				r.phase === 'idle' ? '' : `${(s.p99 / idleP99).toFixed(2)}x`,
				fmt(h.p50),
				fmt(h.p99),
				fmt(h.max),
				fmt(r.loopMaxMs),
				r.phase === 'idle' ? '' : String(r.exports),
				r.phase === 'idle' ? '' : fmt(median(r.exportSeconds), 2)
			]);
		}
	}
	console.log(
		"\nLatencies in ms. Sync: from a move to the moment the last of the 9 other clients has it. Loop max: the server's longest event-loop stall in the phase. Exports / s per export: compactions and s per compaction in the compactions phase. Goal: sync p99 during exports at most 2x idle.\n"
	);
	console.log(table(rows));
	const seconds = (performance.now() - began) / 1000;
	const dir = fileURLToPath(new URL('./results/', import.meta.url));
	mkdirSync(dir, { recursive: true });
	const now = new Date();
	const file = `${dir}exports-${now
		.toISOString()
		.replace(/\.\d+Z$/, '')
		.replace(/:/g, '-')}.json`;
	writeFileSync(
		file,
		JSON.stringify(
			{
				benchmark: 'exports',
				date: now.toISOString(),
				command: COMMAND,
				machine: machine(),
				seconds,
				config: { ...CONFIG, exports: EXPORTS, formats: FORMATS },
				results
			},
			null,
			'\t'
		) + '\n'
	);
	console.log(`\nWhole run: ${seconds.toFixed(1)} s. Results: ${file}`);
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	}
);
