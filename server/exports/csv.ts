/**
 * One report table as CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF line ends,
 * papaparse's quoting. Cells starting with = + - @ (or a tab or carriage return) get a leading
 * apostrophe so a spreadsheet shows them as text instead of running them as a formula (papaparse's
 * `escapeFormulae`); numbers stay numbers.
 */
import Papa from 'papaparse';
import type { ExportTable } from '../../src/lib/templates/kit/model.js';

export function tableCsv(table: ExportTable): string {
	const fields = table.columns.map((c) => c.label);
	const data = table.rows.map((row) => table.columns.map((c) => row[c.key] ?? ''));
	return '\uFEFF' + Papa.unparse({ fields, data }, { newline: '\r\n', escapeFormulae: true }) + '\r\n';
}

/**
 * Which table `?table=` names: a table title (any case) or a frame id (that frame's first table).
 * Without one: the action plan if there is one, else the first table.
 */
export function pickTable<T extends ExportTable & { frameId?: string }>(tables: readonly T[], wanted?: string): T | null {
	if (wanted) {
		const w = wanted.trim().toLowerCase();
		return tables.find((t) => t.title.trim().toLowerCase() === w) ?? tables.find((t) => t.frameId === wanted) ?? null;
	}
	return tables.find((t) => /action plan/i.test(t.title)) ?? tables[0] ?? null;
}
