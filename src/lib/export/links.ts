/** Addresses of the server's exports (`GET /api/boards/:id/export/:format`, docs/api.md). */

export const DOWNLOAD_FORMATS = ['pdf', 'docx', 'md', 'xlsx', 'csv', 'png', 'svg', 'json'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export interface ExportOptions {
	paper?: 'a4' | 'a3';
	/** Include people's names (facilitators only; the server refuses it from anyone else). */
	names?: boolean;
	/** CSV and XLSX: a table title, a group ("votes") or a frame id. */
	table?: string;
	/** SVG/PNG: one frame instead of the whole board. */
	frame?: string;
}

/**
 * The download address of one format, relative to the app's origin.
 * @example exportUrl('k3v9x0q2m1zt5b7c', 'pdf', session.sessionToken, { paper: 'a3' })
 */
export function exportUrl(boardId: string, format: DownloadFormat, session: string, options: ExportOptions = {}): string {
	const q = new URLSearchParams({ session });
	if (format === 'pdf' && options.paper && options.paper !== 'a4') q.set('paper', options.paper);
	if ((format === 'pdf' || format === 'docx' || format === 'md') && options.names) q.set('names', '1');
	if ((format === 'csv' || format === 'xlsx') && options.table) q.set('table', options.table);
	if ((format === 'svg' || format === 'png') && options.frame) q.set('frame', options.frame);
	return `/api/boards/${encodeURIComponent(boardId)}/export/${format}?${q}`;
}
