/**
 * A facilitator deletes a board from the Download panel, by keyboard, after typing its title again; a
 * participant's open board says it was deleted, and neither browser keeps anything of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import type { TestServer } from '../helpers/server.js';
import { connect, createBoard, join, synced } from '../helpers/clients.js';
import { createElement } from '../../src/lib/doc/index.js';
import { openPanel } from '../helpers/canvas.js';

const unavailable = e2eUnavailable();
if (unavailable) console.warn(unavailable);
const suite = unavailable ? describe.skip : describe;
const TITLE = 'Northshire exclusions review 2026';

/** What this browser keeps of the board: IndexedDB databases and localStorage keys that name it. */
async function keptOnDevice(page: Page, boardId: string): Promise<string[]> {
	return page.evaluate(async (id) => {
		const dbs = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes(id));
		const keys = Object.keys(localStorage).filter((k) => k.includes(id) || (localStorage.getItem(k) ?? '').includes(id));
		return [...dbs, ...keys];
	}, boardId);
}

async function joinInBrowser(page: Page, link: string, name: string): Promise<void> {
	await page.goto(link);
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Join the board' }).click();
	await page.waitForURL(/\/b\/[a-z0-9]+$/);
	await page.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
}

suite(unavailable ?? 'deleting a board from the app', () => {
	let server: TestServer;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	let fran: Page;
	let sam: Page;
	let phone: Page;
	let boardId: string;
	const errors: (() => string[])[] = [];

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
		const board = await createBoard(server.url, TITLE);
		boardId = board.id;
		// Something on the board, so there is something to lose.
		const writer = await join(server.url, board.id, board.links.facilitator, 'Setup');
		const client = connect(server.url, board.id, 'content', writer.sessionToken);
		await synced(client);
		createElement(client.doc, { kind: 'note', x: 0, y: 0, text: 'Parents feel unheard at transition' });
		client.destroy();

		for (const viewport of [
			{ width: 1280, height: 800 },
			{ width: 1280, height: 800 },
			{ width: 390, height: 844 }
		]) {
			contexts.push(await browser.newContext({ viewport, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}) }));
		}
		[fran, sam, phone] = await Promise.all(contexts.map((c) => c.newPage()));
		errors.push(
			...[fran, sam, phone].map((p, i) =>
				(
					(list) => () =>
						list
				)(watchErrors(p, ['fran', 'sam', 'phone'][i]))
			)
		);
		await joinInBrowser(fran, board.links.facilitator, 'Fran');
		await joinInBrowser(sam, board.links.participant, 'Sam');
		await joinInBrowser(phone, board.links.facilitator, 'Fran on her phone');
	});

	afterAll(async () => {
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
	});

	it('only facilitators see the delete button, at the end of the Download panel, and it asks for the title', async () => {
		await sam.getByRole('button', { name: 'Download' }).click();
		await sam.getByRole('heading', { name: 'Download' }).waitFor();
		expect(await sam.getByRole('button', { name: /Delete this board/ }).count()).toBe(0);

		await openPanel(phone, 'Download');
		await phone.getByRole('button', { name: 'Delete this board…' }).scrollIntoViewIfNeeded();
		await screenshot(phone, 'delete-01-phone-download-panel');
		await phone.getByRole('button', { name: 'Delete this board…' }).click();
		const confirm = phone.getByLabel(/To confirm, type the board's title/);
		// Opening the form puts the cursor in the title box.
		await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
		await confirm.scrollIntoViewIfNeeded();
		await screenshot(phone, 'delete-02-phone-confirm');
		expect(await seriousViolations(phone)).toEqual([]);
		// "Keep the board" closes it and puts focus back on the button that opened it.
		await phone.getByRole('button', { name: 'Keep the board' }).click();
		await expect.poll(() => phone.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Delete this board…');
	});

	it('a wrong title deletes nothing; the right one, typed by keyboard, deletes it for everyone', async () => {
		await fran.getByRole('button', { name: 'Download' }).click();
		const open = fran.getByRole('button', { name: 'Delete this board…' });
		await open.focus();
		await fran.keyboard.press('Enter');
		await fran.keyboard.type('Northshire');
		await fran.keyboard.press('Enter');
		await fran.getByRole('alert').filter({ hasText: 'Nothing was deleted' }).waitFor();
		await screenshot(fran, 'delete-03-wrong-title');
		expect(await seriousViolations(fran)).toEqual([]);
		expect(await server.store.boards.getBoard(boardId)).not.toBeNull();

		const confirm = fran.getByLabel(/To confirm, type the board's title/);
		await confirm.fill('');
		await confirm.pressSequentially(TITLE);
		await fran.getByRole('button', { name: 'Delete the board and everything in it' }).focus();
		await fran.keyboard.press('Enter');
		await fran.waitForURL((url) => url.pathname === '/');
		await fran
			.getByRole('status')
			.filter({ hasText: `The board “${TITLE}” was deleted` })
			.waitFor();
		await screenshot(fran, 'delete-04-home-after');

		// Sam, on the board, is told, and offered the way home rather than "join again".
		const told = sam.getByRole('alert').filter({ hasText: 'This board was deleted by a facilitator.' });
		await told.waitFor({ timeout: 10_000 });
		await expect.poll(() => told.getByRole('link', { name: 'Go to the home page' }).count()).toBe(1);
		await screenshot(sam, 'delete-05-participant-told');
		expect(await seriousViolations(sam)).toEqual([]);

		// Nothing of the board stays in either browser.
		for (const page of [fran, sam, phone]) await expect.poll(() => keptOnDevice(page, boardId), { timeout: 10_000 }).toEqual([]);
		expect(await server.store.boards.getBoard(boardId)).toBeNull();
		expect(errors.flatMap((e) => e())).toEqual([]);
	});
});
