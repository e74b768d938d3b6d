/**
 * Who is on the board, as the server publishes it in the `server` document.
 * Clients only read this; the server writes it when someone joins.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { getMembersMap, getBoardInfoMap } from './board-doc.js';
import { SERVER } from './origins.js';

export const Role = z.enum(['facilitator', 'participant', 'viewer']);
export type Role = z.infer<typeof Role>;

export const Member = z.object({
	id: z.string().min(1).max(64),
	name: z.string().min(1).max(60),
	agency: z.string().max(80).default(''),
	role: Role,
	color: z.string().regex(/^#[0-9a-f]{6}$/i),
	joinedAt: z.number().int()
});
export type Member = z.infer<typeof Member>;

export function readMembers(doc: Y.Doc): Member[] {
	const out: Member[] = [];
	for (const value of getMembersMap(doc).values()) {
		const parsed = Member.safeParse(value);
		if (parsed.success) out.push(parsed.data);
	}
	return out.sort((a, b) => a.joinedAt - b.joinedAt);
}

export function writeMember(doc: Y.Doc, member: Member): void {
	const value = Member.parse(member);
	doc.transact(() => getMembersMap(doc).set(value.id, value), SERVER);
}

export const BoardInfo = z.object({ title: z.string().min(1).max(200), createdAt: z.number().int() });
export type BoardInfo = z.infer<typeof BoardInfo>;

export function readBoardInfo(doc: Y.Doc): BoardInfo | null {
	const parsed = BoardInfo.safeParse(Object.fromEntries(getBoardInfoMap(doc).entries()));
	return parsed.success ? parsed.data : null;
}

export function writeBoardInfo(doc: Y.Doc, info: BoardInfo): void {
	const value = BoardInfo.parse(info);
	doc.transact(() => {
		const map = getBoardInfoMap(doc);
		map.set('title', value.title);
		map.set('createdAt', value.createdAt);
	}, SERVER);
}

/** Which documents a role may write; the transport enforces this. */
export const WRITABLE: Record<Role, ReadonlySet<string>> = {
	facilitator: new Set(['content', 'control', 'drafts']),
	participant: new Set(['content', 'drafts']),
	viewer: new Set()
};
