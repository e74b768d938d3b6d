/**
 * Builds rooms' snapshots off the event loop: a compaction hands the room's last snapshot and its logged updates
 * to a worker thread (worker.ts, build.ts) and gets the new snapshot back, so that folding the log of a board of
 * 5,000 elements (about 250 ms of encoding and merging, docs/performance.md) never stalls the rooms.
 *
 * One worker by default: compactions are rare (a room compacts once its log is a quarter of its snapshot) and
 * each is one job; a second waits in the queue. The worker starts on the first compaction and stops after a
 * minute without one. It runs on the export pool's machinery (server/exports/pool.ts): a worker that dies or
 * overruns fails its job and is replaced, and the room keeps its log and tries again later.
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createWorkerPool } from '../exports/pool.js';
import { buildSnapshot, type BuiltSnapshot } from './build.js';
import type { CompactionMessage } from './messages.js';

export interface CompactorOptions {
	/** Worker threads (default 1). 0 builds on the event loop: for tests of the rest, and for comparison. */
	workers?: number;
	/** Compactions waiting at most beyond those running (default 64); more fail and their rooms retry later. */
	queue?: number;
	/** A build running longer than this stops its worker and fails (default 2 minutes). */
	timeoutMs?: number;
	/** Heap limit of the worker, MiB. */
	maxMemoryMb?: number;
	onError?: (error: Error) => void;
}

export interface Compactor {
	/** The snapshot holding `base` (V2, or null) and `updates` (V1, in log order). */
	build(base: Uint8Array | null, updates: readonly Uint8Array[]): Promise<BuiltSnapshot>;
	/** Worker threads alive now (for tests: none after close). */
	workers(): number;
	close(): Promise<void>;
}

/** Updates per message: each is small (a note moved is about 100 bytes), and a slice copies in well under a millisecond. */
const SLICE = 2000;

/** As the export worker's (exporter.ts workerFile): the .mjs entry from the sources, build/compaction-worker.js from the build. */
export function compactionWorkerFile(here = import.meta.url): URL {
	const file = fileURLToPath(here);
	if (file.endsWith('.ts')) return new URL('./worker-entry.mjs', here);
	const dir = basename(dirname(file)) === 'server-chunks' ? dirname(dirname(file)) : dirname(file);
	return pathToFileURL(join(dir, 'compaction-worker.js'));
}

export function createCompactor(options: CompactorOptions = {}): Compactor {
	if (options.workers === 0) {
		return {
			build: async (base, updates) => buildSnapshot(base, updates),
			workers: () => 0,
			close: async () => {}
		};
	}
	const pool = createWorkerPool({
		file: compactionWorkerFile(),
		size: options.workers ?? 1,
		queue: options.queue ?? 64,
		idleMs: 60_000,
		timeoutMs: options.timeoutMs ?? 120_000,
		maxMemoryMb: options.maxMemoryMb ?? 1024,
		// Below the event loop, like the export workers: when both want a core, the live sync goes first.
		nice: 5,
		onError: options.onError
	});
	return {
		build(base, updates) {
			const parts: CompactionMessage[] = base ? [{ type: 'base', data: base }] : [];
			for (let i = 0; i < updates.length; i += SLICE) parts.push({ type: 'updates', updates: updates.slice(i, i + SLICE) });
			const head: CompactionMessage = { type: 'build' };
			return pool.run<BuiltSnapshot>({ parts, head });
		},
		workers: () => pool.stats().workers,
		close: () => pool.close()
	};
}
