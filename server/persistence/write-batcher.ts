/**
 * Groups appends into one write. Both durable stores use it: one transaction per batch instead of one per
 * update keeps a busy room cheap, and a bounded delay keeps the "on disk within ~50 ms" promise.
 *
 * A steady stream of appends is written one batch per `batchMs`, but an append that comes when the last batch
 * started half of that ago or longer is written at the end of this turn of the event loop, not after a timer: a room where someone moves a note
 * every 20 ms then writes (and acknowledges) each move in the turn that received it, instead of waking the process
 * once more 20 ms later (docs/decisions.md, "SQLite writes are batched"; docs/performance.md, bench/update-path.ts).
 */
import type { Logger } from '../log.js';

export interface WriteBatcher<T, R> {
	/** Queues an item; resolves with its result once the batch holding it has been written. */
	add(item: T): Promise<R>;
	/** Writes everything queued now and waits for every batch started before this call. Never rejects. */
	flush(): Promise<void>;
}

interface Pending<T, R> {
	item: T;
	resolve: (result: R) => void;
	reject: (error: unknown) => void;
}

/**
 * Creates a batcher whose `write` receives the items of one batch and returns their results in the same order.
 * Batches are written one after another, never concurrently, so results (sequence numbers) follow call order.
 * A failed batch rejects the `add` promises of its items; later batches still run.
 */
export function createWriteBatcher<T, R>(options: {
	batchMs: number;
	write: (items: T[]) => R[] | Promise<R[]>;
	log: Logger;
	/** The clock in ms (tests move it); performance.now by default. */
	now?: () => number;
}): WriteBatcher<T, R> {
	const now = options.now ?? (() => performance.now());
	let queue: Pending<T, R>[] = [];
	let timer: ReturnType<typeof setTimeout> | null = null;
	let soon: ReturnType<typeof setImmediate> | null = null;
	/** When the last batch was started. */
	let lastStart = -Infinity;
	// The tail of the batches written so far; it never rejects, so it can always be awaited.
	let tail: Promise<void> = Promise.resolve();

	async function writeBatch(batch: Pending<T, R>[]): Promise<void> {
		try {
			const results = await options.write(batch.map((p) => p.item));
			if (results.length !== batch.length) throw new Error(`batch of ${batch.length} returned ${results.length} results`);
			batch.forEach((p, i) => p.resolve(results[i]));
		} catch (error) {
			options.log.error({ error, count: batch.length }, 'failed to write a batch of updates');
			for (const p of batch) p.reject(error);
		}
	}

	function flush(): Promise<void> {
		if (timer) {
			clearTimeout(timer);
			timer = null;
		}
		if (soon) {
			clearImmediate(soon);
			soon = null;
		}
		if (queue.length > 0) {
			const batch = queue;
			queue = [];
			lastStart = now();
			tail = tail.then(() => writeBatch(batch));
		}
		return tail;
	}

	function add(item: T): Promise<R> {
		return new Promise<R>((resolve, reject) => {
			queue.push({ item, resolve, reject });
			if (timer || soon) return;
			// The first queued item decides when the batch is written: at the end of this turn when the last batch
			// started half a window ago or more, else when the window of the last batch ends. So a steady stream gets a
			// batch per window, and an update every ~batchMs (a move every 20 ms) is never held back by a timer a moment
			// before its window would end (which woke the process again for nothing). No item waits longer than batchMs.
			const since = now() - lastStart;
			if (since < options.batchMs / 2) timer = setTimeout(() => void flush(), options.batchMs - since);
			else soon = setImmediate(() => void flush());
		});
	}

	return { add, flush };
}
