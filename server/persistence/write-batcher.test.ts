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
});
