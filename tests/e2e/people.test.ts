/**
 * Leaked links and departing people (issue 10), in the browser: the facilitator replaces the participant link
 * after its QR code was photographed, sees who joined with which link, changes someone's role and removes
 * someone; the removed person's screen says so at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;

suite(unavailable ?? 'links and people in the browser', () => {
	let server: TestServer;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	let fac: Page;
	let sam: Page;
	const errors: string[][] = [];
	let oldParticipantLink = '';

	async function enter(link: string, name: string, agency: string, viewport: { width: number; height: number }): Promise<Page> {
		const context = await browser.newContext({ viewport });
		contexts.push(context);
		const page = await context.newPage();
		errors.push(watchErrors(page, name));
		await page.goto(link);
		await page.getByLabel('Your name').fill(name);
		await page.getByLabel('Where you work or who you are here as').selectOption(agency);
		await page.getByRole('button', { name: 'Join the board' }).click();
		await page.waitForURL(/\/b\/[a-z0-9]+$/);
		await page.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
		return page;
	}

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
		// The facilitator makes the board from the home page, so this browser keeps the links.
		const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
		contexts.push(context);
		fac = await context.newPage();
		errors.push(watchErrors(fac, 'Fran'));
		await fac.goto(`${server.url}/`);
		await fac.getByLabel('Workshop title').fill('Northshire inclusion workshop');
		await fac.getByLabel('Your name').fill('Fran');
		await fac.getByLabel('Where you work or who you are here as').selectOption('Local authority education');
		await fac.getByRole('button', { name: 'Create board' }).click();
		await fac.waitForURL(/\/b\/[a-z0-9]+/);
		await fac.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
		const share = fac.getByRole('button', { name: 'Share', exact: true });
		if ((await share.getAttribute('aria-expanded')) !== 'true') await share.click();
		oldParticipantLink = await fac.getByLabel(/^Participant link/).inputValue();
		sam = await enter(oldParticipantLink, 'Sam', 'School', { width: 390, height: 844 });
	}, 120_000);

	afterAll(async () => {
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
	});

	it('replacing the participant link: the old one admits nobody new, people already in stay', async () => {
		await fac.getByRole('button', { name: 'Replace the participant link…' }).click();
		await fac.getByRole('button', { name: 'Make a new participant link' }).click();
		await fac.getByText('A new participant link is ready').waitFor({ timeout: 10_000 });
		const fresh = await fac.getByLabel(/^Participant link/).inputValue();
		expect(fresh).not.toBe(oldParticipantLink);
		await screenshot(fac, '80-share-new-link');
		expect(await seriousViolations(fac)).toEqual([]);

		// Someone with the photographed QR code is turned away with a sentence that says why.
		const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
		contexts.push(context);
		const late = await context.newPage();
		await late.goto(oldParticipantLink);
		await late.getByLabel('Your name').fill('Late');
		await late.getByRole('button', { name: 'Join the board' }).click();
		await late.getByText(/may have been replaced/).waitFor({ timeout: 10_000 });
		// Sam, who joined with the old link, is still in and saved.
		expect(await sam.locator('[data-status="saved"]').count()).toBe(1);
	});

	it('the facilitator sees who joined with which link, makes Sam notes-only, then removes Sam; Sam is told at once', async () => {
		await fac.getByRole('button', { name: /^People/ }).click();
		const row = fac.getByRole('listitem').filter({ hasText: 'Sam' });
		await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/Joined with the participant link made .* \(replaced/);
		await row.getByLabel('Role of Sam').selectOption('notes-only');
		await sam.getByText('Notes only').waitFor({ timeout: 10_000 });
		await screenshot(sam, '81-phone-notes-only');
		expect(await seriousViolations(fac)).toEqual([]);
		await row.getByRole('button', { name: 'Remove Sam from the board' }).click();
		await row.getByRole('button', { name: 'Remove Sam' }).click();
		await sam.getByText('A facilitator removed you from this board.').waitFor({ timeout: 10_000 });
		expect(await sam.getByRole('link', { name: 'Join again' }).count()).toBe(0);
		await screenshot(sam, '82-phone-removed');
		await expect.poll(() => fac.locator('#side-panel').textContent(), { timeout: 10_000 }).toContain('Sam was removed');
		expect(await fac.getByRole('listitem').filter({ hasText: 'Sam' }).count()).toBe(0);
		expect(errors.flat()).toEqual([]);
	});
});
