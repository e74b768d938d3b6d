/**
 * The workshop report as a Word document (docx), A4, to print for a committee without editing.
 *
 * Text chapters are portrait; a chapter that prints a table (the priorities, the action plan, the theory
 * of change) is a landscape section of its own. The first page has the title, the date and a table of
 * contents (a real Word contents field, its entries linked to the headings and their page numbers worked
 * out by docx's own page layout, `estimatePageNumbers`; Word can update it; a very long report leaves them
 * for Word to fill, see ESTIMATE_PAGES_UP_TO). Print tables are measured
 * first (layout.ts): a fixed-width Word table whose every column holds its longest word, a header row that
 * repeats on every page, rows allowed to break across pages and each row's details in a full-width row
 * under it; or one block per row. Every page's footer has the whole title and "Page n of m". The text is
 * Arial (Liberation Sans in LibreOffice: the same widths); columns are measured in DejaVu Sans, which is
 * wider, so they hold their words in both. The docx library writes every text through its XML escaping,
 * so typed markup stays text.
 */
import {
	AlignmentType,
	Bookmark,
	Document,
	Footer,
	HeadingLevel,
	ImageRun,
	Packer,
	PageNumber,
	PageOrientation,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableLayoutType,
	TableOfContents,
	TableRow,
	TextRun,
	WidthType,
	type FileChild,
	type ISectionOptions
} from 'docx';
import { estimatePageNumbers } from 'docx/layout';
import { chapters, reportDateLine, type Chapter, type Report } from '../../src/lib/export/report.js';
import type { PrintTable, ReportBlock } from '../../src/lib/templates/kit/model.js';
import { blockHeading, blockLines, layoutTable, rowDetails, rowHeight } from './layout.js';
import { createMeasure, type Measure } from './measure.js';
import { pngSize, svgToPng } from './png.js';

/** A4 in twips (1/20 pt) with 2 cm margins. */
const A4 = { short: 11906, long: 16838, margin: 1134 };
const FONT = 'Arial';
/** Sizes in points. */
const SIZE = { body: 10.5, table: 9, footer: 8.5 };
/** Cell padding, points, each side. */
const PAD = 4;
const MAX_PICTURE_HEIGHT_PX = 820;
/**
 * docx's page layout (`estimatePageNumbers`) costs a few milliseconds per table row: under a second for a
 * workshop's report, but most of the time for a board of thousands of notes (about 15 of 20 s at 5,000
 * elements). Beyond this many rows and paragraphs the contents are left for Word to fill in (it asks to
 * update the document's fields when it opens it).
 */
export const ESTIMATE_PAGES_UP_TO = 1500;

/** Rows, list items and paragraphs of a report: about what docx's page layout has to place. */
function blocksToPlace(report: Report): number {
	let count = 0;
	for (const c of chapters(report))
		for (const b of c.blocks) count += b.kind === 'table' ? b.table.rows.length : b.kind === 'list' ? b.items.length : 1;
	return count;
}

const twips = (pt: number) => Math.round(pt * 20);
const textWidthPt = (landscape: boolean) => ((landscape ? A4.long : A4.short) - 2 * A4.margin) / 20;
const textHeightPt = (landscape: boolean) => ((landscape ? A4.short : A4.long) - 2 * A4.margin) / 20;

/** Text with its own line breaks kept. */
function runs(text: string, options: { bold?: boolean; size?: number } = {}): TextRun[] {
	const size = options.size ? options.size * 2 : undefined;
	return text.split(/\r?\n/).map((line, i) => new TextRun({ text: line, bold: options.bold, size, break: i > 0 ? 1 : undefined }));
}

/** "Label: value" with the label in bold. */
function labelled(label: string, value: string, size: number): TextRun[] {
	return [new TextRun({ text: `${label}: `, bold: true, size: size * 2 }), ...runs(value, { size })];
}

const cellMargins = { top: twips(PAD), bottom: twips(PAD), left: twips(PAD), right: twips(PAD) };

/** One print table as a Word table, or as one block per row: whichever the measure chose. */
export function wordTable(t: PrintTable, landscape: boolean, measure: Measure): FileChild[] {
	const layout = layoutTable(t, measure, {
		width: textWidthPt(landscape),
		pageHeight: textHeightPt(landscape),
		size: SIZE.table,
		pad: PAD
	});
	if (layout.mode === 'blocks') {
		return t.rows.flatMap((row) => {
			const title = blockHeading(t, row);
			const heading = [
				...(title.bold ? runs(`${title.bold}${title.plain ? ' ' : ''}`, { bold: true, size: 11 }) : []),
				...(title.plain ? runs(title.plain, { size: 11 }) : [])
			];
			return [
				new Paragraph({
					children: heading,
					keepNext: true,
					spacing: { before: 200, after: 60 },
					border: { top: { style: 'single', size: 6, color: '94A3B8', space: 4 } }
				}),
				...blockLines(t, row, layout.columns).map(
					([label, value]) => new Paragraph({ children: labelled(label, value, SIZE.body), indent: { left: 200 }, spacing: { after: 60 } })
				)
			];
		});
	}
	const { columns } = layout;
	const widths = layout.widths.map((w) => twips(w));
	const total = widths.reduce((a, b) => a + b, 0);
	const header = new TableRow({
		tableHeader: true,
		cantSplit: true,
		children: columns.map(
			(c, i) =>
				new TableCell({
					width: { size: widths[i], type: WidthType.DXA },
					shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E2E8F0' },
					margins: cellMargins,
					children: [new Paragraph({ children: runs(c.label, { bold: true, size: SIZE.table }) })]
				})
		)
	});
	// A row shorter than a third of a page is not split across pages, and stays with its details; a
	// taller one may break (Word repeats the header row on the next page).
	const short = textHeightPt(landscape) / 3;
	const geometry = { size: SIZE.table, pad: PAD };
	const body = t.rows.flatMap((row) => {
		const lines = rowDetails(t, row);
		const mainHeight = rowHeight(
			columns.map((c) => row[c.key] ?? ''),
			layout.widths,
			measure,
			geometry
		);
		const keep = mainHeight < short;
		const main = new TableRow({
			cantSplit: keep,
			children: columns.map(
				(c, i) =>
					new TableCell({
						width: { size: widths[i], type: WidthType.DXA },
						margins: cellMargins,
						children: [
							new Paragraph({
								keepNext: keep && lines.length > 0,
								alignment: c.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
								children: runs(row[c.key] ?? '', { size: SIZE.table })
							})
						]
					})
			)
		});
		if (!lines.length) return [main];
		const detailsHeight = lines.reduce(
			(h, [label, value]) => h + measure.height(`${label}: ${value}`, layout.widths.reduce((a, b) => a + b, 0) - 2 * PAD, SIZE.table, true),
			2 * PAD
		);
		const details = new TableRow({
			cantSplit: detailsHeight < short,
			children: [
				new TableCell({
					columnSpan: columns.length,
					width: { size: total, type: WidthType.DXA },
					margins: cellMargins,
					shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F8FAFC' },
					children: lines.map(([label, value]) => new Paragraph({ children: labelled(label, value, SIZE.table) }))
				})
			]
		});
		return [main, details];
	});
	return [
		new Table({
			rows: [header, ...body],
			width: { size: total, type: WidthType.DXA },
			columnWidths: widths,
			layout: TableLayoutType.FIXED
		}),
		new Paragraph({ text: '' })
	];
}

function picture(svg: string, description: string, landscape: boolean): Paragraph | null {
	try {
		const widthPx = Math.floor((textWidthPt(landscape) / 72) * 96);
		// Twice the printed width in pixels: sharp on paper and on screen, without a huge file.
		const declared = Number(/<svg\b[^>]*\bwidth="([\d.]+)"/.exec(svg)?.[1] ?? widthPx);
		const png = svgToPng(svg, Math.min(2, (2 * widthPx) / declared));
		const { width, height } = pngSize(png);
		const maxHeight = landscape ? Math.floor((textHeightPt(true) / 72) * 96 * 0.8) : MAX_PICTURE_HEIGHT_PX;
		const scale = Math.min(widthPx / width, maxHeight / height);
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

function blocks(list: readonly ReportBlock[], landscape: boolean, measure: Measure): FileChild[] {
	const out: FileChild[] = [];
	for (const block of list) {
		if (block.kind === 'heading')
			out.push(
				new Paragraph({
					heading: block.level === 3 ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_2,
					children: runs(block.text),
					keepNext: true
				})
			);
		else if (block.kind === 'paragraph') out.push(new Paragraph({ children: runs(block.text), spacing: { after: 120 } }));
		else if (block.kind === 'list') for (const item of block.items) out.push(new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
		else out.push(...wordTable(block.table, landscape, measure));
	}
	return out;
}

async function chapter(c: Chapter, measure: Measure, first: boolean): Promise<FileChild[]> {
	const out: FileChild[] = [
		new Paragraph({
			heading: HeadingLevel.HEADING_1,
			children: [new Bookmark({ id: c.id.replace(/[^A-Za-z0-9_]/g, '_'), children: runs(c.heading) })],
			pageBreakBefore: !first
		})
	];
	if (c.intro) out.push(new Paragraph({ children: runs(c.intro), spacing: { after: 120 } }));
	if (c.svg) {
		const pic = picture(c.svg, c.intro ?? c.heading, c.wide);
		if (pic) out.push(pic);
	}
	out.push(...blocks(c.blocks, c.wide, measure));
	return out;
}

export async function reportDocx(report: Report): Promise<Buffer> {
	const measure = createMeasure();
	const footer = new Footer({
		children: [
			new Paragraph({
				children: [
					new TextRun({ text: report.title, size: SIZE.footer * 2, color: '475569' }),
					new TextRun({
						children: ['   Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
						size: SIZE.footer * 2,
						color: '475569'
					})
				]
			})
		]
	});
	const page = (landscape: boolean) => ({
		size: { width: A4.short, height: A4.long, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
		margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin }
	});
	const opening: FileChild[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, children: runs(report.title) }),
		new Paragraph({ children: runs(reportDateLine(report)), spacing: { after: 240 } }),
		new Paragraph({ children: runs('Contents', { bold: true, size: 13.5 }) }),
		new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-1' })
	];
	// One section per run of chapters with the same orientation; a landscape chapter is a section of its own.
	const sections: ISectionOptions[] = [];
	let current: { landscape: boolean; children: FileChild[] } = { landscape: false, children: opening };
	for (const [i, c] of chapters(report).entries()) {
		if (c.wide || current.landscape) {
			sections.push({ properties: { page: page(current.landscape) }, footers: { default: footer }, children: current.children });
			current = { landscape: c.wide, children: [] };
		}
		current.children.push(...(await chapter(c, measure, i === 0 || current.children.length === 0)));
	}
	sections.push({ properties: { page: page(current.landscape) }, footers: { default: footer }, children: current.children });
	const doc = new Document({
		creator: 'Convene',
		title: report.title,
		description: reportDateLine(report),
		styles: { default: { document: { run: { font: FONT, size: SIZE.body * 2 } } } },
		...(blocksToPlace(report) <= ESTIMATE_PAGES_UP_TO ? { pageNumbers: estimatePageNumbers } : { features: { updateFields: true } }),
		sections
	});
	return Packer.toBuffer(doc);
}
