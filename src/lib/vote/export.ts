/**
 * The results people take away: CSV (UTF-8 with a BOM so Excel reads accents and "–" correctly;
 * papaparse quotes and escapes, including cells a spreadsheet would run as formulas) and XLSX (exceljs:
 * typed number columns, a frozen header row, one sheet overall and one per published agency).
 * Pure apart from building bytes; the page starts the download.
 */
import Papa from 'papaparse';
import type { AgencyRanking, RankedQuestion } from './rank.js';

export const BOM = '\uFEFF';

const HEADER = ['Rank', 'Question', 'Feasibility', 'Desirability', 'Viability', 'Total', 'Voters', 'Feasibility rank', 'Desirability rank', 'Viability rank', 'North star'] as const;

function row(r: RankedQuestion): (string | number | null)[] {
	return [r.rank.total, r.text, r.feasibility, r.desirability, r.viability, r.total, r.voters, r.rank.feasibility, r.rank.desirability, r.rank.viability, r.northStar ? 'yes' : ''];
}

/**
 * The overall ranking as CSV text, BOM first.
 * @example download(new Blob([resultsCsv(rows)], { type: 'text/csv;charset=utf-8' }), 'results.csv')
 */
export function resultsCsv(rows: readonly RankedQuestion[], agencies: readonly AgencyRanking[] = []): string {
	const data: (string | number | null)[][] = rows.map(row);
	const header: string[] = [...HEADER];
	if (agencies.length) {
		// One block of columns per published agency, after the overall ones.
		for (const a of agencies) header.push(`${a.agency} (${a.voters} voters): total`);
		rows.forEach((r, i) => {
			for (const a of agencies) data[i].push(a.rows.find((x) => x.id === r.id)?.total ?? 0);
		});
	}
	return BOM + Papa.unparse({ fields: header, data }, { escapeFormulae: true, newline: '\r\n' });
}

/** Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules). */
export function sheetName(name: string, taken: Set<string>): string {
	const base = name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet';
	let out = base;
	for (let i = 2; taken.has(out.toLowerCase()); i++) out = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
	taken.add(out.toLowerCase());
	return out;
}

/** The results as an XLSX workbook (bytes). */
export async function resultsXlsx(rows: readonly RankedQuestion[], agencies: readonly AgencyRanking[], title: string): Promise<Uint8Array> {
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = 'Convene';
	book.title = title;
	const taken = new Set<string>();
	const add = (name: string, list: readonly RankedQuestion[]) => {
		const sheet = book.addWorksheet(sheetName(name, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
		sheet.columns = HEADER.map((h, i) => ({ header: h, key: `c${i}`, width: i === 1 ? 70 : h.length + 4 }));
		sheet.getRow(1).font = { bold: true };
		for (const r of list) sheet.addRow(row(r).map((v) => (v === null ? '' : v)));
		sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
		for (const i of [1, 3, 4, 5, 6, 7, 8, 9, 10]) sheet.getColumn(i).numFmt = '0';
	};
	add('Overall', rows);
	for (const a of agencies) add(`${a.agency} (${a.voters})`, a.rows);
	return new Uint8Array(await book.xlsx.writeBuffer());
}
