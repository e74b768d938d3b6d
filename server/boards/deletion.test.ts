import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStore } from '../persistence/memory-store.js';
import type { DocStore } from '../persistence/types.js';
import { silentLogger } from '../log.js';
import { createLocalBus } from '../scale-out/local-bus.js';
import type { RoomBus } from '../scale-out/types.js';
import { guardDeletedBoards } from './deletion.js';

const update = (label: string) => {
	const doc = new Y.Doc();
	doc.getMap('m').set(label, label);
	return Y.encodeStateAsUpdate(doc);
};
const snapshot = (boardId: string, id: string) => ({
	id,
	boardId,
	createdAt: 1000,
	reason: 'periodic' as const,
	label: 'Every 15 minutes',
	by: null,
	elements: 1
});
const removed = (boardId: string) => ({ boardId, elementId: 'note-1', deletedAt: 1000, deletedBy: 'Pat', group: 'g1', element: '{}' });

describe(guardDeletedBoards, () => {
	it('drops every write to a forgotten board: room updates, compactions, snapshots, deleted elements; other boards are untouched', async () => {
		const store = createMemoryStore();
		const guard = guardDeletedBoards(store, silentLogger);
		await guard.forget('gone1234');
		expect(guard.isDeleted('gone1234')).toBe(true);

		const seq = await guard.docs.append('gone1234/content', update('late'));
		await guard.docs.compact('gone1234/drafts/p1', Y.encodeStateAsUpdateV2(new Y.Doc()), [seq]);
		await guard.history.saveSnapshot(snapshot('gone1234', 'snap01'), Uint8Array.of(1));
		await guard.history.recordDeleted([removed('gone1234'), removed('kept1234')]);
		await guard.docs.append('kept1234/content', update('kept'));

		expect(await store.docs.load('gone1234/content')).toEqual({ snapshot: null, version: null, updates: [] });
		expect(await store.docs.load('gone1234/drafts/p1')).toEqual({ snapshot: null, version: null, updates: [] });
		expect(await store.history.listSnapshots('gone1234')).toEqual([]);
		expect(await store.history.listDeleted('gone1234', 0)).toEqual([]);
		// A write for another board in the same call still lands, and so do its room's updates.
		expect(await store.history.listDeleted('kept1234', 0)).toHaveLength(1);
		expect((await store.docs.load('kept1234/content')).updates).toHaveLength(1);
		// A board whose id starts with the deleted one's is another board.
		await guard.docs.append('gone12345/content', update('other'));
		expect((await store.docs.load('gone12345/content')).updates).toHaveLength(1);
	});

	it('publishes nothing more of a forgotten board to the bus; other boards still publish', async () => {
		const published: string[] = [];
		const local = createLocalBus();
		const recording: RoomBus = {
			...local,
			publishUpdate: (room) => void published.push(`update ${room}`),
			publishAwareness: (room) => void published.push(`awareness ${room}`)
		};
		const guard = guardDeletedBoards(createMemoryStore(), silentLogger);
		const bus = guard.roomBus(recording);
		bus.publishUpdate('gone1234/server', update('before'));
		await guard.forget('gone1234');
		bus.publishUpdate('gone1234/server', update('after'));
		bus.publishAwareness('gone1234/content', Uint8Array.of(0));
		bus.publishUpdate('gone12345/server', update('another board'));
		expect(published).toEqual(['update gone1234/server', 'update gone12345/server']);
	});

	it('waits for the writes already under way before it resolves, so none lands after the deletion', async () => {
		const store = createMemoryStore();
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const appends = new Set<Promise<unknown>>();
		const slow: DocStore = {
			...store.docs,
			append(room, data) {
				const written = (async () => (await gate, store.docs.append(room, data)))();
				appends.add(written);
				return written;
			},
			// As both stores' flush does (DocStore.flush): resolves once every append made before the call is written.
			async flush() {
				await Promise.allSettled([...appends]);
			}
		};
		const guard = guardDeletedBoards({ docs: slow, history: store.history }, silentLogger);
		const inFlight = guard.docs.append('gone1234/content', update('in flight'));
		let forgotten = false;
		const forgetting = guard.forget('gone1234').then(() => (forgotten = true));
		for (let i = 0; i < 10; i++) await Promise.resolve();
		expect(forgotten).toBe(false);
		release();
		await Promise.all([inFlight, forgetting]);
		// The write that was under way is on disk now, before the store deletes the board.
		expect((await store.docs.load('gone1234/content')).updates).toHaveLength(1);
	});
});
