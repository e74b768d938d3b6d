import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log.js';
import { createWriteBatcher } from './write-batcher.js';

afterEach(() => {
	vi.useRealTimers();
});

/** Moves the fake clock by `ms`, then lets the promise callbacks that follow run (a batch is written in one). */
async function advance(ms: number): Promise<void> {
	await vi.advanceTimersByTimeAsync(ms);
	for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A batcher on a clock the test moves (vitest's fake timers), recording each batch it writes. */
function batcher(batchMs = 20) {
	vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
	const batches: number[][] = [];
	const b = createWriteBatcher<number, number>({
		batchMs,
		log: silentLogger,
		now: () => Date.now(),
		write: (items) => {
			batches.push(items);
			return items.map((i) => i * 10);
		}
	});
	return { b, batches };
}

describe(createWriteBatcher, () => {
	it('writes an append after a quiet spell at the end of the turn, without waiting for a timer', async () => {
		const { b, batches } = batcher();
		const first = b.add(1);
		b.add(2);
		expect(batches).toEqual([]);
		// The end of this turn of the event loop: no time passes.
		await advance(0);
		expect(batches).toEqual([[1, 2]]);
		await expect(first).resolves.toBe(10);
	});

	it('starts at most one batch per batchMs: appends soon after a batch wait for the end of its window, later ones do not', async () => {
		const { b, batches } = batcher(20);
		b.add(1);
		await advance(0);
		await advance(5);
		const third = b.add(2);
		b.add(3);
		await advance(0);
		expect(batches).toEqual([[1]]);
		await advance(14);
		expect(batches).toEqual([[1]]);
		// The window ends 20 ms after the first batch started: never later than batchMs after the append.
		await advance(1);
		expect(batches).toEqual([[1], [2, 3]]);
		await expect(third).resolves.toBe(20);
		// Half a window after that batch: the next append goes at the end of its turn, with no timer.
		await advance(10);
		b.add(4);
		await advance(0);
		expect(batches).toEqual([[1], [2, 3], [4]]);
	});

	it('flush writes what is queued at once and the scheduled write then finds nothing', async () => {
		const { b, batches } = batcher();
		b.add(1);
		await b.flush();
		expect(batches).toEqual([[1]]);
		await advance(50);
		expect(batches).toEqual([[1]]);
	});

	it('writes a store that answers later one batch at a time, in order, and flush waits for every batch', async () => {
		const calls: number[][] = [];
		const answers: (() => void)[] = [];
		const b = createWriteBatcher<number, number>({
			batchMs: 0,
			log: silentLogger,
			write: (items) => {
				calls.push(items);
				return new Promise((resolve) => answers.push(() => resolve(items.map((i) => i * 10))));
			}
		});
		const first = b.add(1);
		void b.flush();
		const second = b.add(2);
		const flushed = b.flush();
		let done = false;
		void flushed.then(() => (done = true));
		for (let i = 0; i < 10; i++) await Promise.resolve();
		// The second batch waits until the first is written.
		expect(calls).toEqual([[1]]);
		answers[0]();
		await expect(first).resolves.toBe(10);
		for (let i = 0; i < 10; i++) await Promise.resolve();
		expect(calls).toEqual([[1], [2]]);
		expect(done).toBe(false);
		answers[1]();
		await expect(second).resolves.toBe(20);
		await flushed;
	});

	it('rejects the appends of a batch that failed, and writes the next batch', async () => {
		let failNext = true;
		const b = createWriteBatcher<number, number>({
			batchMs: 0,
			log: silentLogger,
			write: (items) => {
				if (failNext) {
					failNext = false;
					throw new Error('disk full');
				}
				return items.map((i) => i * 10);
			}
		});
		const failed = b.add(1);
		await b.flush();
		await expect(failed).rejects.toThrow('disk full');
		const next = b.add(2);
		await b.flush();
		await expect(next).resolves.toBe(20);
	});
});
