/**
 * Creating and joining boards. A board has one capability token per role; its links carry them.
 * Joining trades a capability token for a session (a participant id and a session token).
 */
import { z } from 'zod';
import { newId } from '../../src/lib/shared/ids.js';
import { presenceColor } from '../../src/lib/shared/colors.js';
import {
	LinkRole,
	Role,
	markMemberRemoved,
	setMemberRole,
	writeBoardInfo,
	writeMember,
	type LinkInfo,
	type MemberInfo
} from '../../src/lib/doc/members.js';
import type { Grant } from '../transport/connection-types.js';
import type { BoardStore } from '../persistence/types.js';
import type { RoomRegistry } from '../transport/rooms.js';
import { hashToken, newToken } from '../auth/tokens.js';
import type { TemplateModel } from '../../src/lib/templates/kit/model.js';
import { placementRules } from '../../src/lib/templates/kit/placement.js';
import { addExercise } from '../../src/lib/templates/kit/seed.js';
import { HttpError } from '../http/respond.js';
import type { BoardDeleter } from './deletion.js';

/** Words people see as one clean line: control characters (newlines, escapes) become spaces. */
export function cleanLine(text: string): string {
	// Matching control characters is the point here.
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

const Line = (max: number) => z.string().transform(cleanLine).pipe(z.string().max(max));

export const CreateBoard = z.object({
	title: Line(120).pipe(z.string().min(1, 'give the board a title')),
	templates: z.array(z.string().max(64)).max(20).optional(),
	example: z.boolean().optional()
});
export type CreateBoard = z.infer<typeof CreateBoard>;

export const JoinBoard = z.object({
	token: z.string().min(16).max(200),
	name: Line(60).pipe(z.string().min(1, 'give a display name')),
	agency: Line(80).optional().default('')
});
export type JoinBoard = z.infer<typeof JoinBoard>;

export const BoardId = z.string().regex(/^[a-z0-9]{8,40}$/, 'not a board id');

export interface CreatedBoard {
	id: string;
	title: string;
	links: Record<LinkRole, string>;
}

export interface BoardServiceDeps {
	boards: BoardStore;
	rooms: RoomRegistry;
	/** The templates `templates` may name, with what seeds them. */
	templates?: readonly TemplateModel[];
	now?: () => number;
	/** Closes every open socket of a person on a board, in this process and the others (removal, role change). */
	disconnect?: (boardId: string, participantId: string, close: { code: number; reason: string }) => void;
	/** People a board may hold at most (every join, however many devices, counts). */
	maxMembers?: number;
	/** Deletes a board with everything it holds (boards/deletion.ts); without it, boards cannot be deleted. */
	deleter?: BoardDeleter;
}

/** A facilitator's "delete this board": the board's title, typed again, so it cannot happen by a slip. */
export const DeleteBoard = z
	.object({
		session: z.string().min(16, 'give your session token (from /join)').max(200),
		confirm: z.string().max(200)
	})
	.strict();

export function joinLink(baseUrl: string, boardId: string, token: string): string {
	return `${baseUrl.replace(/\/$/, '')}/b/${boardId}/join?token=${encodeURIComponent(token)}`;
}

/** The close sent when a person's role changes: 40xx, so their client reconnects at once with the new role. */
export const ROLE_CHANGED = { code: 4001, reason: 'Your role on this board changed.' } as const;

/** The close sent to a removed person's sockets: y-websocket does not reconnect on 44xx. */
export const REMOVED = { code: 4401, reason: 'A facilitator removed you from this board.' } as const;

export function createBoardService(deps: BoardServiceDeps) {
	const now = deps.now ?? Date.now;
	const maxMembers = deps.maxMembers ?? 1000;

	async function create(input: CreateBoard, baseUrl: string): Promise<CreatedBoard> {
		const models = (input.templates ?? []).map((id, i) => {
			const model = deps.templates?.find((m) => m.id === id);
			if (!model) throw new HttpError(400, 'unknown_template', `No template called "${id}"`, `templates.${i}`);
			return model;
		});
		const id = newId(16);
		const tokens = { facilitator: newToken(), participant: newToken(), viewer: newToken() };
		const createdAt = now();
		await deps.boards.createBoard(
			{ id, title: input.title, createdAt },
			LinkRole.options.map((role) => ({ id: newId(10), role, tokenHash: hashToken(tokens[role]), createdAt }))
		);
		// Answered only once the board's documents are on disk, so a crash right after cannot leave a board without them.
		await deps.rooms.change(`${id}/server`, (doc) => writeBoardInfo(doc, { title: input.title, createdAt }), { durable: true });
		if (models.length > 0) {
			await deps.rooms.change(
				`${id}/content`,
				(doc) => {
					const rules = placementRules(deps.templates ?? []);
					for (const model of models) addExercise(doc, model, { example: input.example === true, rules });
				},
				{ durable: true }
			);
		}
		return {
			id,
			title: input.title,
			links: {
				facilitator: joinLink(baseUrl, id, tokens.facilitator),
				participant: joinLink(baseUrl, id, tokens.participant),
				viewer: joinLink(baseUrl, id, tokens.viewer)
			}
		};
	}

	const noBoard = () => new HttpError(404, 'not_found', 'There is no board at this address');

	async function join(boardId: string, input: JoinBoard) {
		const board = deps.deleter?.isDeleted(boardId) ? null : await deps.boards.getBoard(boardId);
		if (!board) throw noBoard();
		const link = await deps.boards.findCapability(boardId, hashToken(input.token));
		if (!link)
			throw new HttpError(
				403,
				'invalid_token',
				'This link is not valid for this board (it may have been replaced). Ask the facilitator for the current one.'
			);
		const sessions = await deps.boards.listSessions(boardId);
		if (new Set(sessions.map((s) => s.participantId)).size >= maxMembers) {
			throw new HttpError(409, 'board_full', `This board already has ${maxMembers} people, its limit. Ask the facilitator.`);
		}
		const participantId = newId(16);
		const sessionToken = newToken();
		const createdAt = now();
		await deps.boards.createSession({
			tokenHash: hashToken(sessionToken),
			boardId,
			participantId,
			role: link.role,
			name: input.name,
			agency: input.agency,
			createdAt,
			linkId: link.id,
			lastSeenAt: createdAt,
			revokedAt: null
		});
		// The member record is on disk before we answer: a reveal after a crash must not skip this person.
		await deps.rooms.change(
			`${boardId}/server`,
			(doc) =>
				writeMember(doc, {
					id: participantId,
					name: input.name,
					agency: input.agency,
					role: link.role,
					color: presenceColor(participantId),
					joinedAt: createdAt
				}),
			{ durable: true }
		);
		// The board was deleted while this person joined: their session must not outlive it.
		if (deps.deleter?.isDeleted(boardId)) {
			await deps.deleter.deleteAgain(boardId);
			throw noBoard();
		}
		return { participantId, role: link.role, sessionToken, board: { id: board.id, title: board.title } };
	}

	/**
	 * What a join link opens, before joining: the board's title and the role the link gives, so the join
	 * page can say which workshop this is. The same checks as `join` (no board, a replaced link), nothing written.
	 */
	async function invitation(boardId: string, token: string) {
		const board = deps.deleter?.isDeleted(boardId) ? null : await deps.boards.getBoard(boardId);
		if (!board) throw noBoard();
		const link = await deps.boards.findCapability(boardId, hashToken(token));
		if (!link)
			throw new HttpError(
				403,
				'invalid_token',
				'This link is not valid for this board (it may have been replaced). Ask the facilitator for the current one.'
			);
		return { title: board.title, role: link.role };
	}

	function requireFacilitator(grant: Grant, what: string): void {
		if (grant.role !== 'facilitator') throw new HttpError(403, 'not_facilitator', `Only a facilitator can ${what}`);
	}

	/** The board's links, newest last, with how many joined through each (facilitators only). */
	async function links(boardId: string, grant: Grant): Promise<LinkInfo[]> {
		requireFacilitator(grant, "see the board's links");
		const [capabilities, sessions] = await Promise.all([deps.boards.listCapabilities(boardId), deps.boards.listSessions(boardId)]);
		return capabilities.map((c) => ({
			id: c.id,
			role: c.role,
			createdAt: c.createdAt,
			retiredAt: c.revokedAt,
			joined: new Set(sessions.filter((s) => s.linkId === c.id).map((s) => s.participantId)).size
		}));
	}

	/**
	 * Makes a new link for `role` and retires the old one: the old link admits nobody new; people who joined
	 * with it stay. Returns the new link (shown once: only its hash is stored).
	 */
	async function rotateLink(
		boardId: string,
		grant: Grant,
		role: LinkRole,
		baseUrl: string
	): Promise<{ id: string; role: LinkRole; link: string }> {
		requireFacilitator(grant, 'make a new link');
		const token = newToken();
		const id = newId(10);
		await deps.boards.rotateCapability(boardId, { id, role, tokenHash: hashToken(token), createdAt: now() });
		return { id, role, link: joinLink(baseUrl, boardId, token) };
	}

	/** Everyone who has joined, one entry per person (facilitators only). */
	async function members(boardId: string, grant: Grant): Promise<MemberInfo[]> {
		requireFacilitator(grant, 'see who joined with which link');
		const byPerson = new Map<string, MemberInfo>();
		for (const s of await deps.boards.listSessions(boardId)) {
			const seen = byPerson.get(s.participantId);
			if (seen) {
				seen.sessions++;
				seen.lastSeenAt = Math.max(seen.lastSeenAt, s.lastSeenAt);
				continue;
			}
			byPerson.set(s.participantId, {
				participantId: s.participantId,
				name: s.name,
				agency: s.agency,
				role: s.role,
				linkId: s.linkId,
				joinedAt: s.createdAt,
				lastSeenAt: s.lastSeenAt,
				removedAt: s.revokedAt,
				sessions: 1
			});
		}
		return [...byPerson.values()];
	}

	/**
	 * Removes a person: their sessions stop working at once and their open sockets close with 4401, here and
	 * in every other server process. What they wrote stays on the board.
	 */
	async function remove(boardId: string, grant: Grant, participantId: string): Promise<{ removed: boolean }> {
		requireFacilitator(grant, 'remove someone');
		if (participantId === grant.participantId)
			throw new HttpError(409, 'not_yourself', 'You cannot remove yourself. Another facilitator can.');
		const sessions = (await deps.boards.listSessions(boardId)).filter((s) => s.participantId === participantId);
		if (sessions.length === 0) throw new HttpError(404, 'not_found', 'That person is not on this board');
		const at = now();
		const revoked = await deps.boards.revokeParticipant(boardId, participantId, at);
		deps.disconnect?.(boardId, participantId, REMOVED);
		await deps.rooms.change(`${boardId}/server`, (doc) => markMemberRemoved(doc, participantId, at), { durable: true });
		return { removed: revoked > 0 };
	}

	/**
	 * Changes a person's role live: their sessions carry the new role, the member list says so, and their open
	 * connections close with 4001 so that they reconnect at once with it (y-websocket reconnects on 40xx).
	 */
	async function setRole(boardId: string, grant: Grant, participantId: string, role: Role): Promise<{ role: Role }> {
		requireFacilitator(grant, "change someone's role");
		if (participantId === grant.participantId && role !== 'facilitator')
			throw new HttpError(409, 'not_yourself', 'You cannot take away your own facilitator role. Another facilitator can.');
		const sessions = (await deps.boards.listSessions(boardId)).filter((s) => s.participantId === participantId && s.revokedAt === null);
		if (sessions.length === 0) throw new HttpError(404, 'not_found', 'That person is not on this board');
		await deps.boards.setParticipantRole(boardId, participantId, role);
		await deps.rooms.change(`${boardId}/server`, (doc) => setMemberRole(doc, participantId, role), { durable: true });
		deps.disconnect?.(boardId, participantId, ROLE_CHANGED);
		return { role };
	}

	/**
	 * Deletes the board and everything it holds, once the facilitator has typed its title again: its documents
	 * (content, control, server, everyone's drafts), history, votes, links and sessions; everyone is disconnected.
	 */
	async function destroy(boardId: string, grant: Grant, confirm: string): Promise<{ deleted: true }> {
		requireFacilitator(grant, 'delete the board');
		const board = await deps.boards.getBoard(boardId);
		if (!board || !deps.deleter) throw noBoard();
		if (cleanLine(confirm) !== board.title) {
			throw new HttpError(
				409,
				'confirm_mismatch',
				`Nothing was deleted. To delete this board, type its title exactly as it is: "${board.title}"`,
				'confirm'
			);
		}
		await deps.deleter.deleteBoard(boardId, `a facilitator (${grant.participantId}) deleted it`);
		return { deleted: true };
	}

	return { create, join, invitation, links, rotateLink, members, remove, setRole, destroy };
}

export type BoardService = ReturnType<typeof createBoardService>;
