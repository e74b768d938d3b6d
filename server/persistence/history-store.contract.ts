/**
 * The HistoryStore contract: snapshots of a board's content and its recently deleted elements. Every
 * implementation runs it. Clauses are numbered [HSn]; add new ones at the end.
 */
import { describe, expect, it } from 'vitest';
import type { DeletedRecord, SnapshotRecord } from './types.js';
import { useStoreFixture, type MakeStoreFixture } from './store-fixture.js';

const snap = (boardId: string, id: string, createdAt: number, extra: Partial<SnapshotRecord> = {}): SnapshotRecord => ({
	id,
	boardId,
	createdAt,
	reason: 'periodic',
	label: 'Every 15 minutes',
	by: null,
	elements: 3,
	...extra
});

const gone = (boardId: string, elementId: string, deletedAt: number, group: string): DeletedRecord => ({
	boardId,
	elementId,
	deletedAt,
	deletedBy: 'Pat',
	group,
	element: JSON.stringify({ id: elementId, kind: 'note', text: `note ${elementId}` })
});

export function describeHistoryStore(name: string, make: MakeStoreFixture): void {
	describe(`${name} satisfies HistoryStore`, () => {
		const fx = useStoreFixture(make);
		const history = () => fx.store.history;

		it('[HS1] saves snapshots and lists a board’s newest first; loads one with its bytes', async () => {
			await history().saveSnapshot(snap('b1', 's1', 1000), Uint8Array.of(1, 2, 3));
			await history().saveSnapshot(snap('b1', 's2', 3000, { reason: 'named', label: 'Before lunch', by: 'Fran' }), Uint8Array.of(4));
			await history().saveSnapshot(snap('b2', 's3', 2000), Uint8Array.of(5));
			expect((await history().listSnapshots('b1')).map((s) => s.id)).toEqual(['s2', 's1']);
			expect((await history().listSnapshots('b1'))[0]).toEqual(
				snap('b1', 's2', 3000, { reason: 'named', label: 'Before lunch', by: 'Fran' })
			);
			const loaded = await history().loadSnapshot('b1', 's1');
			expect(loaded?.record).toEqual(snap('b1', 's1', 1000));
			expect([...(loaded?.data ?? [])]).toEqual([1, 2, 3]);
			expect(await history().loadSnapshot('b2', 's1')).toBeNull();
			expect(await history().listSnapshots('nope')).toEqual([]);
		});

		it('[HS2] a snapshot id is unique per board', async () => {
			await history().saveSnapshot(snap('b1', 's1', 1000), Uint8Array.of(1));
			await expect(history().saveSnapshot(snap('b1', 's1', 2000), Uint8Array.of(2))).rejects.toThrow();
		});

		it('[HS3] pruning removes automatic snapshots older than the cut, never named ones', async () => {
			await history().saveSnapshot(snap('b1', 'old', 1000), Uint8Array.of(1));
			await history().saveSnapshot(snap('b1', 'named', 1000, { reason: 'named' }), Uint8Array.of(1));
			await history().saveSnapshot(snap('b1', 'new', 5000), Uint8Array.of(1));
			expect(await history().pruneSnapshots(2000)).toBe(1);
			expect((await history().listSnapshots('b1')).map((s) => s.id)).toEqual(['new', 'named']);
		});

		it('[HS4] records deleted elements; lists a board’s since a time, newest first; forgets a group', async () => {
			await history().recordDeleted([gone('b1', 'n1', 1000, 'g1'), gone('b1', 'n2', 1000, 'g1')]);
			await history().recordDeleted([gone('b1', 'n3', 3000, 'g2'), gone('b2', 'n4', 3000, 'g3')]);
			expect((await history().listDeleted('b1', 0)).map((d) => d.elementId)).toEqual(['n3', 'n2', 'n1']);
			expect((await history().listDeleted('b1', 2000)).map((d) => d.elementId)).toEqual(['n3']);
			expect((await history().listDeleted('b1', 0))[0]).toEqual(gone('b1', 'n3', 3000, 'g2'));
			expect(await history().forgetDeleted('b1', 'g1')).toBe(2);
			expect((await history().listDeleted('b1', 0)).map((d) => d.elementId)).toEqual(['n3']);
			expect((await history().listDeleted('b2', 0)).map((d) => d.elementId)).toEqual(['n4']);
		});

		it('[HS5] pruning forgets deletions recorded before the cut', async () => {
			await history().recordDeleted([gone('b1', 'n1', 1000, 'g1'), gone('b1', 'n2', 5000, 'g2')]);
			expect(await history().pruneDeleted(2000)).toBe(1);
			expect((await history().listDeleted('b1', 0)).map((d) => d.elementId)).toEqual(['n2']);
		});

		it('[HS6] history survives close and reopen', async (ctx) => {
			if (!fx.canReopen) ctx.skip('needs a durable store');
			await history().saveSnapshot(snap('b1', 's1', 1000), Uint8Array.of(9, 8));
			await history().recordDeleted([gone('b1', 'n1', 1000, 'g1')]);
			await fx.store.close();
			const reopened = await fx.reopen();
			expect([...((await reopened.history.loadSnapshot('b1', 's1'))?.data ?? [])]).toEqual([9, 8]);
			expect((await reopened.history.listDeleted('b1', 0)).map((d) => d.elementId)).toEqual(['n1']);
		});
	});
}
