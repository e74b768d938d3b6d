/**
 * Board exports. JSON is the whole board, versioned: what import will read back. The other formats of
 * the contract (pdf, png, svg, docx, xlsx, csv, md) arrive with the exports issue.
 */
import { z } from 'zod';
import { exportContent } from '../../src/lib/doc/snapshot.js';
import { readBoardInfo } from '../../src/lib/doc/members.js';
import type { RoomRegistry } from '../transport/rooms.js';
import { HttpError } from '../http/respond.js';

export const EXPORT_FORMATS = ['json', 'pdf', 'png', 'svg', 'docx', 'xlsx', 'csv', 'md'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const BOARD_EXPORT_VERSION = 1;

export async function exportBoardJson(rooms: RoomRegistry, boardId: string) {
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

export function notYet(format: ExportFormat): HttpError {
	return new HttpError(501, 'not_implemented', `Export as ${format.toUpperCase()} is not available yet; JSON is.`);
}
