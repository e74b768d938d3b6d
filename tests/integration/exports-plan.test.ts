/**
 * The exports an LA lead takes away, on the theory of change, the action plan and a revealed vote:
 * the Astrea example's PDF holds every one of its sentences (A4 and A3; pages rendered to PNG to look
 * at), the action plan's XLSX, DOCX and CSV rows equal the board's, vote results appear once revealed
 * and not before, and JSON export → import → export keeps every template whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join as joinPath, resolve } from 'node:path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { startServer, type TestServer } from '../helpers/server.js';
import { missingAcrossPages } from '../helpers/readers.js';
import { connect, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { readElements, type Element, type Item } from '../../src/lib/doc/index.js';
import { readResults } from '../../src/lib/doc/votes.js';

const HAVE_POPPLER = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdftoppm');
if (!HAVE_POPPLER) console.warn('SKIPPED: the PDF checks need pdftotext and pdftoppm (apt-get install -y poppler-utils)');
const PAGES = resolve('test-results/exports');
const HEAVY = 150_000;
const FIXTURE = resolve('src/lib/templates/theory-of-change/astrea.fixture.md');

let server: TestServer;
let boardId: string;
let fac: string;
let part: string;
let probe: Client;
let probeServer: Client;

const squeeze = (s: string) => s.replace(/\s+/g, '');
const post = (path: string, body: unknown) =>
	fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function get(format: string, params: Record<string, string> = {}, session = part) {
	const res = await fetch(`${server.url}/api/boards/${boardId}/export/${format}?${new URLSearchParams({ session, ...params })}`);
	expect(res.status, `${format} ${JSON.stringify(params)}`).toBe(200);
	return Buffer.from(await res.arrayBuffer());
}

const elements = (): Element[] => readElements(probe.doc);
const actions = () => elements().filter((e): e is Item => e.kind === 'item' && e.template === 'action-plan' && e.type === 'action');
const questions = () => elements().filter((e): e is Item => e.kind === 'item' && e.template === 'how-might-we' && e.type === 'question');

beforeAll(async () => {
	server = await startServer();
	const res = await post('/api/boards', {
		title: 'Northshire early identification pilot',
		templates: ['how-might-we', 'theory-of-change', 'action-plan'],
		example: true
	});
	expect(res.status).toBe(201);
	const created = await res.json();
	boardId = created.id;
	fac = (await join(server.url, boardId, created.links.facilitator, 'Alex Morgan', 'Local authority education')).sessionToken;
	part = (await join(server.url, boardId, created.links.participant, 'Sam Okafor', 'School')).sessionToken;
	const viewer = (await join(server.url, boardId, created.links.viewer, 'Probe')).sessionToken;
	probe = connect(server.url, boardId, 'content', viewer);
	probeServer = connect(server.url, boardId, 'server', viewer);
	await Promise.all([synced(probe), synced(probeServer)]);
	expect(actions().length).toBeGreaterThanOrEqual(3);
	mkdirSync(PAGES, { recursive: true });
});

afterAll(async () => {
	probe?.destroy();
	probeServer?.destroy();
	await server?.stop();
});

describe('the theory of change in the report', () => {
	it.skipIf(!HAVE_POPPLER)(
		'the Astrea PDF holds every sentence of the worked example, on A4 and on A3',
		async () => {
			const sentences = [...readFileSync(FIXTURE, 'utf8').matchAll(/"([^"]+)"/g)].map((m) => m[1].replace(/:$/, ''));
			expect(sentences.length).toBe(40);
			for (const paper of ['a4', 'a3']) {
				const file = joinPath(PAGES, `astrea-${paper}.pdf`);
				writeFileSync(file, await get('pdf', { paper }));
				// Every sentence, word by word in order (pdftotext may read a table's neighbouring cells line by line together).
				expect(missingAcrossPages([execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8')], sentences)).toEqual([]);
				execFileSync('pdftoppm', ['-png', '-r', '50', file, joinPath(PAGES, `astrea-${paper}`)]);
			}
		},
		HEAVY
	);
});

describe('the action plan', () => {
	const expectedRows = () =>
		actions()
			.map((a) => ({ action: a.text.trim(), start: String(a.data.start ?? ''), due: String(a.data.due ?? '') }))
			.sort((x, y) => (x.action < y.action ? -1 : 1));

	it(
		'XLSX: a sheet whose rows are the board’s actions, with real dates and a frozen header',
		async () => {
			const book = new ExcelJS.Workbook();
			await book.xlsx.load((await get('xlsx')) as unknown as ArrayBuffer);
			const sheet = book.worksheets.find((s) => s.name === 'Action plan')!;
			expect(sheet, book.worksheets.map((s) => s.name).join(', ')).toBeTruthy();
			expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
			const header = (sheet.getRow(1).values as unknown[]).slice(1);
			expect(header.slice(0, 3)).toEqual(['Ref', 'Theme', 'Action']);
			const col = (label: string) => header.indexOf(label) + 1;
			const rows: { action: string; start: string; due: string }[] = [];
			sheet.eachRow((row, n) => {
				if (n === 1) return;
				const date = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? '' : `not a date: ${String(v)}`);
				rows.push({
					action: String(row.getCell(col('Action')).value ?? '').trim(),
					start: date(row.getCell(col('Start date')).value),
					due: date(row.getCell(col('Due date')).value)
				});
			});
			expect(rows.sort((x, y) => (x.action < y.action ? -1 : 1))).toEqual(expectedRows());
		},
		HEAVY
	);

	it(
		'DOCX: a real Word table holding every action; CSV: the same rows, UTF-8 with a BOM',
		async () => {
			const zip = await JSZip.loadAsync(await get('docx'));
			const xml = await zip.file('word/document.xml')!.async('string');
			const tables = xml.split('<w:tbl>').slice(1);
			const text = (fragment: string) => [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
			const plan = tables.find((t) => text(t).includes('Measure of success'));
			expect(plan).toBeTruthy();
			const unescape = (s: string) =>
				s
					.replace(/&amp;/g, '&')
					.replace(/&lt;/g, '<')
					.replace(/&gt;/g, '>')
					.replace(/&quot;/g, '"')
					.replace(/&apos;/g, "'");
			for (const row of expectedRows()) expect(squeeze(unescape(text(plan!)))).toContain(squeeze(row.action));

			const csv = await get('csv');
			expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const parsed = Papa.parse<Record<string, string>>(csv.toString('utf8').slice(1), { header: true, skipEmptyLines: true });
			expect(parsed.errors).toEqual([]);
			expect(
				parsed.data
					.map((r) => ({ action: r.Action.trim(), start: r['Start date'], due: r['Due date'] }))
					.sort((x, y) => (x.action < y.action ? -1 : 1))
			).toEqual(expectedRows());
		},
		HEAVY
	);
});

describe('vote results in the exports', () => {
	it(
		'appear only once the facilitator reveals them, ranked, in Markdown and XLSX',
		async () => {
			const ids = questions().map((q) => q.id);
			expect(ids.length).toBeGreaterThanOrEqual(3);
			expect((await post(`/api/boards/${boardId}/rounds`, { session: fac, action: 'start', questions: ids })).status).toBe(200);
			for (const criterion of ['feasibility', 'desirability', 'viability']) {
				for (let i = 0; i < 3; i++)
					expect((await post(`/api/boards/${boardId}/votes`, { session: part, itemId: ids[0], criterion, delta: 1 })).status).toBe(200);
			}
			// Hidden: no results in any export.
			const hidden = (await get('md')).toString('utf8');
			expect(hidden).not.toContain('Vote results');
			expect((await post(`/api/boards/${boardId}/rounds`, { session: fac, action: 'end' })).status).toBe(200);
			expect((await post(`/api/boards/${boardId}/rounds`, { session: fac, action: 'reveal' })).status).toBe(200);
			await waitFor(() => readResults(probeServer.doc) !== null, 'the revealed results', 10_000);
			const md = (await get('md')).toString('utf8');
			expect(md).toContain('Vote results');
			const book = new ExcelJS.Workbook();
			await book.xlsx.load((await get('xlsx')) as unknown as ArrayBuffer);
			const sheet = book.worksheets.find((s) => s.name === 'Vote results')!;
			expect(sheet).toBeTruthy();
			const header = (sheet.getRow(1).values as unknown[]).slice(1);
			expect(header.slice(0, 11)).toEqual([
				'Rank',
				'Question',
				'Feasibility',
				'Feasibility rank',
				'Desirability',
				'Desirability rank',
				'Viability',
				'Viability rank',
				'Total',
				'Voters',
				'North star'
			]);
			const top = sheet.getRow(2).values as unknown[];
			expect(top.slice(1, 12)).toEqual([1, questions()[0].text, 3, 1, 3, 1, 3, 1, 9, 1, 'yes']);
		},
		HEAVY
	);
});

describe('the board file', () => {
	it(
		'export → import → export keeps every template whole, with a new id',
		async () => {
			const exported = await (await fetch(`${server.url}/api/boards/${boardId}/export/json?session=${part}`)).json();
			const res = await post('/api/boards/import', exported);
			expect(res.status).toBe(201);
			const created = await res.json();
			expect(created.id).not.toBe(boardId);
			const me = await join(server.url, created.id, created.links.viewer, 'Checker');
			const again = await (await fetch(`${server.url}/api/boards/${created.id}/export/json?session=${me.sessionToken}`)).json();
			expect(again.content).toEqual(exported.content);
			const templates = new Set(
				exported.content.elements.filter((e: Element) => e.kind === 'frame').map((e: { template: string }) => e.template)
			);
			expect([...templates].sort()).toEqual(['action-plan', 'how-might-we', 'theory-of-change']);
		},
		HEAVY
	);
});
