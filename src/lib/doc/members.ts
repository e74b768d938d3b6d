/**
 * Who is on the board, as the server publishes it in the `server` document.
 * Clients only read this; the server writes it when someone joins.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { getMembersMap, getBoardInfoMap } from './board-doc.js';
import { SERVER } from './origins.js';

/**
 * What a person may do (docs/api.md, src/lib/doc/policy.ts). `notes-only` participants add notes, cards and
 * connectors and change only their own; a facilitator gives it to someone live (there is no link for it).
 */
export const Role = z.enum(['facilitator', 'participant', 'notes-only', 'viewer']);
export type Role = z.infer<typeof Role>;

/** The roles a join link can carry. */
export const LinkRole = z.enum(['facilitator', 'participant', 'viewer']);
export type LinkRole = z.infer<typeof LinkRole>;

/** Role names as people read them. */
export const ROLE_LABEL: Record<Role, string> = {
	facilitator: 'Facilitator',
	participant: 'Participant',
	'notes-only': 'Notes only',
	viewer: 'Viewer'
};

export const Member = z.object({
	id: z.string().min(1).max(64),
	name: z.string().min(1).max(60),
	agency: z.string().max(80).default(''),
	role: Role,
	color: z.string().regex(/^#[0-9a-f]{6}$/i),
	joinedAt: z.number().int(),
	/** Set when a facilitator removed the person: they are no longer on the board. */
	removedAt: z.number().int().optional()
});
export type Member = z.infer<typeof Member>;

/** The people on the board, in the order they joined (people a facilitator removed are left out). */
export function readMembers(doc: Y.Doc): Member[] {
	const out: Member[] = [];
	for (const value of getMembersMap(doc).values()) {
		const parsed = Member.safeParse(value);
		if (parsed.success && parsed.data.removedAt === undefined) out.push(parsed.data);
	}
	return out.sort((a, b) => a.joinedAt - b.joinedAt);
}

/** Changes a person's role in the member list (the server does this when a facilitator changes it). */
export function setMemberRole(doc: Y.Doc, participantId: string, role: Role): void {
	const parsed = Member.safeParse(getMembersMap(doc).get(participantId));
	if (!parsed.success) return;
	const value = Member.parse({ ...parsed.data, role });
	doc.transact(() => getMembersMap(doc).set(participantId, value), SERVER);
}

/** Marks a person as removed (the server does this when a facilitator removes them). */
export function markMemberRemoved(doc: Y.Doc, participantId: string, at: number): void {
	const parsed = Member.safeParse(getMembersMap(doc).get(participantId));
	if (!parsed.success) return;
	const value = Member.parse({ ...parsed.data, removedAt: at });
	doc.transact(() => getMembersMap(doc).set(participantId, value), SERVER);
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
	'notes-only': new Set(['content', 'drafts']),
	viewer: new Set()
};

/** A join link as facilitators see it (GET /api/boards/:id/links): never its token. */
export const LinkInfo = z.object({
	id: z.string().min(1).max(64),
	role: LinkRole,
	createdAt: z.number().int(),
	/** When a newer link replaced it (it admits nobody new); null while current. */
	retiredAt: z.number().int().nullable(),
	/** People who joined with it. */
	joined: z.number().int().min(0)
});
export type LinkInfo = z.infer<typeof LinkInfo>;

/** A person as facilitators see them (GET /api/boards/:id/members): which link, last seen, removed. */
export const MemberInfo = z.object({
	participantId: z.string().min(1).max(64),
	name: z.string().max(60),
	agency: z.string().max(80),
	role: Role,
	linkId: z.string().max(64).nullable(),
	joinedAt: z.number().int(),
	lastSeenAt: z.number().int(),
	removedAt: z.number().int().nullable(),
	sessions: z.number().int().min(1)
});
export type MemberInfo = z.infer<typeof MemberInfo>;

export const LinksReply = z.object({ links: z.array(LinkInfo) });
export const MembersReply = z.object({ members: z.array(MemberInfo) });
export const NewLinkReply = z.object({ id: z.string(), role: LinkRole, link: z.url() });
