import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, join, synced, waitFor, type Client } from '../helpers/clients.js';
import type { TestServer } from '../helpers/server.js';
import { openExerciseForms, outlineRow } from '../helpers/outline.js';
import { readElements, type Frame, type Item } from '../../src/lib/doc/index.js';
import type { Point, Rect } from '../../src/lib/shared/geometry.js';
import { curvedPoints } from '../../src/lib/canvas/render/connector.js';
import { CURVE } from '../../src/lib/templates/causal-loop/style.js';
import { contentsOf } from '../../src/lib/templates/kit/model.js';
import { analyse } from '../../src/lib/templates/causal-loop/analysis.js';
import { drawn, settled } from '../helpers/canvas.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;

const VARIABLES = [
	'Exclusions',
	'Spend on AP places',
	'Pressure on schools',
	'Scrutiny and challenge',
	'Evidence required',
	'Accepted referrals'
];
/** One reinforcing loop (0 → 1 → 2 → 0, all +), one balancing (3 → 4 → 5 → 3, one −), and a bridge 2 → 3. */
const LINKS: [number, number, '+' | '-', boolean][] = [
	[0, 1, '+', false],
	[1, 2, '+', true],
	[2, 0, '+', false],
	[3, 4, '+', false],
	[4, 5, '-', false],
	[5, 3, '+', false],
	[2, 3, '+', false]
];

function exercise(page: Page): Locator {
	return page.locator('#outline section.group', { has: page.getByRole('heading', { name: /^Causal-loop diagram/ }) });
}

suite(unavailable ?? 'two people draw a causal-loop diagram', () => {
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
			body: JSON.stringify({ title: 'Northshire: why do exclusions keep rising?', templates: ['causal-loop'] })
		});
		const board = await res.json();
		const viewer = await join(server.url, board.id, board.links.viewer, 'Probe');
		probe = connect(server.url, board.id, 'content', viewer.sessionToken);
		await synced(probe);
		// Alex facilitates: naming and highlighting a loop change the exercise's frame, which the server
		// keeps for facilitators unless they open the exercise's structure (src/lib/doc/policy.ts).
		for (const [name, agency, link] of [
			['Alex', 'School', board.links.facilitator],
			['Sam', 'Health or CAMHS', board.links.participant]
		]) {
			const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
			contexts.push(context);
			const page = await context.newPage();
			errors.push(watchErrors(page, name));
			await page.goto(link);
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

	const frame = () => readElements(probe.doc).find((e): e is Frame => e.kind === 'frame' && e.template === 'causal-loop')!;
	const loops = () => analyse(contentsOf(frame(), readElements(probe.doc))).loops;

	it('adds six variables and seven signed links by keyboard through the outline, from two browsers', async () => {
		for (const [i, name] of VARIABLES.entries()) {
			const page = pages[i % 2];
			const form = exercise(page).locator('form', { has: page.getByRole('heading', { name: 'Add to this exercise' }) });
			await form.getByLabel('Where').selectOption({ label: 'Variables' });
			// A variable is the one kind the outline adds here (a note would become one anyway): no "What" to choose.
			expect(await form.getByLabel('What').count()).toBe(0);
			await form.getByLabel('Text').fill(name);
			await form.getByLabel('Text').press('Enter');
		}
		await waitFor(
			() => readElements(probe.doc).filter((e) => e.kind === 'item' && e.type === 'variable').length === 6,
			'6 variables',
			10_000
		);
		for (const [i, [a, b, polarity, delay]] of LINKS.entries()) {
			const page = pages[i % 2];
			const form = exercise(page).locator('form', { has: page.getByRole('heading', { name: 'Connect two items' }) });
			await expect.poll(() => form.getByLabel('From').locator('option').count()).toBeGreaterThanOrEqual(7);
			await form.getByLabel('From').selectOption({ label: VARIABLES[a] });
			await form.getByLabel('To').selectOption({ label: VARIABLES[b] });
			await form.getByLabel('Polarity').selectOption(polarity);
			await form.getByLabel('Delay').selectOption(String(delay));
			await form.getByRole('button', { name: 'Connect' }).click();
		}
		await waitFor(() => readElements(probe.doc).filter((e) => e.kind === 'connector').length === LINKS.length, '7 links', 10_000);
		expect(loops().map((l) => `${l.code}: ${l.memberNames.join(' > ')}`)).toEqual([
			'B1: Accepted referrals > Scrutiny and challenge > Evidence required',
			'R1: Exclusions > Spend on AP places > Pressure on schools'
		]);
		await expect
			.poll(async () =>
				(await outlineRow(pages[0], 'Link: Spend on AP places → Pressure on schools, + (same direction), with delay')).count()
			)
			.toBe(1);
		await expect.poll(async () => (await outlineRow(pages[1], /Variable: Exclusions; in loop R1/, 'Variable: Exclusions')).count()).toBe(1);
		for (const page of pages) await page.locator('#outline-search').fill('');
	});

	/** Fits the board in view and finds where board units are on the page (two mouse moves and the cursor `name` publishes). */
	async function calibrate(page: Page, name: string) {
		await page.getByRole('button', { name: /^Fit/ }).click();
		await settled(page);
		// Where the board is on the page: two mouse moves and the cursor the page publishes (board units).
		const box = (await page.locator('[aria-roledescription="whiteboard"]').boundingBox())!;
		const cursorOf = () => {
			for (const state of probe.provider.awareness.getStates().values()) {
				const s = state as { user?: { name?: string }; cursor?: Point | null };
				if (s.user?.name === name && s.cursor) return s.cursor;
			}
			return null;
		};
		const seen: Point[] = [];
		const screens = [
			{ x: box.x + 200, y: box.y + 200 },
			{ x: box.x + 500, y: box.y + 400 }
		];
		for (const p of screens) {
			const before = cursorOf();
			// The cursor is throttled (50 ms) but its latest place is always sent: this single move arrives.
			await page.mouse.move(p.x, p.y);
			await waitFor(
				() => {
					const c = cursorOf();
					return !!c && (!before || c.x !== before.x || c.y !== before.y);
				},
				'the cursor',
				5000
			);
			seen.push(cursorOf()!);
		}
		const scale = (screens[1].x - screens[0].x) / (seen[1].x - seen[0].x);
		const toPage = (b: Point): Point => ({ x: screens[0].x + (b.x - seen[0].x) * scale, y: screens[0].y + (b.y - seen[0].y) * scale });
		const centre = (r: Rect) => toPage({ x: r.x + r.w / 2, y: r.y + r.h / 2 });
		return { toPage, centre };
	}

	/** Drags with the connector tool from one box's centre to another's. */
	async function drawLink(page: Page, a: Point, b: Point) {
		await page.getByRole('button', { name: 'Connector', exact: true }).click();
		await page.mouse.move(a.x, a.y);
		await page.mouse.down();
		await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
		await page.mouse.move(b.x, b.y, { steps: 4 });
		await page.mouse.up();
	}

	it('draws a link on the canvas with the connector tool; it is a + causal link, picked on its curve, and P flips its sign', async () => {
		const page = pages[0];
		const name = 'Alex';
		const byName = (text: string) =>
			readElements(probe.doc).find((e) => e.kind === 'item' && e.type === 'variable' && e.text === text) as Item;
		const from = byName('Exclusions');
		const to = byName('Scrutiny and challenge');
		const { toPage, centre } = await calibrate(page, name);

		await drawLink(page, centre(from), centre(to));
		const drawn = () => readElements(probe.doc).find((e) => e.kind === 'connector' && e.from === from.id && e.to === to.id);
		await waitFor(() => !!drawn(), 'the drawn link', 10_000);
		expect(drawn()!.data).toEqual({ template: 'causal-loop', polarity: '+', delay: false });

		// Pick it on its curve (not on the straight chord), then P flips the sign and D marks a delay.
		await page.keyboard.press('Escape');
		const mid = toPage(curvedPoints(from, to, CURVE).mid);
		await page.mouse.click(mid.x, mid.y);
		await page.keyboard.press('p');
		await waitFor(() => drawn()?.data.polarity === '-', 'the sign flipped by P', 10_000);
		await page.keyboard.press('d');
		await waitFor(() => drawn()?.data.delay === true, 'the delay added by D', 10_000);
		// Gone again, so the rest of the story is the six-variable diagram.
		await page.keyboard.press('Delete');
		await waitFor(() => !drawn(), 'the link deleted', 10_000);
	});

	it('labels on the canvas a loop closed by a link drawn with the connector tool, the loops found in a Web Worker', async () => {
		const page = pages[0];
		const byName = (text: string) =>
			readElements(probe.doc).find((e) => e.kind === 'item' && e.type === 'variable' && e.text === text) as Item;
		const from = byName('Scrutiny and challenge');
		const to = byName('Exclusions');
		const { toPage, centre } = await calibrate(page, 'Alex');
		const codes = async () => (await drawn(page, 'cl-loop-badge')).map((b) => String(b.attrs.loopCode)).sort();
		await expect.poll(codes).toEqual(['B1', 'R1']);
		// The other person has the outline open on the variable the link starts from: it names the loops from its
		// own loop worker's answers.
		const other = pages[1];
		if (!(await other.locator('#outline-search').isVisible())) await other.getByRole('button', { name: 'Outline' }).click();
		await other.locator('#outline-search').fill('Scrutiny and challenge');
		const row = other.locator('#outline [role="treeitem"]', { hasText: 'Variable: Scrutiny and challenge; in loop' });
		const inR2 = async () => /\bR2\b/.test((await row.textContent()) ?? '');
		await expect.poll(() => row.count()).toBe(1);
		expect(await inR2()).toBe(false);
		await drawLink(page, centre(from), centre(to));
		const link = () => readElements(probe.doc).find((e) => e.kind === 'connector' && e.from === from.id && e.to === to.id);
		await waitFor(() => !!link(), 'the drawn link', 10_000);
		// Exclusions → Spend on AP places → Pressure on schools → Scrutiny and challenge → Exclusions, all +: R2.
		await expect.poll(codes).toEqual(['B1', 'R1', 'R2']);
		expect(page.workers().some((w) => /loop-worker/.test(w.url()))).toBe(true);
		await expect.poll(inR2).toBe(true);
		expect(other.workers().some((w) => /loop-worker/.test(w.url()))).toBe(true);
		await expect.poll(async () => (await drawn(page, 'cl-status')).length).toBe(0);
		// Gone again: the loop goes with it.
		await page.keyboard.press('Escape');
		const mid = toPage(curvedPoints(from, to, CURVE).mid);
		await page.mouse.click(mid.x, mid.y);
		await page.keyboard.press('Delete');
		await waitFor(() => !link(), 'the link deleted', 10_000);
		await expect.poll(codes).toEqual(['B1', 'R1']);
		await expect.poll(inR2).toBe(false);
		await other.locator('#outline-search').fill('');
	});

	it('both panels show both loops; naming, highlighting and labelling reach everyone', async () => {
		for (const page of pages) {
			await page.getByRole('button', { name: 'Exercises' }).click();
			await expect.poll(() => page.getByText('2 loops: 1 reinforcing (R), 1 balancing (B).').count()).toBe(1);
		}
		await pages[0].getByLabel('Name of loop R1').fill('Stuck at the high end');
		await pages[0].getByLabel('Name of loop R1').press('Enter');
		await pages[0].getByRole('button', { name: 'Highlight loop R1' }).click();
		await waitFor(() => loops().find((l) => l.code === 'R1')?.name === 'Stuck at the high end', 'the name', 10_000);
		// Every screen labels the loops itself, from the document: nobody keeps them, nothing is stored.
		for (const page of pages) {
			await expect
				.poll(async () => (await drawn(page, 'cl-loop-badge')).map((b) => `${b.attrs.loopCode} ${b.attrs.loopName}`).sort())
				.toEqual(['B1 ', 'R1 Stuck at the high end']);
		}
		expect(readElements(probe.doc).filter((e) => e.kind === 'item' && e.type === 'loop-label')).toEqual([]);
		await expect.poll(() => pages[1].getByLabel('Name of loop R1').inputValue()).toBe('Stuck at the high end');
		await expect.poll(() => pages[1].getByRole('button', { name: 'Highlighted loop R1' }).getAttribute('aria-pressed')).toBe('true');
		await pages[1].getByRole('button', { name: 'Arrange the diagram' }).click();
		// Play: nudge Exclusions up and step twice.
		await pages[1].getByLabel('Nudge').selectOption({ label: 'Exclusions' });
		await pages[1].getByRole('button', { name: 'Step', exact: true }).click();
		await pages[1].getByRole('button', { name: 'Step', exact: true }).click();
		await expect
			.poll(() => pages[1].getByText('Step 2: Spend on AP places goes up, so Pressure on schools goes up (+, after a delay).').count())
			.toBe(1);
	});

	it('is readable and accessible', async () => {
		for (const [i, page] of pages.entries()) {
			await page.getByRole('button', { name: /^Fit/ }).click();
			await settled(page);
			await screenshot(page, `40-causal-loop-${i === 0 ? 'alex' : 'sam'}`);
			expect(await seriousViolations(page)).toEqual([]);
		}
		await pages[0].getByRole('button', { name: 'Close panel' }).click();
		await pages[0].getByRole('button', { name: /^Fit/ }).click();
		await settled(pages[0]);
		await screenshot(pages[0], '41-causal-loop-canvas');
		expect(errors.flat()).toEqual([]);
	});
});
