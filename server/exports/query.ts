/**
 * The light half of exports, loaded at start-up: the formats' content types, the validated query and
 * the Content-Disposition header. The renderers (index.ts) are imported on the first export.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { ElementId } from '../../src/lib/doc/schema.js';
import { readResults, readRound, readVoters } from '../../src/lib/doc/votes.js';
import type { PublishedVote } from '../../src/lib/export/report.js';

export type FileFormat = 'pdf' | 'png' | 'svg' | 'docx' | 'xlsx' | 'csv' | 'md';

export const CONTENT_TYPES: Record<FileFormat | 'json', string> = {
	json: 'application/json; charset=utf-8',
	pdf: 'application/pdf',
	png: 'image/png',
	svg: 'image/svg+xml; charset=utf-8',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	csv: 'text/csv; charset=utf-8',
	md: 'text/markdown; charset=utf-8'
};

/** The query string of an export, validated whole; unknown parameters are refused so typos are noticed. */
export const ExportQuery = z
	.object({
		session: z.string().min(1, 'add ?session=… with a session for this board (from /join)').max(200),
		names: z.enum(['0', '1'], 'names is 1 (show names) or 0').optional(),
		paper: z.enum(['a4', 'a3'], 'paper is a4 or a3').default('a4'),
		/** CSV and XLSX: a table title, a group ("votes") or a frame id. */
		table: z.string().trim().min(1).max(200).optional(),
		frame: ElementId.optional()
	})
	.strict();
export type ExportQuery = z.infer<typeof ExportQuery>;

/** `attachment` with an ASCII name and the UTF-8 one (RFC 6266). */
export function contentDisposition(name: string): string {
	const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The vote as the `server` doc publishes it, for the report: results are there only once visible to everyone. */
export function readPublishedVote(serverDoc: Y.Doc): PublishedVote {
	return { round: readRound(serverDoc), voters: readVoters(serverDoc), results: readResults(serverDoc) };
}
