/**
 * How often the board's picture is built: once, then again only after the board changed, and in a busy room at
 * most once per REBUILD_MS whoever asks (tests/integration/picture.test.ts covers the route and the room marking
 * its picture stale on a change, with the real server).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, moveBy } from '../../src/lib/doc/commands.js';
import { FarPicture } from '../../src/lib/doc/far-picture.js';
import { TEMPLATE_MODELS } from '../../src/lib/templates/models.js';
import type { Room } from '../transport/room.js';
import type { RoomRegistry } from '../transport/rooms.js';
import { pictureJson, REBUILD_MS } from './picture.js';

describe('the board picture kept on the room', () => {
	it('is built again after a change, but not more than once per REBUILD_MS', async () => {
		const doc = new Y.Doc();
		const id = createElement(doc, { kind: 'note', x: 0, y: 0, text: 'A' });
		const room = { picture: null, guard: null } as unknown as Room;
		// The room's own update handler marks its picture stale (server/transport/room.ts); here the test does.
		doc.on('update', () => room.picture && (room.picture.stale = true));
		const rooms = { read: async (_name: string, fn: (doc: Y.Doc, room: Room) => unknown) => fn(doc, room) } as unknown as RoomRegistry;
		let clock = 10_000;
		const x = async () =>
			FarPicture.parse(JSON.parse((await pictureJson(rooms, 'b', TEMPLATE_MODELS, () => clock)).toString())).notes[0][1][0];

		expect(await x()).toBe(0);
		const first = room.picture!.bytes;
		clock += 5;
		expect(await pictureJson(rooms, 'b', TEMPLATE_MODELS, () => clock)).toBe(first);
		moveBy(doc, [id], 100, 0);
		clock += 10;
		// Changed, but built 15 ms ago: the kept one.
		expect(await x()).toBe(0);
		clock += REBUILD_MS;
		expect(await x()).toBe(100);
		// Built just now and not changed since: kept, however much later.
		clock += 60_000;
		const kept = room.picture!.bytes;
		expect(await pictureJson(rooms, 'b', TEMPLATE_MODELS, () => clock)).toBe(kept);
	});
});
