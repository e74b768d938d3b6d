/**
 * In and out as CSV. A link list (from, to, polarity, delay) is read with papaparse and every row is
 * checked with zod before anything is written: one bad row refuses the whole file, with row-numbered
 * reasons, so nothing is half-imported. Loops go out as (loop, name, type, length, members); cells that
 * a spreadsheet would run as a formula are escaped by papaparse.
 */
import Papa from 'papaparse';
import { z } from 'zod';
import type { LoopView } from './analysis.js';
import type { Polarity } from './schema.js';

export const MAX_ROWS = 2000;

const SIGNS: Record<string, Polarity> = { '+': '+', '-': '-', '−': '-', positive: '+', negative: '-', same: '+', opposite: '-' };
const DELAYS: Record<string, boolean> = {
	'': false,
	no: false,
	n: false,
	false: false,
	'0': false,
	yes: true,
	y: true,
	true: true,
	'1': true,
	delay: true,
	delayed: true
};

const Name = (column: string) => z.string().trim().min(1, `"${column}" is empty`).max(200, `"${column}" is longer than 200 characters`);

export const LinkRow = z
	.object({
		from: Name('from'),
		to: Name('to'),
		polarity: z
			.string()
			.trim()
			.toLowerCase()
			.refine((s) => s in SIGNS, 'polarity must be + or − (or "same" / "opposite")')
			.transform((s) => SIGNS[s]),
		delay: z
			.string()
			.trim()
			.toLowerCase()
			.default('')
			.refine((s) => s in DELAYS, 'delay must be yes or no (or empty)')
			.transform((s) => DELAYS[s])
	})
	.refine((r) => r.from.toLowerCase() !== r.to.toLowerCase(), 'a variable cannot cause itself');
export type LinkRow = z.infer<typeof LinkRow>;

export type ParsedLinks = { ok: true; rows: LinkRow[] } | { ok: false; errors: string[] };

/**
 * Reads a link list. The first row names the columns (any order, any case): from, to, polarity and,
 * optionally, delay. Blank rows are skipped; rows are numbered as a spreadsheet shows them.
 * @example parseLinkCsv('from,to,polarity\nExclusions,Spend on AP,+')
 */
export function parseLinkCsv(text: string): ParsedLinks {
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
	const [header = [], ...body] = parsed.data;
	const columns = header.map((h) => h.trim().toLowerCase());
	const missing = ['from', 'to', 'polarity'].filter((c) => !columns.includes(c));
	if (missing.length)
		return {
			ok: false,
			errors: [`Row 1: the first row must name the columns from, to, polarity (and delay if you like); missing ${missing.join(', ')}`]
		};
	const errors = parsed.errors
		.filter((e) => e.code !== 'TooFewFields' && e.code !== 'TooManyFields')
		.map((e) => `Row ${(e.row ?? 0) + 1}: ${e.message}`);
	const rows: LinkRow[] = [];
	const seen = new Map<string, number>();
	body.forEach((cells, i) => {
		const row = i + 2;
		if (cells.every((c) => c.trim() === '')) return;
		const record = Object.fromEntries(columns.map((c, k) => [c, cells[k] ?? '']));
		const result = LinkRow.safeParse({
			from: record.from,
			to: record.to,
			polarity: record.polarity,
			delay: columns.includes('delay') ? record.delay : ''
		});
		if (!result.success) return void errors.push(`Row ${row}: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
		const pair = `${result.data.from.toLowerCase()}\u0000${result.data.to.toLowerCase()}`;
		if (seen.has(pair)) return void errors.push(`Row ${row}: ${result.data.from} → ${result.data.to} is already on row ${seen.get(pair)}`);
		seen.set(pair, row);
		rows.push(result.data);
	});
	if (rows.length > MAX_ROWS) errors.push(`The file has ${rows.length} links; at most ${MAX_ROWS} can be imported at once`);
	if (!errors.length && rows.length === 0) errors.push('The file has no links');
	return errors.length ? { ok: false, errors } : { ok: true, rows };
}

/**
 * The loops as CSV: loop (R1…), name, type (R or B), length, members ("A → B → C").
 * @example download(new Blob([loopsCsv(analysis.loops)], { type: 'text/csv' }), 'loops.csv')
 */
export function loopsCsv(loops: readonly LoopView[]): string {
	return Papa.unparse(
		{
			fields: ['loop', 'name', 'type', 'length', 'members'],
			data: loops.map((l) => [l.code, l.name ?? '', l.type, l.members.length, l.memberNames.join(' → ')])
		},
		{ escapeFormulae: true }
	);
}
