/**
 * Renders one export format from the board's data. Reading the documents and checking who may ask is
 * the route's job (server/http/api.ts); this module turns plain data into bytes with the right type
 * and file name. It loads the heavy libraries (pdfkit, docx, exceljs, resvg) and runs in an export
 * worker thread (worker.ts, pool.ts), never on the server's event loop.
 *
 * Every board the server holds can be exported: there is no element limit here. What bounds a board is
 * the document size cap (MAX_DOC_MB), the same for building and exporting; pictures of big boards are
 * drawn smaller to stay within MAX_PIXELS (png.ts).
 */
import type { Element, Frame } from '../../src/lib/doc/schema.js';
import type { Member } from '../../src/lib/doc/members.js';
import { buildReport, reportTables, type PublishedVote } from '../../src/lib/export/report.js';
import { boardSvg, pictureOfFrame } from '../../src/lib/export/board-svg.js';
import { fileName, slug } from '../../src/lib/export/file-name.js';
import type { TemplateModel } from '../../src/lib/templates/kit/model.js';
import { HttpError } from '../http/respond.js';
import { CONTENT_TYPES, type ExportQuery, type FileFormat } from './query.js';
import { pickTable, pickTables, tableCsv } from './csv.js';
import { reportDocx } from './docx.js';
import { reportMarkdown } from './markdown.js';
import { reportPdf } from './pdf.js';
import { svgToPng } from './png.js';
import { tablesXlsx } from './xlsx.js';

export interface ExportInput {
	title: string;
	elements: readonly Element[];
	members: readonly Member[];
	models: readonly TemplateModel[];
	/** The vote as the `server` doc publishes it (results only once visible to everyone). */
	vote?: PublishedVote;
	includeNames: boolean;
	now: Date;
}

export interface RenderedFile {
	body: Buffer;
	contentType: string;
	fileName: string;
}

function noTable(wanted: string, tables: readonly { title: string; group?: string }[]): HttpError {
	const names = [...new Set(tables.flatMap((t) => (t.group ? [t.group, t.title] : [t.title])))];
	return new HttpError(404, 'not_found', `No table called "${wanted}"; this board has: ${names.join(', ')}`, 'table');
}

function frameById(elements: readonly Element[], id: string): Frame {
	const frame = elements.find((e): e is Frame => e.kind === 'frame' && e.id === id);
	if (!frame) throw new HttpError(404, 'not_found', `There is no frame "${id}" on this board`, 'frame');
	return frame;
}

export async function renderExport(format: FileFormat, input: ExportInput, query: ExportQuery): Promise<RenderedFile> {
	const name = (ext: string, suffix?: string) =>
		fileName(suffix ? `${slug(input.title)}-${slug(suffix, 'part')}` : input.title, ext, input.now);
	const file = (body: Buffer | string, ext: FileFormat, suffix?: string): RenderedFile => ({
		body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
		contentType: CONTENT_TYPES[ext],
		fileName: name(ext, suffix)
	});

	if (format === 'svg' || format === 'png') {
		const frame = query.frame ? frameById(input.elements, query.frame) : null;
		const svg = frame ? pictureOfFrame(frame, input.elements, input.models) : boardSvg(input.title, input.elements, input.models);
		return file(format === 'svg' ? svg : svgToPng(svg, 2), format, frame?.title);
	}

	const report = buildReport({
		title: input.title,
		elements: input.elements,
		members: input.members,
		models: input.models,
		vote: input.vote,
		includeNames: input.includeNames,
		now: input.now
	});
	switch (format) {
		case 'md':
			return file(reportMarkdown(report), 'md');
		case 'docx':
			return file(await reportDocx(report), 'docx');
		case 'pdf':
			return file(await reportPdf(report, query.paper), 'pdf');
		case 'xlsx': {
			const tables = reportTables(report);
			const chosen = query.table ? pickTables(tables, query.table) : tables;
			if (chosen.length === 0) throw noTable(query.table!, tables);
			return file(
				await tablesXlsx(chosen, { title: report.title, created: input.now }),
				'xlsx',
				query.table ? (chosen[0].group ?? chosen[0].title) : undefined
			);
		}
		case 'csv': {
			const tables = reportTables(report);
			const table = pickTable(tables, query.table);
			if (!table) throw noTable(query.table ?? '', tables);
			return file(tableCsv(table), 'csv', table.title);
		}
	}
}
