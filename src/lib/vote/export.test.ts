import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { rankByAgency, rankQuestions } from './rank.js';
import { BOM, resultsCsv, resultsXlsx, sheetName } from './export.js';

const questions = [
	{ id: 'q1x', text: 'How might we include families – early on?' },
	{ id: 'q2x', text: '=HYPERLINK("http://evil") what if?' }
];
const rows = rankQuestions(questions, { q1x: { feasibility: 3, desirability: 2, viability: 1, voters: 3 }, q2x: { feasibility: 0, desirability: 1, viability: 0, voters: 1 } });
const agencies = rankByAgency(questions, { School: { voters: 3, tallies: { q1x: { feasibility: 2, desirability: 1, viability: 1 } } } });

describe(resultsCsv, () => {
	it('starts with a BOM, has one row per question and neutralises formulas', () => {
		const csv = resultsCsv(rows, agencies);
		expect(csv.startsWith(BOM)).toBe(true);
		const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
		expect(parsed[0]).toEqual(['Rank', 'Question', 'Feasibility', 'Desirability', 'Viability', 'Total', 'Voters', 'Feasibility rank', 'Desirability rank', 'Viability rank', 'North star', 'School (3 voters): total']);
		expect(parsed[1].slice(0, 7)).toEqual(['1', 'How might we include families – early on?', '3', '2', '1', '6', '3']);
		expect(parsed[1][11]).toBe('4');
		expect(parsed[2][1].startsWith("'=")).toBe(true);
	});
});

describe(resultsXlsx, () => {
	it('writes typed numbers, a frozen header and a sheet per agency', async () => {
		const bytes = await resultsXlsx(rows, agencies, 'Votes');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		expect(book.worksheets.map((s) => s.name)).toEqual(['Overall', 'School (3)']);
		const sheet = book.getWorksheet('Overall')!;
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(sheet.getRow(2).getCell(3).value).toBe(3);
		expect(typeof sheet.getRow(2).getCell(6).value).toBe('number');
		expect(sheet.getRow(2).getCell(2).value).toBe('How might we include families – early on?');
	});
});

describe(sheetName, () => {
	it('keeps Excel\'s rules and makes names unique', () => {
		const taken = new Set<string>();
		expect(sheetName('Health / CAMHS: [all]', taken)).toBe('Health   CAMHS   all');
		expect(sheetName('Health / CAMHS: [all]', taken)).toBe('Health   CAMHS   all 2');
		expect(sheetName('x'.repeat(40), taken).length).toBe(31);
	});
});
