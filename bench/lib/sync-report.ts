/**
 * The sync benchmark's results: their shapes (as written to bench/results/sync-*.json), the table of
 * figures, and medians, shared by bench/sync.ts and bench/lib/combine.ts.
 */
import { HOST_KINDS, type HostKind } from './host-types.js';
import { fmt, percentile, type summary } from './measure.js';

export interface FanOutResult {
	edits: number;
	rateHz: number;
	latencyMs: ReturnType<typeof summary>;
	/** From each move until the writer's acknowledgement covers it (only servers that acknowledge). */
	ackMs?: ReturnType<typeof summary>;
	serverCpuMs: number;
	/** Server CPU per update delivered to one client, µs. */
	cpuPerDeliveryUs?: number;
	/**
	 * The same, user and system time apart. System time is mostly the kernel sending on loopback, the same work
	 * for every server per message but swinging with the machine's load; user time is the server's own code.
	 */
	userCpuPerDeliveryUs?: number;
	systemCpuPerDeliveryUs?: number;
	/**
	 * The same for the server's main thread (its event loop) alone (schedstat, ns resolution; 10 ms ticks where the kernel has no schedstat): process.cpuUsage also
	 * counts V8's helper threads (garbage collection, compilers), libuv's pool and worker threads.
	 */
	mainCpuPerDeliveryUs?: number;
	/** Each of the server's threads' CPU over the measured part, ms, by thread name (`main` is the event loop). */
	threadCpuMs?: Record<string, number>;
	/** Garbage collection on the server's main thread over the measured part, ms: all, and major (mark-compact) only. */
	gcMs?: { all: number; major: number; majors: number };
	/** How late the server's event loop ran over the measured part (monitorEventLoopDelay, 5 ms resolution). */
	loopDelayMs?: { p99: number; max: number };
	closes: number;
}

/** (e) Fan-out at each room size, by number of clients. */
export type ScaleResult = Record<number, FanOutResult>;
/** (e) Every interleaved round at each room size, by number of clients. */
export type ScaleRounds = Record<number, FanOutResult[]>;

export interface ConnectResult {
	clients: number;
	/** Per client: from opening the socket to the provider's `sync`. */
	connectMs: ReturnType<typeof summary>;
	/** Until the last of them had synced. */
	allMs: number;
	serverCpuMs: number;
	closes: number;
}

export interface ThroughputResult {
	updates: number;
	seconds: number;
	updatesPerSecond: number;
	/** Update messages the server sent on (each update goes to the room's other clients). */
	deliveriesPerSecond: number;
	serverCpuMs: number;
	converged: boolean;
	closes: number;
}

export interface JoinResult {
	notes: number;
	stateBytes: number;
	firstJoinMs: number;
	joinMs: ReturnType<typeof summary>;
	serverCpuMs: number;
	closes: number;
}

export interface MemoryResult {
	rooms: number;
	notesPerRoom: number;
	gc: boolean;
	/** Rooms the server holds beyond those it held before (should be `rooms`). */
	roomsLoaded: number;
	heapUsedDeltaMiB: number;
	heapPerRoomKiB: number;
	rssDeltaMiB: number;
	stateBytesPerRoom: number;
	closes: number;
}

export interface ServerResults {
	label: string;
	/** The yjs build the server ran on. */
	yjs: string;
	fanOut?: FanOutResult;
	throughput?: ThroughputResult;
	join?: JoinResult;
	memory?: MemoryResult;
	/** (e): the median of the rounds at each size (the rounds themselves are in scaleRounds). */
	scale?: ScaleResult;
	scaleRounds?: ScaleRounds;
	connect?: ConnectResult;
	/** CPU time of the benchmark process (all the clients) per phase and round, in ms: shows when the clients are the bottleneck. */
	clientCpuMs: Record<string, number[]>;
	/** Every round of the phases that run more than once; the figures above are their medians. */
	rounds: Record<string, unknown[]>;
	serverWarnings?: number;
}

export type Results = Partial<Record<HostKind, ServerResults>>;

/** One line of the table: what it measures, and where its number is in a server's results. */
export interface Metric {
	name: string;
	pick(r: ServerResults): number | undefined;
	digits: number;
}

export const METRICS: readonly Metric[] = [
	{ name: '(a) fan-out p50, ms', pick: (r) => r.fanOut?.latencyMs.p50, digits: 2 },
	{ name: '(a) fan-out p95, ms', pick: (r) => r.fanOut?.latencyMs.p95, digits: 2 },
	{ name: '(a) fan-out max, ms', pick: (r) => r.fanOut?.latencyMs.max, digits: 2 },
	{ name: '(a) server CPU, ms', pick: (r) => r.fanOut?.serverCpuMs, digits: 0 },
	{ name: '(b) time to converge, s', pick: (r) => r.throughput?.seconds, digits: 2 },
	{ name: '(b) updates/s (higher is better)', pick: (r) => r.throughput?.updatesPerSecond, digits: 0 },
	{ name: '(b) server CPU, ms', pick: (r) => r.throughput?.serverCpuMs, digits: 0 },
	{ name: '(b) client CPU (bench process), ms', pick: (r) => medianOf(r.clientCpuMs.b ?? []), digits: 0 },
	{ name: '(c) join p50, ms', pick: (r) => r.join?.joinMs.p50, digits: 2 },
	{ name: '(c) join p95, ms', pick: (r) => r.join?.joinMs.p95, digits: 2 },
	{ name: '(c) server CPU for 20 joins, ms', pick: (r) => r.join?.serverCpuMs, digits: 0 },
	{ name: '(d) heap delta, MiB', pick: (r) => r.memory?.heapUsedDeltaMiB, digits: 2 },
	{ name: '(d) heap per room, KiB', pick: (r) => r.memory?.heapPerRoomKiB, digits: 0 },
	{ name: '(d) RSS delta, MiB', pick: (r) => r.memory?.rssDeltaMiB, digits: 1 },
	...[20, 50, 100, 300].flatMap((n): Metric[] => [
		{ name: `(e) ${n} clients, p50, ms`, pick: (r) => r.scale?.[n]?.latencyMs.p50, digits: 2 },
		{ name: `(e) ${n} clients, p99, ms`, pick: (r) => r.scale?.[n]?.latencyMs.p99, digits: 2 },
		{ name: `(e) ${n} clients, server CPU per delivery, µs`, pick: (r) => r.scale?.[n]?.cpuPerDeliveryUs, digits: 1 },
		{ name: `(e) ${n} clients, of which user CPU, µs`, pick: (r) => r.scale?.[n]?.userCpuPerDeliveryUs, digits: 1 },
		{ name: `(e) ${n} clients, server event-loop delay p99, ms`, pick: (r) => r.scale?.[n]?.loopDelayMs?.p99, digits: 1 }
	]),
	{ name: '(f) connect p50, ms', pick: (r) => r.connect?.connectMs.p50, digits: 1 },
	{ name: '(f) connect p95, ms', pick: (r) => r.connect?.connectMs.p95, digits: 1 },
	{ name: '(f) all 100 synced, ms', pick: (r) => r.connect?.allMs, digits: 1 },
	{ name: '(f) server CPU, ms', pick: (r) => r.connect?.serverCpuMs, digits: 0 }
];

/** The servers present in `results`, in column order. */
export function kindsIn(results: Results): HostKind[] {
	return HOST_KINDS.filter((k) => results[k]);
}

/** Rows for `table()`: one column per server, then ours / each reference. */
export function tableRows(results: Results): string[][] {
	const kinds = kindsIn(results);
	const servers = kinds.map((k) => results[k]!);
	const ours = results.ours;
	const references = kinds.filter((k) => k.startsWith('reference'));
	const header = ['measure', ...servers.map((r) => r.label), ...(ours ? references.map((k) => `ours / ${k}`) : [])];
	// Phases that did not run (BENCH_ONLY) leave no row.
	const rows = METRICS.filter((m) => servers.some((r) => Number.isFinite(m.pick(r) ?? NaN))).map((m) => {
		const cells = servers.map((r) => fmt(m.pick(r) ?? NaN, m.digits));
		const ratios = ours
			? references.map((k) => {
					const ratio = (m.pick(ours) ?? NaN) / (m.pick(results[k]!) ?? NaN);
					return Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a';
				})
			: [];
		return [m.name, ...cells, ...ratios];
	});
	return [header, ...rows];
}

/** "median (lowest–highest)" of some numbers. */
export function spread(values: readonly number[], digits: number): string {
	const finite = values.filter(Number.isFinite);
	if (finite.length === 0) return 'n/a';
	const range = finite.length > 1 ? ` (${fmt(Math.min(...finite), digits)}–${fmt(Math.max(...finite), digits)})` : '';
	return `${fmt(medianOf(finite), digits)}${range}`;
}

/**
 * (e) side by side: for each room size and server, the median of the interleaved rounds with the lowest and
 * highest in brackets; then, for ours against each reference, the ratio of the two in each round (round i of
 * ours against round i of the reference, which ran next to it), as median (lowest–highest).
 */
export function scaleTable(results: Results): string[][] {
	const kinds = kindsIn(results).filter((k) => results[k]!.scaleRounds);
	const header = [
		'(e) clients',
		'server',
		'rounds',
		'p50, ms',
		'p99, ms',
		'CPU per delivery, µs',
		'of which user, µs',
		'main thread, µs',
		'loop delay p99, ms'
	];
	const rows: string[][] = [header];
	const sizes = [...new Set(kinds.flatMap((k) => Object.keys(results[k]!.scaleRounds!).map(Number)))].sort((a, b) => a - b);
	const pick = {
		p50: (f: FanOutResult) => f.latencyMs.p50,
		p99: (f: FanOutResult) => f.latencyMs.p99,
		cpu: (f: FanOutResult) => f.cpuPerDeliveryUs ?? NaN,
		user: (f: FanOutResult) => f.userCpuPerDeliveryUs ?? NaN,
		main: (f: FanOutResult) => f.mainCpuPerDeliveryUs ?? NaN,
		loop: (f: FanOutResult) => f.loopDelayMs?.p99 ?? NaN
	};
	for (const n of sizes) {
		for (const k of kinds) {
			const runs = results[k]!.scaleRounds![n] ?? [];
			rows.push([
				String(n),
				results[k]!.label,
				String(runs.length),
				spread(runs.map(pick.p50), 1),
				spread(runs.map(pick.p99), 1),
				spread(runs.map(pick.cpu), 1),
				spread(runs.map(pick.user), 1),
				spread(runs.map(pick.main), 1),
				spread(runs.map(pick.loop), 1)
			]);
		}
		const ours = results.ours?.scaleRounds?.[n];
		if (!ours) continue;
		for (const k of kinds.filter((kind) => kind.startsWith('reference') || kind === 'ours-before' || kind === 'ours-built')) {
			const ref = results[k]!.scaleRounds![n] ?? [];
			const ratios = (p: (f: FanOutResult) => number) => ours.slice(0, ref.length).map((f, i) => p(f) / p(ref[i]));
			rows.push([
				String(n),
				`ours / ${k}, per round`,
				String(Math.min(ours.length, ref.length)),
				spread(ratios(pick.p50), 2),
				spread(ratios(pick.p99), 2),
				spread(ratios(pick.cpu), 2),
				spread(ratios(pick.user), 2),
				spread(ratios(pick.main), 2),
				spread(ratios(pick.loop), 2)
			]);
		}
	}
	return rows;
}

/** Things a reader must know about a run: closes, divergence, warnings, and the sizes involved. */
export function runNotes(results: Results): string[] {
	const servers = kindsIn(results).map((k) => results[k]!);
	const notes: string[] = [];
	for (const r of servers) {
		const closes =
			(r.fanOut?.closes ?? 0) +
			(r.throughput?.closes ?? 0) +
			(r.join?.closes ?? 0) +
			(r.memory?.closes ?? 0) +
			Object.values(r.scale ?? {}).reduce((n, s) => n + s.closes, 0) +
			(r.connect?.closes ?? 0);
		if (closes) notes.push(`${r.label}: ${closes} unexpected connection closes`);
		if (r.throughput && !r.throughput.converged) notes.push(`${r.label}: (b) docs did NOT converge to the same text`);
		if (r.serverWarnings) notes.push(`${r.label}: the server logged ${r.serverWarnings} warnings`);
		if (r.memory && !r.memory.gc) notes.push(`${r.label}: memory read without a forced GC`);
		if (r.memory && r.memory.roomsLoaded !== r.memory.rooms)
			notes.push(`${r.label}: (d) held ${r.memory.roomsLoaded} new rooms, not ${r.memory.rooms}`);
	}
	const per = (pick: (r: ServerResults) => number | undefined, digits = 1) => servers.map((r) => fmt(pick(r) ?? NaN, digits)).join(' / ');
	if (servers.some((r) => r.fanOut)) notes.push(`(a) moves actually sent per second: ${per((r) => r.fanOut?.rateHz)}`);
	const j = servers.find((r) => r.join)?.join;
	if (j)
		notes.push(
			`(c) the room is ${fmt(j.stateBytes / 1024, 0)} KiB as one update; first join (not counted), ms: ${per((r) => r.join?.firstJoinMs)}`
		);
	const m = servers.find((r) => r.memory)?.memory;
	if (m) notes.push(`(d) one room is ${fmt(m.stateBytesPerRoom / 1024, 0)} KiB as one update`);
	return notes;
}

export function medianOf(values: readonly number[]): number {
	return percentile(values, 50);
}

/**
 * The field-by-field median of several rounds' results (numbers; nested objects likewise; booleans are
 * true only if true in every round; connection closes are added up), so that one slow round does not
 * make the figure.
 */
export function median<R>(runs: readonly R[]): R {
	if (runs.length === 1) return runs[0];
	const first = runs[0] as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(first)) {
		const values = runs.map((r) => (r as Record<string, unknown>)[key]);
		if (key === 'closes') out[key] = (values as number[]).reduce((a, b) => a + b, 0);
		else if (typeof value === 'number') out[key] = medianOf(values as number[]);
		else if (typeof value === 'boolean') out[key] = values.every(Boolean);
		else if (value && typeof value === 'object') out[key] = median(values as object[]);
		else out[key] = value;
	}
	return out as R;
}
