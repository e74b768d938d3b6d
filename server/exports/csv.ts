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
 * The tables `?table=` names: a table title (any case), a group ("votes": the vote's tables) or a frame
 * id (that frame's tables).
 */
export function pickTables<T extends ExportTable & { frameId?: string }>(tables: readonly T[], wanted: string): T[] {
	const w = wanted.trim().toLowerCase();
	const byTitle = tables.filter((t) => t.title.trim().toLowerCase() === w);
	if (byTitle.length) return byTitle;
	const byGroup = tables.filter((t) => t.group?.toLowerCase() === w);
	if (byGroup.length) return byGroup;
	return tables.filter((t) => t.frameId === wanted);
}

/**
 * The one table of a CSV: the first that `?table=` names (see pickTables). Without one: the action plan
 * if there is one, else the first table.
 */
export function pickTable<T extends ExportTable & { frameId?: string }>(tables: readonly T[], wanted?: string): T | null {
	if (wanted) return pickTables(tables, wanted)[0] ?? null;
	return tables.find((t) => /action plan/i.test(t.title)) ?? tables[0] ?? null;
}
