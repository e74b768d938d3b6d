/**
 * The Store contract for what spans its parts: deleting a board and everything it holds, and finding boards
 * nobody uses (retention). Every implementation runs this suite from its own test file, next to the DocStore,
 * BoardStore and VoteStore suites. Clauses are numbered [BDn] so a failure names the promise that broke; add
 * new clauses at the end.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Store } from './types.js';
import { useStoreFixture, type MakeStoreFixture } from './store-fixture.js';
import type { Round } from '../../src/lib/doc/votes.js';

const LONG_AGO = 1_700_000_000_000;

const round = (id: string): Round => ({
	id,
	status: 'open',
	questions: ['q-one'],
	budget: 3,
	stacking: true,
	facilitatorsVote: false,
	hidden: true,
	revealed: false,
	startedAt: LONG_AGO,
	endedAt: null
});

function update(label: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('elements').set(label, label);
	return Y.encodeStateAsUpdate(doc);
}

/** Everything a board can hold: the board, its links, two people, a round with dots, and rooms with snapshots and updates. */
async function fillBoard(store: Store, boardId: string, createdAt = LONG_AGO): Promise<string[]> {
	const hash = (kind: string) => `${boardId}-${kind}`.padEnd(64, '0');
	await store.boards.createBoard({ id: boardId, title: `Board ${boardId}`, createdAt }, [
		{ id: `${boardId}-f`, role: 'facilitator', tokenHash: hash('f'), createdAt },
		{ id: `${boardId}-p`, role: 'participant', tokenHash: hash('p'), createdAt }
	]);
	await store.boards.rotateCapability(boardId, { id: `${boardId}-p2`, role: 'participant', tokenHash: hash('p2'), createdAt });
	for (const who of ['fay', 'pat']) {
		await store.boards.createSession({
			tokenHash: hash(`s-${who}`),
			boardId,
			participantId: `${boardId}-${who}`,
			role: who === 'fay' ? 'facilitator' : 'participant',
			name: who,
			agency: 'School',
			createdAt,
			linkId: `${boardId}-p`,
			lastSeenAt: createdAt,
			revokedAt: null
		});
	}
	await store.votes.changeRound(boardId, () => round(`round-${boardId}`));
	await store.votes.cast(
		{ boardId, participantId: `${boardId}-pat`, agency: 'School', itemId: 'q-one', criterion: 'feasibility', delta: 1 },
		() => null
	);
	await store.history.saveSnapshot(
		{ id: `snap-${boardId}`, boardId, createdAt, reason: 'named', label: 'Before lunch', by: 'fay', elements: 1 },
		Uint8Array.of(1, 2, 3)
	);
	await store.history.recordDeleted([
		{ boardId, elementId: 'note-one', deletedAt: createdAt, deletedBy: 'pat', group: 'g1', element: '{"id":"note-one"}' }
	]);
	const rooms = ['content', 'control', 'server', `drafts/${boardId}-pat`].map((doc) => `${boardId}/${doc}`);
	for (const room of rooms) {
		const seq = await store.docs.append(room, update(`${room}-1`));
		await store.docs.compact(room, Y.encodeStateAsUpdateV2(new Y.Doc()), [seq]);
		await store.docs.append(room, update(`${room}-2`));
	}
	return rooms;
}

/** What the store's interfaces can see of a board: empty when nothing of it remains. */
async function whatRemains(store: Store, boardId: string, rooms: readonly string[]) {
	const hash = (kind: string) => `${boardId}-${kind}`.padEnd(64, '0');
	return {
		board: await store.boards.getBoard(boardId),
		links: await store.boards.listCapabilities(boardId),
		sessions: await store.boards.listSessions(boardId),
		session: await store.boards.findSession(hash('s-fay')),
		round: await store.votes.getRound(boardId),
		votes: await store.votes.roundVotes(boardId, `round-${boardId}`),
		snapshots: await store.history.listSnapshots(boardId),
		deleted: await store.history.listDeleted(boardId, 0),
		rooms: await Promise.all(rooms.map(async (room) => ({ room, stored: await store.docs.load(room) }))).then((all) =>
			all.filter((r) => r.stored.snapshot !== null || r.stored.updates.length > 0).map((r) => r.room)
		)
	};
}

const NOTHING = { board: null, links: [], sessions: [], session: null, round: null, votes: [], snapshots: [], deleted: [], rooms: [] };

/** Registers the board-deletion and retention contract suite for one implementation. */
export function describeBoardDeletion(name: string, make: MakeStoreFixture): void {
	describe(`${name} deletes a board and everything it holds`, () => {
		const fx = useStoreFixture(make);

		it('[BD1] deleteBoard removes the board, its links, sessions, round, votes, history and every room (snapshots and updates)', async () => {
			const rooms = await fillBoard(fx.store, 'b1');
			expect((await whatRemains(fx.store, 'b1', rooms)).rooms).toEqual(rooms);
			const deleted = await fx.store.deleteBoard('b1');
			expect(await whatRemains(fx.store, 'b1', rooms)).toEqual(NOTHING);
			// It says what it removed: one board row, the links, the sessions, the round and every room's rows.
			expect(deleted).toMatchObject({
				boards: 1,
				capabilities: 3,
				sessions: 2,
				vote_rounds: 1,
				votes: 1,
				snapshots: 1,
				deleted_elements: 1,
				doc_snapshots: 4,
				doc_updates: 4
			});
		});

		it("[BD2] deleteBoard leaves every other board whole, even one whose id starts with the deleted one's", async () => {
			const kept = await fillBoard(fx.store, 'b10');
			const other = await fillBoard(fx.store, 'c2');
			const gone = await fillBoard(fx.store, 'b1');
			const before = { b10: await whatRemains(fx.store, 'b10', kept), c2: await whatRemains(fx.store, 'c2', other) };
			await fx.store.deleteBoard('b1');
			expect(await whatRemains(fx.store, 'b1', gone)).toEqual(NOTHING);
			expect({ b10: await whatRemains(fx.store, 'b10', kept), c2: await whatRemains(fx.store, 'c2', other) }).toEqual(before);
		});

		it('[BD3] deleting an unknown board deletes nothing and succeeds; deleting twice is harmless', async () => {
			const rooms = await fillBoard(fx.store, 'b1');
			const before = await whatRemains(fx.store, 'b1', rooms);
			const deleted = await fx.store.deleteBoard('nope');
			expect(Object.values(deleted).every((n) => n === 0)).toBe(true);
			expect(await whatRemains(fx.store, 'b1', rooms)).toEqual(before);
			await fx.store.deleteBoard('b1');
			await fx.store.deleteBoard('b1');
			expect(await whatRemains(fx.store, 'b1', rooms)).toEqual(NOTHING);
		});

		it('[BD4] updates appended just before deleteBoard (still queued) are deleted too, never written after it', async () => {
			const rooms = await fillBoard(fx.store, 'b1');
			// Not awaited: these may still sit in the write batch when deleteBoard starts.
			const late = rooms.map((room) => fx.store.docs.append(room, update(`${room}-late`)));
			await fx.store.deleteBoard('b1');
			await Promise.all(late);
			await fx.store.docs.flush();
			expect(await whatRemains(fx.store, 'b1', rooms)).toEqual(NOTHING);
		});

		it('[BD5] nothing of a deleted board comes back after closing and reopening the store', async (ctx) => {
			if (!fx.canReopen) ctx.skip('needs a durable store');
			const rooms = await fillBoard(fx.store, 'b1');
			const kept = await fillBoard(fx.store, 'c2');
			await fx.store.deleteBoard('b1');
			await fx.store.close();
			const reopened = await fx.reopen();
			expect(await whatRemains(reopened, 'b1', rooms)).toEqual(NOTHING);
			expect((await whatRemains(reopened, 'c2', kept)).rooms).toEqual(kept);
		});

		it('[BD6] listIdleBoards lists boards unused since a moment, oldest first: any session seen or room written since keeps a board', async () => {
			const now = Date.now();
			await fx.store.boards.createBoard({ id: 'old1', title: 'Old', createdAt: LONG_AGO }, []);
			await fx.store.boards.createBoard({ id: 'old0', title: 'Older', createdAt: LONG_AGO - 1000 }, []);
			await fx.store.boards.createBoard({ id: 'new1', title: 'New', createdAt: now }, []);
			// Old boards, but used recently: one through a session, one through a document write.
			await fx.store.boards.createBoard({ id: 'seen1', title: 'Seen', createdAt: LONG_AGO }, []);
			await fx.store.boards.createSession({
				tokenHash: 'seen'.padEnd(64, '0'),
				boardId: 'seen1',
				participantId: 'p1',
				role: 'participant',
				name: 'Ana',
				agency: '',
				createdAt: LONG_AGO,
				linkId: null,
				lastSeenAt: LONG_AGO,
				revokedAt: null
			});
			await fx.store.boards.touchSession('seen'.padEnd(64, '0'), now);
			await fx.store.boards.createBoard({ id: 'edit1', title: 'Edited', createdAt: LONG_AGO }, []);
			await fx.store.docs.append('edit1/drafts/p1', update('just now'));
			await fx.store.docs.flush();

			const dayAgo = now - 24 * 60 * 60 * 1000;
			expect(await fx.store.listIdleBoards(dayAgo, 100)).toEqual(['old0', 'old1']);
			expect(await fx.store.listIdleBoards(dayAgo, 1)).toEqual(['old0']);
			// A moment before every board was made: none is idle.
			expect(await fx.store.listIdleBoards(LONG_AGO - 2000, 100)).toEqual([]);
		});
	});
}
