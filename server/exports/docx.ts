/**
 * The workshop report as a Word document (docx): headings, paragraphs, bullet lists, real Word tables
 * whose header row repeats on every page, and each exercise's picture (its SVG rasterised by resvg).
 * The docx library writes every text through its XML escaping, so typed markup stays text.
 */
import {
	AlignmentType,
	Document,
	HeadingLevel,
	ImageRun,
	Packer,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type FileChild
} from 'docx';
import type { Report } from '../../src/lib/export/report.js';
import type { ExportTable } from '../../src/lib/templates/kit/model.js';
import { pngSize, svgToPng } from './png.js';

/** A4 portrait with 2 cm margins: 9638 twips of text width (about 642 px at 96 dpi). */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH_TWIPS = PAGE.width - 2 * PAGE.margin;
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH_TWIPS / 1440) * 96);
const MAX_PICTURE_HEIGHT_PX = 820;

/** Splits text on line breaks into runs with breaks, so a note's own lines survive. */
function runs(text: string, bold = false): TextRun[] {
	return text.split(/\r?\n/).map((line, i) => new TextRun({ text: line, bold, break: i > 0 ? 1 : undefined }));
}

function cellText(v: string | number | null | undefined): string {
	return v === null || v === undefined ? '' : String(v);
}

export function wordTable(t: ExportTable): Table {
	const weights = t.columns.map((c) => c.width ?? 1);
	const total = weights.reduce((a, b) => a + b, 0);
	const widths = weights.map((w) => Math.floor((w / total) * TEXT_WIDTH_TWIPS));
	const header = new TableRow({
		tableHeader: true,
		cantSplit: true,
		children: t.columns.map(
			(c, i) =>
				new TableCell({
					width: { size: widths[i], type: WidthType.DXA },
					shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E2E8F0' },
					children: [new Paragraph({ children: runs(c.label, true) })]
				})
		)
	});
	const body = t.rows.map(
		(row) =>
			new TableRow({
				children: t.columns.map(
					(c, i) =>
						new TableCell({
							width: { size: widths[i], type: WidthType.DXA },
							children: [new Paragraph({ alignment: c.type === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT, children: runs(cellText(row[c.key])) })]
						})
				)
			})
	);
	return new Table({ rows: [header, ...body], width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA }, columnWidths: widths });
}

async function picture(svg: string, description: string): Promise<Paragraph | null> {
	try {
		// Twice the printed width in pixels: sharp on paper and on screen, without a huge file.
		const declared = Number(/<svg\b[^>]*\bwidth="([\d.]+)"/.exec(svg)?.[1] ?? TEXT_WIDTH_PX);
		const png = await svgToPng(svg, Math.min(2, (2 * TEXT_WIDTH_PX) / declared));
		const { width, height } = pngSize(png);
		const scale = Math.min(TEXT_WIDTH_PX / width, MAX_PICTURE_HEIGHT_PX / height);
		return new Paragraph({
			children: [
				new ImageRun({
					type: 'png',
					data: png,
					transformation: { width: Math.round(width * scale), height: Math.round(height * scale) },
					altText: { name: 'Picture of the exercise', title: 'Picture of the exercise', description }
				})
			]
		});
	} catch {
		return null;
	}
}

export async function reportDocx(report: Report): Promise<Buffer> {
	const children: FileChild[] = [];
	const p = (text: string) => children.push(new Paragraph({ children: runs(text), spacing: { after: 120 } }));
	children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: runs(report.title) }));
	p(`Workshop report, ${report.date}.`);
	children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Who took part' }));
	const part = report.participation;
	if (part.people === 0) p('Nobody has joined this board yet.');
	else {
		p(`${part.people} ${part.people === 1 ? 'person' : 'people'} took part:`);
		for (const a of part.byAgency) children.push(new Paragraph({ bullet: { level: 0 }, children: runs(`${a.agency}: ${a.people}`) }));
		if (part.names) {
			children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, text: 'Names' }));
			for (const m of part.names) children.push(new Paragraph({ bullet: { level: 0 }, children: runs(`${m.name} (${m.agency}, ${m.role})`) }));
		}
	}
	if (report.votes.length) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Vote results' }));
		children.push(
			wordTable({
				title: 'Vote results',
				columns: [
					{ key: 'text', label: 'Question', type: 'text', width: 3 },
					{ key: 'feasibility', label: 'Feasibility', type: 'number' },
					{ key: 'desirability', label: 'Desirability', type: 'number' },
					{ key: 'viability', label: 'Viability', type: 'number' },
					{ key: 'total', label: 'Total', type: 'number' }
				],
				rows: report.votes.map((v) => ({ ...v }))
			})
		);
	}
	for (const section of report.parts) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(section.heading), pageBreakBefore: true }));
		if (section.intro) p(section.intro);
		if (section.svg) {
			const pic = await picture(section.svg, section.intro ?? section.heading);
			if (pic) children.push(pic);
		}
		for (const block of section.blocks) {
			if (block.kind === 'heading') children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(block.text) }));
			else if (block.kind === 'paragraph') p(block.text);
			else for (const item of block.items) children.push(new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
		}
		for (const t of section.tables) {
			children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: runs(t.title), keepNext: true }));
			children.push(wordTable(t));
			children.push(new Paragraph({ text: '' }));
		}
	}
	if (report.loose.length) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Outside the exercises' }));
		for (const l of report.loose) children.push(new Paragraph({ bullet: { level: 0 }, children: runs(l) }));
	}
	const doc = new Document({
		creator: 'Convene',
		title: report.title,
		description: `Workshop report, ${report.date}`,
		styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
		sections: [{ properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } } }, children }]
	});
	return Packer.toBuffer(doc);
}
