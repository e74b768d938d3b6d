/**
 * Child process for `sqlite-crash.test.ts`: appends Yjs updates to a SQLite store as fast as batching allows and
 * prints `{"seq":…,"i":…}` for each one once its append has resolved, until the parent kills it with SIGKILL.
 * With `compact`, it also compacts the room as the server does (a snapshot built from the last one and the
 * acknowledged updates, stored with the last one's version) every 40 acknowledgements, so the kill can land in
 * the middle of a compaction.
 *
 * Usage: node --import tsx server/persistence/sqlite-crash-child.ts <dir> [compact]
 */
import * as Y from 'yjs';
import { buildSnapshot } from '../compaction/build.js';
import { createSqliteStore } from './sqlite-store.js';
import type { StoredUpdate } from './types.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: sqlite-crash-child.ts <dir> [compact]');
const compacting = process.argv[3] === 'compact';

const store = createSqliteStore({ dir });
const doc = new Y.Doc();
const log = doc.getArray<number>('log');
let pending: Uint8Array | null = null;
doc.on('update', (update: Uint8Array) => (pending = update));

let base: Uint8Array | null = null;
let version: string | null = null;
let logged: StoredUpdate[] = [];
let compaction: Promise<void> | null = null;
function compact(): void {
	if (compaction || logged.length < 40) return;
	const log = logged;
	logged = [];
	compaction = (async () => {
		const { snapshot } = buildSnapshot(
			base,
			log.map((u) => u.data)
		);
		const stored = await store.docs.compact(
			'crash/content',
			snapshot,
			log.map((u) => u.seq),
			version
		);
		base = stored.merged ?? snapshot;
		version = stored.version;
		process.stdout.write(`${JSON.stringify({ compacted: log.length })}\n`);
	})().finally(() => (compaction = null));
}

// Bounded, in case the parent dies without killing us.
const LIMIT = 200_000;
for (let i = 0; i < LIMIT; i++) {
	log.push([i]);
	const update = pending!;
	// Not awaited: keeps several appends queued at any moment, as a busy server would.
	void store.docs.append('crash/content', update).then((seq) => {
		process.stdout.write(`${JSON.stringify({ seq, i })}\n`);
		if (!compacting) return;
		logged.push({ seq, data: update });
		compact();
	});
	// Yield every few appends so batches commit and acknowledgements get printed while we keep appending.
	if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 1));
}
await store.close();
