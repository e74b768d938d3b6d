/**
 * The documents an LA lead takes to a board meeting, read back the way a person's software reads them,
 * on a realistic board (every worked example, a ten-row action plan with long texts, long card names, a
 * revealed vote with ties): the PDF with pdftotext, the DOCX and XLSX opened in LibreOffice (headless:
 * DOCX to PDF, then pdftotext; XLSX to one CSV per sheet). Every action-plan row and theory-of-change
 * card is there in full, no word is split across lines, every Word table column holds its longest word,
 * header rows repeat, the plan is landscape in Word, dates read "9 Jan 2027", the report runs in the
 * reader's order, Markdown has no entities, the vote's CSV and XLSX come from the server, and pictures
 * end no label in "…". The plan's pages are rendered to PNG (test-results/exports-read/) to look at.
 *
 * LibreOffice is slow to start: each document is converted once, in beforeAll, and reused.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { startServer, type TestServer } from '../helpers/server.js';
import {
	describeWithReaders,
	missingAcrossPages,
	pdfPages,
	pdfPageSizes,
	pdfToPngs,
	soffice,
	xlsxSheetsAsCsv
} from '../helpers/readers.js';
import { BOARD_TITLE, EXTRA_ROWS, LONG_CARDS, makeReportBoard, type ReportBoard } from '../helpers/report-board.js';
import type { Item } from '../../src/lib/doc/index.js';
import { ukDate, ukToday } from '../../src/lib/shared/dates.js';
import { statusLabel } from '../../src/lib/templates/action-plan/schema.js';
import { fieldLines } from '../../src/lib/templates/theory-of-change/schema.js';
import { createMeasure, unbreakable } from '../../server/exports/measure.js';

const OUT = resolve('test-results/exports-read');
const HEAVY = 240_000;

let server: TestServer;
let board: ReportBoard;
/** Downloaded and converted files, and their text. */
const files = {} as Record<'pdf' | 'docx' | 'xlsx' | 'md' | 'docxPdf', string>;
let pdfByPage: string[];
let docxByPage: string[];
let sheets: Map<string, string>;
let markdown: string;
let docxXml: string;
/** Every word the report holds, as typed: what a page's words must come from (or a word was split). */
let words: Set<string>;

async function download(format: string, params: Record<string, string> = {}): Promise<Buffer> {
	const res = await fetch(
		`${server.url}/api/boards/${board.boardId}/export/${format}?${new URLSearchParams({ session: board.session, ...params })}`
	);
	expect(res.status, `${format} ${JSON.stringify(params)}: ${res.status}`).toBe(200);
	return Buffer.from(await res.arrayBuffer());
}

/** Text without whitespace or hyphens (pdftotext joins a word hyphenated at a line's end): to find a field whole. */
const squeeze = (s: string) => s.replace(/[\s\u00ad-]+/g, '');

/** The words of a text, split where a line may break (spaces, after hyphens and slashes), punctuation trimmed. */
function tokens(text: string): string[] {
	return text
		.replace(/\u00a0/g, ' ')
		.split(/\s+|\.{2,}/)
		.flatMap((t) => t.split(/[-–—/]/))
		.map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
		.filter((t) => t.length >= 2 && /\p{L}/u.test(t));
}

/** Words found on the pages that are not words of the report: each one is a word split across lines. */
function splitWords(pages: readonly string[]): string[] {
	return [...new Set(pages.flatMap(tokens))].filter((t) => !words.has(t));
}

/** Each field of each action, as the documents print it. */
function planFields(a: Item): string[] {
	const d = a.data as Record<string, unknown>;
	const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
	const updates = Array.isArray(d.updates) ? (d.updates as { date: string; text: string }[]) : [];
	const linked = ['fromQuestion', 'fromCard']
		.map((k) => board.elements.find((e) => e.id === s(k)))
		.map((e) => (e && 'text' in e ? e.text : ''));
	return [
		a.text,
		s('ref'),
		s('theme'),
		s('purpose'),
		s('lead'),
		s('involved'),
		s('milestones'),
		s('measure'),
		...updates.flatMap((u) => [u.text, ukDate(u.date)]),
		...['start', 'due', 'review'].filter((k) => s(k)).map((k) => ukDate(s(k))),
		...linked
	].filter(Boolean);
}

/**
 * Whether a page of the plan has the table's header row: on the chapter's first page, under its
 * heading; on every other page, first. pdftotext reads a row's cells in its own order, so: the page
 * starts with "Ref" (after the heading), and every column's label is on it ("Lead and agency" and
 * "Measure of success" are written nowhere else).
 */
function header(page: string, first: boolean): boolean {
	const lines = page
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
	const text = lines.join(' ');
	return (
		(first || lines[0] === 'Ref') &&
		lines.includes('Ref') &&
		['Action', 'Dates', 'Status', 'Measure of success'].every((label) => text.includes(label)) &&
		/Lead and\s+agency/.test(text)
	);
}

/** The pages from the one whose first line is `heading` up to the next chapter's. */
function chapterPages(pages: readonly string[], heading: string, next: string): number[] {
	const first = pages.findIndex((p, i) => i > 0 && squeeze(p).startsWith(squeeze(heading)));
	const end = pages.findIndex((p, i) => i > first && squeeze(p).startsWith(squeeze(next)));
	expect(first, `the chapter "${heading}"`).toBeGreaterThan(0);
	return Array.from({ length: (end < 0 ? pages.length : end) - first }, (_, i) => first + i);
}

describeWithReaders('the documents an LA lead takes to a board meeting, read back', ['soffice', 'pdftotext', 'pdftoppm', 'pdfinfo'], () => {
	beforeAll(async () => {
		rmSync(OUT, { recursive: true, force: true });
		mkdirSync(OUT, { recursive: true });
		server = await startServer();
		board = await makeReportBoard(server.url);
		for (const format of ['pdf', 'docx', 'xlsx', 'md'] as const) {
			files[format] = join(OUT, `report.${format}`);
			writeFileSync(files[format], await download(format));
		}
		// Once each: LibreOffice opens the Word document and prints it; and saves every sheet as CSV.
		soffice([files.docx], 'pdf', join(OUT, 'libreoffice'));
		files.docxPdf = join(OUT, 'libreoffice', 'report.pdf');
		sheets = xlsxSheetsAsCsv(files.xlsx, join(OUT, 'libreoffice'));
		pdfByPage = pdfPages(files.pdf);
		docxByPage = pdfPages(files.docxPdf);
		markdown = readFileSync(files.md, 'utf8');
		docxXml = await (await JSZip.loadAsync(readFileSync(files.docx))).file('word/document.xml')!.async('string');
		const typed = [...docxXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) =>
			m[1]
				.replace(/&amp;/g, '&')
				.replace(/&lt;/g, '<')
				.replace(/&gt;/g, '>')
				.replace(/&quot;/g, '"')
				.replace(/&apos;/g, "'")
		);
		words = new Set([...typed, markdown.replace(/\\/g, ''), 'Page of'].flatMap(tokens));
		// pdftotext joins a word hyphenated at a line's end ("co-ordinated" → "coordinated"): that is a line break at a hyphen, not a split.
		for (const w of [...typed, markdown].flatMap((t) => t.split(/\s+/)))
			if (/\p{L}-\p{L}/u.test(w)) tokens(w.replace(/-/g, '')).forEach((t) => words.add(t));
	}, HEAVY);

	afterAll(async () => {
		await server?.stop();
	});

	it('PDF: the report runs in the reader’s order, with contents and page numbers, and the whole title on every page', () => {
		const first = pdfByPage[0];
		expect(squeeze(first)).toContain(squeeze(BOARD_TITLE));
		// The date is today in the UK, in words.
		expect(
			[ukDate(ukToday(), { long: true }), ukDate(ukToday(new Date(Date.now() - 60_000)), { long: true })].some((d) =>
				first.includes(`Workshop report, ${d}`)
			)
		).toBe(true);
		// Title, date, contents and who took part on page 1; then each chapter starts a page, in this order.
		expect(squeeze(first).indexOf(squeeze('Contents'))).toBeLessThan(squeeze(first).lastIndexOf(squeeze('Who took part')));
		const starts = ['The agreed priorities', board.plan.title, 'System-Players Map', 'How Might We', 'Theory of change'].map((h) =>
			pdfByPage.findIndex((p, i) => i > 0 && squeeze(p).startsWith(squeeze(h)))
		);
		expect(starts.every((s) => s > 0)).toBe(true);
		expect([...starts].sort((a, b) => a - b)).toEqual(starts);
		// Contents lists the chapters with the page each starts on.
		const plan = chapterPages(pdfByPage, board.plan.title, 'System-Players Map');
		expect(first).toMatch(new RegExp(`${board.plan.title.replace(/[()]/g, '.')}\\s+${plan[0] + 1}\\b`));
		for (const page of pdfByPage) expect(squeeze(page)).toContain(squeeze(BOARD_TITLE));
		expect(pdfByPage.at(-1)).toContain(`Page ${pdfByPage.length} of ${pdfByPage.length}`);
	});

	it('PDF: every action-plan row in full, dates in words, header on every page of the plan, no word split', () => {
		const pages = chapterPages(pdfByPage, board.plan.title, 'System-Players Map');
		const text = squeeze(pages.map((i) => pdfByPage[i]).join('\n'));
		expect(board.actions).toHaveLength(4 + EXTRA_ROWS.length);
		expect(
			missingAcrossPages(
				pages.map((i) => pdfByPage[i]),
				board.actions.flatMap(planFields)
			)
		).toEqual([]);
		for (const status of ['In progress', 'Not started', 'Completed', 'Signed off']) expect(text).toContain(squeeze(status));
		expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
		for (const i of pages) expect(header(pdfByPage[i], i === pages[0]), `page ${i + 1} starts with the header row`).toBe(true);
		expect(splitWords(pdfByPage)).toEqual([]);
		pdfToPngs(files.pdf, join(OUT, 'pdf-plan'), pages[0] + 1, pages.at(-1)! + 1, 70);
	});

	it('PDF: every theory-of-change card in full, in its column’s table', () => {
		const pages = chapterPages(pdfByPage, 'Theory of change: Astrea Academy Trust', '\u0000none');
		const cards = board.elements.filter((e): e is Item => e.kind === 'item' && e.template === 'theory-of-change');
		expect(cards.length).toBeGreaterThan(20);
		expect(
			missingAcrossPages(
				pages.map((i) => pdfByPage[i]),
				cards.flatMap((c) => [c.text, ...fieldLines(c.type, c.data).map(([, v]) => v)])
			)
		).toEqual([]);
		pdfToPngs(files.pdf, join(OUT, 'pdf-toc'), pages[0] + 1, Math.min(pages.at(-1)!, pages[0] + 2) + 1, 60);
	});

	it('PDF: the agreed priorities: ranks with ties listed alphabetically, north stars, per-criterion ranks, only the agencies published', () => {
		const pages = chapterPages(pdfByPage, 'The agreed priorities', board.plan.title)
			.map((i) => pdfByPage[i])
			.join('\n');
		expect(pages).toContain('North stars');
		expect(pages).toMatch(/\(rank \d+\)/);
		expect(pages).toContain('Small groups are not shown');
		for (const agency of ['School (3 voters)', 'Early help (3 voters)', 'Local authority education']) expect(pages).toContain(agency);
		expect(pages).not.toMatch(/CAMHS \(\d voters?\)|Police \(\d voters?\)/);
	});

	it('Word (LibreOffice): every row and card in full, the plan on landscape pages with the header repeated, contents with page numbers, no word split', () => {
		const sizes = pdfPageSizes(files.docxPdf);
		expect(sizes[0].w).toBeLessThan(sizes[0].h);
		const plan = chapterPages(docxByPage, board.plan.title, 'System-Players Map');
		expect(plan.length).toBeGreaterThanOrEqual(2);
		for (const i of plan) {
			expect(sizes[i].w, `page ${i + 1} is landscape`).toBeGreaterThan(sizes[i].h);
			expect(header(docxByPage[i], i === plan[0]), `page ${i + 1} has the header row`).toBe(true);
		}
		// A row may break across pages in Word: a cell then goes on after the header row on the next page.
		expect(
			missingAcrossPages(
				plan.map((i) => docxByPage[i]),
				board.actions.flatMap(planFields)
			)
		).toEqual([]);
		const toc = chapterPages(docxByPage, 'Theory of change: Astrea Academy Trust', '\u0000none').map((i) => docxByPage[i]);
		const cards = board.elements.filter((e): e is Item => e.kind === 'item' && e.template === 'theory-of-change');
		expect(
			missingAcrossPages(
				toc,
				cards.flatMap((c) => [c.text, ...fieldLines(c.type, c.data).map(([, v]) => v)])
			)
		).toEqual([]);
		// The contents' page numbers are where LibreOffice put the chapters.
		expect(docxByPage[0]).toMatch(new RegExp(`exemplar\\)\\.*\\s*${plan[0] + 1}\\b`));
		expect(splitWords(docxByPage)).toEqual([]);
		pdfToPngs(files.docxPdf, join(OUT, 'word-plan'), plan[0] + 1, plan.at(-1)! + 1, 70);
	});

	it('Word: every table column is at least as wide as its longest word, and header rows repeat', () => {
		const measure = createMeasure();
		const tables = docxXml
			.split('<w:tbl>')
			.slice(1)
			.map((t) => t.slice(0, t.indexOf('</w:tbl>')));
		expect(tables.length).toBeGreaterThanOrEqual(6);
		const textOf = (xml: string) =>
			[...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) =>
				m[1]
					.replace(/&amp;/g, '&')
					.replace(/&quot;/g, '"')
					.replace(/&apos;/g, "'")
					.replace(/&lt;/g, '<')
					.replace(/&gt;/g, '>')
			);
		for (const t of tables) {
			expect(t).toContain('<w:tblHeader/>');
			const grid = [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]) / 20);
			for (const row of t.split('<w:tr>').slice(1)) {
				const cells = row.split('<w:tc>').slice(1);
				if (cells.length !== grid.length) continue; // a details row spans the table
				const bold = row.includes('<w:tblHeader/>');
				cells.forEach((cell, i) => {
					const longest = Math.max(
						0,
						...textOf(cell)
							.flatMap(unbreakable)
							.map((w) => measure.width(w, 9, bold))
					);
					// 4 pt of padding each side.
					expect(grid[i], `column ${i + 1} holds "${textOf(cell).join(' ').slice(0, 40)}"`).toBeGreaterThanOrEqual(longest + 8);
				});
			}
		}
	});

	it('XLSX (LibreOffice): the full plan with every field, real dates shown the UK way; every theory-of-change card', () => {
		const plan = Papa.parse<Record<string, string>>(sheets.get('Action plan')!, { header: true, skipEmptyLines: true }).data;
		expect(plan).toHaveLength(board.actions.length);
		for (const a of board.actions) {
			const row = plan.find((r) => r.Action === a.text)!;
			expect(row, a.text).toBeTruthy();
			const d = a.data as Record<string, string>;
			expect(row).toMatchObject({
				Ref: d.ref ?? '',
				'Lead and agency': d.lead ?? '',
				'Measure of success': d.measure ?? '',
				Purpose: d.purpose ?? '',
				Status: statusLabel(d.status)
			});
			for (const [key, label] of [
				['start', 'Start date'],
				['due', 'Due date'],
				['review', 'Review date']
			]) {
				// A real date in the cell, shown day, month, year: "9 Jan 2027".
				if (d[key]) expect(row[label]).toBe(ukDate(d[key]).replace('Sept', 'Sep'));
				else expect(row[label]).toBe('');
			}
		}
		const toc = sheets.get('Theory of change')!;
		for (const c of board.elements.filter((e): e is Item => e.kind === 'item' && e.template === 'theory-of-change'))
			expect(squeeze(toc)).toContain(squeeze(c.text));
		expect([...sheets.keys()]).toEqual(
			expect.arrayContaining(['Vote results', 'Votes by agency', 'Who took part', 'Prioritised questions'])
		);
	});

	it('one ranking everywhere: the vote results, the questions’ own table and the PDF agree, ties alphabetical', () => {
		const results = Papa.parse<Record<string, string>>(sheets.get('Vote results')!, { header: true, skipEmptyLines: true }).data;
		const prioritised = Papa.parse<Record<string, string>>(sheets.get('Prioritised questions')!, {
			header: true,
			skipEmptyLines: true
		}).data;
		expect(results.length).toBe(board.questions.length);
		expect(prioritised.map((r) => [r.Rank, r.Question])).toEqual(results.map((r) => [r.Rank, r.Question]));
		for (let i = 1; i < results.length; i++) {
			const [a, b] = [results[i - 1], results[i]];
			expect(Number(a.Rank)).toBeLessThanOrEqual(Number(b.Rank));
			if (a.Rank === b.Rank) expect(a.Question.localeCompare(b.Question, 'en-GB', { sensitivity: 'base' })).toBeLessThanOrEqual(0);
		}
		expect(
			results.some((r, i) => i > 0 && r.Rank === results[i - 1].Rank),
			'the fixture has a tie'
		).toBe(true);
		// Competition ranks: after a tie of n at rank r comes rank r + n.
		results.forEach((r) => expect(Number(r.Rank)).toBe(1 + results.filter((x) => Number(x.Total) > Number(r.Total)).length));
		const priorities = squeeze(
			chapterPages(pdfByPage, 'The agreed priorities', board.plan.title)
				.map((i) => pdfByPage[i])
				.join('\n')
		);
		const at = results.map((r) => priorities.indexOf(squeeze(`${r.Rank}${r.Question}`)));
		expect(at.every((x) => x >= 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
	});

	it('the vote’s CSV and XLSX come from the server: ranks, north stars, per-criterion ranks, the agencies published', async () => {
		const csv = (await download('csv', { table: 'votes' })).toString('utf8');
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
		expect(parsed.meta.fields).toEqual(
			expect.arrayContaining([
				'Rank',
				'Question',
				'Feasibility rank',
				'Desirability rank',
				'Viability rank',
				'North star',
				'School (3 voters): total'
			])
		);
		expect(parsed.meta.fields!.some((f) => /CAMHS|Police/.test(f))).toBe(false);
		expect(parsed.data.some((r) => r['North star'] === 'yes')).toBe(true);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await download('xlsx', { table: 'votes' })) as unknown as ArrayBuffer);
		expect(book.worksheets.map((s) => s.name)).toEqual(['Vote results', 'Votes by agency']);
		const bad = await fetch(`${server.url}/api/boards/${board.boardId}/export/xlsx?session=${board.session}&table=nothing`);
		expect(bad.status).toBe(404);
	});

	it('Markdown is plain text: no HTML entities, the plan and priorities whole', () => {
		expect(markdown).toContain('Events & Experiences');
		expect(markdown).not.toMatch(/&(amp|lt|gt|quot|apos|#\d+);/);
		const plain = squeeze(markdown.replace(/\\/g, ''));
		for (const a of board.actions) for (const field of planFields(a)) expect(plain, field).toContain(squeeze(field));
		expect(markdown.indexOf('## The agreed priorities')).toBeLessThan(
			markdown.indexOf(`## ${board.plan.title.replace(/[()]/g, (c) => c)}`)
		);
	});

	it('pictures end no label in "…": a card too long shows a marker and the key prints it whole', async () => {
		for (const template of ['players-map', 'causal-loop', 'how-might-we', 'iceberg']) {
			const frame = board.elements.find((e) => e.kind === 'frame' && e.template === template)!;
			const svg = (await download('svg', { frame: frame.id })).toString('utf8');
			const typed = board.elements.filter((e): e is Item => e.kind === 'item' && e.parent === frame.id).map((e) => e.text);
			const texts = [...svg.matchAll(/>([^<>]+)</g)].map((m) =>
				m[1]
					.replace(/&amp;/g, '&')
					.replace(/&quot;/g, '"')
					.replace(/&apos;/g, "'")
			);
			// An ellipsis only where the words themselves have one.
			for (const t of texts.filter((x) => x.trimEnd().endsWith('…')))
				expect(typed.some((s) => s.includes(t.trim())) || /where…$/.test(t), `${template}: "${t}"`).toBe(true);
			const flat = squeeze(texts.join(' '));
			for (const card of LONG_CARDS.filter((c) => c.template === template)) expect(flat, card.text).toContain(squeeze(card.text));
		}
	});
});
