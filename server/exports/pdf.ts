/**
 * The workshop report as a print-ready PDF (pdfkit), landscape A4 or A3, with the DejaVu fonts so any
 * Unicode that people typed prints. Text wraps; tables break across pages with their header row
 * repeated, and a row too tall for one page continues on the next (nothing is cut). Pictures are the
 * exercises. SVGs rasterised by resvg at about 150 dpi of their printed size.
 */
import PDFDocument from 'pdfkit';
import type { Report } from '../../src/lib/export/report.js';
import type { ExportTable } from '../../src/lib/templates/kit/model.js';
import { FONT_FILES } from './fonts.js';
import { pngSize, svgToPng } from './png.js';

export type Paper = 'a4' | 'a3';
type Doc = PDFKit.PDFDocument;

/** 15 mm margins: inside what office printers can reach, and room for the footer. */
const MARGIN = 42.5;
const FOOTER = 18;
const INK = '#1f2937';
const MUTED = '#475569';

const SIZE = { body: 10.5, small: 9, h1: 18, h2: 13.5, h3: 11.5, title: 24 };

function bottom(doc: Doc): number {
	return doc.page.height - doc.page.margins.bottom;
}
function contentWidth(doc: Doc): number {
	return doc.page.width - doc.page.margins.left - doc.page.margins.right;
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

function paragraph(doc: Doc, text: string, options: { indent?: number; bullet?: boolean; color?: string } = {}): void {
	doc.font('Sans').fontSize(SIZE.body).fillColor(options.color ?? INK);
	const indent = options.indent ?? 0;
	const x = doc.page.margins.left + indent;
	ensure(doc, SIZE.body * 1.4);
	const y = doc.y;
	if (options.bullet) doc.text('•', x - 10, y, { lineBreak: false });
	doc.text(text, x, y, { width: contentWidth(doc) - indent, lineGap: 2 });
	doc.moveDown(0.25);
}

/** The longest prefix of `text` (in words) that fits `height` at `width`; the rest goes on. */
function split(doc: Doc, text: string, width: number, height: number): [string, string] {
	if (doc.heightOfString(text, { width }) <= height) return [text, ''];
	const words = text.split(/(\s+)/);
	let lo = 0;
	let hi = words.length;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (doc.heightOfString(words.slice(0, mid).join(''), { width }) <= height) lo = mid;
		else hi = mid - 1;
	}
	if (lo === 0) {
		// Not even one word fits: break the first word by characters.
		const word = words[0];
		let n = 1;
		while (n < word.length && doc.heightOfString(word.slice(0, n + 1), { width }) <= height) n++;
		return [word.slice(0, n), [word.slice(n), ...words.slice(1)].join('')];
	}
	return [words.slice(0, lo).join('').trimEnd(), words.slice(lo).join('').trimStart()];
}

const PAD = 4;

/**
 * Column widths: every column at least as wide as its longest word (header or cell, up to 30% of the
 * page), so words are not broken mid-way ("Colum|n"); the rest of the width shared by the columns' weights.
 */
function columnWidths(doc: Doc, t: ExportTable, width: number): number[] {
	doc.fontSize(SIZE.small);
	doc.font('Sans');
	// pdfkit wraps a word that does not fit with its following space: leave room for one.
	const slack = 2 * PAD + doc.widthOfString(' ') + 2;
	const longestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map((w) => doc.widthOfString(w)));
	const sample = t.rows.slice(0, 500);
	const least = t.columns.map((c) => {
		doc.font('Sans-Bold');
		let most = longestWord(c.label);
		doc.font('Sans');
		for (const row of sample) {
			const v = row[c.key];
			if (v !== null && v !== undefined) most = Math.max(most, longestWord(String(v)));
		}
		return Math.min(most + slack, width * 0.3);
	});
	const needed = least.reduce((a, b) => a + b, 0);
	if (needed >= width) return least.map((m) => (m / needed) * width);
	// The rest goes where the words are: by the column's weight and how much it holds on average.
	const share = t.columns.map((c) => {
		const chars = sample.reduce((n, row) => n + String(row[c.key] ?? '').length, 0) / Math.max(1, sample.length);
		return (c.width ?? 1) * (chars + 5);
	});
	const total = share.reduce((a, b) => a + b, 0);
	return least.map((m, i) => m + ((width - needed) * share[i]) / total);
}

export function table(doc: Doc, t: ExportTable): void {
	const left = doc.page.margins.left;
	const width = contentWidth(doc);
	const widths = columnWidths(doc, t, width);
	const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
	const textOf = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

	const drawRow = (cells: string[], bold: boolean, fill: string | null): number => {
		doc.font(bold ? 'Sans-Bold' : 'Sans').fontSize(SIZE.small);
		const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * PAD }))) + 2 * PAD;
		const y = doc.y;
		if (fill) doc.rect(left, y, width, h).fill(fill);
		doc.fillColor(INK);
		cells.forEach((c, i) => {
			const align = t.columns[i].type === 'number' ? 'right' : 'left';
			doc.text(c, xs[i] + PAD, y + PAD, { width: widths[i] - 2 * PAD, align, lineBreak: true });
		});
		doc.lineWidth(0.5).strokeColor('#94a3b8');
		doc.rect(left, y, width, h).stroke();
		for (let i = 1; i < xs.length; i++) doc.moveTo(xs[i], y).lineTo(xs[i], y + h).stroke();
		doc.x = left;
		doc.y = y + h;
		return h;
	};
	const header = () => drawRow(t.columns.map((c) => c.label), true, '#e2e8f0');
	const headerHeight = () => {
		doc.font('Sans-Bold').fontSize(SIZE.small);
		return Math.max(...t.columns.map((c, i) => doc.heightOfString(c.label, { width: widths[i] - 2 * PAD }))) + 2 * PAD;
	};

	// Never leave a header alone at the foot of a page: keep it with (the start of) the first row.
	doc.font('Sans').fontSize(SIZE.small);
	const firstRow = t.rows[0] ? Math.max(...t.columns.map((c, i) => doc.heightOfString(textOf(t.rows[0][c.key]) || ' ', { width: widths[i] - 2 * PAD }))) + 2 * PAD : 0;
	ensure(doc, headerHeight() + Math.min(firstRow, 80));
	header();
	t.rows.forEach((row, r) => {
		let cells = t.columns.map((c) => textOf(row[c.key]));
		const fill = r % 2 === 1 ? '#f8fafc' : null;
		for (;;) {
			doc.font('Sans').fontSize(SIZE.small);
			const need = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * PAD }))) + 2 * PAD;
			const room = bottom(doc) - doc.y;
			if (need <= room) {
				drawRow(cells, false, fill);
				break;
			}
			// Too tall for the rest of this page: move on if a fresh page would hold it (or most of it).
			const fresh = bottom(doc) - doc.page.margins.top - headerHeight();
			if (need <= fresh || room < Math.min(fresh / 3, 120)) {
				doc.addPage();
				header();
				if (need <= fresh) continue;
			}
			// Taller than a page: fill this one and continue the row on the next.
			const avail = bottom(doc) - doc.y - 2 * PAD;
			const parts = cells.map((c, i) => split(doc, c, widths[i] - 2 * PAD, avail));
			drawRow(parts.map((p) => p[0]), false, fill);
			cells = parts.map((p) => p[1]);
			doc.addPage();
			header();
			if (cells.every((c) => c === '')) break;
		}
	});
	doc.moveDown(0.8);
}

async function picture(doc: Doc, svg: string): Promise<void> {
	const width = contentWidth(doc);
	const maxHeight = (bottom(doc) - doc.page.margins.top) * 0.85;
	const declared = /<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
	const svgW = Number(declared?.[1] ?? 1000);
	const svgH = Number(declared?.[2] ?? 700);
	const fit = Math.min(width / svgW, maxHeight / svgH);
	const drawW = svgW * fit;
	const drawH = svgH * fit;
	let png: Buffer;
	try {
		// About 150 dpi at the printed size: sharp on paper, quick to make.
		png = await svgToPng(svg, ((drawW / 72) * 150) / svgW);
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

export async function reportPdf(report: Report, paper: Paper = 'a4'): Promise<Buffer> {
	const doc = new PDFDocument({
		size: paper.toUpperCase(),
		layout: 'landscape',
		margins: { top: MARGIN, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
		bufferPages: true,
		info: { Title: report.title, Subject: `Workshop report, ${report.date}`, Creator: 'Convene' },
		lang: 'en-GB'
	});
	doc.registerFont('Sans', FONT_FILES.regular);
	doc.registerFont('Sans-Bold', FONT_FILES.bold);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});

	doc.font('Sans-Bold').fontSize(SIZE.title).fillColor(INK).text(report.title, { width: contentWidth(doc) });
	doc.moveDown(0.2);
	paragraph(doc, `Workshop report, ${report.date}`, { color: MUTED });

	heading(doc, 'Who took part', SIZE.h1);
	const p = report.participation;
	if (p.people === 0) paragraph(doc, 'Nobody has joined this board yet.');
	else {
		paragraph(doc, `${p.people} ${p.people === 1 ? 'person' : 'people'} took part:`);
		for (const a of p.byAgency) paragraph(doc, `${a.agency}: ${a.people}`, { indent: 14, bullet: true });
		if (p.names) {
			heading(doc, 'Names', SIZE.h2);
			for (const m of p.names) paragraph(doc, `${m.name} (${m.agency}, ${m.role})`, { indent: 14, bullet: true });
		}
	}
	if (report.parts.length || report.loose.length) {
		heading(doc, 'In this report', SIZE.h1);
		for (const part of report.parts) paragraph(doc, part.heading, { indent: 14, bullet: true });
		if (report.loose.length) paragraph(doc, 'Outside the exercises', { indent: 14, bullet: true });
	}
	if (report.votes.length) {
		heading(doc, 'Vote results', SIZE.h1);
		table(doc, {
			title: 'Vote results',
			columns: [
				{ key: 'text', label: 'Question', type: 'text', width: 4 },
				{ key: 'feasibility', label: 'Feasibility', type: 'number' },
				{ key: 'desirability', label: 'Desirability', type: 'number' },
				{ key: 'viability', label: 'Viability', type: 'number' },
				{ key: 'total', label: 'Total', type: 'number' }
			],
			rows: report.votes.map((v) => ({ ...v }))
		});
	}
	for (const part of report.parts) {
		doc.addPage();
		heading(doc, part.heading, SIZE.h1, 0);
		if (part.intro) paragraph(doc, part.intro, { color: MUTED });
		if (part.svg) await picture(doc, part.svg);
		for (const block of part.blocks) {
			if (block.kind === 'heading') heading(doc, block.text, SIZE.h2);
			else if (block.kind === 'paragraph') paragraph(doc, block.text);
			else for (const item of block.items) paragraph(doc, item, { indent: 14, bullet: true });
		}
		for (const t of part.tables) {
			heading(doc, t.title, SIZE.h3);
			table(doc, t);
		}
	}
	if (report.loose.length) {
		heading(doc, 'Outside the exercises', SIZE.h1);
		for (const l of report.loose) paragraph(doc, l, { indent: 14, bullet: true });
	}

	// Footers: the title and "page n of m" on every page.
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		const saved = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		const y = doc.page.height - MARGIN - SIZE.small;
		doc.font('Sans').fontSize(SIZE.small).fillColor(MUTED);
		doc.text(footerTitle(report.title), doc.page.margins.left, y, { width: contentWidth(doc) * 0.7, lineBreak: false });
		doc.text(`Page ${i - range.start + 1} of ${range.count}`, doc.page.margins.left, y, { width: contentWidth(doc), align: 'right', lineBreak: false });
		doc.page.margins.bottom = saved;
	}
	doc.end();
	return done;
}

/** The running footer shows at most 70 characters of the title (page 1 has it whole). */
function footerTitle(title: string): string {
	return title.length > 70 ? `${title.slice(0, 69)}…` : title;
}
