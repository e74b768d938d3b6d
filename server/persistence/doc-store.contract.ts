/**
 * The DocStore contract. Every implementation runs this suite from its own test file:
 *
 *     describeDocStore('SQLite', async () => ({ store: createSqliteStore({ dir }), reopen, cleanup }));
 *
 * Clauses are numbered [DSn] so a failure names the promise that broke; add new clauses at the end.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoredDoc } from './types.js';
import { useStoreFixture, type MakeStoreFixture } from './store-fixture.js';

/** A Y.Doc that records the V1 updates its edits produce, as a client would send them. */
export function recordingDoc(base?: Y.Doc) {
	const doc = new Y.Doc();
	if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	return { doc, updates };
}

/** One edit touching a map and a text, like a sticky note being created and typed into. */
function edit(doc: Y.Doc, label: string): void {
	doc.transact(() => {
		doc.getMap('elements').set(label, { kind: 'note', label });
		const text = doc.getText('notes');
		text.insert(text.length, `${label};`);
	});
}

function content(doc: Y.Doc) {
	return { elements: doc.getMap('elements').toJSON(), notes: doc.getText('notes').toString() };
}

/** Rebuilds a doc the way the server does on load: the snapshot (V2), then the updates (V1) in order. */
function rebuild(stored: StoredDoc): Y.Doc {
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
	for (const u of stored.updates) Y.applyUpdate(doc, u.data);
	return doc;
}

/** Registers the DocStore contract suite for one implementation. */
export function describeDocStore(name: string, make: MakeStoreFixture): void {
	describe(`${name} satisfies DocStore`, () => {
		const fx = useStoreFixture(make);
		const docs = () => fx.store.docs;

		it('[DS1] an unknown room loads empty and counts zero updates', async () => {
			expect(await docs().load('board-1/content')).toEqual({ snapshot: null, version: null, updates: [] });
			expect(await docs().countUpdates('board-1/content')).toBe(0);
		});

		it('[DS2] appended updates reload into an equal doc', async () => {
			const { doc, updates } = recordingDoc();
			for (let i = 0; i < 10; i++) edit(doc, `n${i}`);
			doc.getText('notes').delete(0, 3);
			for (const u of updates) await docs().append('r', u);
			expect(content(rebuild(await docs().load('r')))).toEqual(content(doc));
		});

		it('[DS3] load returns the appended bytes in append order, with the seqs append resolved with', async () => {
			const { doc, updates } = recordingDoc();
			for (let i = 0; i < 5; i++) edit(doc, `n${i}`);
			const seqs: number[] = [];
			for (const u of updates) seqs.push(await docs().append('r', u));
			const stored = await docs().load('r');
			expect(stored.updates.map((u) => u.seq)).toEqual(seqs);
			expect(stored.updates.map((u) => [...u.data])).toEqual(updates.map((u) => [...u]));
		});

		it('[DS4] seqs strictly increase in call order, across rooms', async () => {
			const seqs = [
				await docs().append('a', Uint8Array.of(1)),
				await docs().append('b', Uint8Array.of(2)),
				await docs().append('a', Uint8Array.of(3))
			];
			expect(seqs[1]).toBeGreaterThan(seqs[0]);
			expect(seqs[2]).toBeGreaterThan(seqs[1]);
		});

		it('[DS5] 500 appends issued without waiting all resolve, in call order, and all persist', async () => {
			const { doc, updates } = recordingDoc();
			for (let i = 0; i < 500; i++) edit(doc, `n${i}`);
			expect(updates).toHaveLength(500);
			const seqs = await Promise.all(updates.map((u) => docs().append('r', u)));
			for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
			const stored = await docs().load('r');
			expect(stored.updates.map((u) => u.seq)).toEqual(seqs);
			expect(content(rebuild(stored))).toEqual(content(doc));
			expect(await docs().countUpdates('r')).toBe(500);
		});

		it('[DS6] append resolves promptly on its own, without flush or close', async () => {
			const started = Date.now();
			await docs().append('r', Uint8Array.of(1, 2, 3));
			// DocStore promises ~50 ms; the margin absorbs a slow CI machine.
			expect(Date.now() - started).toBeLessThan(1000);
		});

		it('[DS7] a load issued right after an append, without awaiting it, sees the update', async () => {
			const { doc, updates } = recordingDoc();
			edit(doc, 'only');
			const appended = docs().append('r', updates[0]);
			const stored = await docs().load('r');
			expect(stored.updates.map((u) => u.seq)).toEqual([await appended]);
		});

		it('[DS8] compact then load gives an equal doc from the snapshot alone', async () => {
			const { doc, updates } = recordingDoc();
			for (let i = 0; i < 20; i++) edit(doc, `n${i}`);
			const seqs = await Promise.all(updates.map((u) => docs().append('r', u)));
			const before = await docs().load('r');
			await docs().compact('r', Y.encodeStateAsUpdateV2(rebuild(before)), seqs);
			const after = await docs().load('r');
			expect(after.snapshot).not.toBeNull();
			expect(after.updates).toEqual([]);
			expect(content(rebuild(after))).toEqual(content(doc));
		});

		it('[DS9] compact deletes exactly the listed seqs: an update appended after the snapshot survives', async () => {
			const { doc, updates } = recordingDoc();
			for (let i = 0; i < 5; i++) edit(doc, `n${i}`);
			const seqs = await Promise.all(updates.map((u) => docs().append('r', u)));
			const snapshot = Y.encodeStateAsUpdateV2(rebuild(await docs().load('r')));
			// Arrives while the compactor works on its snapshot.
			edit(doc, 'late');
			const lateSeq = await docs().append('r', updates[5]);
			await docs().compact('r', snapshot, seqs);
			const after = await docs().load('r');
			expect(after.updates.map((u) => u.seq)).toEqual([lateSeq]);
			expect(await docs().countUpdates('r')).toBe(1);
			expect(content(rebuild(after))).toEqual(content(doc));
		});

		it("[DS10] compact leaves another room's updates alone even if their seqs are listed", async () => {
			const a = await docs().append('a', Uint8Array.of(1));
			const b = await docs().append('b', Uint8Array.of(2));
			await docs().compact('a', Y.encodeStateAsUpdateV2(new Y.Doc()), [a, b]);
			expect((await docs().load('b')).updates.map((u) => u.seq)).toEqual([b]);
			expect(await docs().countUpdates('a')).toBe(0);
		});

		it('[DS11] two compactions with diverged snapshots merge rather than overwrite', async () => {
			const base = recordingDoc();
			edit(base.doc, 'base');
			const left = recordingDoc(base.doc);
			const right = recordingDoc(base.doc);
			edit(left.doc, 'left');
			edit(right.doc, 'right');
			await docs().compact('r', Y.encodeStateAsUpdateV2(left.doc), []);
			await docs().compact('r', Y.encodeStateAsUpdateV2(right.doc), []);
			const merged = recordingDoc(left.doc);
			Y.applyUpdate(merged.doc, Y.encodeStateAsUpdate(right.doc));
			const loaded = rebuild(await docs().load('r'));
			expect(Object.keys(content(loaded).elements).sort()).toEqual(['base', 'left', 'right']);
			expect(content(loaded)).toEqual(content(merged.doc));
		});

		it('[DS12] concurrent compactions of one room from two store instances both survive', async (ctx) => {
			if (!fx.canReopen) ctx.skip('needs a store that can be opened twice on one location');
			const other = await fx.reopen();
			for (let round = 0; round < 5; round++) {
				const room = `r${round}`;
				// A stored snapshot already exists, so both compactions take the read-merge-write path.
				const base = recordingDoc();
				edit(base.doc, 'base');
				await docs().compact(room, Y.encodeStateAsUpdateV2(base.doc), []);
				const left = recordingDoc();
				const right = recordingDoc();
				edit(left.doc, 'left');
				edit(right.doc, 'right');
				const leftSeq = await docs().append(room, left.updates[0]);
				const rightSeq = await other.docs.append(room, right.updates[0]);
				await Promise.all([
					docs().compact(room, Y.encodeStateAsUpdateV2(left.doc), [leftSeq]),
					other.docs.compact(room, Y.encodeStateAsUpdateV2(right.doc), [rightSeq])
				]);
				const stored = await docs().load(room);
				expect(stored.updates).toEqual([]);
				expect(Object.keys(content(rebuild(stored)).elements).sort()).toEqual(['base', 'left', 'right']);
			}
		});

		it('[DS13] rooms are isolated', async () => {
			const a = recordingDoc();
			const b = recordingDoc();
			edit(a.doc, 'in-a');
			edit(b.doc, 'in-b');
			await docs().append('board-1/content', a.updates[0]);
			await docs().append('board-2/content', b.updates[0]);
			await docs().compact('board-1/content', Y.encodeStateAsUpdateV2(a.doc), []);
			expect(content(rebuild(await docs().load('board-1/content'))).elements).toEqual({ 'in-a': { kind: 'note', label: 'in-a' } });
			const other = await docs().load('board-2/content');
			expect(other.snapshot).toBeNull();
			expect(content(rebuild(other))).toEqual(content(b.doc));
		});

		it("[DS14] deleteRoom removes the room's snapshot and updates, and only that room's", async () => {
			const seq = await docs().append('a', Uint8Array.of(1));
			await docs().compact('a', Y.encodeStateAsUpdateV2(new Y.Doc()), []);
			await docs().append('a', Uint8Array.of(2));
			const kept = await docs().append('b', Uint8Array.of(3));
			await docs().deleteRoom('a');
			expect(await docs().load('a')).toEqual({ snapshot: null, version: null, updates: [] });
			expect((await docs().load('b')).updates.map((u) => u.seq)).toEqual([kept]);
			// The room is usable again afterwards.
			const again = await docs().append('a', Uint8Array.of(4));
			expect(again).toBeGreaterThan(seq);
			expect(await docs().countUpdates('a')).toBe(1);
		});

		it('[DS15] countUpdates counts the updates stored since the snapshot', async () => {
			const seqs = await Promise.all([1, 2, 3, 4].map((n) => docs().append('r', Uint8Array.of(n))));
			expect(await docs().countUpdates('r')).toBe(4);
			await docs().compact('r', Y.encodeStateAsUpdateV2(new Y.Doc()), seqs.slice(0, 3));
			expect(await docs().countUpdates('r')).toBe(1);
		});

		it('[DS16] the store keeps its own copy of appended and compacted bytes', async () => {
			const update = Uint8Array.of(1, 2, 3);
			const append = docs().append('r', update);
			update.fill(0);
			await append;
			const snapshot = Y.encodeStateAsUpdateV2(new Y.Doc());
			const original = [...snapshot];
			await docs().compact('r', snapshot, []);
			snapshot.fill(0);
			const stored = await docs().load('r');
			expect([...stored.updates[0].data]).toEqual([1, 2, 3]);
			expect([...(stored.snapshot ?? [])]).toEqual(original);
		});

		it('[DS17] append after close rejects', async () => {
			await fx.store.close();
			await expect(docs().append('r', Uint8Array.of(1))).rejects.toThrow();
		});

		it('[DS18] an acknowledged append is visible to another instance before any flush or close', async (ctx) => {
			if (!fx.canReopen) ctx.skip('needs a store that can be opened twice on one location');
			const { doc, updates } = recordingDoc();
			edit(doc, 'acked');
			const seq = await docs().append('r', updates[0]);
			const other = await fx.reopen();
			expect((await other.docs.load('r')).updates.map((u) => u.seq)).toEqual([seq]);
		});

		it('[DS19] close writes queued appends, and a reopened store has everything', async (ctx) => {
			if (!fx.canReopen) ctx.skip('needs a durable store');
			const { doc, updates } = recordingDoc();
			for (let i = 0; i < 30; i++) edit(doc, `n${i}`);
			const early = await Promise.all(updates.slice(0, 20).map((u) => docs().append('r', u)));
			await docs().compact('r', Y.encodeStateAsUpdateV2(rebuild(await docs().load('r'))), early);
			// Not awaited before close: close must write them.
			const late = Promise.all(updates.slice(20).map((u) => docs().append('r', u)));
			await fx.store.close();
			const lateSeqs = await late;
			const reopened = await fx.reopen();
			const stored = await reopened.docs.load('r');
			expect(stored.snapshot).not.toBeNull();
			expect(stored.updates.map((u) => u.seq)).toEqual(lateSeqs);
			expect(content(rebuild(stored))).toEqual(content(doc));
		});

		it('[DS20] docs.close() writes queued appends, then refuses new ones', async () => {
			const queued = docs().append('r', Uint8Array.of(1));
			await docs().close();
			expect(await queued).toBeGreaterThan(0);
			await expect(docs().append('r', Uint8Array.of(2))).rejects.toThrow();
		});

		// Compare-and-swap (docs/performance.md, "Compacting a big board"): a compaction built on the stored snapshot's
		// own version replaces it; one built on an older version merges.

		it('[DS21] a compaction built on the stored version replaces the snapshot as given, without merging', async () => {
			const first = recordingDoc();
			edit(first.doc, 'first');
			const made = await docs().compact('r', Y.encodeStateAsUpdateV2(first.doc), []);
			expect(made.merged).toBeNull();
			expect((await docs().load('r')).version).toBe(made.version);
			// A snapshot that lacks 'first': the caller says it holds everything at made.version, so it is taken as it is.
			// (A merge would bring 'first' back.)
			const other = recordingDoc();
			edit(other.doc, 'second');
			const swapped = await docs().compact('r', Y.encodeStateAsUpdateV2(other.doc), [], made.version);
			expect(swapped.merged).toBeNull();
			expect(swapped.version).not.toBe(made.version);
			const stored = await docs().load('r');
			expect(stored.version).toBe(swapped.version);
			expect(Object.keys(content(rebuild(stored)).elements)).toEqual(['second']);
		});

		it('[DS22] when another process compacted in between, the compaction merges and no update is lost', async (ctx) => {
			const other = fx.canReopen ? (await fx.reopen()).docs : docs();
			if (!fx.canReopen) ctx.annotate('one instance plays both processes');
			const base = recordingDoc();
			edit(base.doc, 'base');
			const made = await docs().compact('r', Y.encodeStateAsUpdateV2(base.doc), []);
			// Both processes hold the room, loaded at made.version; each logs an edit of its own.
			const loaded = await other.load('r');
			expect(loaded.version).toBe(made.version);
			const mine = recordingDoc(base.doc);
			const theirs = recordingDoc(base.doc);
			edit(mine.doc, 'mine');
			edit(theirs.doc, 'theirs');
			const mineSeq = await docs().append('r', mine.updates[0]);
			const theirsSeq = await other.append('r', theirs.updates[0]);
			// They compact first, on the version both loaded: theirs replaces it.
			const theirCompaction = await other.compact('r', Y.encodeStateAsUpdateV2(theirs.doc), [theirsSeq], made.version);
			expect(theirCompaction.merged).toBeNull();
			// Ours is built on the same, now stale, version: it must merge, not replace.
			const ours = await docs().compact('r', Y.encodeStateAsUpdateV2(mine.doc), [mineSeq], made.version);
			const stored = await docs().load('r');
			expect(stored.updates).toEqual([]);
			expect(Object.keys(content(rebuild(stored)).elements).sort()).toEqual(['base', 'mine', 'theirs']);
			expect(ours.merged).not.toBeNull();
			expect(stored.version).toBe(ours.version);
			// What the store merged is what it holds: our next compaction builds on it and may replace it.
			expect(content(rebuild({ snapshot: ours.merged, version: null, updates: [] }))).toEqual(content(rebuild(stored)));
			const next = recordingDoc();
			Y.applyUpdateV2(next.doc, ours.merged!);
			edit(next.doc, 'later');
			const laterSeq = await docs().append('r', next.updates[0]);
			const again = await docs().compact('r', Y.encodeStateAsUpdateV2(next.doc), [laterSeq], ours.version);
			expect(again.merged).toBeNull();
			expect(Object.keys(content(rebuild(await docs().load('r'))).elements).sort()).toEqual(['base', 'later', 'mine', 'theirs']);
		});

		it('[DS23] versions are never reused: after deleteRoom a compaction on the old version merges', async () => {
			const old = recordingDoc();
			edit(old.doc, 'old');
			const made = await docs().compact('r', Y.encodeStateAsUpdateV2(old.doc), []);
			await docs().deleteRoom('r');
			expect((await docs().load('r')).version).toBeNull();
			// The room starts again (a restore, another process) and is compacted as many times as before.
			const fresh = recordingDoc();
			edit(fresh.doc, 'fresh');
			const restarted = await docs().compact('r', Y.encodeStateAsUpdateV2(fresh.doc), []);
			expect(restarted.version).not.toBe(made.version);
			// A process that still holds the old version does not overwrite the new snapshot.
			const late = recordingDoc(old.doc);
			edit(late.doc, 'late');
			const result = await docs().compact('r', Y.encodeStateAsUpdateV2(late.doc), [], made.version);
			expect(Object.keys(content(rebuild(await docs().load('r'))).elements).sort()).toEqual(['fresh', 'late', 'old']);
			expect(result.merged).not.toBeNull();
		});

		it('[DS24] a compaction cut off by a crash loses nothing: the room reopens with every accepted edit', async (ctx) => {
			if (!fx.canReopen) ctx.skip('needs a durable store');
			const { doc, updates } = recordingDoc();
			for (let i = 0; i < 10; i++) edit(doc, `n${i}`);
			const early = await Promise.all(updates.slice(0, 5).map((u) => docs().append('r', u)));
			const first = await docs().compact('r', Y.encodeStateAsUpdateV2(rebuild(await docs().load('r'))), early);
			const late = await Promise.all(updates.slice(5).map((u) => docs().append('r', u)));
			// A compaction built on first.version is under way when the process dies: the store is closed under it.
			const stored = await docs().load('r');
			const snapshot = Y.encodeStateAsUpdateV2(rebuild(stored));
			const cut = docs()
				.compact('r', snapshot, late, first.version)
				.then(
					() => 'done',
					() => 'failed'
				);
			await fx.store.close();
			await cut;
			const reopened = await fx.reopen();
			const after = await reopened.docs.load('r');
			// Whether it landed or not, every edit is there, and what was not folded in is still in the log.
			expect(content(rebuild(after))).toEqual(content(doc));
			if (after.version === first.version) expect(after.updates.map((u) => u.seq)).toEqual(late);
			else expect(after.updates).toEqual([]);
		});
	});
}
