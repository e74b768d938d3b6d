/**
 * Report tables as an Excel workbook (exceljs): one sheet per table with every field, a bold frozen
 * header row, typed columns (numbers as numbers, dates as real Excel dates shown the UK way, "9 Jan
 * 2027"), widths from the content. Text people typed is written as a string cell, never as a formula,
 * so "=cmd()" stays text.
 */
import ExcelJS from 'exceljs';
import { parseIsoDate } from '../../src/lib/shared/dates.js';
import type { ExportTable } from '../../src/lib/templates/kit/model.js';

/** Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function sheetName(title: string, taken: Set<string>): string {
	const base = (
		title
			.replace(/[:\\/?*[\]]/g, ' ')
			.replace(/\s+/g, ' ')
			.trim() || 'Table'
	).slice(0, 31);
	let name = base;
	for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
	taken.add(name.toLowerCase());
	return name;
}

/** A `yyyy-mm-dd` string as a UTC date, or null when it is not a real date. */
export const isoDate = parseIsoDate;

/** How a date cell shows: "9 Jan 2027", as UK council papers write dates. */
export const DATE_FORMAT = 'd mmm yyyy';

function cellValue(type: 'text' | 'number' | 'date', v: string | number | null | undefined): ExcelJS.CellValue {
	if (v === null || v === undefined || v === '') return null;
	if (type === 'number') {
		const num = typeof v === 'number' ? v : Number(v);
		return Number.isFinite(num) ? num : String(v);
	}
	if (type === 'date') return isoDate(v) ?? String(v);
	return String(v);
}

export async function tablesXlsx(tables: readonly ExportTable[], meta: { title: string; created: Date }): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	book.creator = 'Convene';
	book.title = meta.title;
	book.created = meta.created;
	const taken = new Set<string>();
	for (const t of tables) {
		const sheet = book.addWorksheet(sheetName(t.title, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
		sheet.columns = t.columns.map((c) => {
			const longest = Math.max(c.label.length, ...t.rows.map((r) => String(r[c.key] ?? '').length));
			return { header: c.label, key: c.key, width: c.type === 'date' ? 13 : Math.min(60, Math.max(8, longest + 2)) };
		});
		for (const row of t.rows) sheet.addRow(Object.fromEntries(t.columns.map((c) => [c.key, cellValue(c.type, row[c.key])])));
		t.columns.forEach((c, i) => {
			const column = sheet.getColumn(i + 1);
			if (c.type === 'date') column.numFmt = DATE_FORMAT;
			if (c.type === 'text') column.alignment = { wrapText: true, vertical: 'top' };
		});
		const header = sheet.getRow(1);
		header.font = { bold: true };
		header.alignment = { vertical: 'middle', wrapText: true };
		header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2E8F0' } };
		sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
	}
	if (tables.length === 0) book.addWorksheet('Board').addRow(['This board has no tables yet.']);
	return Buffer.from(await book.xlsx.writeBuffer());
}
