/** What the benchmark and a server host (server-host.ts) say to each other over IPC. */
export type HostKind = 'reference' | 'reference-esm' | 'ours' | 'ours-before' | 'ours-no-rules' | 'ours-memory' | 'ours-inline-exports';
/** Every kind, in the order of the table's columns. */
export const HOST_KINDS: readonly HostKind[] = [
	'reference',
	'reference-esm',
	'ours',
	'ours-before',
	'ours-no-rules',
	'ours-memory',
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
