/**
 * The room's side of compaction (server/transport/room.ts compactRoom): what it hands the store, with the real
 * registry, the real memory store and the compactor building on the event loop (the worker: compactor.test.ts).
 * Here rather than beside room.ts, since server/transport may import only the interfaces of persistence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRoomRegistry, type RoomRegistry } from '../transport/rooms.js';
import { createCompactor } from './compactor.js';
import { createMemoryStore } from '../persistence/memory-store.js';
import { createLocalBus } from '../scale-out/local-bus.js';
import { silentLogger } from '../log.js';
import type { DocStore, StoredDoc } from '../persistence/types.js';

const ROOM = 'board1234/content';

function rebuild(stored: StoredDoc): Y.Doc {
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
	for (const u of stored.updates) Y.applyUpdate(doc, u.data);
	return doc;
}

let rooms: RoomRegistry | null = null;
afterEach(async () => {
	await rooms?.close();
	rooms = null;
});

function setup() {
	const memory = createMemoryStore();
	let failAppends = 0;
	const bases: (string | null | undefined)[] = [];
	const store: DocStore = {
		...memory.docs,
		append: (room, update) => (failAppends-- > 0 ? Promise.reject(new Error('disk full')) : memory.docs.append(room, update)),
		compact(room, snapshot, seqs, base) {
			bases.push(base);
			return memory.docs.compact(room, snapshot, seqs, base);
		}
	};
	rooms = createRoomRegistry({
		store,
		bus: createLocalBus(),
		log: silentLogger,
		compactAfter: 1000,
		compactor: createCompactor({ workers: 0 }),
		graceMs: 60_000,
		compactIntervalMs: 60_000
	});
	return { rooms, store: memory.docs, bases, failNextAppend: () => (failAppends = 1) };
}

const note = (key: string) => (doc: Y.Doc) => doc.getMap('elements').set(key, { text: key });

describe('compacting a room', () => {
	it('builds on the version it loaded, and after a merge on the merged snapshot', async () => {
		const { rooms, store, bases } = setup();
		await rooms.change(ROOM, note('first'), { durable: true });
		await rooms.compact(ROOM);
		const first = await store.load(ROOM);
		expect(bases).toEqual([null]);
		// Another process compacts something this one never saw (no bus between them).
		const elsewhere = new Y.Doc();
		note('theirs')(elsewhere);
		await store.compact(ROOM, Y.encodeStateAsUpdateV2(elsewhere), [], null);
		await rooms.change(ROOM, note('second'), { durable: true });
		await rooms.compact(ROOM);
		// Built on the version it wrote, which is no longer stored: the store merged.
		expect(bases[1]).toBe(first.version);
		await rooms.change(ROOM, note('third'), { durable: true });
		await rooms.compact(ROOM);
		const stored = await store.load(ROOM);
		expect(bases[2]).not.toBe(first.version);
		expect(Object.keys(rebuild(stored).getMap('elements').toJSON()).sort()).toEqual(['first', 'second', 'theirs', 'third']);
	});

	it('after a failed write, stores the whole doc and merges, keeping what another process compacted', async () => {
		const { rooms, store, bases, failNextAppend } = setup();
		await rooms.change(ROOM, note('first'), { durable: true });
		const elsewhere = new Y.Doc();
		note('theirs')(elsewhere);
		await store.compact(ROOM, Y.encodeStateAsUpdateV2(elsewhere), [], null);
		// This process merges 'theirs' into its base, though its doc never had it.
		await rooms.compact(ROOM);
		failNextAppend();
		// The write fails; the edit is only in the room's doc. A durable change makes it good by compacting the
		// whole doc, merged (no base), since the doc lacks 'theirs', which the base holds.
		const before = bases.length;
		await rooms.change(ROOM, note('unlogged'), { durable: true });
		const stored = await store.load(ROOM);
		expect(Object.keys(rebuild(stored).getMap('elements').toJSON()).sort()).toEqual(['first', 'theirs', 'unlogged']);
		expect(bases.slice(before)).toEqual([null]);
	});
});
