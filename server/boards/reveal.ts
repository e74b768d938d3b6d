/**
 * The facilitator's reveal of private writing: everyone's drafts placed on the board, then emptied.
 * The board's content is written first and only the drafts that were placed are removed, so a note
 * written during the reveal stays in its author's drafts for the next one: nothing accepted is lost.
 */
import { clearDrafts, draftsOf, placeDrafts, readDrafts, setPrivateWriting } from '../../src/lib/doc/drafts.js';
import { readMembers } from '../../src/lib/doc/members.js';
import { SERVER } from '../../src/lib/doc/origins.js';
import type { RoomRegistry } from '../transport/rooms.js';
import { draftsRoom } from '../transport/connection.js';

export interface Revealed {
	/** Notes placed on the board. */
	revealed: number;
	/** People whose notes they were. */
	people: number;
}

export async function revealDrafts(rooms: RoomRegistry, boardId: string, frameId: string | null): Promise<Revealed> {
	const members = await rooms.read(`${boardId}/server`, (doc) => readMembers(doc));
	// Everyone's drafts load at once (each is its own room), in the order people joined.
	const read = await Promise.all(members.map(async (member) => ({ authorId: member.id, drafts: await rooms.read(draftsRoom(boardId, member.id), (doc) => readDrafts(doc)) })));
	const groups = read.filter((g) => g.drafts.length > 0);
	await rooms.change(`${boardId}/content`, (doc) => {
		placeDrafts(doc, groups.map((g) => ({ authorId: g.authorId, drafts: draftsOf(g.drafts) })), frameId, SERVER);
	});
	for (const group of groups) {
		await rooms.change(draftsRoom(boardId, group.authorId), (doc) => clearDrafts(doc, group.drafts.map((d) => d.id), SERVER));
	}
	await rooms.change(`${boardId}/control`, (doc) => setPrivateWriting(doc, false, Date.now(), SERVER));
	return { revealed: groups.reduce((n, g) => n + g.drafts.length, 0), people: groups.length };
}
