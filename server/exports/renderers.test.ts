import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { XMLValidator } from 'fast-xml-parser';
import type { ExportTable, PrintTable } from '../../src/lib/templates/kit/model.js';
import type { Report } from '../../src/lib/export/report.js';
import { isoDate, sheetName, tablesXlsx } from './xlsx.js';
import { pickTable, tableCsv } from './csv.js';
import { md, reportMarkdown } from './markdown.js';
import { reportDocx } from './docx.js';
import { reportPdf } from './pdf.js';
import { greekSmallText, MAX_PIXELS, MAX_SIDE, svgToPng, zoomFor } from './png.js';
import { contentDisposition } from './query.js';

const plan: ExportTable = {
	title: 'Action plan',
	columns: [
		{ key: 'ref', label: 'Ref', type: 'text', width: 0.5 },
		{ key: 'action', label: 'Action', type: 'text', width: 3 },
		{ key: 'due', label: 'Due', type: 'date' },
		{ key: 'cost', label: 'Cost (£)', type: 'number' }
	],
	rows: [
		{ ref: 'A1', action: 'Agree a protocol with CAMHS – “café” talks', due: '2026-12-01', cost: 1200.5 },
		{ ref: 'A2', action: '=1+2', due: '2027-02-30', cost: null },
		{ ref: 'A3', action: '@SUM(A1:A2) and -3 and +4', due: '', cost: -3 }
	]
};

/** The plan as documents print it: words only, dates already in words. */
const printed: PrintTable = {
	title: 'Action plan',
	columns: [
		{ key: 'ref', label: 'Ref' },
		{ key: 'action', label: 'Action', width: 3 },
		{ key: 'due', label: 'Due' },
		{ key: 'cost', label: 'Cost (£)', align: 'right' }
	],
	details: [{ key: 'note', label: 'Note' }],
	blockTitle: ['ref', 'action'],
	rows: plan.rows.map((r) => ({
		ref: String(r.ref ?? ''),
		action: String(r.action ?? ''),
		due: String(r.due ?? ''),
		cost: r.cost === null ? '' : String(r.cost),
		note: r.ref === 'A1' ? 'Events & Experiences' : ''
	}))
};

function report(overrides: Partial<Report> = {}): Report {
	return {
		title: 'Plan <b>& co</b>',
		date: '2026-11-24',
		exportedAt: '2026-11-24T10:00:00.000Z',
		participation: { people: 2, byAgency: [{ agency: 'School', people: 2 }], names: null },
		priorities: null,
		parts: [
			{
				frameId: 'f1',
				template: 'action-plan',
				heading: 'Action plan',
				intro: 'What we will do.',
				blocks: [
					{ kind: 'paragraph', text: 'Text with <w:t> and ]]> inside' },
					{ kind: 'table', table: printed }
				],
				tables: [plan]
			}
		],
		loose: [],
		...overrides
	};
}

describe('XLSX', () => {
	it('writes dates as real dates, numbers as numbers, and formulas as text', async () => {
		const book = new ExcelJS.Workbook();
		await book.xlsx.load((await tablesXlsx([plan], { title: 'T', created: new Date(0) })) as unknown as ArrayBuffer);
		const sheet = book.getWorksheet('Action plan')!;
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		const due = sheet.getRow(2).getCell(3);
		expect(due.type).toBe(ExcelJS.ValueType.Date);
		expect((due.value as Date).toISOString()).toBe('2026-12-01T00:00:00.000Z');
		expect(due.numFmt).toBe('d mmm yyyy');
		expect(sheet.getRow(2).getCell(4).value).toBe(1200.5);
		// 30 February is not a date: kept as the text people typed, not a wrong date.
		expect(sheet.getRow(3).getCell(3).value).toBe('2027-02-30');
		expect(sheet.getRow(3).getCell(2).type).toBe(ExcelJS.ValueType.String);
		expect(sheet.getRow(3).getCell(2).value).toBe('=1+2');
	});

	it('makes sheet names Excel accepts', () => {
		const taken = new Set<string>();
		expect(sheetName('Plan: [draft] / v2?', taken)).toBe('Plan draft v2');
		expect(sheetName('x'.repeat(40), taken)).toHaveLength(31);
		expect(sheetName('x'.repeat(40), taken)).toBe(`${'x'.repeat(29)} 2`);
		expect(isoDate('2026-13-01')).toBeNull();
	});
});

describe('CSV', () => {
	it('has a BOM and CRLF, and quotes formula-like cells so spreadsheets show them as text', () => {
		const csv = tableCsv(plan);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv.split('\r\n')).toHaveLength(plan.rows.length + 2);
		const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
		expect(rows[0]).toEqual(['Ref', 'Action', 'Due', 'Cost (£)']);
		expect(rows[1][1]).toBe('Agree a protocol with CAMHS – “café” talks');
		expect(rows[2][1]).toBe("'=1+2");
		expect(rows[3][1]).toBe("'@SUM(A1:A2) and -3 and +4");
		expect(rows[3][3]).toBe('-3'); // a number, not a formula
	});

	it('picks the table asked for, else the action plan, else the first', () => {
		const other = { ...plan, title: 'Players' };
		expect(pickTable([other, plan])?.title).toBe('Action plan');
		expect(pickTable([other])?.title).toBe('Players');
		expect(pickTable([{ ...other, frameId: 'f9' }, plan], 'f9')?.title).toBe('Players');
		expect(pickTable([other, plan], 'PLAYERS')?.title).toBe('Players');
		expect(pickTable([other], 'nothing')).toBeNull();
	});
});

describe('Markdown', () => {
	it('is plain text with no HTML entities, and what people typed cannot become HTML or Markdown structure', () => {
		expect(md('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)>');
		expect(md('Events & Experiences; a < b; 3 > 2')).toBe('Events & Experiences; a < b; 3 > 2');
		expect(md('&amp; typed as is')).toBe('\\&amp; typed as is');
		expect(md('# not a heading nor [link](x) *bold*')).toBe('\\# not a heading nor \\[link\\](x) \\*bold\\*');
		expect(md('- not a list')).toBe('\\- not a list');
		expect(md('> not a quote')).toBe('\\> not a quote');
		const text = reportMarkdown(report());
		expect(text).toContain('# Plan \\<b>& co\\</b>');
		expect(text).toContain('Text with \\<w:t> and \\]\\]> inside');
		// The print table: one item per row, the details included, no pipe table.
		expect(text).toContain('- **A2.** =1+2 — Due: 2027-02-30');
		expect(text).toContain('- **A3.** @SUM(A1:A2) and -3 and +4 — Cost (£): -3');
		expect(text).toContain('Note: Events & Experiences');
		expect(md('Start\u00a09\u00a0Jan\u00a02027')).toBe('Start 9 Jan 2027');
		expect(text).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);
		expect(text).not.toContain('| --- |');
	});
});

describe('DOCX', () => {
	it('escapes typed markup through the docx library and marks the header row', async () => {
		const zip = await JSZip.loadAsync(await reportDocx(report()));
		const xml = await zip.file('word/document.xml')!.async('string');
		expect(XMLValidator.validate(xml)).toBe(true);
		expect(xml).toContain('Text with &lt;w:t&gt; and ]]&gt; inside');
		expect(xml).toContain('Plan &lt;b&gt;&amp; co&lt;/b&gt;');
		expect(xml).toContain('<w:tblHeader/>');
	});
});

describe.skipIf(!existsSync('/usr/bin/pdftotext'))('PDF', () => {
	it('breaks a long table across pages, repeating its header, and splits a row taller than a page', async () => {
		const long = Array.from({ length: 900 }, (_, i) => `w${i}`).join(' ');
		const rows = Array.from({ length: 120 }, (_, i) => ({
			ref: `R${i + 1}`,
			action: i === 60 ? long : `Action number ${i + 1}`,
			due: '1 Dec 2026',
			cost: String(i)
		}));
		const pdf = await reportPdf(
			report({
				parts: [
					{
						frameId: 'f',
						template: null,
						heading: 'Big',
						blocks: [{ kind: 'table', table: { ...printed, details: [], rows } }],
						tables: []
					}
				]
			}),
			'a4'
		);
		const dir = mkdtempSync(join(tmpdir(), 'convene-pdf-'));
		writeFileSync(join(dir, 'big.pdf'), pdf);
		const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, 'big.pdf')]).toString())![1]);
		const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'big.pdf'), '-']).toString('utf8');
		expect(pages).toBeGreaterThan(4);
		// The table starts on page 2; every page from there has the header.
		expect(text.match(/Cost \(£\)/g)!.length).toBeGreaterThanOrEqual(pages - 1);
		for (let i = 1; i <= 120; i++) expect(text).toContain(i === 61 ? 'w899' : `Action number ${i}`);
		const flat = text.replace(/\s+/g, ' ');
		for (let i = 0; i < 900; i++) expect(flat).toContain(`w${i} `.trim());
	});
});

describe.skipIf(!existsSync('/usr/bin/pdftotext'))('the running footer', () => {
	it('carries the whole title on every page, wrapping a long one rather than cutting it', async () => {
		const title =
			'Wide Words: WWWWWWWW MMMMMMMM WWWWWWWW MMMMMMMM WWWWWWWW MMMMMMMM WWWWWWWW MMMMMMMM WWWWWWWW MMMMMMMM WWWWWW WWWWWWW end';
		expect(title.length).toBe(120);
		const dir = mkdtempSync(join(tmpdir(), 'convene-footer-'));
		writeFileSync(join(dir, 'footer.pdf'), await reportPdf(report({ title }), 'a4'));
		const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'footer.pdf'), '-'])
			.toString('utf8')
			.split('\f')
			.slice(0, -1);
		expect(pages.length).toBeGreaterThanOrEqual(2);
		for (const page of pages) expect(page.replace(/\s+/g, '')).toContain(title.replace(/\s+/g, ''));
		expect(pages.join('')).not.toContain('…');
	});
});

describe.skipIf(!existsSync('/usr/bin/pdftotext'))('a plan too long for a table', () => {
	it('prints one block per action, every word whole, in the PDF and in Word', async () => {
		const long = (n: number) => Array.from({ length: n }, (_, i) => `partnership${i}`).join(' ');
		const rows = [1, 2, 3].map((i) => ({
			ref: `R${i}`,
			action: `Action ${i}: ${long(400)}`,
			due: '1 Dec 2026',
			cost: '',
			note: `Note ${i}: ${long(40)}`
		}));
		const table: PrintTable = { ...printed, rows };
		const r = report({
			parts: [{ frameId: 'f', template: 'action-plan', heading: 'Plan', blocks: [{ kind: 'table', table }], tables: [] }]
		});
		const dir = mkdtempSync(join(tmpdir(), 'convene-blocks-'));
		writeFileSync(join(dir, 'blocks.pdf'), await reportPdf(r, 'a4'));
		// The running footer sits between a block's two halves when it goes on over a page.
		const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'blocks.pdf'), '-'])
			.toString('utf8')
			.replace(/Plan <b>& co<\/b>\s*Page \d+ of \d+\s*\f?/g, '');
		const flat = text.replace(/\s+/g, ' ');
		for (const row of rows) {
			expect(flat).toContain(`${row.ref}. ${row.action}`.slice(0, 40));
			expect(flat).toContain(`Due: ${row.due}`);
			expect(text.replace(/\s+/g, '')).toContain(`${row.ref}.${row.action}`.replace(/\s+/g, ''));
			expect(text.replace(/\s+/g, '')).toContain(`Note:${row.note}`.replace(/\s+/g, ''));
		}
		// No table: no header row of column labels.
		expect(flat).not.toMatch(/Ref Action Due/);
		// Every word whole: each printed partnership word is one the rows hold.
		expect([...new Set(text.match(/partnership\d*/g))].every((w) => /^partnership\d+$/.test(w))).toBe(true);
		const xml = await (await JSZip.loadAsync(await reportDocx(r))).file('word/document.xml')!.async('string');
		expect(xml).not.toContain('<w:tbl>');
		expect(xml).toContain('Due: ');
	});
});

describe('PNG', () => {
	it('caps the size of huge pictures and draws text with the bundled fonts', async () => {
		expect(zoomFor('<svg width="100000" height="100000">', 2)).toBeLessThan(0.1);
		expect(zoomFor('<svg width="400" height="300">', 2)).toBe(2);
		const png = await svgToPng(
			'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="40" font-size="24">Zoë Ünal</text></svg>'
		);
		expect(png.subarray(1, 4).toString()).toBe('PNG');
		expect(png.readUInt32BE(16)).toBe(400);
	});

	it('stays within the pixel cap after resvg rounds the sides up to whole pixels', () => {
		// The picture of a board of 6,000 elements: 8,000,389 pixels before the rounding was accounted for.
		for (const [w, h] of [
			[25240, 10100],
			[31333, 7777],
			[6001, 6001],
			[1e6, 3]
		]) {
			const zoom = zoomFor(`<svg width="${w}" height="${h}">`, 2);
			expect(Math.ceil(w * zoom) * Math.ceil(h * zoom)).toBeLessThanOrEqual(MAX_PIXELS);
			expect(Math.max(Math.ceil(w * zoom), Math.ceil(h * zoom))).toBeLessThanOrEqual(MAX_SIDE);
			// And not needlessly small: one of the caps is (nearly) reached.
			const [pw, ph] = [Math.ceil(w * zoom), Math.ceil(h * zoom)];
			expect(pw * ph >= MAX_PIXELS * 0.99 || Math.max(pw, ph) >= MAX_SIDE * 0.99).toBe(true);
		}
	});

	it('draws words too small to read as grey lines, and leaves readable ones alone', () => {
		const svg =
			'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">' +
			'<text font-size="18" fill="#1f2937"><tspan x="10" y="30">Parents feel</tspan><tspan x="10" dy="22">unheard &amp; ignored</tspan></text>' +
			'<text x="300" y="100" font-size="16" text-anchor="middle">Label</text>' +
			'<text x="10" y="180" font-size="60" font-weight="bold">Title</text></svg>';
		// At zoom 0.1, 18 and 16 px text is under 2 px high: lines; 60 px is 6 px: kept.
		const far = greekSmallText(svg, 0.1);
		expect(far).not.toContain('Parents');
		expect(far).not.toContain('Label');
		expect(far).toContain('>Title</text>');
		const bars = [...far.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
		expect(bars).toHaveLength(3);
		// One per line, where the line is and as long as its letters ("unheard & ignored": 17), centred for text-anchor="middle".
		expect(bars[0][0]).toBe(10);
		expect(bars[1][1]).toBeCloseTo(52 - 18 * 0.6, 1);
		expect(bars[1][2]).toBeCloseTo(17 * 18 * 0.55, 1);
		expect(bars[2][0]).toBeCloseTo(300 - (5 * 16 * 0.55) / 2, 1);
		// Close up, nothing changes.
		expect(greekSmallText(svg, 1)).toBe(svg);
	});
});

describe(contentDisposition, () => {
	it('gives an ASCII name and the UTF-8 one', () => {
		expect(contentDisposition('café-plan.pdf')).toBe(`attachment; filename="caf_-plan.pdf"; filename*=UTF-8''caf%C3%A9-plan.pdf`);
	});
});
