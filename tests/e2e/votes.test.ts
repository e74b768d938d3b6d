/**
 * The dot vote end to end: a facilitator on a projector-sized board and three participants on phones
 * (360 × 740). Participants join from the phone vote link, vote through /b/:id/vote, the fourth
 * feasibility dot is refused with the server's message shown; the facilitator sees only how many have
 * voted, ends and reveals; the ranking, the north star and the chart appear everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { drawn, settled } from '../helpers/canvas.js';
import type { TestServer } from '../helpers/server.js';
import { readResults, readRound, readVoters } from '../../src/lib/doc/votes.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;

type Criterion = 'feasibility' | 'desirability' | 'viability';
/** Each phone's dots: [question number (1-based), criterion, how many]. */
const PLAN: [number, Criterion, number][][] = [
	[
		[1, 'feasibility', 3],
		[1, 'desirability', 3],
		[1, 'viability', 3]
	],
	[
		[1, 'feasibility', 1],
		[2, 'feasibility', 1],
		[3, 'feasibility', 1],
		[2, 'desirability', 3],
		[1, 'viability', 2],
		[2, 'viability', 1]
	],
	[
		[2, 'feasibility', 2],
		[4, 'feasibility', 1],
		[1, 'desirability', 1],
		[3, 'desirability', 2],
		[3, 'viability', 3]
	]
];

suite(unavailable ?? 'the dot vote on phones and the projector', () => {
	let server: TestServer;
	let browser: Browser;
	let board: { id: string; links: { facilitator: string; participant: string; viewer: string } };
	let probe: Client;
	const contexts: BrowserContext[] = [];
	let host: Page;
	/** A fourth participant on a laptop, voting by keyboard from the outline view. */
	let desk: Page;
	const phones: Page[] = [];
	const errors: string[][] = [];

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
		const res = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'Northshire: where is the energy for change?', templates: ['how-might-we'], example: true })
		});
		board = await res.json();
		const viewer = await join(server.url, board.id, board.links.viewer, 'Probe');
		probe = connect(server.url, board.id, 'server', viewer.sessionToken);
		await synced(probe);

		const hostContext = await browser.newContext({ viewport: { width: 1600, height: 900 } });
		contexts.push(hostContext);
		host = await hostContext.newPage();
		errors.push(watchErrors(host, 'facilitator'));
		await host.goto(board.links.facilitator);
		await host.getByLabel('Your name').fill('Fran');
		await host.getByLabel('Where you work or who you are here as').selectOption('Local authority education');
		await host.getByRole('button', { name: 'Join the board' }).click();
		await host.waitForURL(/\/b\/[a-z0-9]+$/);
		await host.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });

		for (const [i, name] of ['Ade', 'Bea', 'Cal'].entries()) {
			const context = await browser.newContext({
				viewport: { width: 360, height: 740 },
				deviceScaleFactor: 2,
				hasTouch: true,
				isMobile: true
			});
			contexts.push(context);
			const page = await context.newPage();
			errors.push(watchErrors(page, name));
			await page.goto(`${board.links.participant}&next=vote`);
			await page.getByLabel('Your name').fill(name);
			await page.getByLabel('Where you work or who you are here as').selectOption('School');
			await page.getByRole('button', { name: 'Join the board' }).click();
			await page.waitForURL(/\/b\/[a-z0-9]+\/vote$/);
			await page.getByText('There is no vote open right now').waitFor();
			phones[i] = page;
		}

		const deskContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		contexts.push(deskContext);
		desk = await deskContext.newPage();
		errors.push(watchErrors(desk, 'Dee'));
		await desk.goto(board.links.participant);
		await desk.getByLabel('Your name').fill('Dee');
		await desk.getByLabel('Where you work or who you are here as').selectOption('Early help');
		await desk.getByRole('button', { name: 'Join the board' }).click();
		await desk.waitForURL(/\/b\/[a-z0-9]+$/);
		await desk.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
	}, 90_000);

	afterAll(async () => {
		probe?.destroy();
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
	});

	it('a question that is not framed "How might we" gets a suggestion, and the facilitator can accept it as it is', async () => {
		await host.getByRole('button', { name: 'Exercises' }).click();
		await host.getByLabel('Column', { exact: true }).selectOption({ label: 'Across school practice' });
		await host.getByLabel('Your question').fill('Share practice between schools.');
		await expect.poll(() => host.getByText('Try: How might we share practice between schools?').count()).toBe(1);
		await host.getByRole('button', { name: 'Add question' }).click();
		const item = host.locator('li', { hasText: 'Share practice between schools.' });
		await expect.poll(() => item.getByText('Suggested: How might we share practice between schools?').count()).toBe(1);
		expect(await seriousViolations(host)).toEqual([]);
		await screenshot(host, '59-votes-hmw-panel');
		await item.getByRole('button', { name: /^Accept as it is/ }).click();
		await expect.poll(() => host.locator('li', { hasText: 'Share practice between schools.' }).count()).toBe(0);
		await host.getByRole('button', { name: 'Close panel' }).click();
	});

	it('the facilitator starts a vote on every question of the board, with the defaults', async () => {
		await host.getByRole('button', { name: /^Vote/ }).click();
		await expect.poll(() => host.getByRole('group', { name: /Questions to vote on \(9 of 9\)/ }).count()).toBe(1);
		expect(await host.getByLabel('Dots per criterion (1 to 10)').inputValue()).toBe('3');
		expect(await host.getByLabel('People may put several dots on one question').isChecked()).toBe(true);
		expect(await host.getByLabel('Facilitators vote too').isChecked()).toBe(false);
		expect(await host.getByLabel('Hide results until I reveal them').isChecked()).toBe(true);
		await host.getByRole('button', { name: 'Start the vote' }).click();
		await waitFor(() => readRound(probe.doc)?.status === 'open', 'the round is open', 10_000);
		expect(readRound(probe.doc)).toMatchObject({ budget: 3, stacking: true, facilitatorsVote: false, hidden: true });
		expect(readRound(probe.doc)!.questions).toHaveLength(9);
		await expect.poll(() => host.getByTestId('voters').textContent()).toBe('0 people have voted');
		// The facilitator does not vote by default: no ballot in the panel.
		expect(await host.getByRole('button', { name: /^Add a feasibility dot/ }).count()).toBe(0);
		await host.getByRole('button', { name: /^Fit/ }).click();
		await settled(host);
		expect(await seriousViolations(host)).toEqual([]);
		await screenshot(host, '60-votes-board-open');
	});

	it('participants vote from their phones; the fourth feasibility dot is refused with the reason shown', async () => {
		for (const page of phones)
			await page.getByRole('button', { name: /^Add a feasibility dot to question 1:/ }).waitFor({ timeout: 10_000 });
		expect(await seriousViolations(phones[0])).toEqual([]);
		const NAMES = { feasibility: 'Feasibility', desirability: 'Desirability', viability: 'Viability' };
		for (const [i, page] of phones.entries()) {
			const used = { feasibility: 0, desirability: 0, viability: 0 };
			for (const [question, criterion, times] of PLAN[i]) {
				const add = page.getByRole('button', { name: new RegExp(`^Add a ${criterion} dot to question ${question}:`) });
				for (let k = 0; k < times; k++) {
					await add.click();
					used[criterion]++;
					// Each placed dot is confirmed in the polite live region with what is left.
					await expect
						.poll(() => page.getByTestId('dots-left').getByRole('status').textContent())
						.toContain(`${NAMES[criterion]}: ${3 - used[criterion]} of 3 left.`);
				}
			}
		}
		const ade = phones[0];
		await expect.poll(() => ade.getByText('Feasibility: 0 of 3 left', { exact: true }).count()).toBe(1);
		await ade.getByRole('button', { name: /^Add a feasibility dot to question 2:/ }).click();
		await expect
			.poll(() => ade.getByTestId('dots-left').getByRole('status').textContent())
			.toBe('You have used all 3 of your feasibility votes. Take one back to move it.');
		await screenshot(ade, '61-votes-phone-refused');
		// Taking one back frees it again.
		await ade.getByRole('button', { name: /^Take back a feasibility dot from question 1:/ }).click();
		await expect.poll(() => ade.getByText('Feasibility: 1 of 3 left', { exact: true }).count()).toBe(1);
		await ade.getByRole('button', { name: /^Add a feasibility dot to question 1:/ }).click();
		await expect.poll(() => ade.getByText('Feasibility: 0 of 3 left', { exact: true }).count()).toBe(1);

		// Dee votes from the outline view, by keyboard only.
		await desk.getByRole('button', { name: 'Outline' }).click();
		const outlineAdd = desk.getByRole('button', { name: /^Add a feasibility dot to question 4:/ });
		await outlineAdd.focus();
		await desk.keyboard.press('Enter');
		await expect.poll(() => desk.locator('#outline').getByRole('status').first().textContent()).toContain('Feasibility: 2 of 3 left.');
		expect(await seriousViolations(desk)).toEqual([]);
		// Dee's own dot is drawn on the card (nobody else's while hidden).
		await desk.getByRole('button', { name: 'Close panel' }).click();
		await desk.getByRole('button', { name: /^Fit/ }).click();
		await settled(desk);
		// A disc on the card: the canvas reads the vote's dots from what the board handed it (host.annotations).
		await expect.poll(async () => (await drawn(desk, 'dots')).filter((d) => d.radius !== null).length).toBeGreaterThan(0);
		await screenshot(desk, '66-votes-desk-own-dots');

		await expect.poll(() => host.getByTestId('voters').textContent()).toBe('4 people have voted');
		expect(readVoters(probe.doc)).toBe(4);
		// While hidden nobody sees a tally: not the facilitator, not the phones, not the server document.
		expect(readResults(probe.doc)).toBeNull();
		for (const page of [host, ...phones]) expect(await page.getByRole('heading', { name: 'Results' }).count()).toBe(0);
		expect(await seriousViolations(phones[1])).toEqual([]);
		await screenshot(phones[1], '62-votes-phone-ballot');
	});

	it('the facilitator ends and reveals; the ranking, the north star and the chart appear everywhere', async () => {
		await host.getByRole('button', { name: 'End the vote, keep results hidden' }).click();
		await waitFor(() => readRound(probe.doc)?.status === 'closed', 'the round is closed', 10_000);
		await host.getByRole('button', { name: 'Show the results' }).click();
		await waitFor(() => readResults(probe.doc) !== null, 'results published', 10_000);
		const results = readResults(probe.doc)!;
		const totals = Object.values(results.tallies).reduce((s, t) => s + t.feasibility + t.desirability + t.viability, 0);
		expect(totals).toBe(28);
		// Dee is the only voter from Early help: never shown on its own, and School is not shown either, since
		// the totals minus School's dots would be Dee's (secondary suppression, docs/votes.md).
		expect(Object.keys(results.byAgency)).toEqual([]);

		for (const page of [host, ...phones]) {
			await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 10_000 });
			const table = page.getByRole('table', { name: /Questions ranked overall/ });
			const first = table.locator('tbody tr').first();
			// Question 1 took 3+1 F, 3+1 D and 3+2 V: first overall and a north star.
			await expect.poll(() => first.locator('td').last().textContent()).toBe('13');
			expect(await first.getByText('★ North star').count()).toBe(1);
			expect(await page.getByRole('img', { name: /Feasibility against desirability/ }).count()).toBe(1);
			expect(await page.getByText(/No agency is shown on its own/).count()).toBe(1);
			expect(await page.getByText(/Early help/).count()).toBe(0);
		}
		await host.getByRole('radio', { name: 'Viability' }).check();
		await expect.poll(() => host.getByRole('table', { name: 'Questions ranked by viability' }).count()).toBe(1);
		await host.getByRole('radio', { name: 'Overall' }).check();
		// The downloads are the server's exports (one export path): the CSV has the ranking, and no agency
		// column, since none is published.
		const [download] = await Promise.all([host.waitForEvent('download'), host.getByRole('link', { name: 'Download CSV' }).click()]);
		const csv = readFileSync(await download.path(), 'utf8');
		expect(csv.startsWith('\uFEFFRank,Question,Feasibility,Feasibility rank')).toBe(true);
		expect(csv.split('\r\n')[0]).not.toMatch(/voters\): total/);
		expect(csv).not.toContain('Early help');
		expect(await phones[0].getByRole('link', { name: 'Download XLSX' }).getAttribute('href')).toMatch(
			/\/export\/xlsx\?session=.+&table=votes$/
		);
		expect(await seriousViolations(host)).toEqual([]);
		await screenshot(host, '63-votes-board-results');
		await host.getByRole('button', { name: 'Close panel' }).click();
		await host.getByRole('button', { name: /^Fit/ }).click();
		await settled(host);
		await screenshot(host, '64-votes-board-cards');
		for (const [i, page] of phones.entries()) {
			expect(await seriousViolations(page)).toEqual([]);
			if (i === 0) {
				await page.getByRole('img', { name: /Feasibility against desirability/ }).scrollIntoViewIfNeeded();
				await screenshot(page, '65-votes-phone-results');
			}
		}
		expect(errors.flat()).toEqual([]);
	});
});
