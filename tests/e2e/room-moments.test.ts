/**
 * The facilitator's moments reaching the room: a facilitator (laptop), a laptop participant and a phone
 * participant (390 × 844), each in their own browser context. A vote start reaches both participants as a
 * notice (the phone is taken to the vote and sees its dots left; the laptop participant, typing a note, keeps
 * typing and is offered "Open the vote"); showing the results and ending the vote change the state everyone
 * sees, and once ended dots no longer move; the ready check counts; "Bring everyone here" moves the others'
 * views once; someone who joins late is told nothing about what happened before; the phone's vote page
 * (/b/:id/vote) is told them too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { settled, viewOf, openPanel } from '../helpers/canvas.js';
import type { TestServer } from '../helpers/server.js';
import { readRound, voteStage } from '../../src/lib/doc/votes.js';
import { readReadyCheck, readSummon } from '../../src/lib/doc/control.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;

suite(unavailable ?? 'the facilitator’s moments reach everyone', () => {
	let server: TestServer;
	let browser: Browser;
	let board: { id: string; links: { facilitator: string; participant: string; viewer: string } };
	let probe: Client;
	let control: Client;
	const contexts: BrowserContext[] = [];
	let fac: Page;
	let lap: Page;
	let phone: Page;
	const errors: string[][] = [];

	async function enter(link: string, name: string, agency: string, options: Parameters<Browser['newContext']>[0]): Promise<Page> {
		const context = await browser.newContext(options);
		contexts.push(context);
		const page = await context.newPage();
		errors.push(watchErrors(page, name));
		await page.goto(link);
		await page.getByLabel('Your name').fill(name);
		await page.getByLabel('Where you work or who you are here as').selectOption(agency);
		await page.getByRole('button', { name: 'Join the board' }).click();
		await page.waitForURL(/\/b\/[a-z0-9]+$/);
		await page.locator('[data-status="saved"]').waitFor({ timeout: 15_000 });
		return page;
	}
	const moment = (page: Page) => page.locator('[data-testid="moment"] [role="status"]');
	const stageOf = (page: Page) => page.getByTestId('vote-stage').getAttribute('data-stage');
	/** The board point at the middle of a page's canvas. */
	async function centreOf(page: Page) {
		const v = await viewOf(page);
		const box = (await page.locator('[aria-roledescription="whiteboard"]').boundingBox())!;
		return { x: (box.width / 2 - v.x) / v.scale, y: (box.height / 2 - v.y) / v.scale, scale: v.scale };
	}

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
		const res = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'Northshire: the room', templates: ['how-might-we'], example: true })
		});
		board = await res.json();
		const viewer = await join(server.url, board.id, board.links.viewer, 'Probe');
		probe = connect(server.url, board.id, 'server', viewer.sessionToken);
		control = connect(server.url, board.id, 'control', viewer.sessionToken);
		await Promise.all([synced(probe), synced(control)]);
		fac = await enter(board.links.facilitator, 'Fran', 'Local authority education', { viewport: { width: 1400, height: 900 } });
		lap = await enter(board.links.participant, 'Lee', 'School', { viewport: { width: 1280, height: 800 } });
		phone = await enter(board.links.participant, 'Pip', 'Early help', {
			viewport: { width: 390, height: 844 },
			deviceScaleFactor: 2,
			hasTouch: true,
			isMobile: true
		});
	}, 120_000);

	afterAll(async () => {
		probe?.destroy();
		control?.destroy();
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
	});

	it('a vote start reaches both participants: the phone goes to the vote with its dots left; a note being typed keeps its focus', async () => {
		// Lee is writing a note on the canvas when the vote starts.
		const box = (await lap.locator('[aria-roledescription="whiteboard"]').boundingBox())!;
		await lap.mouse.dblclick(box.x + box.width * 0.6, box.y + box.height - 60);
		const editor = lap.locator('[aria-roledescription="whiteboard"] textarea');
		await editor.waitFor();
		await lap.keyboard.type('We could share ');

		await fac.getByRole('button', { name: /^Vote/ }).click();
		await fac.getByRole('button', { name: 'Start the vote' }).click();
		await waitFor(() => readRound(probe.doc)?.status === 'open', 'the round is open', 10_000);
		const questions = readRound(probe.doc)!.questions.length;
		const text = `A vote has started on ${questions} questions: you have 3 dots per criterion.`;

		// The phone: the notice, and the vote open full screen with what is left per criterion.
		await expect.poll(() => moment(phone).textContent(), { timeout: 10_000 }).toBe(text);
		const phoneLeft = phone.getByTestId('dots-left');
		await phoneLeft.waitFor({ timeout: 10_000 });
		expect(await phoneLeft.textContent()).toContain('Feasibility: 3 of 3 left');
		expect(await stageOf(phone)).toBe('open-hidden');

		// The laptop: the notice, the note editor still focused and taking keys, the vote offered, not forced.
		await expect.poll(() => moment(lap).textContent(), { timeout: 10_000 }).toBe(text);
		expect(await editor.evaluate((el) => el === document.activeElement)).toBe(true);
		await lap.keyboard.type('practice');
		expect(await editor.inputValue()).toBe('We could share practice');
		expect(await lap.getByTestId('dots-left').count()).toBe(0);
		expect(await lap.getByRole('button', { name: 'Open the vote' }).count()).toBe(1);
		await screenshot(lap, 'rm-01-laptop-typing-vote-notice');
		await screenshot(phone, 'rm-02-phone-vote-opened');
		expect(await seriousViolations(phone)).toEqual([]);

		await lap.keyboard.press('Escape');
		await editor.waitFor({ state: 'detached' });
		await lap.getByRole('button', { name: 'Open the vote' }).click();
		await lap.getByTestId('dots-left').waitFor();
		expect(await seriousViolations(lap)).toEqual([]);
	});

	it('dots left count down on the phone; an over-budget refusal shows beside them', async () => {
		const add = phone.getByRole('button', { name: /^Add a feasibility dot to question 1:/ });
		for (let i = 1; i <= 3; i++) {
			await add.click();
			await expect.poll(() => phone.getByTestId('dots-left').textContent()).toContain(`Feasibility: ${3 - i} of 3 left`);
		}
		await add.click();
		await expect
			.poll(() => phone.getByTestId('dots-left').getByRole('status').textContent())
			.toMatch(/You have used all 3 of your feasibility votes/);
		await screenshot(phone, 'rm-03-phone-over-budget');
	});

	it('"Show results and keep voting open": everyone sees results shown and dots still move', async () => {
		await fac.getByRole('button', { name: 'Show results and keep voting open' }).click();
		await waitFor(() => voteStage(readRound(probe.doc)!) === 'open-shown', 'results shown, still open', 10_000);
		for (const page of [fac, lap, phone]) await expect.poll(() => stageOf(page), { timeout: 10_000 }).toBe('open-shown');
		await expect.poll(() => moment(lap).textContent(), { timeout: 10_000 }).toMatch(/results are shown\. The vote is still open/);
		// Dots still move, and the panel says so.
		await lap.getByRole('button', { name: /^Add a desirability dot to question 2:/ }).click();
		await expect.poll(() => lap.getByTestId('dots-left').textContent()).toContain('Desirability: 2 of 3 left');
		expect(await lap.getByTestId('vote-stage').textContent()).toMatch(/dots can still move/);
	});

	it('"End the vote": everyone sees it ended, the ballot and its stale messages go, dots no longer move', async () => {
		await fac.getByRole('button', { name: 'End the vote (dots stop moving)' }).click();
		await waitFor(() => readRound(probe.doc)?.status === 'closed', 'the round ended', 10_000);
		for (const page of [fac, lap, phone]) await expect.poll(() => stageOf(page), { timeout: 10_000 }).toBe('ended-shown');
		for (const page of [lap, phone]) {
			await expect.poll(() => page.getByRole('button', { name: /^Add a .* dot to question/ }).count(), { timeout: 10_000 }).toBe(0);
			expect(await page.getByText(/You have used all/).count()).toBe(0);
			expect(await page.getByTestId('vote-stage').textContent()).toMatch(/dots can no longer move/);
		}
		await expect.poll(() => moment(phone).textContent(), { timeout: 10_000 }).toMatch(/The vote has ended: dots can no longer move/);
		await screenshot(phone, 'rm-04-phone-ended');
		expect(await seriousViolations(phone)).toEqual([]);
		expect(await seriousViolations(fac)).toEqual([]);
	});

	it('the presenter view shows the ranked results while they are shown', async () => {
		const present = await fac.context().newPage();
		errors.push(watchErrors(present, 'presenter'));
		await present.setViewportSize({ width: 1600, height: 900 });
		await present.goto(`${server.url}/b/${board.id}/present`);
		const rows = present.locator('.results tbody tr');
		await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
		const cells = (i: number) => rows.nth(i).locator('td').allTextContents();
		// Pip put 3 feasibility dots on question 1, Lee 1 desirability dot on question 2: ranked by all dots.
		const [first, second] = [await cells(0), await cells(1)];
		expect(first.map((c) => c.trim()).slice(2)).toEqual(['3', '0', '0', '3']);
		expect(first[0].trim()).toMatch(/^1/);
		expect(second.map((c) => c.trim()).slice(2)).toEqual(['0', '1', '0', '1']);
		expect(second[0].trim()).toMatch(/^2/);
		expect(first[1].length).toBeGreaterThan(10);
		const headers = await present.locator('.results thead abbr').evaluateAll((els) => els.map((el) => el.getAttribute('title')));
		expect(headers).toEqual(['Feasibility', 'Desirability', 'Viability']);
		const size = await rows
			.first()
			.locator('td')
			.nth(1)
			.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(size).toBeGreaterThanOrEqual(20);
		expect(await seriousViolations(present)).toEqual([]);
		await screenshot(present, 'rm-05-presenter-results');
		await present.close();
	});

	it('the ready check counts who is done, and the facilitator clears it', async () => {
		await phone.getByRole('button', { name: 'Close panel' }).click();
		await lap.getByRole('button', { name: 'Close panel' }).click();
		await fac.getByRole('button', { name: 'Close panel' }).click();
		await fac.getByRole('button', { name: 'Facilitate' }).click();
		const count = fac.getByTestId('ready-count');
		await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe('0 of 2 are done');
		expect(await fac.getByTestId('not-done').textContent()).toBe('Not done yet: Lee, Pip');
		await lap.getByRole('button', { name: "I'm done" }).click();
		await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe('1 of 2 are done');
		expect(await fac.getByTestId('not-done').textContent()).toBe('Not done yet: Pip');
		await phone.getByRole('button', { name: "I'm done" }).click();
		await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe('2 of 2 are done');
		await screenshot(phone, 'rm-05-phone-done');
		expect(await seriousViolations(fac)).toEqual([]);

		const before = readReadyCheck(control.doc).id;
		await fac.getByRole('button', { name: /Clear everyone's/ }).click();
		await waitFor(() => readReadyCheck(control.doc).id !== before, 'a new ready check', 10_000);
		await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe('0 of 2 are done');
		for (const page of [lap, phone])
			await expect.poll(() => page.getByRole('button', { name: "I'm done" }).getAttribute('aria-pressed')).toBe('false');
	});

	it('"Bring everyone here" moves the others’ views to the facilitator’s, once', async () => {
		// The facilitator looks closely at one corner of the board.
		for (let i = 0; i < 3; i++) await fac.getByRole('button', { name: 'Zoom in' }).click();
		await settled(fac);
		const canvasBox = (await fac.locator('[aria-roledescription="whiteboard"]').boundingBox())!;
		const middle = { x: canvasBox.x + canvasBox.width / 2, y: canvasBox.y + canvasBox.height / 2 };
		await fac.keyboard.down('Space');
		await fac.mouse.move(middle.x, middle.y);
		await fac.mouse.down();
		await fac.mouse.move(middle.x + 400, middle.y + 200, { steps: 6 });
		await fac.mouse.up();
		await fac.keyboard.up('Space');
		await settled(fac);
		const target = await centreOf(fac);
		const far = async (page: Page) => {
			const c = await centreOf(page);
			return Math.hypot(c.x - target.x, c.y - target.y);
		};
		for (const page of [lap, phone]) expect(await far(page)).toBeGreaterThan(100);

		await fac.getByRole('button', { name: 'Bring everyone here' }).click();
		await waitFor(() => readSummon(control.doc) !== null, 'the summon', 10_000);
		for (const page of [lap, phone]) {
			await expect.poll(() => far(page), { timeout: 10_000 }).toBeLessThan(20);
			await expect.poll(() => moment(page).textContent(), { timeout: 10_000 }).toBe('Fran brought everyone to what they are looking at.');
		}
		await screenshot(phone, 'rm-06-phone-summoned');
		// Once, not follow-me: the phone looks around on its own, and the next change to the facilitator's
		// document (clearing the ready check, seen arriving on the phone) does not pull it back.
		await phone.getByRole('button', { name: "I'm done" }).click();
		await expect.poll(() => fac.getByTestId('ready-count').textContent(), { timeout: 10_000 }).toBe('1 of 2 are done');
		await phone.getByRole('button', { name: 'Zoom out' }).click();
		await settled(phone);
		const mine = await centreOf(phone);
		await fac.getByRole('button', { name: /Clear everyone's/ }).click();
		await expect
			.poll(() => phone.getByRole('button', { name: "I'm done" }).getAttribute('aria-pressed'), { timeout: 10_000 })
			.toBe('false');
		const after = await centreOf(phone);
		expect(after.scale).toBe(mine.scale);
		expect(Math.hypot(after.x - mine.x, after.y - mine.y)).toBeLessThan(1);
		expect(await seriousViolations(lap)).toEqual([]);
	});

	it('someone who joins late is not told about moments that happened before', async () => {
		const late = await enter(board.links.participant, 'Lou', 'School', {
			viewport: { width: 390, height: 844 },
			hasTouch: true,
			isMobile: true
		});
		// The vote is there (ended, results shown) and reaches the page, but no notice about it or the summon.
		await openPanel(late, /^Vote/);
		await expect.poll(() => stageOf(late), { timeout: 10_000 }).toBe('ended-shown');
		expect(await moment(late).textContent()).toBe('');
		expect(await late.getByTestId('moment').getAttribute('data-kind')).toBe('');
	});

	it('the phone’s vote page is told the facilitator’s moments too, and a summon offers the way back to the board', async () => {
		await phone.goto(`${server.url}/b/${board.id}/vote`);
		await expect.poll(() => stageOf(phone), { timeout: 15_000 }).toBe('ended-shown');
		expect(await moment(phone).textContent()).toBe('');
		const panel = fac.getByRole('button', { name: 'Start private writing' });
		if (!(await panel.isVisible())) await openPanel(fac, 'Facilitate');
		await panel.click();
		await expect
			.poll(() => moment(phone).textContent(), { timeout: 10_000 })
			.toBe('Private writing has started: only you see your notes until the facilitator reveals them.');
		await fac.getByRole('button', { name: 'End without revealing' }).click();
		await fac.getByRole('button', { name: 'Bring everyone here' }).click();
		await expect.poll(() => moment(phone).textContent(), { timeout: 10_000 }).toBe('Fran brought everyone to what they are looking at.');
		await screenshot(phone, 'rm-07-phone-vote-page-summoned');
		expect(await seriousViolations(phone)).toEqual([]);
		await phone.getByRole('link', { name: 'Go to the board' }).click();
		await phone.waitForURL(/\/b\/[a-z0-9]+$/);
		await phone.locator('[data-status="saved"]').waitFor({ timeout: 15_000 });
	});

	it('no page errors', () => {
		expect(errors.flat()).toEqual([]);
	});
});
