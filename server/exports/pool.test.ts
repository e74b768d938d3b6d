import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../http/respond.js';
import { createWorkerPool, type PoolOptions, type WorkerPool } from './pool.js';

const FIXTURE = new URL('./test-fixtures/pool-worker.mjs', import.meta.url);
/** Each new worker loads its code through tsx first: a second or more on a busy two-core machine. */
vi.setConfig({ testTimeout: 30_000 });
const pools: WorkerPool[] = [];

function pool(options: Partial<PoolOptions> = {}): WorkerPool {
	const made = createWorkerPool({ file: FIXTURE, size: 1, queue: 1, ...options });
	pools.push(made);
	return made;
}

const run = (p: WorkerPool, action: string, parts: unknown[] = [], value?: unknown) =>
	p.run<{ parts: unknown[]; value: unknown; bytes?: Uint8Array; nice?: number | null }>({
		parts: parts.map((v) => ({ type: 'part', value: v })),
		head: { type: 'run', action, value }
	});

afterEach(async () => {
	await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe(createWorkerPool, () => {
	it('sends the parts in order, then the head, and gets the answer back with its bytes transferred', async () => {
		const p = pool();
		const answer = await run(p, 'echo', ['a', 'b', 'c'], { format: 'pdf' });
		expect(answer.parts).toEqual(['a', 'b', 'c']);
		expect(answer.value).toEqual({ format: 'pdf' });
		expect([...answer.bytes!]).toEqual([1, 2, 3]);
		// The worker stays for the next job, and starts with no parts left over.
		expect((await run(p, 'echo', ['d'])).parts).toEqual(['d']);
		expect(p.stats()).toMatchObject({ workers: 1, busy: 0, waiting: 0 });
	});

	it('passes on an HttpError the worker reports, and other errors as plain errors', async () => {
		const p = pool();
		const notFound = await run(p, 'not-found').catch((e: unknown) => e);
		expect(notFound).toBeInstanceOf(HttpError);
		expect(notFound).toMatchObject({ status: 404, code: 'not_found', path: 'frame' });
		const bug = await run(p, 'throw').catch((e: unknown) => e);
		expect(bug).not.toBeInstanceOf(HttpError);
		expect((bug as Error).message).toBe('a bug in a renderer');
	});

	it('queues beyond its workers, and says try again (503) beyond its queue', async () => {
		const p = pool({ size: 1, queue: 1 });
		const first = run(p, 'slow', [], 1);
		const second = run(p, 'slow', [], 2);
		const third = await run(p, 'slow', [], 3).catch((e: unknown) => e);
		expect(third).toMatchObject({ status: 503, code: 'busy' });
		expect((third as HttpError).retryAfterS).toBeGreaterThan(0);
		expect((await first).value).toBe(1);
		expect((await second).value).toBe(2);
	});

	it('fails the job of a worker that dies, or runs out of memory, and carries on with a new worker', async () => {
		const p = pool({ maxMemoryMb: 64 });
		const died = await run(p, 'exit').catch((e: unknown) => e);
		expect(died).toMatchObject({ status: 503, code: 'export_failed' });
		const memory = await run(p, 'memory').catch((e: unknown) => e);
		expect(memory).toMatchObject({ status: 503, code: 'export_failed' });
		expect((memory as Error).message).toMatch(/more memory than the server gives one export/);
		expect((await run(p, 'echo', ['after'])).parts).toEqual(['after']);
	}, 60_000);

	it('stops a job that runs too long, and the next job gets a fresh worker', async () => {
		const p = pool({ timeoutMs: 300 });
		const hung = await run(p, 'hang').catch((e: unknown) => e);
		expect(hung).toMatchObject({ status: 503, code: 'export_failed' });
		expect((hung as Error).message).toMatch(/took longer than/);
		expect((await run(p, 'echo', ['fresh'])).parts).toEqual(['fresh']);
	});

	it('lets idle workers go, and starts one again when work comes', async () => {
		const p = pool({ idleMs: 50 });
		await run(p, 'echo');
		expect(p.stats().workers).toBe(1);
		await expect.poll(() => p.stats().workers).toBe(0);
		expect((await run(p, 'echo', ['again'])).parts).toEqual(['again']);
	});

	it.runIf(process.platform === 'linux')('runs its workers at a lower CPU priority than the event loop', async () => {
		const answer = await run(pool({ nice: 7 }), 'echo');
		expect(answer.nice).toBe(7);
		const plain = await run(pool({ nice: 0 }), 'echo');
		expect(plain.nice).toBe(0);
	});

	it('refuses work once closed, and fails what was waiting', async () => {
		const p = pool({ size: 1, queue: 2 });
		const running = run(p, 'hang').catch((e: unknown) => e);
		const waiting = run(p, 'echo').catch((e: unknown) => e);
		await p.close();
		expect(await waiting).toMatchObject({ status: 503 });
		expect(await running).toMatchObject({ status: 503 });
		expect(await run(p, 'echo').catch((e: unknown) => e)).toMatchObject({ status: 503 });
	});
});
