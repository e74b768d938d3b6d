/**
 * The BoardStore contract. Every implementation runs this suite from its own test file, next to the DocStore
 * suite. Clauses are numbered [BSn] so a failure names the promise that broke; add new clauses at the end.
 */
import { describe, expect, it } from 'vitest';
import type { BoardRecord, SessionRecord } from './types.js';
import { useStoreFixture, type MakeStoreFixture } from './store-fixture.js';

const board = (id: string, createdAt = 1_700_000_000_000): BoardRecord => ({ id, title: `Board ${id}`, createdAt });

const tokens = (prefix: string, createdAt = 1_700_000_000_000) => [
	{ id: `${prefix}-f`, role: 'facilitator' as const, tokenHash: `${prefix}f`.padEnd(64, '0'), createdAt },
	{ id: `${prefix}-p`, role: 'participant' as const, tokenHash: `${prefix}p`.padEnd(64, '0'), createdAt },
	{ id: `${prefix}-v`, role: 'viewer' as const, tokenHash: `${prefix}v`.padEnd(64, '0'), createdAt }
];

const session = (tokenHash: string, boardId: string, createdAt: number, extra: Partial<SessionRecord> = {}): SessionRecord => ({
	tokenHash,
	boardId,
	participantId: `p-${tokenHash.slice(0, 6)}`,
	role: 'participant',
	name: 'Ana',
	agency: 'Water board',
	createdAt,
	linkId: 'a1-p',
	lastSeenAt: createdAt,
	revokedAt: null,
	...extra
});

/** Registers the BoardStore contract suite for one implementation. */
export function describeBoardStore(name: string, make: MakeStoreFixture): void {
	describe(`${name} satisfies BoardStore`, () => {
		const fx = useStoreFixture(make);
		const boards = () => fx.store.boards;

		it('[BS1] createBoard then getBoard returns the board; an unknown id returns null', async () => {
			await boards().createBoard(board('b1'), tokens('a1'));
			expect(await boards().getBoard('b1')).toEqual(board('b1'));
			expect(await boards().getBoard('nope')).toBeNull();
		});

		it('[BS2] createBoard with an existing id fails and changes nothing', async () => {
			await boards().createBoard(board('b1'), tokens('a1'));
			await expect(boards().createBoard({ ...board('b1'), title: 'Other' }, tokens('c2'))).rejects.toThrow();
			expect(await boards().getBoard('b1')).toEqual(board('b1'));
			// The failed board's tokens were not stored either.
			expect(await boards().findCapability('b1', tokens('c2')[0].tokenHash)).toBeNull();
		});

		it('[BS3] createBoard fails atomically when a token hash is already in use', async () => {
			await boards().createBoard(board('b1'), tokens('a1'));
			await expect(boards().createBoard(board('b2'), [{ ...tokens('x')[2], tokenHash: tokens('a1')[0].tokenHash }])).rejects.toThrow();
			expect(await boards().getBoard('b2')).toBeNull();
		});

		it('[BS4] findCapability returns the role only for the matching board and hash', async () => {
			await boards().createBoard(board('b1'), tokens('a1'));
			await boards().createBoard(board('b2'), tokens('b2'));
			for (const t of tokens('a1')) expect(await boards().findCapability('b1', t.tokenHash)).toEqual({ id: t.id, role: t.role });
			expect(await boards().findCapability('b2', tokens('a1')[0].tokenHash)).toBeNull();
			expect(await boards().findCapability('b1', tokens('zz')[0].tokenHash)).toBeNull();
			expect(await boards().findCapability('nope', tokens('a1')[0].tokenHash)).toBeNull();
		});

		it('[BS5] createSession then findSession returns it; an unknown hash returns null', async () => {
			await boards().createBoard(board('b1'), tokens('a1'));
			const s = session('s1'.padEnd(64, '0'), 'b1', 1000, { role: 'facilitator', name: 'Ben', agency: '' });
			await boards().createSession(s);
			expect(await boards().findSession(s.tokenHash)).toEqual(s);
			expect(await boards().findSession('s9'.padEnd(64, '0'))).toBeNull();
		});

		it('[BS6] createSession with an existing token hash fails', async () => {
			const s = session('s1'.padEnd(64, '0'), 'b1', 1000);
			await boards().createSession(s);
			await expect(boards().createSession({ ...s, name: 'Other' })).rejects.toThrow();
			expect(await boards().findSession(s.tokenHash)).toEqual(s);
		});

		it("[BS7] listSessions returns only that board's sessions, oldest first", async () => {
			await boards().createBoard(board('b1'), tokens('a1'));
			await boards().createBoard(board('b2'), tokens('b2'));
			// Inserted out of order, so the order must come from createdAt.
			const third = session('s3'.padEnd(64, '0'), 'b1', 3000);
			const first = session('s1'.padEnd(64, '0'), 'b1', 1000);
			const elsewhere = session('s2'.padEnd(64, '0'), 'b2', 2000);
			const second = session('s4'.padEnd(64, '0'), 'b1', 2000);
			for (const s of [third, first, elsewhere, second]) await boards().createSession(s);
			expect(await boards().listSessions('b1')).toEqual([first, second, third]);
			expect(await boards().listSessions('b2')).toEqual([elsewhere]);
			expect(await boards().listSessions('nope')).toEqual([]);
		});

		it('[BS8] boards and sessions survive close and reopen', async (ctx) => {
			if (!fx.canReopen) ctx.skip('needs a durable store');
			await boards().createBoard(board('b1'), tokens('a1'));
			const s = session('s1'.padEnd(64, '0'), 'b1', 1000);
			await boards().createSession(s);
			await fx.store.close();
			const reopened = await fx.reopen();
			expect(await reopened.boards.getBoard('b1')).toEqual(board('b1'));
			expect(await reopened.boards.findCapability('b1', tokens('a1')[1].tokenHash)).toEqual({ id: 'a1-p', role: 'participant' });
			expect(await reopened.boards.listSessions('b1')).toEqual([s]);
		});

		it('[BS9] rotating a link retires the old one for new joiners, keeps its record, and leaves other roles alone', async () => {
			await boards().createBoard(board('b1'), tokens('a1', 1000));
			const next = { id: 'a1-p2', role: 'participant' as const, tokenHash: 'new-p'.padEnd(64, '0'), createdAt: 5000 };
			await boards().rotateCapability('b1', next);
			expect(await boards().findCapability('b1', tokens('a1')[1].tokenHash)).toBeNull();
			expect(await boards().findCapability('b1', next.tokenHash)).toEqual({ id: 'a1-p2', role: 'participant' });
			expect(await boards().findCapability('b1', tokens('a1')[2].tokenHash)).toEqual({ id: 'a1-v', role: 'viewer' });
			const links = await boards().listCapabilities('b1');
			expect(links.map((l) => [l.id, l.role, l.revokedAt])).toEqual([
				['a1-f', 'facilitator', null],
				['a1-p', 'participant', 5000],
				['a1-v', 'viewer', null],
				['a1-p2', 'participant', null]
			]);
			expect(await boards().listCapabilities('nope')).toEqual([]);
		});

		it('[BS10] touchSession only moves lastSeenAt forward', async () => {
			const s = session('s1'.padEnd(64, '0'), 'b1', 1000);
			await boards().createSession(s);
			await boards().touchSession(s.tokenHash, 5000);
			await boards().touchSession(s.tokenHash, 3000);
			expect((await boards().findSession(s.tokenHash))?.lastSeenAt).toBe(5000);
			await boards().touchSession('unknown'.padEnd(64, '0'), 9000);
		});

		it('[BS11] revokeParticipant revokes every session of that person on that board only, once', async () => {
			const a1 = session('s1'.padEnd(64, '0'), 'b1', 1000, { participantId: 'pat' });
			const a2 = session('s2'.padEnd(64, '0'), 'b1', 2000, { participantId: 'pat' });
			const other = session('s3'.padEnd(64, '0'), 'b1', 3000, { participantId: 'sam' });
			const elsewhere = session('s4'.padEnd(64, '0'), 'b2', 4000, { participantId: 'pat' });
			for (const x of [a1, a2, other, elsewhere]) await boards().createSession(x);
			expect(await boards().revokeParticipant('b1', 'pat', 7000)).toBe(2);
			expect(await boards().revokeParticipant('b1', 'pat', 8000)).toBe(0);
			expect((await boards().findSession(a1.tokenHash))?.revokedAt).toBe(7000);
			expect((await boards().findSession(a2.tokenHash))?.revokedAt).toBe(7000);
			expect((await boards().findSession(other.tokenHash))?.revokedAt).toBeNull();
			expect((await boards().findSession(elsewhere.tokenHash))?.revokedAt).toBeNull();
		});

		it('[BS12] setParticipantRole changes every session of that person on that board only', async () => {
			const a1 = session('s1'.padEnd(64, '0'), 'b1', 1000, { participantId: 'pat' });
			const a2 = session('s2'.padEnd(64, '0'), 'b1', 2000, { participantId: 'pat' });
			const elsewhere = session('s4'.padEnd(64, '0'), 'b2', 4000, { participantId: 'pat' });
			for (const x of [a1, a2, elsewhere]) await boards().createSession(x);
			expect(await boards().setParticipantRole('b1', 'pat', 'viewer')).toBe(2);
			expect((await boards().findSession(a1.tokenHash))?.role).toBe('viewer');
			expect((await boards().findSession(a2.tokenHash))?.role).toBe('viewer');
			expect((await boards().findSession(elsewhere.tokenHash))?.role).toBe('participant');
		});
	});
}
