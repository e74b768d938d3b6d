/**
 * Downloading from the board and importing on the home page, in headless Chromium: a facilitator on a
 * laptop and a participant on a 360 px phone each open the Download panel and take files away; the
 * facilitator brings the board file back in as a new board, and a broken file is refused with every
 * problem listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, join, synced, type Client } from '../helpers/clients.js';
import type { TestServer } from '../helpers/server.js';
import { createElement, readElements } from '../../src/lib/doc/index.js';
import { openPanel } from '../helpers/canvas.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;
const TITLE = 'Northshire: what we take away';
/** Reports are CPU work; on a shared two-core machine give each download room. */
const HEAVY = 180_000;

suite(unavailable ?? 'downloads and import', () => {
	let server: TestServer;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	let laptop: Page;
	let phone: Page;
	let probe: Client;
	const errors: string[][] = [];
	const dir = mkdtempSync(joinPath(tmpdir(), 'convene-downloads-'));

	async function enter(link: string, name: string, agency: string, viewport: { width: number; height: number }) {
		const context = await browser.newContext({ viewport, acceptDownloads: true });
		contexts.push(context);
		const page = await context.newPage();
		errors.push(watchErrors(page, name));
		await page.goto(link);
		await page.getByLabel('Your name').fill(name);
		await page.getByLabel('Where you work or who you are here as').selectOption(agency);
		await page.getByRole('button', { name: 'Join the board' }).click();
		await page.waitForURL(/\/b\/[a-z0-9]+(\?.*)?$/);
		await page.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
		return page;
	}

	async function take(page: Page, name: string | RegExp): Promise<{ file: string; name: string }> {
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
		const file = joinPath(dir, download.suggestedFilename());
		await download.saveAs(file);
		return { file, name: download.suggestedFilename() };
	}

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
		const res = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ title: TITLE, templates: ['players-map', 'iceberg'], example: true })
		});
		const board = await res.json();
		laptop = await enter(board.links.facilitator, 'Alex', 'School', { width: 1400, height: 900 });
		phone = await enter(board.links.participant, 'Sam', 'Health or CAMHS', { width: 360, height: 740 });
		const prober = await join(server.url, board.id, board.links.participant, 'Probe', 'Police');
		probe = connect(server.url, board.id, 'content', prober.sessionToken);
		await synced(probe);
	});

	afterAll(async () => {
		probe?.destroy();
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
	});

	it(
		'the facilitator downloads an A3 PDF with names, and Word and Excel files, from the Download panel',
		async () => {
			// Something typed on the board just now is in the files.
			await laptop.getByRole('button', { name: 'Download' }).click();
			const panel = laptop.locator('#side-panel');
			await panel.getByRole('heading', { name: 'Download' }).waitFor();
			expect(await seriousViolations(laptop)).toEqual([]);
			await panel.getByLabel('Paper for the PDF (landscape)').selectOption('a3');
			await panel.getByLabel("Include people's names").check();
			await screenshot(laptop, 'exports-download-panel');
			const pdf = await take(laptop, 'PDF report');
			expect(pdf.name).toMatch(/^northshire-what-we-take-away-\d{4}-\d{2}-\d{2}\.pdf$/);
			expect(readFileSync(pdf.file).subarray(0, 5).toString()).toBe('%PDF-');
			if (existsSync('/usr/bin/pdftotext')) {
				expect(execFileSync('pdfinfo', [pdf.file]).toString()).toMatch(/Page size:\s+1190\.55 x 841\.89/);
				const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf.file, '-']).toString('utf8');
				expect(text).toContain('Alex (School, facilitator)');
				expect(text).toContain('System-Players Map');
			} else console.warn('SKIPPED: pdftotext is missing (apt-get install poppler-utils); PDF text not checked');
			const docx = await take(laptop, 'Word report (DOCX)');
			const xml = await (await JSZip.loadAsync(readFileSync(docx.file))).file('word/document.xml')!.async('string');
			expect(xml).toContain('Alex (School, facilitator)');
			const xlsx = await take(laptop, 'Excel workbook (XLSX)');
			expect(readFileSync(xlsx.file).subarray(0, 2).toString()).toBe('PK');
		},
		HEAVY
	);

	it(
		'a participant on a phone takes the CSV of one exercise and a PNG, without names',
		async () => {
			createElement(probe.doc, { kind: 'note', x: -3000, y: -3000, text: '=cmd|"/c calc"!A1 typed on the board' });
			const frame = readElements(probe.doc).find((e) => e.kind === 'frame' && e.template === 'iceberg')!;
			await openPanel(phone, 'Download');
			const panel = phone.locator('#side-panel');
			await panel.getByRole('heading', { name: 'Download' }).waitFor();
			expect(await panel.getByLabel("Include people's names").count()).toBe(0);
			expect(await seriousViolations(phone)).toEqual([]);
			await screenshot(phone, 'exports-download-panel-phone');
			await panel.getByLabel('Table for the CSV').selectOption(frame.id);
			const csv = await take(phone, /^CSV$/);
			const rows = Papa.parse<string[]>(readFileSync(csv.file, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
			expect(rows[0]).toEqual(['Section', 'Kind', 'Text', 'In words']);
			expect(rows.length).toBeGreaterThan(10);
			await panel.getByLabel('Picture of').selectOption(frame.id);
			const png = await take(phone, /^PNG$/);
			expect(readFileSync(png.file).subarray(1, 4).toString()).toBe('PNG');
			const md = await take(phone, 'Markdown report');
			const text = readFileSync(md.file, 'utf8');
			expect(text).not.toContain('Alex');
			expect(text).toContain('3 people took part');
			expect(text).toContain('typed on the board');
		},
		HEAVY
	);

	it(
		'the board file comes back as a new board from the home page; a broken one is refused with every problem',
		async () => {
			const json = await take(laptop, 'Board file (JSON)');
			const exported = JSON.parse(readFileSync(json.file, 'utf8'));
			const broken = structuredClone(exported);
			broken.content.elements[0].x = 'left';
			broken.content.elements.push({
				...exported.content.elements.find((e: { kind: string }) => e.kind === 'connector'),
				id: 'dangling-1',
				to: 'nowhere-1'
			});
			const brokenFile = joinPath(dir, 'broken.json');
			writeFileSync(brokenFile, JSON.stringify(broken));

			await laptop.goto(`${server.url}/`);
			await laptop.getByLabel('Your name').fill('Alex');
			await laptop.getByLabel('Board file').setInputFiles(brokenFile);
			await laptop.getByRole('button', { name: 'Import board' }).click();
			const alert = laptop.getByRole('alert');
			await alert.waitFor();
			expect(await alert.textContent()).toMatch(/Nothing was imported/);
			expect(await alert.locator('li').count()).toBe(2);
			expect(await alert.textContent()).toContain('nowhere-1');
			expect(await alert.textContent()).toContain('content.elements.0.x');
			expect(await seriousViolations(laptop)).toEqual([]);
			await screenshot(laptop, 'exports-import-refused');

			await laptop.getByLabel('Board file').setInputFiles(json.file);
			await laptop.getByRole('button', { name: 'Import board' }).click();
			await laptop.waitForURL(/\/b\/[a-z0-9]+\?share=1$/);
			await laptop.getByRole('heading', { level: 1, name: TITLE }).waitFor();
			const id = new URL(laptop.url()).pathname.split('/')[2];
			const session = JSON.parse((await laptop.evaluate((key) => localStorage.getItem(key), `convene:session:${id}`))!).sessionToken;
			const again = await (await fetch(`${server.url}/api/boards/${id}/export/json?session=${session}`)).json();
			expect(again.content).toEqual(exported.content);
			await screenshot(laptop, 'exports-imported-board');
			expect(errors.flat()).toEqual([]);
		},
		HEAVY
	);
});
