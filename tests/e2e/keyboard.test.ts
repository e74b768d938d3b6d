/**
 * Keyboard only, as a screen-reader or switch user works: the skip link opens the outline and puts
 * focus in it; the outline is a tree with one tab stop (arrows move), a search box filters it, a note
 * added from it reaches another person's board; the action-plan table is a grid (arrows move, Enter
 * edits, Escape goes back, "Add a row" keeps focus on the new row). axe-core: 0 serious or critical with
 * the outline open and with the grid open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, join, synced, type Client } from '../helpers/clients.js';
import type { TestServer } from '../helpers/server.js';
import { addBigBoard } from '../helpers/big-board.js';
import { readElements } from '../../src/lib/doc/index.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;

/** Notes added to the board besides the action plan's worked example. */
const NOTES = 300;

suite(unavailable ?? 'keyboard only: skip link, outline tree, action-plan grid', () => {
	let server: TestServer;
	let browser: Browser;
	let board: { id: string; links: { facilitator: string; participant: string; viewer: string } };
	let seeder: Client;
	const contexts: BrowserContext[] = [];
	let fran: Page;
	let sam: Page;
	const errors: string[][] = [];

	/** What has focus: its role, tag, name and where it is. */
	const focused = (page: Page) =>
		page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null;
			return {
				tag: el?.tagName ?? '',
				role: el?.getAttribute('role') ?? '',
				id: el?.id ?? '',
				text: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim().slice(0, 200),
				inOutline: !!el?.closest('#outline'),
				inGrid: !!el?.closest('[role="grid"]'),
				cell:
					el && (el.tagName === 'TD' || el.tagName === 'TH')
						? { row: (el.parentElement as HTMLTableRowElement).rowIndex, col: (el as HTMLTableCellElement).cellIndex }
						: null,
				rowId: el?.closest('tr')?.getAttribute('data-id') ?? null
			};
		});

	/** Presses Tab until `done` holds for the focused element (at most `limit` times); returns how many. */
	async function tabUntil(page: Page, done: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 60, key = 'Tab'): Promise<number> {
		for (let i = 1; i <= limit; i++) {
			await page.keyboard.press(key);
			if (done(await focused(page))) return i;
		}
		throw new Error(`focus never got there in ${limit} presses of ${key}; it is on ${JSON.stringify(await focused(page))}`);
	}

	async function joinAs(context: BrowserContext, link: string, name: string, label: string): Promise<Page> {
		const page = await context.newPage();
		errors.push(watchErrors(page, label));
		await page.goto(link);
		await page.getByLabel('Your name').fill(name);
		await page.getByLabel('Where you work or who you are here as').selectOption('School');
		await page.getByRole('button', { name: 'Join the board' }).click();
		await page.waitForURL(/\/b\/[a-z0-9]+$/);
		await page.locator('[data-status="saved"]').waitFor({ timeout: 15_000 });
		return page;
	}

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
		const res = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'Northshire wellbeing plan', templates: ['action-plan'], example: true })
		});
		board = await res.json();
		const seed = await join(server.url, board.id, board.links.facilitator, 'Seeder');
		seeder = connect(server.url, board.id, 'content', seed.sessionToken);
		await synced(seeder);
		addBigBoard(seeder.doc, NOTES, 0, seed.participantId);
		const franContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
		const samContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
		contexts.push(franContext, samContext);
		fran = await joinAs(franContext, board.links.facilitator, 'Fran', 'facilitator');
		sam = await joinAs(samContext, board.links.participant, 'Sam', 'participant');
	}, 90_000);

	afterAll(async () => {
		seeder?.destroy();
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
		expect(errors.flat()).toEqual([]);
	});

	it('the skip link opens the outline with focus in it; the tree is one tab stop among a handful', async () => {
		await fran.keyboard.press('Tab');
		expect((await focused(fran)).text).toBe('Skip to the outline view');
		await fran.keyboard.press('Enter');
		await expect.poll(async () => (await focused(fran)).role).toBe('treeitem');
		expect((await focused(fran)).inOutline).toBe(true);

		// Tab stops inside the outline, from its first to where focus leaves it.
		await fran.evaluate(() => (document.getElementById('outline-search') as HTMLElement).focus());
		let stops = 1;
		for (;;) {
			await fran.keyboard.press('Tab');
			if (!(await focused(fran)).inOutline) break;
			stops++;
			if (stops > 100) break;
		}
		console.log(`outline tab stops with ${NOTES} notes and an action plan: ${stops}`);
		expect(stops).toBeLessThanOrEqual(15);

		// Virtualised: a few dozen rows in the DOM, not one per note; each with its tree semantics.
		const rendered = await fran.locator('#outline [role="treeitem"]').count();
		expect(rendered).toBeLessThan(60);
		const first = fran.locator('#outline [role="treeitem"]').first();
		expect(await first.getAttribute('aria-level')).toBe('1');
		expect(await first.getAttribute('aria-posinset')).toBe('1');
		expect(Number(await first.getAttribute('aria-setsize'))).toBeGreaterThanOrEqual(2);
		expect(await first.getAttribute('aria-expanded')).toBe('true');

		await screenshot(fran, 'keyboard-01-outline');
		expect(await seriousViolations(fran)).toEqual([]);
	});

	it('arrow keys move in the tree and the current row stays rendered and focused at the end', async () => {
		await fran.locator('#outline [role="treeitem"][tabindex="0"]').focus();
		await fran.keyboard.press('Home');
		const top = await focused(fran);
		await fran.keyboard.press('ArrowDown');
		const next = await focused(fran);
		expect(next.role).toBe('treeitem');
		expect(next.text).not.toBe(top.text);
		await fran.keyboard.press('End');
		const end = await focused(fran);
		expect(end.role).toBe('treeitem');
		expect(end.text).toContain(`(${NOTES})`);
		// Still only a window of rows, and exactly one in the tab order.
		expect(await fran.locator('#outline [role="treeitem"]').count()).toBeLessThan(60);
		expect(await fran.locator('#outline [role="treeitem"][tabindex="0"]').count()).toBe(1);
		// ← goes to the parent group, ← again closes it.
		await fran.keyboard.press('ArrowLeft');
		expect((await focused(fran)).text).toMatch(/Not in a frame/);
		await fran.keyboard.press('ArrowLeft');
		expect(await fran.locator('#outline [role="treeitem"][tabindex="0"]').getAttribute('aria-expanded')).toBe('false');
		await fran.keyboard.press('ArrowRight');
		expect(await fran.locator('#outline [role="treeitem"][tabindex="0"]').getAttribute('aria-expanded')).toBe('true');
	});

	it('the search box filters the tree; Enter edits the found note', async () => {
		await fran.keyboard.press('Shift+Tab');
		expect((await focused(fran)).id).toBe('outline-search');
		await fran.keyboard.type('(137)');
		await fran.getByText('1 item matches').waitFor();
		await fran.keyboard.press('ArrowDown');
		const found = await focused(fran);
		expect(found.role).toBe('treeitem');
		expect(found.text).toContain('(137)');
		await fran.keyboard.press('Enter');
		expect((await focused(fran)).id).toBe('outline-edit');
		await fran.keyboard.press('ControlOrMeta+a');
		const long =
			'Edited by keyboard (137): the inclusion panel meets after the exclusion, so the school and early help never plan together';
		await fran.keyboard.type(long);
		await fran.keyboard.press('ControlOrMeta+Enter');
		await expect.poll(async () => (await focused(fran)).role).toBe('treeitem');
		await expect.poll(() => readElements(seeder.doc).some((e) => e.kind === 'note' && e.text === long), { timeout: 5000 }).toBe(true);
		// The tree row is one line; the current item's whole text is shown below it, wrapped, not cut.
		const whole = fran.getByTestId('current-text');
		await expect.poll(() => whole.textContent()).toBe(long);
		expect(await whole.evaluate((el) => el.scrollWidth <= el.clientWidth && getComputedStyle(el).whiteSpace === 'pre-wrap')).toBe(true);
		await screenshot(fran, 'keyboard-01b-current-text');
	});

	it('adds a note from the outline; it appears on another person’s board', async () => {
		await fran.locator('#outline-search').focus();
		await tabUntil(fran, (f) => f.id === 'outline-add-text');
		await fran.keyboard.type('Typed in the outline by keyboard');
		await fran.keyboard.press('Enter');
		await expect
			.poll(() => readElements(seeder.doc).some((e) => e.kind === 'note' && e.text === 'Typed in the outline by keyboard'), {
				timeout: 5000
			})
			.toBe(true);
		// Sam, in another browser, finds it in his own outline (opened by Alt+O, focus in it).
		await sam.locator('[aria-roledescription="whiteboard"]').focus();
		await sam.keyboard.press('Alt+o');
		await expect.poll(async () => (await focused(sam)).inOutline).toBe(true);
		await sam.keyboard.press('Shift+Tab');
		await sam.keyboard.type('by keyboard');
		await sam.locator('#outline [role="treeitem"]', { hasText: 'Typed in the outline by keyboard' }).waitFor({ timeout: 5000 });
		// He deletes it from its details by keyboard: it goes for everyone, and the page throws nothing
		// (the details once read the element after deleting it; afterAll checks the page's errors).
		await sam.keyboard.press('ArrowDown');
		expect((await focused(sam)).text).toContain('Typed in the outline by keyboard');
		await sam.getByRole('button', { name: /^Delete .*Typed in the outline by keyboard/ }).focus();
		await sam.keyboard.press('Enter');
		await expect
			.poll(() => readElements(seeder.doc).some((e) => e.kind === 'note' && e.text === 'Typed in the outline by keyboard'), {
				timeout: 5000
			})
			.toBe(false);
		expect(errors.flat()).toEqual([]);
	});

	it('the Outline button puts focus in the outline; another panel opens at its top', async () => {
		// Scroll the open panel down, then open Exercises: it starts at its top.
		await fran.locator('#side-panel').evaluate((el) => (el.scrollTop = el.scrollHeight));
		expect(await fran.locator('#side-panel').evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
		await fran.getByRole('button', { name: 'Exercises', exact: true }).focus();
		await fran.keyboard.press('Enter');
		await fran.getByRole('heading', { name: 'Exercises' }).waitFor();
		expect(await fran.locator('#side-panel').evaluate((el) => el.scrollTop)).toBe(0);
		await fran.getByRole('button', { name: 'Outline', exact: true }).focus();
		await fran.keyboard.press('Enter');
		await expect.poll(async () => (await focused(fran)).inOutline).toBe(true);
		expect((await focused(fran)).role).toBe('treeitem');
	});

	/** Opens the Exercises panel by keyboard if it is not open; then the table, in one step from there. */
	async function openTable() {
		if ((await fran.locator('dialog[open] [role="grid"]').count()) > 0) return;
		if ((await fran.getByRole('heading', { name: 'Exercises' }).count()) === 0) {
			await fran.getByRole('button', { name: 'Exercises', exact: true }).focus();
			await fran.keyboard.press('Enter');
			await fran.getByRole('heading', { name: 'Exercises' }).waitFor();
		}
		await fran.getByRole('button', { name: 'Exercises', exact: true }).focus();
		await tabUntil(fran, (f) => /open the table$/.test(f.text));
		await fran.keyboard.press('Enter');
		await fran.locator('dialog[open] [role="grid"]').waitFor();
	}

	it('the action plan is a grid: one step from Exercises, arrows, Enter to edit, Escape back', async () => {
		await openTable();
		// One tab stop into the grid: its current cell.
		await tabUntil(fran, (f) => f.inGrid, 10);
		const start = await focused(fran);
		expect(start.tag).toBe('TD');
		expect(start.cell).toEqual({ row: 1, col: 0 });
		expect(await fran.locator('dialog [role="grid"] [tabindex="0"]').count()).toBe(1);

		await fran.keyboard.press('ArrowRight');
		expect((await focused(fran)).cell).toEqual({ row: 1, col: 1 });
		await fran.keyboard.press('ArrowDown');
		expect((await focused(fran)).cell).toEqual({ row: 2, col: 1 });
		await fran.keyboard.press('ArrowUp');
		const rowId = (await focused(fran)).rowId!;

		// Enter edits the Theme cell; Escape goes back to the cell, and what was typed is kept.
		await fran.keyboard.press('Enter');
		const editing = await focused(fran);
		expect(editing.tag).toBe('TEXTAREA');
		expect(editing.text).toMatch(/^Theme, row/);
		await fran.keyboard.press('ControlOrMeta+a');
		await fran.keyboard.type('Theme typed in the grid');
		// Arrows move the caret while editing, not the cell.
		await fran.keyboard.press('ArrowLeft');
		expect((await focused(fran)).tag).toBe('TEXTAREA');
		await fran.keyboard.press('Escape');
		expect((await focused(fran)).cell).toEqual({ row: 1, col: 1 });
		expect(await fran.locator('dialog[open]').count()).toBe(1);
		await expect
			.poll(() => readElements(seeder.doc).find((e) => e.id === rowId)?.data.theme, { timeout: 5000 })
			.toBe('Theme typed in the grid');

		// F2 edits too; Enter in a one-line field saves it and goes back to the cell.
		await fran.keyboard.press('Home');
		await fran.keyboard.press('F2');
		expect((await focused(fran)).text).toMatch(/^Ref, row/);
		await fran.keyboard.press('Escape');
		expect((await focused(fran)).cell).toEqual({ row: 1, col: 0 });

		expect(await seriousViolations(fran)).toEqual([]);
	});

	it('"Add a row" keeps focus: on the new row’s first cell, in view; the table downloads', async () => {
		await openTable();
		await fran.locator('dialog[open] [role="grid"] [tabindex="0"]').focus();
		// Add a row: focus goes to the new row's first cell, in view.
		const before = readElements(seeder.doc).filter((e) => e.kind === 'item' && e.template === 'action-plan').length;
		await tabUntil(fran, (f) => f.text === 'Add a row', 20);
		await fran.keyboard.press('Enter');
		await expect.poll(async () => (await focused(fran)).cell?.col).toBe(0);
		const added = await focused(fran);
		expect(added.rowId).toBeTruthy();
		expect(added.cell!.row).toBe(before + 1);
		const inView = await fran.evaluate(() => {
			const cell = document.activeElement as HTMLElement;
			const box = cell.getBoundingClientRect();
			const scroller = cell.closest('.scroll') as HTMLElement;
			const view = scroller.getBoundingClientRect();
			return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
		});
		expect(inView).toBe(true);
		await expect
			.poll(() => readElements(seeder.doc).filter((e) => e.kind === 'item' && e.template === 'action-plan').length, { timeout: 5000 })
			.toBe(before + 1);

		// The table's Download offers the plan's exports.
		const xlsx = await fran.locator('dialog[open] a', { hasText: 'This table as Excel (XLSX)' }).getAttribute('href');
		const file = await fetch(`${server.url}${xlsx}`);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toContain('spreadsheetml');
		await screenshot(fran, 'keyboard-02-grid');
	});
});
