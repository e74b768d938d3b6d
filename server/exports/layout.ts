/**
 * How a print table goes on paper, decided by measuring (shared by the PDF and the Word document).
 *
 * A table is printed as a table only when every column can hold its longest word (header included),
 * so no word is ever broken inside, and no row's columns are taller than half a page; otherwise each
 * row becomes a block of its own ("one block per action"), its fields as labelled lines across the full
 * width. Columns nobody filled in are left out. The width left once each column holds its longest word
 * goes where the words are: by how much each column holds, and its weight.
 */
import type { PrintColumn, PrintTable } from '../../src/lib/templates/kit/model.js';
import { unbreakable, type Measure } from './measure.js';

export interface TableGeometry {
	/** Text width available, points. */
	width: number;
	/** Height of a page's text area, points. */
	pageHeight: number;
	/** Font size of table text, points. */
	size: number;
	/** Padding inside a cell on each side, points. */
	pad: number;
}

export type TableLayout =
	{ mode: 'table'; columns: PrintColumn[]; widths: number[]; why: string } | { mode: 'blocks'; columns: PrintColumn[]; why: string };

/** The columns with at least one value (a column nobody filled in is left out). */
export function filledColumns(t: PrintTable): PrintColumn[] {
	return t.columns.filter((c) => t.rows.some((r) => (r[c.key] ?? '').trim() !== ''));
}

/** The details of one row that have words, as [label, value]. */
export function rowDetails(t: PrintTable, row: Record<string, string>): [string, string][] {
	return (t.details ?? []).map((d) => [d.label, (row[d.key] ?? '').trim()] as [string, string]).filter(([, v]) => v !== '');
}

/** The width a column needs so its longest word (bold in the header) fits without breaking. */
export function leastWidth(t: PrintTable, c: PrintColumn, measure: Measure, g: Pick<TableGeometry, 'size' | 'pad'>): number {
	// A word wraps with what follows it (a space, or a line break, which pdfkit measures as a glyph):
	// leave room for the wider of the two, and a point for rounding.
	const slack = 2 * g.pad + Math.max(measure.width(' ', g.size), measure.width('\n', g.size)) + 1;
	let most = Math.max(0, ...unbreakable(c.label).map((w) => measure.width(w, g.size, true)));
	for (const row of t.rows) for (const w of unbreakable(row[c.key] ?? '')) most = Math.max(most, measure.width(w, g.size));
	return most + slack;
}

/** Measures `t` and chooses: a table with these column widths, or one block per row. */
export function layoutTable(t: PrintTable, measure: Measure, g: TableGeometry): TableLayout {
	const columns = filledColumns(t);
	if (columns.length === 0) return { mode: 'blocks', columns, why: 'no columns have words' };
	const least = columns.map((c) => leastWidth(t, c, measure, g));
	const needed = least.reduce((a, b) => a + b, 0);
	if (needed > g.width)
		return { mode: 'blocks', columns, why: `the columns' longest words need ${Math.round(needed)} pt of ${Math.round(g.width)}` };
	// A column's height goes as its words over its width: sharing the rest by how much each column
	// holds evens the columns out, so rows come out short; the weights count when columns hold little.
	const share = columns.map((c) => {
		const chars = t.rows.reduce((n, row) => n + (row[c.key] ?? '').length, 0) / Math.max(1, t.rows.length);
		return chars + 8 * (c.width ?? 1);
	});
	const total = share.reduce((a, b) => a + b, 0);
	const widths = least.map((m, i) => m + ((g.width - needed) * share[i]) / total);
	const tallest = Math.max(
		0,
		...t.rows.map((row) =>
			rowHeight(
				columns.map((c) => row[c.key] ?? ''),
				widths,
				measure,
				g
			)
		)
	);
	if (tallest > g.pageHeight / 2)
		return { mode: 'blocks', columns, why: `a row would be ${Math.round(tallest)} pt tall, more than half a page` };
	return { mode: 'table', columns, widths, why: 'every column holds its longest word and every row fits in half a page' };
}

/** The height of a row of cells at these widths. */
export function rowHeight(
	cells: readonly string[],
	widths: readonly number[],
	measure: Measure,
	g: Pick<TableGeometry, 'size' | 'pad'>,
	bold = false
): number {
	return Math.max(...cells.map((c, i) => measure.height(c, widths[i] - 2 * g.pad, g.size, bold))) + 2 * g.pad;
}

/**
 * A block's title for print: the first title column in bold ("1A."), then the rest; a single title
 * column is bold only while short (a bold paragraph of 1,000 characters is hard to read).
 */
export function blockHeading(t: PrintTable, row: Record<string, string>): { bold: string; plain: string } {
	const parts = (t.blockTitle ?? [t.columns[0]?.key]).map((k) => (row[k] ?? '').trim()).filter(Boolean);
	if (parts.length > 1) return { bold: `${parts[0]}.`, plain: parts.slice(1).join('. ') };
	const only = parts[0] ?? '';
	return only.length <= 200 ? { bold: only, plain: '' } : { bold: '', plain: only };
}

/** The labelled lines of a row's block: every filled column not in its title, then its details. */
export function blockLines(
	t: PrintTable,
	row: Record<string, string>,
	columns: readonly PrintColumn[] = filledColumns(t)
): [string, string][] {
	const inTitle = new Set(t.blockTitle ?? [t.columns[0]?.key]);
	const fields = columns.filter((c) => !inTitle.has(c.key)).map((c) => [c.label, (row[c.key] ?? '').trim()] as [string, string]);
	return [...fields.filter(([, v]) => v !== ''), ...rowDetails(t, row)];
}
