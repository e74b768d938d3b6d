/**
 * Durability under `kill -9`: every append the store acknowledged before the crash is there after reopening.
 * A child process appends and prints each acknowledged seq; we SIGKILL it mid-stream and check the file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../log.js';
import { createSqliteStore } from './sqlite-store.js';

const CHILD = fileURLToPath(new URL('./sqlite-crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Enough acknowledgements to span many batches, few enough to stay well inside the time budget.
const KILL_AFTER_ACKS = 300;

let dir: string | null = null;
afterEach(() => {
	if (dir) fs.rmSync(dir, { recursive: true, force: true });
	dir = null;
});

/**
 * Runs the child until it has acknowledged `KILL_AFTER_ACKS` appends (and, compacting, stored a few compactions),
 * then SIGKILLs it. Returns seq → index.
 */
function runAndKill(target: string, compact = false): Promise<Map<number, number>> {
	return new Promise((resolve, reject) => {
		const args = ['--import', 'tsx', CHILD, target, ...(compact ? ['compact'] : [])];
		const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		const acked = new Map<number, number>();
		let compactions = 0;
		let buffered = '';
		let stderr = '';
		let killed = false;
		const deadline = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`child acknowledged only ${acked.size} appends in time; stderr: ${stderr}`));
		}, 8000);
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.stdout.on('data', (chunk: Buffer) => {
			buffered += chunk.toString();
			const lines = buffered.split('\n');
			// The last piece may be a line cut in half by the pipe (or by the kill): keep it for later.
			buffered = lines.pop() ?? '';
			for (const line of lines) {
				const { seq, i, compacted } = JSON.parse(line) as { seq?: number; i?: number; compacted?: number };
				if (compacted) compactions++;
				else acked.set(seq!, i!);
			}
			if (!killed && acked.size >= KILL_AFTER_ACKS && (!compact || compactions >= 3)) {
				killed = true;
				child.kill('SIGKILL');
			}
		});
		child.on('exit', (code, signal) => {
			clearTimeout(deadline);
			if (signal === 'SIGKILL') resolve(acked);
			else reject(new Error(`child exited by itself (code ${code}); stderr: ${stderr}`));
		});
	});
}

describe('SqliteStore under kill -9', () => {
	it('keeps every acknowledged append', { timeout: 10_000 }, async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-crash-'));
		const acked = await runAndKill(dir);
		expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

		const store = createSqliteStore({ dir, log: silentLogger });
		try {
			const stored = await store.docs.load('crash/content');
			const seqs = new Set(stored.updates.map((u) => u.seq));
			const missing = [...acked.keys()].filter((seq) => !seqs.has(seq));
			expect(missing).toEqual([]);

			// The bytes are the child's real updates: replaying them holds every acknowledged entry.
			const doc = new Y.Doc();
			for (const u of stored.updates) Y.applyUpdate(doc, u.data);
			const entries = new Set(doc.getArray<number>('log').toArray());
			expect([...acked.values()].filter((i) => !entries.has(i))).toEqual([]);
		} finally {
			await store.close();
		}
	});

	it('keeps every acknowledged append when the kill lands in the middle of compactions', { timeout: 10_000 }, async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-crash-'));
		const acked = await runAndKill(dir, true);
		const store = createSqliteStore({ dir, log: silentLogger });
		try {
			const stored = await store.docs.load('crash/content');
			expect(stored.snapshot).not.toBeNull();
			const doc = new Y.Doc();
			Y.applyUpdateV2(doc, stored.snapshot!);
			for (const u of stored.updates) Y.applyUpdate(doc, u.data);
			const entries = new Set(doc.getArray<number>('log').toArray());
			expect([...acked.values()].filter((i) => !entries.has(i))).toEqual([]);
		} finally {
			await store.close();
		}
	});
});
