/**
 * Groups appends into one write. Both durable stores use it: one transaction per batch instead of one per
 * update keeps a busy room cheap, and a bounded delay keeps the "on disk within ~50 ms" promise.
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
}): WriteBatcher<T, R> {
	let queue: Pending<T, R>[] = [];
	let timer: ReturnType<typeof setTimeout> | null = null;
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
		if (queue.length > 0) {
			const batch = queue;
			queue = [];
			tail = tail.then(() => writeBatch(batch));
		}
		return tail;
	}

	function add(item: T): Promise<R> {
		return new Promise<R>((resolve, reject) => {
			queue.push({ item, resolve, reject });
			// The timer starts with the first queued item, so no item waits longer than batchMs.
			timer ??= setTimeout(() => void flush(), options.batchMs);
		});
	}

	return { add, flush };
}
