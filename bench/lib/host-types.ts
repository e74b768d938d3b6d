/** What the benchmark and a server host (server-host.ts) say to each other over IPC. */
export type HostKind =
	| 'reference'
	| 'reference-esm'
	| 'ours'
	| 'ours-built'
	| 'ours-before'
	| 'ours-no-rules'
	| 'ours-memory'
	| 'ours-bare'
	| 'ours-inline-exports';
/** Every kind, in the order of the table's columns. */
export const HOST_KINDS: readonly HostKind[] = [
	'reference',
	'reference-esm',
	'ours',
	'ours-built',
	'ours-before',
	'ours-no-rules',
	'ours-memory',
	'ours-bare',
	'ours-inline-exports'
];
/** The kinds a run starts unless BENCH_SERVERS names others. */
export const DEFAULT_HOST_KINDS: readonly HostKind[] = ['reference', 'reference-esm', 'ours', 'ours-no-rules'];

export type HostRequest =
	| { id: number; type: 'stats' | 'elements' | 'memory' | 'stop' | 'compact' | 'loop' | 'profile-start' }
	/** Ends the profile begun by 'profile-start' and writes it to `file` (a .cpuprofile). */
	| { id: number; type: 'profile-stop'; file: string };

/** How late the server's event loop ran since the last ask (perf_hooks monitorEventLoopDelay), ms. */
export interface HostLoopDelay {
	maxMs: number;
	p99Ms: number;
}

export interface HostStats {
	/** Rooms (documents) the server holds in memory. */
	rooms: number;
	/** process.cpuUsage() of the server process, in microseconds. */
	cpu: { user: number; system: number };
	/**
	 * CPU time of each of the process's threads, summed by thread name (/proc/self/task/<tid>/stat, in µs at the
	 * kernel's clock-tick resolution, 10 ms): `main` is the event loop (the thread whose id is the process id);
	 * the others are V8's helpers (garbage collection, compilers), libuv's pool and any worker threads.
	 * process.cpuUsage() counts all of them. Empty where /proc is not there. `run` is the same time (user and system
	 * together) at nanosecond resolution, from /proc/self/task/<tid>/schedstat, where the kernel keeps it.
	 */
	threads: Record<string, { user: number; system: number; run?: number }>;
	/**
	 * Garbage collection on the main thread since the server started, ms (perf_hooks 'gc' entries: each pause, with
	 * the incremental steps of a major collection that V8 reports with it): all of it, and major (mark-compact) only.
	 */
	gc: { ms: number; majorMs: number; majors: number };
	/** Warnings and errors our server logged (always 0 for the reference, which logs to the console). */
	warnings: number;
}

export interface HostMemory {
	/** Whether a forced GC ran before reading (node --expose-gc). */
	gc: boolean;
	heapUsed: number;
	rss: number;
	external: number;
	arrayBuffers: number;
}
