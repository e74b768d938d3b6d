/** The worker of pool.test.ts (loaded by pool-worker.mjs, as worker-entry.mjs loads worker.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { READY } from '../pool.js';
import { lowerPriority, threadNice } from '../priority.js';

lowerPriority(Number((workerData as { nice?: number } | null)?.nice ?? 0));

const port = parentPort!;
let parts: unknown[] = [];

port.on('message', (message: { type: 'part'; value: unknown } | { type: 'run'; action: string; value?: unknown }) => {
	if (message.type === 'part') {
		parts.push(message.value);
		return;
	}
	const got = parts;
	parts = [];
	switch (message.action) {
		case 'echo': {
			const bytes = Uint8Array.from([1, 2, 3]);
			port.postMessage({ ok: true, value: { parts: got, value: message.value, bytes, nice: threadNice() } }, [bytes.buffer]);
			return;
		}
		case 'not-found':
			port.postMessage({
				ok: false,
				error: { status: 404, code: 'not_found', message: 'There is no frame "x" on this board', path: 'frame' }
			});
			return;
		case 'throw':
			port.postMessage({ ok: false, error: { message: 'a bug in a renderer' } });
			return;
		case 'exit':
			process.exit(3);
			return;
		case 'memory': {
			const hog: number[][] = [];
			for (;;) hog.push(new Array(1_000_000).fill(hog.length));
		}
		case 'hang':
			return;
		case 'slow':
			setTimeout(() => port.postMessage({ ok: true, value: { parts: got, value: message.value } }), 300);
			return;
	}
});

port.postMessage(READY);
