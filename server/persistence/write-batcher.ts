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
	// Settles once every batch started so far is written; it never rejects, so it can always be awaited.
	let tail: Promise<void> = Promise.resolve();
	/** Batches started whose write has not finished: while there are any, a new batch waits on the tail. */
	let writing = 0;

	function settle(batch: Pending<T, R>[], results: R[]): void {
		if (results.length !== batch.length) return fail(batch, new Error(`batch of ${batch.length} returned ${results.length} results`));
		for (let i = 0; i < batch.length; i++) batch[i].resolve(results[i]);
	}

	function fail(batch: Pending<T, R>[], error: unknown): void {
		options.log.error({ error, count: batch.length }, 'failed to write a batch of updates');
		for (const p of batch) p.reject(error);
	}

	/** Writes one batch and settles its appends; returns a promise only when `write` did (and it never rejects). */
	function writeBatch(batch: Pending<T, R>[]): Promise<void> | undefined {
		let results: R[] | Promise<R[]>;
		try {
			results = options.write(batch.map((p) => p.item));
		} catch (error) {
			fail(batch, error);
			return undefined;
		}
		if (!isPromise(results)) {
			settle(batch, results);
			return undefined;
		}
		return results.then(
			(written) => settle(batch, written),
			(error) => fail(batch, error)
		);
	}

	/**
	 * Starts writing a batch. With nothing else being written it is written here and now, and a store that writes
	 * synchronously (SQLite) resolves its appends at once, with no promise chain per batch (a busy room writes a batch
	 * per move). A store that returns a promise (PostgreSQL) makes later batches wait for it: batches never overlap.
	 */
	const done = () => {
		writing--;
	};
	function start(batch: Pending<T, R>[]): void {
		if (writing === 0) {
			const written = writeBatch(batch);
			if (!written) return;
			writing++;
			tail = written.then(done);
			return;
		}
		writing++;
		tail = tail.then(() => writeBatch(batch)).then(done);
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
			start(batch);
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

function isPromise<V>(value: V | Promise<V>): value is Promise<V> {
	return typeof (value as { then?: unknown } | null)?.then === 'function';
}
