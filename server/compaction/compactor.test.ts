import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildSnapshot } from './build.js';
import { createCompactor, type Compactor } from './compactor.js';
import { recordingDoc } from '../persistence/doc-store.contract.js';

const notes = (doc: Y.Doc) => doc.getMap('elements').toJSON();
const fromSnapshot = (snapshot: Uint8Array) => {
	const doc = new Y.Doc();
	Y.applyUpdateV2(doc, snapshot);
	return doc;
};

describe('buildSnapshot', () => {
	it('holds the base and every update after it', () => {
		const { doc, updates } = recordingDoc();
		for (let i = 0; i < 5; i++) doc.getMap('elements').set(`n${i}`, { text: `note ${i}` });
		const base = Y.encodeStateAsUpdateV2(doc);
		updates.length = 0;
		doc.getMap('elements').delete('n0');
		doc.getMap('elements').set('n5', { text: 'note 5' });
		const built = buildSnapshot(base, updates);
		expect(built.skipped).toBe(0);
		expect(notes(fromSnapshot(built.snapshot))).toEqual(notes(doc));
	});

	it('keeps an update whose dependency is not in the log (it sits in another process’s part of the log)', () => {
		const shared = recordingDoc();
		shared.doc.getText('t').insert(0, 'base ');
		const base = Y.encodeStateAsUpdateV2(shared.doc);
		// Another process logged the first edit; this one logged the second, which builds on it.
		const elsewhere = recordingDoc(shared.doc);
		elsewhere.doc.getText('t').insert(5, 'theirs ');
		const mine = recordingDoc(elsewhere.doc);
		mine.doc.getText('t').insert(12, 'mine');
		const built = buildSnapshot(base, mine.updates);
		const reopened = fromSnapshot(built.snapshot);
		// Not visible yet, but not lost: once the other process's edit is there, so is this one.
		Y.applyUpdate(reopened, elsewhere.updates[0]);
		expect(reopened.getText('t').toString()).toBe('base theirs mine');
	});

	it('leaves out updates Yjs cannot read, and counts them', () => {
		const { doc, updates } = recordingDoc();
		doc.getMap('elements').set('a', 1);
		const built = buildSnapshot(null, [Uint8Array.of(0xff, 0xff, 0xff, 0xff), updates[0]]);
		expect(built.skipped).toBe(1);
		expect(notes(fromSnapshot(built.snapshot))).toEqual({ a: 1 });
	});

	it('refuses a base it cannot read, rather than build a snapshot that lost it', () => {
		expect(() => buildSnapshot(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff), [])).toThrow();
	});
});

describe('the compaction worker', () => {
	let compactor: Compactor | null = null;
	afterEach(async () => {
		await compactor?.close();
		compactor = null;
	});

	it('builds in a worker thread the same snapshot as on the event loop, survives bad input, and is gone after close', async () => {
		compactor = createCompactor({ workers: 1 });
		const { doc, updates } = recordingDoc();
		for (let i = 0; i < 3000; i++) doc.getMap('elements').set(`n${i % 500}`, { text: `note ${i}` });
		const base = Y.encodeStateAsUpdateV2(new Y.Doc());
		const inWorker = await compactor.build(base, updates);
		expect(compactor.workers()).toBe(1);
		expect([...inWorker.snapshot]).toEqual([...buildSnapshot(base, updates).snapshot]);
		expect(notes(fromSnapshot(inWorker.snapshot))).toEqual(notes(doc));
		// A corrupt base fails this build, not the worker nor the server; the next build works.
		await expect(compactor.build(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff), [])).rejects.toThrow();
		expect(notes(fromSnapshot((await compactor.build(null, updates)).snapshot))).toEqual(notes(doc));
		await compactor.close();
		expect(compactor.workers()).toBe(0);
		// After close, a build is refused rather than left waiting.
		await expect(compactor.build(null, updates)).rejects.toThrow();
	});
});
