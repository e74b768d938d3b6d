/**
 * Creating and joining boards. A board has one capability token per role; its links carry them.
 * Joining trades a capability token for a session (a participant id and a session token).
 */
import { z } from 'zod';
import { newId } from '../../src/lib/shared/ids.js';
import { presenceColor } from '../../src/lib/shared/colors.js';
import { Role, writeBoardInfo, writeMember } from '../../src/lib/doc/members.js';
import type { BoardStore } from '../persistence/types.js';
import type { RoomRegistry } from '../transport/rooms.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { setPlacementRule } from '../../src/lib/doc/placement.js';
import type { TemplateModel } from '../../src/lib/templates/kit/model.js';
import { composePlacementRule } from '../../src/lib/templates/kit/placement.js';
import { addExercise } from '../../src/lib/templates/kit/seed.js';
import { HttpError } from '../http/respond.js';

/** Words people see: one clean line, no control characters. */
const Line = (max: number) =>
	z
		.string()
		.transform((s) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim())
		.pipe(z.string().max(max));

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
	links: Record<Role, string>;
}

export interface BoardServiceDeps {
	boards: BoardStore;
	rooms: RoomRegistry;
	/** The templates `templates` may name, with what seeds them. */
	templates?: readonly TemplateModel[];
	now?: () => number;
}

export function joinLink(baseUrl: string, boardId: string, token: string): string {
	return `${baseUrl.replace(/\/$/, '')}/b/${boardId}/join?token=${encodeURIComponent(token)}`;
}

export function createBoardService(deps: BoardServiceDeps) {
	const now = deps.now ?? Date.now;

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
			Role.options.map((role) => ({ role, tokenHash: hashToken(tokens[role]) }))
		);
		await deps.rooms.change(`${id}/server`, (doc) => writeBoardInfo(doc, { title: input.title, createdAt }));
		if (models.length > 0) {
			await deps.rooms.change(`${id}/content`, (doc) => {
				setPlacementRule(doc, composePlacementRule(deps.templates ?? []));
				for (const model of models) addExercise(doc, model, { example: input.example === true });
				setPlacementRule(doc, null);
			});
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

	async function join(boardId: string, input: JoinBoard) {
		const board = await deps.boards.getBoard(boardId);
		if (!board) throw new HttpError(404, 'not_found', 'There is no board at this address');
		const role = await deps.boards.findCapability(boardId, hashToken(input.token));
		if (!role) throw new HttpError(403, 'invalid_token', 'This link is not valid for this board. Ask the facilitator for a new one.');
		const participantId = newId(16);
		const sessionToken = newToken();
		const createdAt = now();
		await deps.boards.createSession({
			tokenHash: hashToken(sessionToken),
			boardId,
			participantId,
			role,
			name: input.name,
			agency: input.agency,
			createdAt
		});
		await deps.rooms.change(`${boardId}/server`, (doc) =>
			writeMember(doc, { id: participantId, name: input.name, agency: input.agency, role, color: presenceColor(participantId), joinedAt: createdAt })
		);
		return { participantId, role, sessionToken, board: { id: board.id, title: board.title } };
	}

	return { create, join };
}

export type BoardService = ReturnType<typeof createBoardService>;
