/**
 * A small pool of worker threads for the heavy exports (server/exports/worker.ts), so that laying out a
 * PDF, packing a DOCX or rasterising a picture never runs on the event loop that serves the live rooms.
 *
 * - At most `size` workers, each making one file at a time; at most `queue` jobs wait. Beyond that a
 *   request is told to try again (503), so a burst of downloads cannot pile up without end.
 * - Workers start on the first export (they load pdfkit, docx, exceljs and resvg: about a second) and stop
 *   after `idleMs` without work, so a server nobody exports from holds no worker's memory.
 * - A job's input goes over in slices, a turn of the event loop apart (`parts`): copying 5,000 elements to
 *   a worker at once takes several milliseconds of the event loop; slices of a few hundred take well under one.
 * - The finished file comes back as a transferred ArrayBuffer: no copy on the way.
 * - A worker that dies (out of memory, a crash) or overruns `timeoutMs` fails its job with a readable
 *   error and is replaced; the server carries on.
 * - Workers run at a lower CPU priority (`nice`) than the event loop, on Linux: when an export and the live
 *   sync want the same core, the sync goes first.
 *
 * Why our own and not piscina: docs/decisions.md ("Exports run in a small pool of worker threads").
 */
import { Worker } from 'node:worker_threads';
import { HttpError } from '../http/respond.js';

export interface PoolOptions {
	/** The worker's entry module. */
	file: URL;
	/** Workers at most. */
	size: number;
	/** Jobs waiting at most, beyond those running. */
	queue: number;
	/** A worker with no work this long stops. */
	idleMs?: number;
	/** A job running longer than this stops its worker and fails. */
	timeoutMs?: number;
	/** The worker's V8 old-generation heap limit, MiB. */
	maxMemoryMb?: number;
	/** Nice value the worker threads take (0–19; Linux only; 0 leaves them as they are). */
	nice?: number;
	/** Told when a worker fails (for the log). */
	onError?: (error: Error) => void;
}

/** What a job sends: `parts` (each a message, posted a turn apart), then `head`, which starts the work. */
export interface Job {
	parts: readonly unknown[];
	head: unknown;
}

/** A worker's answer: a file, or an error the route can pass on (an HttpError's fields). */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { status?: number; code?: string; message: string; path?: string } };

interface Slot {
	worker: Worker;
	/** Resolves when the worker has loaded its code (its first message), so a job's time limit counts only its own work. */
	ready: Promise<void>;
	busy: boolean;
	idleTimer: ReturnType<typeof setTimeout> | null;
}

/** The first message a worker sends once its code is loaded. */
export const READY = { ready: true } as const;

interface Waiting {
	job: Job;
	resolve(value: unknown): void;
	reject(error: Error): void;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface WorkerPool {
	run<T>(job: Job): Promise<T>;
	/** Workers alive now and jobs waiting (for tests and the benchmark). */
	stats(): { workers: number; busy: number; waiting: number };
	close(): Promise<void>;
}

export function createWorkerPool(options: PoolOptions): WorkerPool {
	const slots = new Set<Slot>();
	const waiting: Waiting[] = [];
	let closed = false;
	const idleMs = options.idleMs ?? 5 * 60_000;
	const timeoutMs = options.timeoutMs ?? 5 * 60_000;

	function spawn(): Slot {
		const worker = new Worker(options.file, {
			workerData: { nice: options.nice ?? 0 },
			resourceLimits: options.maxMemoryMb ? { maxOldGenerationSizeMb: options.maxMemoryMb } : undefined
		});
		worker.unref();
		const ready = new Promise<void>((resolve) => {
			const onReady = (message: unknown) => {
				if ((message as { ready?: boolean } | null)?.ready !== true) return;
				worker.off('message', onReady);
				resolve();
			};
			worker.on('message', onReady);
			// A worker that fails to load fails its job through the job's own listeners.
			worker.once('exit', () => resolve());
		});
		const slot: Slot = { worker, ready, busy: false, idleTimer: null };
		slots.add(slot);
		return slot;
	}

	function retire(slot: Slot): void {
		slots.delete(slot);
		if (slot.idleTimer) clearTimeout(slot.idleTimer);
		void slot.worker.terminate();
	}

	function idle(slot: Slot): void {
		slot.busy = false;
		const next = waiting.shift();
		if (next) return void start(slot, next);
		slot.idleTimer = setTimeout(() => retire(slot), idleMs);
		slot.idleTimer.unref();
	}

	function start(slot: Slot, job: Waiting): void {
		slot.busy = true;
		if (slot.idleTimer) clearTimeout(slot.idleTimer);
		slot.idleTimer = null;
		const { worker } = slot;
		let settled = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const finish = (outcome: () => void, healthy: boolean) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			worker.off('message', onMessage);
			worker.off('error', onError);
			worker.off('exit', onExit);
			outcome();
			if (healthy && !closed) idle(slot);
			else {
				retire(slot);
				// Someone may be waiting for a worker this one's end makes room for.
				const next = !closed && waiting.shift();
				if (next) start(spawn(), next);
			}
		};
		const failed = (why: string, error?: Error) => {
			if (error) options.onError?.(error);
			return new HttpError(503, 'export_failed', why);
		};
		const onMessage = (reply: Reply<unknown> | typeof READY) => {
			if ('ready' in reply) return;
			if (reply.ok) return finish(() => job.resolve(reply.value), true);
			const { status, code, message, path } = reply.error;
			const error = status ? new HttpError(status, code ?? 'export_failed', message, path) : new Error(message);
			finish(() => job.reject(error), true);
		};
		const onError = (error: Error) => {
			const memory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
			const why = memory
				? 'This file needs more memory than the server gives one export. Export JSON, XLSX or CSV, or a single exercise (?frame=…), instead.'
				: 'The server could not make this file. Please try again.';
			finish(() => job.reject(failed(why, error)), false);
		};
		const onExit = (code: number) =>
			finish(
				() => job.reject(failed('The server could not make this file. Please try again.', new Error(`export worker exited with ${code}`))),
				false
			);
		worker.on('message', onMessage);
		worker.on('error', onError);
		worker.on('exit', onExit);
		void (async () => {
			try {
				await slot.ready;
				if (settled) return;
				const limit = `Making this file took longer than ${Math.round(timeoutMs / 1000)} seconds, so the server stopped. Export JSON, XLSX or CSV, or a single exercise, instead.`;
				timer = setTimeout(() => finish(() => job.reject(failed(limit, new Error('export timed out'))), false), timeoutMs);
				timer.unref();
				for (const part of job.job.parts) {
					if (settled) return;
					worker.postMessage(part);
					await nextTurn();
				}
				if (!settled) worker.postMessage(job.job.head);
			} catch (error) {
				finish(() => job.reject(error as Error), false);
			}
		})();
	}

	return {
		run<T>(job: Job): Promise<T> {
			if (closed) return Promise.reject(new HttpError(503, 'busy', 'The server is shutting down. Please try again in a moment.'));
			return new Promise<T>((resolve, reject) => {
				const entry: Waiting = { job, resolve: resolve as (value: unknown) => void, reject };
				const free = [...slots].find((s) => !s.busy);
				if (free) return start(free, entry);
				if (slots.size < options.size) return start(spawn(), entry);
				if (waiting.length >= options.queue)
					return reject(
						new HttpError(
							503,
							'busy',
							'The server is making other exports just now. Please try again in a moment.',
							undefined,
							undefined,
							5
						)
					);
				waiting.push(entry);
			});
		},
		stats: () => ({ workers: slots.size, busy: [...slots].filter((s) => s.busy).length, waiting: waiting.length }),
		async close() {
			closed = true;
			for (const entry of waiting.splice(0))
				entry.reject(new HttpError(503, 'busy', 'The server is shutting down. Please try again in a moment.'));
			await Promise.all(
				[...slots].map(async (slot) => {
					slots.delete(slot);
					if (slot.idleTimer) clearTimeout(slot.idleTimer);
					await slot.worker.terminate();
				})
			);
		}
	};
}
