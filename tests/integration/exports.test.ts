/**
 * Every export format, read back by a real reader: DOCX unzipped and its XML parsed, XLSX opened with
 * exceljs, CSV parsed with papaparse, PDF text extracted with pdftotext (and pages rendered with
 * pdftoppm to look at), SVG parsed as XML, PNG decoded. Then JSON export → import → export, and bad
 * imports refused whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join as joinPath, resolve } from 'node:path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import Database from 'better-sqlite3';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, join, roundTrip, synced, type Client } from '../helpers/clients.js';
import { decodePng } from '../helpers/png.js';
import { createElement, readElements, type Element, type Frame } from '../../src/lib/doc/index.js';
import { buildReport, reportTables } from '../../src/lib/export/report.js';
import { TEMPLATE_MODELS } from '../../src/lib/templates/models.js';
import { blockStrings } from '../../src/lib/templates/kit/model.js';
import { sheetName } from '../../server/exports/xlsx.js';
import { md as mdEscape } from '../../server/exports/markdown.js';

const HAVE_POPPLER = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdftoppm');
const PAGES = resolve('test-results/exports');
/** Rendering reports and pictures is CPU work; on a shared two-core machine give it room. */
const HEAVY = 120_000;

const INJECT = '<script>alert("x")</script> ]]> Tom & Jerry';
const FORMULA = '=HYPERLINK("http://example.invalid","click")';
const UNICODE = 'Ελληνικά, кириллица, café, naïve — “quotes” ✓';
const LONG = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ') + ' Supercalifragilisticexpialidocious'.repeat(6);

let server: TestServer;
let boardId: string;
let links: Record<'facilitator' | 'participant' | 'viewer', string>;
let fac: string;
let part: string;
let client: Client;
let elements: Element[];

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

async function get(format: string, params: Record<string, string> = {}, session = part) {
	const q = new URLSearchParams({ session, ...params });
	const res = await fetch(`${server.url}/api/boards/${boardId}/export/${format}?${q}`);
	return { res, body: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
	server = await startServer();
	const res = await fetch(`${server.url}/api/boards`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			title: 'Inclusion in Northshire: “Café” session',
			templates: ['players-map', 'iceberg', 'causal-loop'],
			example: true
		})
	});
	expect(res.status).toBe(201);
	const created = await res.json();
	boardId = created.id;
	links = created.links;
	fac = (await join(server.url, boardId, links.facilitator, 'Alex Morgan', 'Early help')).sessionToken;
	part = (await join(server.url, boardId, links.participant, 'Sam Okafor', 'School')).sessionToken;
	await join(server.url, boardId, links.participant, 'Zoë Ünal', 'CAMHS');
	await join(server.url, boardId, links.participant, 'Sam Okafor', 'School'); // the same person on a second device
	await join(server.url, boardId, links.viewer, 'Vic Viewer', 'Police');
	client = connect(server.url, boardId, 'content', part);
	await synced(client);
	const map = readElements(client.doc).find((e): e is Frame => e.kind === 'frame' && e.template === 'players-map')!;
	createElement(client.doc, { kind: 'note', x: map.x + 40, y: map.y + 40, parent: map.id, text: INJECT });
	createElement(client.doc, { kind: 'note', x: map.x + 300, y: map.y + 40, parent: map.id, text: FORMULA });
	createElement(client.doc, { kind: 'note', x: -2000, y: -2000, w: 320, h: 200, text: LONG });
	createElement(client.doc, { kind: 'text', x: -2000, y: -1600, text: UNICODE });
	const count = readElements(client.doc).length;
	// Once the server has answered a round trip sent after the notes, it holds them, and so does its export.
	await roundTrip(client);
	elements = JSON.parse((await get('json')).body.toString('utf8')).content.elements;
	expect(elements.length).toBe(count);
	mkdirSync(PAGES, { recursive: true });
});

afterAll(async () => {
	client?.destroy();
	await server?.stop();
});

/** The report the server should have built, for comparing what each file holds. */
function expected() {
	return buildReport({ title: 'Inclusion in Northshire: “Café” session', elements, members: [], models: TEMPLATE_MODELS });
}

describe('the workshop report', () => {
	it('Markdown counts people by agency, hides names unless the facilitator asks, and escapes HTML', async () => {
		const { res, body } = await get('md');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(
			/attachment; filename="inclusion-in-northshire-cafe-session-\d{4}-\d{2}-\d{2}\.md"/
		);
		const md = body.toString('utf8');
		expect(md).toContain('3 people took part');
		expect(md).toContain('- School: 1');
		expect(md).toContain('- CAMHS: 1');
		expect(md).not.toContain('Police'); // viewers watched; they are not counted
		expect(md).not.toContain('Zoë');
		// Plain text, no entities: typed markup is made inert with a backslash, so it never becomes HTML.
		expect(md).not.toMatch(/(^|[^\\])<script>/);
		expect(md).toContain('\\<script>');
		expect(md).toContain('Tom & Jerry');
		expect(md).not.toMatch(/&(amp|lt|gt|quot);/);
		for (const part of expected().parts) expect(md).toContain(`## ${mdEscape(part.heading)}`);

		const named = await get('md', { names: '1' }, fac);
		expect(named.res.status).toBe(200);
		expect(named.body.toString('utf8')).toContain('Zoë Ünal (CAMHS, participant)');
		const refused = await get('md', { names: '1' }, part);
		expect(refused.res.status).toBe(403);
		expect((JSON.parse(refused.body.toString()) as { error: { message: string } }).error.message).toMatch(/facilitator/);
	});

	it(
		'DOCX prints every exercise in words with its picture (no table repeating a list), typed markup as text',
		async () => {
			const { res, body } = await get('docx');
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toContain('wordprocessingml');
			const zip = await JSZip.loadAsync(body);
			const xml = await zip.file('word/document.xml')!.async('string');
			expect(XMLValidator.validate(xml)).toBe(true);
			expect(xml).not.toContain('<script>');
			const parser = new XMLParser({
				ignoreAttributes: false,
				isArray: (name) => ['w:tbl', 'w:tr', 'w:tc', 'w:p', 'w:r', 'w:t'].includes(name)
			});
			const doc = parser.parse(xml)['w:document']['w:body'];
			const textOf = (p: Record<string, unknown>): string =>
				((p['w:r'] as Record<string, unknown>[] | undefined) ?? [])
					.flatMap((r) =>
						((r['w:t'] as unknown[] | undefined) ?? []).map((t) =>
							typeof t === 'object' && t ? String((t as Record<string, unknown>)['#text'] ?? '') : String(t)
						)
					)
					.join('');
			// These exercises print as lists; their tables (the same elements) are for spreadsheets only.
			expect(doc['w:tbl'] ?? []).toHaveLength(0);
			const paragraphs = (doc['w:p'] as Record<string, unknown>[]).map(textOf);
			expect(paragraphs).toContain('Who took part');
			for (const part of expected().parts)
				for (const words of part.blocks.flatMap(blockStrings)) expect(paragraphs, words).toContain(words);
			expect(paragraphs.some((p) => p.includes(INJECT))).toBe(true);
			const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
			expect(media.length).toBe(3);
			const png = decodePng(Buffer.from(await zip.file(media[0])!.async('uint8array')));
			expect(png.width).toBeGreaterThan(200);
		},
		HEAVY
	);

	it(
		'XLSX has one sheet per table with a frozen bold header and typed cells; formulas stay text',
		async () => {
			const { res, body } = await get('xlsx');
			expect(res.status).toBe(200);
			const book = new ExcelJS.Workbook();
			await book.xlsx.load(body as unknown as ArrayBuffer);
			const want = reportTables(expected());
			const taken = new Set<string>();
			expect(book.worksheets.map((w) => w.name)).toEqual(want.map((t) => sheetName(t.title, taken)));
			want.forEach((t, i) => {
				const sheet = book.worksheets[i];
				expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
				expect(sheet.getRow(1).values).toEqual([undefined, ...t.columns.map((c) => c.label)]);
				expect(sheet.getRow(1).font?.bold).toBe(true);
				if (t.title !== 'Who took part') expect(sheet.rowCount).toBe(t.rows.length + 1);
			});
			const people = book.getWorksheet('Who took part')!;
			expect(people.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.Number);
			const all = book.worksheets.flatMap((w) =>
				w
					.getSheetValues()
					.flat()
					.filter((v) => typeof v === 'string')
			);
			expect(all).toContain(FORMULA);
			const formulaCell = book.worksheets
				.flatMap((w) => w.getRows(1, w.rowCount) ?? [])
				.flatMap((r) => (r.values as unknown[]).map((v, k) => ({ v, cell: r.getCell(Math.max(1, k)) })))
				.find((x) => x.v === FORMULA)!.cell;
			expect(formulaCell.type).toBe(ExcelJS.ValueType.String);
			expect(formulaCell.formula).toBeFalsy();
		},
		HEAVY
	);

	it('CSV is UTF-8 with a BOM and CRLF, parses back, and defuses formula cells', async () => {
		const { res, body } = await get('csv');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = body.toString('utf8');
		expect(text).toContain('\r\n');
		expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
		const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
		const first = expected().parts[0].tables[0];
		expect(rows[0]).toEqual(first.columns.map((c) => c.label));
		expect(rows).toHaveLength(first.rows.length + 1);
		expect(rows.some((r) => r.includes(`'${FORMULA}`))).toBe(true);
		expect(rows.some((r) => r.includes(INJECT))).toBe(true);

		const people = await get('csv', { table: 'who took part' });
		const peopleRows = Papa.parse<string[]>(people.body.toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
		expect(peopleRows[0]).toEqual(['Agency', 'People']);
		expect(
			peopleRows
				.slice(1)
				.map((r) => r[0])
				.sort()
		).toEqual(['CAMHS', 'Early help', 'School']);
		expect(people.res.headers.get('content-disposition')).toContain('who-took-part');

		const iceberg = expected().parts.find((p) => p.template === 'iceberg')!;
		const byFrame = await get('csv', { table: iceberg.frameId });
		expect(Papa.parse<string[]>(byFrame.body.toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data).toHaveLength(
			iceberg.tables[0].rows.length + 1
		);

		const missing = await get('csv', { table: 'no such table' });
		expect(missing.res.status).toBe(404);
		expect(missing.body.toString()).toContain('Who took part');
	});

	it.skipIf(!HAVE_POPPLER)(
		'PDF holds every sentence of the report, wraps long text whole, and prints on A4 or A3 landscape',
		async () => {
			for (const paper of ['a4', 'a3'] as const) {
				const { res, body } = await get('pdf', { paper });
				expect(res.status).toBe(200);
				expect(res.headers.get('content-type')).toBe('application/pdf');
				const file = joinPath(PAGES, `report-${paper}.pdf`);
				writeFileSync(file, body);
				const info = execFileSync('pdfinfo', [file]).toString();
				expect(info).toMatch(paper === 'a4' ? /Page size:\s+841\.89 x 595\.28/ : /Page size:\s+1190\.55 x 841\.89/);
				const raw = norm(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8'));
				const report = expected();
				const sentences = [
					report.title,
					...report.parts.flatMap((p) => [p.heading, ...(p.intro ? [p.intro] : []), ...p.blocks.flatMap(blockStrings)]),
					...report.loose
				];
				// pdftotext breaks lines after dashes too, so compare without any whitespace.
				const squeeze = (s: string) => s.replace(/\s+/g, '');
				const flat = squeeze(raw);
				const missing = sentences.filter((s) => !flat.includes(squeeze(s)));
				expect(missing).toEqual([]);
				expect(raw).toContain(norm(LONG).slice(0, 200));
				expect(raw.replace(/\s/g, '')).toContain(LONG.replace(/\s/g, ''));
				expect(raw).toContain(UNICODE);
				expect(raw).toContain(INJECT);
				execFileSync('pdftoppm', ['-png', '-r', '40', file, joinPath(PAGES, `report-${paper}`)]);
			}
			expect(readdirSync(PAGES).filter((f) => f.endsWith('.png')).length).toBeGreaterThan(3);
		},
		HEAVY
	);

	it('A viewer asks in vain for a bad query, with readable errors', async () => {
		expect((await get('pdf', { paper: 'letter' })).res.status).toBe(400);
		expect((await get('pdf', { papr: 'a4' })).res.status).toBe(400);
		expect((await get('svg', { frame: 'nosuchframe' })).res.status).toBe(404);
		const bad = await get('svg', { frame: '<script>' });
		expect(bad.res.status).toBe(400);
		expect(JSON.parse(bad.body.toString()).error.path).toBe('frame');
	});
});

describe('pictures', () => {
	it('SVG of the board and of one frame parse as XML with typed markup escaped', async () => {
		const board = await get('svg');
		expect(board.res.status).toBe(200);
		expect(board.res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
		const svg = board.body.toString('utf8');
		expect(XMLValidator.validate(svg)).toBe(true);
		expect(svg).not.toContain('<script>');
		const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg);
		expect(parsed.svg).toBeTruthy();
		expect(svg).toContain('Tom &amp; Jerry');
		const frame = expected().parts.find((p) => p.template === 'causal-loop')!;
		const one = await get('svg', { frame: frame.frameId });
		expect(XMLValidator.validate(one.body.toString('utf8'))).toBe(true);
		expect(one.res.headers.get('content-disposition')).toMatch(/filename="inclusion-in-northshire-cafe-session-/);
	});

	it(
		'PNG of the board decodes, white behind, with the exercises drawn',
		async () => {
			const { res, body } = await get('png');
			expect(res.status).toBe(200);
			writeFileSync(joinPath(PAGES, 'board.png'), body);
			const png = decodePng(body);
			expect(png.width).toBeGreaterThan(500);
			expect(png.at(2, 2)).toEqual([255, 255, 255]);
			let coloured = 0;
			for (let y = 0; y < png.height; y += 17) for (let x = 0; x < png.width; x += 17) if (png.at(x, y).some((c) => c < 200)) coloured++;
			expect(coloured).toBeGreaterThan(50);
			const frame = expected().parts.find((p) => p.template === 'players-map')!;
			const one = await get('png', { frame: frame.frameId });
			writeFileSync(joinPath(PAGES, 'players-map.png'), one.body);
			expect(decodePng(one.body).width).toBeGreaterThan(500);
		},
		HEAVY
	);
});

describe('JSON export and import', () => {
	const importJson = (body: unknown) =>
		fetch(`${server.url}/api/boards/import`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});
	const boardCount = () => {
		const db = new Database(joinPath(server.dir, 'convene.sqlite'), { readonly: true });
		try {
			return (db.prepare('SELECT count(*) AS n FROM boards').get() as { n: number }).n;
		} finally {
			db.close();
		}
	};

	it('export → import → export gives an equal board under a new id and new links', async () => {
		const exported = JSON.parse((await get('json')).body.toString('utf8'));
		const res = await importJson(exported);
		expect(res.status).toBe(201);
		const created = await res.json();
		expect(created.id).not.toBe(boardId);
		expect(created.title).toBe(exported.board.title);
		expect(Object.keys(created.links).sort()).toEqual(['facilitator', 'participant', 'viewer']);
		expect(created.links.facilitator).not.toBe(links.facilitator);
		const me = await join(server.url, created.id, created.links.viewer, 'Checker');
		const again = await (await fetch(`${server.url}/api/boards/${created.id}/export/json?session=${me.sessionToken}`)).json();
		expect(again.board.title).toBe(exported.board.title);
		expect(again.content).toEqual(exported.content);
	});

	it('refuses bad files whole, listing each problem with its path, and writes nothing', async () => {
		const good = JSON.parse((await get('json')).body.toString('utf8'));
		const before = boardCount();
		const clone = () => structuredClone(good);
		const frameIndex = good.content.elements.findIndex((e: Element) => e.kind === 'frame');
		const connectorIndex = good.content.elements.findIndex((e: Element) => e.kind === 'connector');
		const itemIndex = good.content.elements.findIndex((e: Element) => e.kind === 'item' && e.template === 'players-map');
		const cases: { name: string; body: unknown; paths: string[] }[] = [
			{ name: 'not an export', body: { hello: 'world' }, paths: ['format', 'version', 'board', 'content'] },
			{ name: 'a newer version', body: { ...clone(), version: 99 }, paths: ['version'] },
			(() => {
				const b = clone();
				b.content.elements[0].x = 'left';
				b.content.elements[1].kind = 'hexagon';
				return { name: 'bad elements', body: b, paths: ['content.elements.0.x', 'content.elements.1.kind'] };
			})(),
			(() => {
				const b = clone();
				b.content.elements[connectorIndex].to = 'nowhere-123';
				b.content.elements[itemIndex].parent = b.content.elements[connectorIndex].id;
				return {
					name: 'dangling references',
					body: b,
					paths: [`content.elements.${connectorIndex}.to`, `content.elements.${itemIndex}.parent`]
				};
			})(),
			(() => {
				const b = clone();
				b.content.elements.push({ ...b.content.elements[frameIndex] });
				return { name: 'an id used twice', body: b, paths: [`content.elements.${b.content.elements.length - 1}.id`] };
			})(),
			(() => {
				const b = clone();
				b.content.elements[frameIndex].template = 'no-such-template';
				b.content.elements[itemIndex].type = 'dragon';
				return {
					name: 'unknown template and item type',
					body: b,
					paths: [`content.elements.${frameIndex}.template`, `content.elements.${itemIndex}.type`]
				};
			})(),
			(() => {
				const b = clone();
				b.content.elements[itemIndex].data = { group: 'not-a-group', ring: 'far' };
				return {
					name: 'template data',
					body: b,
					paths: [`content.elements.${itemIndex}.data.group`, `content.elements.${itemIndex}.data.ring`]
				};
			})()
		];
		for (const c of cases) {
			const res = await importJson(c.body);
			expect(res.status, c.name).toBe(400);
			const { error } = await res.json();
			expect(error.code, c.name).toBe('invalid_import');
			expect(error.message, c.name).toMatch(/^Nothing was imported/);
			const paths = (error.problems as { path: string; message: string }[]).map((p) => p.path);
			for (const p of c.paths) expect(paths, `${c.name}: ${p}`).toContain(p);
			for (const p of error.problems) expect(p.message.length).toBeGreaterThan(3);
		}
		expect((await importJson('{"format": ')).status).toBe(400);
		expect(boardCount()).toBe(before);
	});

	it('publishes the JSON Schema of the export', async () => {
		const res = await fetch(`${server.url}/api/schema/board-export.json`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('application/schema+json');
		const schema = await res.json();
		expect(schema.$schema).toContain('2020-12');
		expect(schema.required).toEqual(expect.arrayContaining(['format', 'version', 'board', 'content']));
	});
});
