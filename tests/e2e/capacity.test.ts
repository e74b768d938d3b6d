/**
 * People hear that a board is filling up before they meet the cap (issue 15: "if a limit is kept, the app
 * says so before anyone hits it"): the server publishes how full `content` is, and every open board shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';
import { connect, createBoard, join, synced } from '../helpers/clients.js';
import { createElement } from '../../src/lib/doc/index.js';
import { MAX_TEXT } from '../../src/lib/doc/schema.js';

const unavailable = e2eUnavailable();
if (unavailable) console.warn(unavailable);
const suite = unavailable ? describe.skip : describe;

suite(unavailable ?? 'a board close to its size cap', () => {
	let server: TestServer;
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		server = await startAppServer({ limits: { maxDocBytes: 64 * 1024 } });
		browser = await launch();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('warns everyone at 80% and says plainly when the board is full', async () => {
		const board = await createBoard(server.url, 'Capacity');
		const writer = await join(server.url, board.id, board.links.facilitator, 'Setup');
		const client = connect(server.url, board.id, 'content', writer.sessionToken);
		await synced(client);

		const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
		page = await context.newPage();
		await page.goto(board.links.participant);
		await page.getByLabel('Your name').fill('Priya');
		await page.getByRole('button', { name: 'Join the board' }).click();
		await page.waitForURL(/\/b\/[a-z0-9]+$/);
		await page.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
		expect(await page.locator('[data-capacity]').count()).toBe(0);

		// About 5 KB a note against 64 KiB: eleven notes are 80–90% of it.
		const warning = page.locator('[data-capacity]');
		for (let i = 0; i < 11; i++) createElement(client.doc, { kind: 'note', x: i * 250, y: 0, text: 'y'.repeat(MAX_TEXT) });
		await warning.waitFor({ timeout: 10_000 });
		await expect.poll(() => warning.getAttribute('data-capacity')).toMatch(/^(80|90)$/);
		expect(await warning.innerText()).toMatch(/\d+% full \(of 0\.1 MB\)\. At 100% it takes no more changes/);
		expect(await seriousViolations(page)).toEqual([]);
		await screenshot(page, 'capacity-phone-warning');

		// Hidden, it stays hidden at the same step and comes back when the board is full.
		await warning.getByRole('button', { name: /Hide/ }).click();
		expect(await warning.count()).toBe(0);
		for (let i = 0; i < 4; i++) createElement(client.doc, { kind: 'note', x: i * 250, y: 600, text: 'z'.repeat(MAX_TEXT) });
		await expect.poll(() => page.locator('[data-capacity="95"]').count(), { timeout: 10_000 }).toBe(1);
		expect(await page.locator('[data-capacity="95"]').innerText()).toMatch(
			/This board is full \(\d+% of 0\.1 MB\): changes that do not fit are not kept/
		);
		await screenshot(page, 'capacity-phone-full');
		client.destroy();
		await context.close();
	});
});
