/**
 * The compaction worker: one thread (compactor.ts starts it through the export pool's machinery, server/exports/pool.ts)
 * that builds a room's next snapshot from its last snapshot and its logged updates (build.ts), and answers with the
 * snapshot's bytes, transferred, or with an error. It holds nothing between jobs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildSnapshot, type BuiltSnapshot } from './build.js';
import type { CompactionMessage } from './messages.js';
import { READY, type Reply } from '../exports/pool.js';
import { lowerPriority } from '../exports/priority.js';

lowerPriority(Number((workerData as { nice?: number } | null)?.nice ?? 0));

const port = parentPort!;
let base: Uint8Array | null = null;
let updates: Uint8Array[] = [];

port.on('message', (message: CompactionMessage) => {
	if (message.type === 'base') {
		base = message.data;
		return;
	}
	if (message.type === 'updates') {
		for (const update of message.updates) updates.push(update);
		return;
	}
	const input = { base, updates };
	base = null;
	updates = [];
	let built: BuiltSnapshot;
	try {
		built = buildSnapshot(input.base, input.updates);
	} catch (error) {
		const failed: Reply<never> = { ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
		return port.postMessage(failed);
	}
	// The bytes go back without a copy; a view into a larger buffer is copied into one of its own first.
	const { snapshot } = built;
	const owned = snapshot.byteOffset === 0 && snapshot.byteLength === snapshot.buffer.byteLength;
	const bytes = owned ? snapshot : snapshot.slice();
	const reply: Reply<BuiltSnapshot> = { ok: true, value: { snapshot: bytes, skipped: built.skipped } };
	port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
});

port.postMessage(READY);
