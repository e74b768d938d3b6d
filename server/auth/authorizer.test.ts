/** Sessions against the real in-memory store: which tokens open which board, for how long. */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../persistence/memory-store.js';
import type { SessionRecord } from '../persistence/types.js';
import { createSessionAuthorizer } from './authorizer.js';
import { hashToken, newToken, sameHash } from './tokens.js';

const HOUR = 3_600_000;

describe('tokens', () => {
	it('are 256 random bits, url-safe, and stored only as their SHA-256', () => {
		const a = newToken();
		expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(newToken()).not.toBe(a);
		expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
		expect(hashToken(a)).toBe(hashToken(a));
		expect(sameHash(hashToken(a), hashToken(a))).toBe(true);
		expect(sameHash(hashToken(a), hashToken(newToken()))).toBe(false);
		// A hash of another length is simply not the same (timingSafeEqual would throw).
		expect(sameHash(hashToken(a), 'abcd')).toBe(false);
	});
});

describe(createSessionAuthorizer, () => {
	async function setup(idleMs = 24 * HOUR) {
		const store = createMemoryStore();
		let now = 1_000 * HOUR;
		await store.boards.createBoard({ id: 'board1', title: 'Northshire', createdAt: now }, []);
		await store.boards.createBoard({ id: 'board2', title: 'Elsewhere', createdAt: now }, []);
		const token = newToken();
		const session: SessionRecord = {
			tokenHash: hashToken(token),
			boardId: 'board1',
			participantId: 'alex',
			role: 'participant',
			name: 'Alex',
			agency: 'School',
			createdAt: now,
			linkId: null,
			lastSeenAt: now,
			revokedAt: null
		};
		await store.boards.createSession(session);
		const authorize = createSessionAuthorizer(store.boards, { idleMs, now: () => now });
		return { store, token, authorize, advance: (ms: number) => (now += ms), at: () => now };
	}

	it('grants the session its board, person and role, and nothing for another board or an unknown token', async () => {
		const { token, authorize } = await setup();
		expect(await authorize('board1', token)).toEqual({
			boardId: 'board1',
			participantId: 'alex',
			role: 'participant',
			name: 'Alex',
			agency: 'School'
		});
		expect(await authorize('board2', token)).toBeNull();
		expect(await authorize('board1', newToken())).toBeNull();
		// The hash is not the token: a leaked database row opens nothing.
		expect(await authorize('board1', hashToken(token))).toBeNull();
	});

	it('follows role changes and removal by a facilitator', async () => {
		const { store, token, authorize, at } = await setup();
		await store.boards.setParticipantRole('board1', 'alex', 'viewer');
		expect((await authorize('board1', token))?.role).toBe('viewer');
		await store.boards.revokeParticipant('board1', 'alex', at());
		expect(await authorize('board1', token)).toBeNull();
	});

	it('stops working after the idle time, and each use (recorded at most hourly) keeps it alive', async () => {
		const { store, token, authorize, advance, at } = await setup(3 * HOUR);
		advance(2 * HOUR);
		expect(await authorize('board1', token)).not.toBeNull();
		await expect.poll(async () => (await store.boards.findSession(hashToken(token)))?.lastSeenAt).toBe(at());
		const touched = at();
		// Within the hour, a use is not written again.
		advance(30 * 60_000);
		expect(await authorize('board1', token)).not.toBeNull();
		expect((await store.boards.findSession(hashToken(token)))?.lastSeenAt).toBe(touched);
		// 2.5 h after the last recorded use: still inside the 3 h; then 3 h and a moment: gone.
		advance(2 * HOUR);
		expect(await authorize('board1', token)).not.toBeNull();
		const unused = await setup(3 * HOUR);
		unused.advance(3 * HOUR + 1);
		expect(await unused.authorize('board1', unused.token)).toBeNull();
	});
});
