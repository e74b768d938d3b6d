/**
 * The workshop report as a print-ready PDF (pdfkit), landscape A4 or A3, with the DejaVu fonts so any
 * Unicode that people typed prints.
 *
 * Page 1 has the title, the date and the contents (each entry a link, with its page number, and the
 * same entries as PDF bookmarks), then who took part; every other chapter starts a page. Print tables
 * are measured first (layout.ts): a table whose every column holds its longest word, its header row
 * repeated on each page and rows that may continue on the next page, each row's details under it; or
 * one block per row when the columns cannot hold their words. No word is broken inside (bar one longer
 * than the whole line). The running footer carries the whole title, wrapping if it must, and
 * "Page n of m". Exercise pictures are their SVGs rasterised by resvg at about 150 dpi of their printed
 * size, as opaque PNGs that pdfkit embeds as they are (png.ts: each picture is encoded once).
 */
import PDFDocument from 'pdfkit';
import { chapters, reportDateLine, type Chapter, type Report } from '../../src/lib/export/report.js';
import type { PrintTable, ReportBlock } from '../../src/lib/templates/kit/model.js';
import { FONT_FILES } from './fonts.js';
import { blockHeading, blockLines, layoutTable, rowDetails, type TableGeometry } from './layout.js';
import { createMeasure, type Measure } from './measure.js';
import { pngSize, svgToOpaquePng } from './png.js';

export type Paper = 'a4' | 'a3';
type Doc = PDFKit.PDFDocument;

/** 15 mm margins: inside what office printers can reach. */
const MARGIN = 42.5;
const INK = '#1f2937';
const MUTED = '#475569';
const RULE = '#94a3b8';
const HEAD_FILL = '#e2e8f0';
const DETAIL_FILL = '#f8fafc';

const SIZE = { body: 10.5, small: 9, footer: 8.5, h1: 18, h2: 13.5, h3: 11.5, title: 24 };
const PAD = 4;
const FOOTER_GAP = 8;

function bottom(doc: Doc): number {
	return doc.page.height - doc.page.margins.bottom;
}
function contentWidth(doc: Doc): number {
	return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}
function pageHeight(doc: Doc): number {
	return doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
}

function ensure(doc: Doc, height: number): void {
	if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size: number, gapAbove = 10): void {
	doc.font('Sans-Bold').fontSize(size);
	const h = doc.heightOfString(text, { width: contentWidth(doc) });
	// Keep a heading with at least a few lines of what follows.
	ensure(doc, gapAbove + h + 3 * SIZE.body * 1.4);
	doc.y += gapAbove;
	doc.fillColor(INK).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
	doc.moveDown(0.3);
	doc.font('Sans').fontSize(SIZE.body);
}

function paragraph(doc: Doc, text: string, options: { indent?: number; bullet?: boolean; color?: string; size?: number } = {}): void {
	const size = options.size ?? SIZE.body;
	doc
		.font('Sans')
		.fontSize(size)
		.fillColor(options.color ?? INK);
	const indent = options.indent ?? 0;
	const x = doc.page.margins.left + indent;
	ensure(doc, size * 1.4);
	const y = doc.y;
	if (options.bullet) doc.text('•', x - 10, y, { lineBreak: false });
	doc.text(text, x, y, { width: contentWidth(doc) - indent, lineGap: 2 });
	doc.moveDown(0.25);
}

/** "Label: value" with the label in bold, wrapping across `width` from `x`. */
function labelled(doc: Doc, label: string, value: string, x: number, y: number, width: number, size: number): void {
	doc.fillColor(INK).font('Sans-Bold').fontSize(size).text(`${label}: `, x, y, { width, continued: true, lineGap: 1 });
	doc.font('Sans').text(value, { width, lineGap: 1 });
}

/** A block's title: its bold lead ("1A.") then the rest, wrapping across `width`. */
function labelledTitle(doc: Doc, bold: string, plain: string, x: number, width: number, size: number): void {
	doc.font('Sans-Bold').fontSize(size).text(`${bold} `, x, doc.y, { width, continued: true, lineGap: 1 });
	doc.font('Sans').text(plain, { width, lineGap: 1 });
}

function labelledHeight(doc: Doc, label: string, value: string, width: number, size: number): number {
	// The bold label takes the start of the first line; the value wraps after it.
	const indent = doc.font('Sans-Bold').fontSize(size).widthOfString(`${label}: `);
	return doc.font('Sans').fontSize(size).heightOfString(value, { width, lineGap: 1, indent });
}

/** The longest prefix of `text` (in words) that fits `height` at `width`; the rest goes on. */
function split(doc: Doc, text: string, width: number, height: number): [string, string] {
	if (doc.heightOfString(text, { width }) <= height) return [text, ''];
	const words = text.split(/([ \t\r\n]+)/);
	let lo = 0;
	let hi = words.length;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (doc.heightOfString(words.slice(0, mid).join(''), { width }) <= height) lo = mid;
		else hi = mid - 1;
	}
	if (lo === 0) return ['', text];
	return [words.slice(0, lo).join('').trimEnd(), words.slice(lo).join('').trimStart()];
}

function geometry(doc: Doc): TableGeometry {
	return { width: contentWidth(doc), pageHeight: pageHeight(doc), size: SIZE.small, pad: PAD };
}

/**
 * One print table: measured, then a table (header repeated on each page; a row too tall for what is
 * left of a page continues on the next) or one block per row.
 */
export function printTable(doc: Doc, t: PrintTable, measure: Measure): void {
	const layout = layoutTable(t, measure, geometry(doc));
	if (layout.mode === 'blocks') {
		rowBlocks(doc, t, layout.columns);
		return;
	}
	const { columns, widths } = layout;
	const left = doc.page.margins.left;
	const width = contentWidth(doc);
	const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
	const size = SIZE.small;
	const cellHeight = (cells: readonly string[], bold: boolean) => {
		doc.font(bold ? 'Sans-Bold' : 'Sans').fontSize(size);
		return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * PAD }))) + 2 * PAD;
	};
	const drawRow = (cells: readonly string[], bold: boolean, fill: string | null): void => {
		const h = cellHeight(cells, bold);
		const y = doc.y;
		if (fill) doc.rect(left, y, width, h).fill(fill);
		doc
			.fillColor(INK)
			.font(bold ? 'Sans-Bold' : 'Sans')
			.fontSize(size);
		cells.forEach((c, i) => doc.text(c, xs[i] + PAD, y + PAD, { width: widths[i] - 2 * PAD, align: columns[i].align ?? 'left' }));
		doc.lineWidth(0.5).strokeColor(RULE);
		doc.rect(left, y, width, h).stroke();
		for (let i = 1; i < xs.length; i++)
			doc
				.moveTo(xs[i], y)
				.lineTo(xs[i], y + h)
				.stroke();
		doc.x = left;
		doc.y = y + h;
	};
	const labels = columns.map((c) => c.label);
	const header = () => drawRow(labels, true, HEAD_FILL);
	const headerHeight = cellHeight(labels, true);
	const fresh = () => pageHeight(doc) - headerHeight;
	const newPage = () => {
		doc.addPage();
		header();
	};

	/** Cells that may be taller than a page: what fits goes here, the rest on the next pages. */
	const flowRow = (start: readonly string[]) => {
		let cells = [...start];
		for (;;) {
			const need = cellHeight(cells, false);
			const room = bottom(doc) - doc.y;
			if (need <= room) return drawRow(cells, false, null);
			// Move on whole if a fresh page holds it, or if little of this page is left.
			if (need <= fresh() || room < Math.min(fresh() / 3, 120)) {
				newPage();
				if (need <= fresh()) continue;
			}
			doc.font('Sans').fontSize(size);
			const avail = bottom(doc) - doc.y - 2 * PAD;
			const parts = cells.map((c, i) => split(doc, c, widths[i] - 2 * PAD, avail));
			drawRow(
				parts.map((p) => p[0]),
				false,
				null
			);
			cells = parts.map((p) => p[1]);
			if (cells.every((c) => c === '')) return;
			newPage();
		}
	};
	/** The details under a row, across the whole width, one labelled line each; may continue on the next page. */
	const details = (lines: [string, string][]) => {
		const inner = width - 2 * PAD;
		for (let i = 0; i < lines.length; i++) {
			let [label, value] = lines[i];
			for (;;) {
				const h = labelledHeight(doc, label, value, inner, size) + (i === 0 ? PAD : 0) + (i === lines.length - 1 ? PAD : 1);
				const room = bottom(doc) - doc.y;
				if (h > room && room > 3 * size && h > fresh()) {
					// Taller than a page: fill what is left, continue on the next.
					doc.font('Sans').fontSize(size);
					const [here, rest] = split(doc, value, inner - doc.widthOfString(`${label}: `) - 4, room - 2 * PAD);
					if (here) {
						detailLine(label, here, room - PAD, i === 0, true);
						value = rest;
						label = `${label} (continued)`;
					}
					newPage();
					continue;
				}
				if (h > room) newPage();
				detailLine(label, value, h, i === 0, i === lines.length - 1);
				break;
			}
		}
	};
	const detailLine = (label: string, value: string, h: number, first: boolean, last: boolean) => {
		const y = doc.y;
		doc.rect(left, y, width, h).fill(DETAIL_FILL);
		doc
			.lineWidth(0.5)
			.strokeColor(RULE)
			.moveTo(left, y)
			.lineTo(left, y + h)
			.stroke()
			.moveTo(left + width, y)
			.lineTo(left + width, y + h)
			.stroke();
		labelled(doc, label, value, left + PAD, y + (first ? PAD : 0), width - 2 * PAD, size);
		doc.x = left;
		doc.y = y + h;
		if (last)
			doc
				.moveTo(left, doc.y)
				.lineTo(left + width, doc.y)
				.stroke();
	};

	// Never leave a header alone at the foot of a page: keep it with (the start of) the first row.
	const first = t.rows[0]
		? cellHeight(
				columns.map((c) => t.rows[0][c.key] ?? ''),
				false
			)
		: 0;
	ensure(doc, headerHeight + Math.min(first, 80));
	header();
	const detailsHeight = (lines: [string, string][]) =>
		lines.reduce(
			(h, [label, value], i) =>
				h + labelledHeight(doc, label, value, width - 2 * PAD, size) + (i === 0 ? PAD : 0) + (i === lines.length - 1 ? PAD : 1),
			0
		);
	for (const row of t.rows) {
		const cells = columns.map((c) => row[c.key] ?? '');
		const lines = rowDetails(t, row);
		// A row and its details stay together on one page when a page can hold them.
		const whole = cellHeight(cells, false) + detailsHeight(lines);
		if (whole > bottom(doc) - doc.y && whole <= fresh()) newPage();
		flowRow(cells);
		if (lines.length) details(lines);
	}
	doc.x = left;
	doc.moveDown(0.8);
}

/** One block per row: its title in bold across the page, then each field as a labelled line. */
function rowBlocks(doc: Doc, t: PrintTable, columns: Parameters<typeof blockLines>[2]): void {
	const left = doc.page.margins.left;
	const width = contentWidth(doc);
	for (const row of t.rows) {
		const title = blockHeading(t, row);
		const size = SIZE.body + 0.5;
		doc.font('Sans-Bold').fontSize(size);
		const titleH = doc.heightOfString(`${title.bold} ${title.plain}`, { width });
		ensure(doc, Math.min(titleH, pageHeight(doc) / 3) + 2 * SIZE.body * 1.4);
		doc
			.lineWidth(0.75)
			.strokeColor(RULE)
			.moveTo(left, doc.y)
			.lineTo(left + width, doc.y)
			.stroke();
		doc.y += 4;
		doc.fillColor(INK);
		if (title.bold && title.plain) labelledTitle(doc, title.bold, title.plain, left, width, size);
		else
			doc
				.font(title.bold ? 'Sans-Bold' : 'Sans')
				.fontSize(size)
				.text(title.bold || title.plain, left, doc.y, { width, lineGap: 1 });
		doc.moveDown(0.2);
		for (const [label, value] of blockLines(t, row, columns)) {
			ensure(doc, SIZE.body * 1.4);
			labelled(doc, label, value, left + 10, doc.y, width - 10, SIZE.body);
			doc.moveDown(0.2);
		}
		doc.moveDown(0.5);
	}
}

function picture(doc: Doc, svg: string): void {
	const width = contentWidth(doc);
	const maxHeight = pageHeight(doc) * 0.85;
	const declared = /<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
	const svgW = Number(declared?.[1] ?? 1000);
	const svgH = Number(declared?.[2] ?? 700);
	const fit = Math.min(width / svgW, maxHeight / svgH);
	const drawW = svgW * fit;
	const drawH = svgH * fit;
	let png: Buffer;
	try {
		// About 150 dpi at the printed size: sharp on paper, quick to make.
		png = svgToOpaquePng(svg, ((drawW / 72) * 150) / svgW);
	} catch {
		return;
	}
	const { width: pw, height: ph } = pngSize(png);
	let h = Math.min(drawH, (width * ph) / pw);
	// Shrink it into the rest of this page if that keeps most of its size; else start a new page.
	const room = bottom(doc) - doc.y - 8;
	if (h > room && room >= h * 0.6) h = room;
	ensure(doc, h + 8);
	doc.image(png, doc.page.margins.left, doc.y, { fit: [width, h], align: 'center' });
	doc.y += h + 8;
}

function blocks(doc: Doc, list: readonly ReportBlock[], measure: Measure): void {
	for (const block of list) {
		if (block.kind === 'heading') heading(doc, block.text, block.level === 3 ? SIZE.h3 : SIZE.h2);
		else if (block.kind === 'paragraph') paragraph(doc, block.text);
		else if (block.kind === 'list') for (const item of block.items) paragraph(doc, item, { indent: 14, bullet: true });
		else printTable(doc, block.table, measure);
	}
}

/** Landscape page widths in points. */
const PAGE_WIDTH: Record<Paper, number> = { a4: 841.89, a3: 1190.55 };

/** The running footer: the whole title, wrapped to what is left beside "Page n of m". */
function footerLayout(measure: Measure, title: string, paper: Paper): { width: number; height: number } {
	const width = PAGE_WIDTH[paper] - 2 * MARGIN - measure.width('Page 999 of 999', SIZE.footer) - 24;
	return { width, height: measure.height(title, width, SIZE.footer) };
}

export async function reportPdf(report: Report, paper: Paper = 'a4'): Promise<Buffer> {
	const measure = createMeasure();
	// The footer's height is known before the first page: the bottom margin makes room for it.
	const footer = footerLayout(measure, report.title, paper);
	const doc = new PDFDocument({
		size: paper.toUpperCase(),
		layout: 'landscape',
		margins: { top: MARGIN, bottom: MARGIN + footer.height + FOOTER_GAP, left: MARGIN, right: MARGIN },
		bufferPages: true,
		info: { Title: report.title, Subject: reportDateLine(report), Creator: 'Convene' },
		lang: 'en-GB',
		displayTitle: true
	});
	doc.registerFont('Sans', FONT_FILES.regular);
	doc.registerFont('Sans-Bold', FONT_FILES.bold);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	const parts = chapters(report);

	doc
		.font('Sans-Bold')
		.fontSize(SIZE.title)
		.fillColor(INK)
		.text(report.title, { width: contentWidth(doc) });
	doc.moveDown(0.2);
	paragraph(doc, reportDateLine(report), { color: MUTED });

	// Contents: written now, page numbers filled in at the end (their lines are already in place).
	heading(doc, 'Contents', SIZE.h2);
	const entries: { page: number; y: number; h: number; id: string }[] = [];
	for (const c of parts) {
		doc.font('Sans').fontSize(SIZE.body);
		const w = contentWidth(doc) - 60;
		const h = doc.heightOfString(c.heading, { width: w });
		ensure(doc, h);
		entries.push({ page: doc.bufferedPageRange().count - 1, y: doc.y, h, id: c.id });
		doc.fillColor(INK).text(c.heading, doc.page.margins.left, doc.y, { width: w, lineGap: 2 });
		doc.moveDown(0.15);
	}

	const starts = new Map<string, number>();
	const begin = (c: Chapter, newPage: boolean) => {
		if (newPage) doc.addPage();
		else ensure(doc, 14 + SIZE.h1 * 1.3 + 3 * SIZE.body * 1.4);
		starts.set(c.id, doc.bufferedPageRange().count - 1);
		const top = doc.y;
		heading(doc, c.heading, SIZE.h1, newPage ? 0 : 14);
		doc.addNamedDestination(c.id, 'XYZ', doc.page.margins.left, top, null);
		doc.outline.addItem(c.heading);
	};
	for (const [i, c] of parts.entries()) {
		begin(c, i > 0);
		if (c.intro) paragraph(doc, c.intro, { color: MUTED });
		if (c.svg) picture(doc, c.svg);
		blocks(doc, c.blocks, measure);
	}

	const range = doc.bufferedPageRange();
	for (const e of entries) {
		const target = starts.get(e.id);
		if (target === undefined) continue;
		doc.switchToPage(e.page);
		doc.font('Sans').fontSize(SIZE.body).fillColor(INK);
		const saved = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc.text(String(target - range.start + 1), doc.page.margins.left, e.y, { width: contentWidth(doc), align: 'right', lineBreak: false });
		doc.page.margins.bottom = saved;
		doc.goTo(doc.page.margins.left, e.y, contentWidth(doc), e.h, e.id);
	}
	// The running footer: the whole title (wrapped if it must) and "Page n of m", on every page.
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		const saved = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		const y = doc.page.height - MARGIN - footer.height;
		doc
			.lineWidth(0.5)
			.strokeColor(RULE)
			.moveTo(doc.page.margins.left, y - 4)
			.lineTo(doc.page.margins.left + contentWidth(doc), y - 4)
			.stroke();
		doc.font('Sans').fontSize(SIZE.footer).fillColor(MUTED);
		doc.text(report.title, doc.page.margins.left, y, { width: footer.width });
		doc.text(`Page ${i - range.start + 1} of ${range.count}`, doc.page.margins.left, y, {
			width: contentWidth(doc),
			align: 'right',
			lineBreak: false
		});
		doc.page.margins.bottom = saved;
	}
	doc.end();
	return done;
}
