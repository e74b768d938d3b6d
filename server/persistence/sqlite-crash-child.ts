/**
 * Child process for `sqlite-crash.test.ts`: appends Yjs updates to a SQLite store as fast as batching allows and
 * prints `{"seq":…,"i":…}` for each one once its append has resolved, until the parent kills it with SIGKILL.
 *
 * Usage: node --import tsx server/persistence/sqlite-crash-child.ts <dir>
 */
import * as Y from 'yjs';
import { createSqliteStore } from './sqlite-store.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: sqlite-crash-child.ts <dir>');

const store = createSqliteStore({ dir });
const doc = new Y.Doc();
const log = doc.getArray<number>('log');
let pending: Uint8Array | null = null;
doc.on('update', (update: Uint8Array) => (pending = update));

// Bounded, in case the parent dies without killing us.
const LIMIT = 200_000;
for (let i = 0; i < LIMIT; i++) {
	log.push([i]);
	const update = pending!;
	// Not awaited: keeps several appends queued at any moment, as a busy server would.
	void store.docs.append('crash/content', update).then((seq) => process.stdout.write(`${JSON.stringify({ seq, i })}\n`));
	// Yield every few appends so batches commit and acknowledgements get printed while we keep appending.
	if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 1));
}
await store.close();
