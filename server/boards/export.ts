/**
 * The board as versioned JSON: what `GET /api/boards/:id/export/json` gives and `POST
 * /api/boards/import` reads back. `BoardExport` is the one schema of that file; its JSON Schema is
 * generated from it (`boardExportJsonSchema`) and published at `/api/schema/board-export.json` and as
 * docs/board-export.schema.json.
 */
import { z } from 'zod';
import { CONTENT_VERSION, ContentSnapshot, exportContent } from '../../src/lib/doc/snapshot.js';
import type { Element } from '../../src/lib/doc/schema.js';
import { readBoardInfo } from '../../src/lib/doc/members.js';
import type { RoomRegistry } from '../transport/rooms.js';

export const EXPORT_FORMATS = ['json', 'pdf', 'png', 'svg', 'docx', 'xlsx', 'csv', 'md'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const BOARD_EXPORT_VERSION = 1;

export const BoardExport = z
	.object({
		format: z.literal('convene-board', 'format must be "convene-board" (a file exported from Convene)'),
		version: z.literal(
			BOARD_EXPORT_VERSION,
			`version must be ${BOARD_EXPORT_VERSION}: this server reads version ${BOARD_EXPORT_VERSION} exports`
		),
		exportedAt: z.string().max(40).optional(),
		board: z.object({
			id: z.string().max(64).optional(),
			title: z.string().trim().min(1, 'the board needs a title').max(120, 'a board title is at most 120 characters'),
			createdAt: z.number().int().nullable().optional()
		}),
		content: ContentSnapshot
	})
	.meta({
		title: 'Convene board export',
		description:
			'A whole Convene board: its title and every element of its content document (frames, notes, text, template items, connectors) in z-order.'
	});
export type BoardExport = z.infer<typeof BoardExport>;

/** The JSON Schema (draft 2020-12) of an export, as an importer accepts it. */
export function boardExportJsonSchema(): Record<string, unknown> {
	return z.toJSONSchema(BoardExport, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** The JSON Schema as the text that is served and committed (tab-indented, newline at the end). */
export function boardExportSchemaText(): string {
	return `${JSON.stringify(boardExportJsonSchema(), null, '\t')}\n`;
}

/**
 * The export of a board from its elements (in z-order): pure, so an export worker makes it from the
 * elements it is sent (server/exports/worker.ts).
 */
export function boardExport(board: { id: string; title: string; createdAt: number | null }, elements: Element[], now: Date): BoardExport {
	return {
		format: 'convene-board',
		version: BOARD_EXPORT_VERSION,
		exportedAt: now.toISOString(),
		board,
		content: { version: CONTENT_VERSION, elements }
	};
}

export async function exportBoardJson(rooms: RoomRegistry, boardId: string): Promise<BoardExport> {
	const info = await rooms.read(`${boardId}/server`, (doc) => readBoardInfo(doc));
	const content = await rooms.read(`${boardId}/content`, (doc) => exportContent(doc));
	return {
		format: 'convene-board',
		version: BOARD_EXPORT_VERSION,
		exportedAt: new Date().toISOString(),
		board: { id: boardId, title: info?.title ?? 'Untitled board', createdAt: info?.createdAt ?? null },
		content
	};
}
