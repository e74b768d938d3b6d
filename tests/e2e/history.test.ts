/**
 * Control that holds, and nothing is lost (issue 12), in two browsers: a participant on a phone deletes a
 * section, the facilitator brings it back from Recently deleted and both see it; a participant trying to move
 * what the facilitator locked is told why; the facilitator previews and restores an earlier version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, createBoard, join, synced, waitFor, type Client } from '../helpers/clients.js';
import type { TestServer } from '../helpers/server.js';
import { createElement, readElement, readElements } from '../../src/lib/doc/index.js';
import { openPanel } from '../helpers/canvas.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;

suite(unavailable ?? 'history and board rules in the browser', () => {
	let server: TestServer;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	let fac: Page;
	let phone: Page;
	let probe: Client;
	const errors: string[][] = [];
	const notes: string[] = [];
	let boardId = '';
	let probeSession = '';

	async function enter(
		link: string,
		name: string,
		agency: string,
		viewport: { width: number; height: number },
		mobile = false
	): Promise<Page> {
		const context = await browser.newContext({ viewport, ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
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

	/** Opens a top-bar panel (the buttons toggle, so only when it is not open already). */
	async function open(page: Page, name: string): Promise<void> {
		const button = page.getByRole('button', { name, exact: true });
		// On a phone the panel buttons are in the header's Menu.
		if ((await button.isVisible()) && (await button.getAttribute('aria-expanded')) === 'true') return;
		await openPanel(page, name);
	}

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
		const board = await createBoard(server.url, 'Northshire: keeping the day’s work');
		const writer = await join(server.url, board.id, board.links.participant, 'Prep', 'Local authority education');
		boardId = board.id;
		probeSession = writer.sessionToken;
		probe = connect(server.url, board.id, 'content', writer.sessionToken);
		await synced(probe);
		for (const [i, text] of ['Part-time timetables', 'Waiting lists for CAMHS', 'Parents not heard'].entries()) {
			notes.push(createElement(probe.doc, { kind: 'note', x: i * 240, y: 0, text, createdBy: writer.participantId }));
		}
		notes.push(createElement(probe.doc, { kind: 'connector', from: notes[0], to: notes[1], createdBy: writer.participantId }));
		fac = await enter(board.links.facilitator, 'Fran', 'Local authority education', { width: 1400, height: 900 });
		phone = await enter(board.links.participant, 'Sam', 'School', { width: 390, height: 844 }, true);
	}, 120_000);

	afterAll(async () => {
		probe?.destroy();
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
	});

	it('a participant on a phone deletes a section; the facilitator brings it back from Recently deleted; both see it', async () => {
		// Everything on the phone is selected (Ctrl+A) and deleted with the Delete key, as on any whiteboard.
		const area = (await phone.locator('.canvas').boundingBox())!;
		await phone.mouse.click(area.x + area.width - 30, area.y + area.height - 120);
		await phone.keyboard.press('Control+a');
		await phone.keyboard.press('Delete');
		await waitFor(() => notes.every((id) => readElement(probe.doc, id) === null), 'the section deleted for everyone', 10_000);

		await open(fac, 'Facilitate');
		await fac.getByRole('button', { name: 'History and recently deleted' }).click();
		const item = fac.getByRole('listitem').filter({ hasText: 'Sam deleted 4 things' });
		await item.waitFor({ timeout: 10_000 });
		await screenshot(fac, '70-history-recently-deleted');
		expect(await seriousViolations(fac)).toEqual([]);
		await item.getByRole('button', { name: 'Bring back' }).click();
		await waitFor(() => notes.every((id) => readElement(probe.doc, id) !== null), 'the section back for everyone', 10_000);
		expect(readElement(probe.doc, notes[3])).toMatchObject({ from: notes[0], to: notes[1] });
		// The phone shows them again: its outline lists the notes.
		await open(phone, 'Outline');
		await expect.poll(() => phone.locator('#side-panel').textContent(), { timeout: 10_000 }).toContain('Waiting lists for CAMHS');
		await screenshot(phone, '71-phone-after-bring-back');
		await phone.getByRole('button', { name: 'Close panel' }).click();
	});

	it('a participant cannot delete what the facilitator locked, and is told why', async () => {
		// The facilitator selects everything on the canvas and locks it.
		if (await fac.locator('#side-panel').count()) await fac.getByRole('button', { name: 'Close panel' }).click();
		const area = (await fac.locator('.canvas').boundingBox())!;
		await fac.mouse.click(area.x + area.width / 2, area.y + area.height - 40);
		await fac.keyboard.press('Control+a');
		await open(fac, 'Facilitate');
		await fac.getByRole('button', { name: /^Lock selected/ }).click();
		const control = connect(server.url, boardId, 'control', probeSession);
		await waitFor(() => control.doc.getMap('locks').has(notes[0]), 'the lock', 10_000);
		control.destroy();

		const before = readElement(probe.doc, notes[0]);
		// On the phone, the participant selects everything and presses Delete, as they did before.
		const box = (await phone.locator('.canvas').boundingBox())!;
		await phone.mouse.click(box.x + box.width - 30, box.y + box.height - 120);
		await phone.keyboard.press('Control+a');
		await phone.keyboard.press('Delete');
		await expect
			.poll(() => phone.getByRole('status').filter({ hasText: 'Not kept' }).textContent(), { timeout: 10_000 })
			.toMatch(/locked by the facilitator/);
		await screenshot(phone, '72-phone-locked-notice');
		// Nothing locked was deleted, for anyone (the probe), and the phone got it all back.
		expect(readElement(probe.doc, notes[0])).toEqual(before);
		expect(notes.every((id) => readElement(probe.doc, id) !== null)).toBe(true);
	});

	it('the facilitator takes a snapshot, previews it, and restores it for everyone', async () => {
		await open(fac, 'Facilitate');
		await fac.getByRole('button', { name: 'History and recently deleted' }).click();
		await fac.getByLabel('Take a snapshot now').fill('Before the vote');
		await fac.getByRole('button', { name: 'Take snapshot' }).click();
		await fac.getByText('Snapshot “Before the vote” taken').waitFor({ timeout: 10_000 });
		// Something changes afterwards.
		const later = createElement(probe.doc, { kind: 'note', x: 0, y: 400, text: 'Written after the snapshot' });
		await waitFor(() => readElement(probe.doc, later) !== null, 'the later note');
		const entry = fac.getByRole('listitem').filter({ hasText: 'Before the vote' });
		await entry.getByRole('button', { name: 'Preview' }).click();
		const dialog = fac.getByRole('dialog', { name: /Preview: Before the vote/ });
		await dialog.waitFor({ timeout: 10_000 });
		await screenshot(fac, '73-history-preview');
		expect(await seriousViolations(fac)).toEqual([]);
		await dialog.getByRole('button', { name: 'Restore this version for everyone' }).click();
		await waitFor(() => readElement(probe.doc, later) === null, 'the restore reaches everyone', 10_000);
		expect(readElements(probe.doc).filter((e) => e.kind === 'note')).toHaveLength(3);
		expect(errors.flat()).toEqual([]);
	});
});
