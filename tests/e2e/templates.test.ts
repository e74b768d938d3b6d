import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { SCREENSHOTS, e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import { readPng } from '../helpers/png.js';
import { connect, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { settled } from '../helpers/canvas.js';
import type { TestServer } from '../helpers/server.js';
import { openExerciseForms, outlineRow } from '../helpers/outline.js';
import { readElements, type Frame, isBox } from '../../src/lib/doc/index.js';
import { playersMapModel } from '../../src/lib/templates/players-map/model.js';
import { icebergModel } from '../../src/lib/templates/iceberg/model.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;

const PLAYERS = [
	['Parents/carers', 1, 'Family'],
	['Older sibling', 1, 'Family'],
	['Peer group', 1, 'Peers'],
	['Form tutor', 2, 'School'],
	['SENCO', 2, 'School'],
	['Head of Year 9', 2, 'School'],
	['Designated safeguarding lead', 2, 'School'],
	['Early help', 3, 'Early help'],
	['CAMHS', 3, 'Health'],
	['Educational psychologist', 3, 'Local authority'],
	['Fair Access Panel', 3, 'Local authority'],
	["Director of Children's Services", 4, 'Strategic']
] as const;

const CONNECTIONS: [number, number][] = [
	[0, 3],
	[3, 4],
	[4, 8],
	[4, 9],
	[5, 6],
	[6, 7],
	[7, 8],
	[10, 5],
	[11, 10],
	[2, 0]
];

/** The outline's form for one exercise. */
function exercise(page: Page, frameTitle: string): Locator {
	return page.locator('#outline section.group', { has: page.getByRole('heading', { name: new RegExp(`^${escape(frameTitle)}`) }) });
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function addThrough(page: Page, ex: Locator, where: string, text: string, what?: string, group?: string) {
	const form = ex.locator('form', { has: page.getByRole('heading', { name: 'Add to this exercise' }) });
	await form.getByLabel('Where').selectOption({ label: where });
	// Where a sticky note would become the exercise's own element anyway, "What" offers only its item types.
	if (what && (await form.getByLabel('What').count()) > 0) await form.getByLabel('What').selectOption({ label: what });
	if (group) {
		const select = form.getByLabel('Group');
		const options = await select.locator('option').allTextContents();
		await select.selectOption({ label: options.find((o) => o.startsWith(group))! });
	}
	await form.getByLabel('Text').fill(text);
	await form.getByLabel('Text').press('Enter');
}

suite(unavailable ?? 'building a players map and an iceberg together', () => {
	let server: TestServer;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	let probe: Client;
	const pages: Page[] = [];
	const errors: string[][] = [];

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
		const res = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'Northshire: who is around the young person?', templates: ['players-map', 'iceberg'] })
		});
		const board = await res.json();
		const viewer = await join(server.url, board.id, board.links.viewer, 'Probe');
		probe = connect(server.url, board.id, 'content', viewer.sessionToken);
		await synced(probe);
		for (const [name, agency] of [
			['Alex', 'School'],
			['Sam', 'Health or CAMHS']
		]) {
			const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
			contexts.push(context);
			const page = await context.newPage();
			errors.push(watchErrors(page, name));
			await page.goto(board.links.participant);
			await page.getByLabel('Your name').fill(name);
			await page.getByLabel('Where you work or who you are here as').selectOption(agency);
			await page.getByRole('button', { name: 'Join the board' }).click();
			await page.waitForURL(/\/b\/[a-z0-9]+$/);
			await page.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
			await page.getByRole('button', { name: 'Outline' }).click();
			await openExerciseForms(page);
			pages.push(page);
		}
	});

	afterAll(async () => {
		probe?.destroy();
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
	});

	const frameOf = (template: string) => readElements(probe.doc).find((e): e is Frame => e.kind === 'frame' && e.template === template)!;

	it('two people add 12 players to their rings and draw 10 typed connections, by keyboard through the outline', async () => {
		const frame = frameOf('players-map');
		const sections = playersMapModel.sections(frame);
		const playerType = playersMapModel.itemTypes.find((t) => t.type === 'player')!;
		for (const [i, [name, ring, group]] of PLAYERS.entries()) {
			const page = pages[i % 2];
			await addThrough(page, exercise(page, frame.title), sections[ring].label, name, playerType.label, group);
		}
		await waitFor(
			() => readElements(probe.doc).filter((e) => e.kind === 'item' && e.type === 'player').length === 12,
			'12 players',
			10_000
		);
		for (const [name, ring] of PLAYERS) {
			const player = readElements(probe.doc).find((e) => e.kind === 'item' && e.text === name);
			expect(player?.data.ring, name).toBe(ring);
			expect(player?.data.group, name).not.toBe('other');
		}
		const fields = playersMapModel.linkFields ?? [];
		for (const [i, [a, b]] of CONNECTIONS.entries()) {
			const page = pages[i % 2];
			const form = exercise(page, frame.title).locator('form', { has: page.getByRole('heading', { name: 'Connect two items' }) });
			await form.getByLabel('From').selectOption({ label: PLAYERS[a][0] });
			await form.getByLabel('To').selectOption({ label: PLAYERS[b][0] });
			for (const f of fields) await form.getByLabel(f.label).selectOption(f.options[(i + fields.indexOf(f)) % f.options.length].value);
			await form.getByRole('button', { name: 'Connect' }).click();
		}
		await waitFor(() => readElements(probe.doc).filter((e) => e.kind === 'connector').length === 10, '10 connections', 10_000);
		for (const c of readElements(probe.doc).filter((e) => e.kind === 'connector')) {
			expect(playersMapModel.linkData?.safeParse(c.data).success, JSON.stringify(c.data)).toBe(true);
		}
	});

	it('two people put a note in every cell of the iceberg', async () => {
		const frame = frameOf('iceberg');
		const sections = icebergModel.sections(frame);
		expect(sections).toHaveLength(8);
		for (const [i, section] of sections.entries()) {
			const page = pages[i % 2];
			await addThrough(page, exercise(page, frame.title), section.label, `Note for ${section.label}`, 'Sticky note');
		}
		await waitFor(
			() => readElements(probe.doc).filter((e) => isBox(e) && e.kind !== 'frame' && e.parent === frame.id).length === 8,
			'8 notes',
			10_000
		);
		for (const section of sections) {
			const note = readElements(probe.doc).find((e) => e.kind === 'note' && e.text === `Note for ${section.label}`);
			expect(note && isBox(note) && section.contains(note), section.label).toBe(true);
		}
	});

	it('both people see both exercises; the board is readable and accessible', async () => {
		for (const [i, page] of pages.entries()) {
			// The tree is virtualised (only rows in view exist): count by the exercises' headings, 12 players + 8 notes.
			await expect
				.poll(() =>
					page
						.locator('#outline section.group h3')
						.evaluateAll((hs) => hs.reduce((n, h) => n + Number(/(\d+) items?\)/.exec(h.textContent ?? '')?.[1] ?? 0), 0))
				)
				.toBeGreaterThanOrEqual(20);
			await page.getByRole('button', { name: /^Fit/ }).click();
			await settled(page);
			await screenshot(page, `3${i}-templates-${i === 0 ? 'alex' : 'sam'}`);
			expect(await seriousViolations(page)).toEqual([]);
		}
		await pages[0].getByRole('button', { name: 'Close panel' }).click();
		await pages[0].getByRole('button', { name: /^Fit/ }).click();
		await settled(pages[0]);
		await screenshot(pages[0], '32-templates-canvas');
		// Close up on the map, as a facilitator would zoom in on the projector.
		const frame = frameOf('players-map');
		const first = readElements(probe.doc).find((e) => e.kind === 'item' && e.parent === frame.id)!;
		await pages[0].getByRole('button', { name: 'Outline' }).click();
		await (await outlineRow(pages[0], first.kind === 'item' ? first.text : '')).first().click();
		await pages[0].locator('#outline .current').getByRole('button', { name: /^Show/ }).click();
		await pages[0].getByRole('button', { name: 'Close panel' }).click();
		await settled(pages[0]);
		await screenshot(pages[0], '33-templates-map-close');
		expect(errors.flat()).toEqual([]);
	});

	it('downloads each exercise as PNG and SVG pictures that real readers open', async () => {
		const page = pages[1];
		await page.getByRole('button', { name: 'Exercises' }).click();
		for (const frame of [frameOf('players-map'), frameOf('iceberg')]) {
			const pick = page.getByLabel('Show the panel for');
			await pick.selectOption(frame.id);
			const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
			const pngPath = `${SCREENSHOTS}/34-export-${frame.template}.png`;
			await png.saveAs(pngPath);
			const image = readPng(pngPath);
			expect(image.width).toBeGreaterThan(1000);
			const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).click()]);
			expect(svg.suggestedFilename()).toMatch(/\.svg$/);
			const text = readFileSync(await svg.path(), 'utf8');
			expect(XMLValidator.validate(text)).toBe(true);
			const sample = readElements(probe.doc).find((e) => e.kind !== 'connector' && e.kind !== 'frame' && e.parent === frame.id);
			expect(text).toContain((sample as { text: string }).text.split(' ')[0]);
		}
	});
});
