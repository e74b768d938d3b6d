/**
 * Private notes written for a place, in three browsers: a facilitator and two participants (one on a
 * 390x844 phone) write privately, each note for an Iceberg cell or a "How might we" column; the
 * facilitator sees how many notes each person has waiting (never the words), reveals, and every note
 * lands in its place, clear of the labels and of each other, on every screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, join, synced, waitFor, type Client } from '../helpers/clients.js';
import type { TestServer } from '../helpers/server.js';
import { openExerciseForms, outlineParent, outlineRow } from '../helpers/outline.js';
import { readElements, type BoxElement, type Frame } from '../../src/lib/doc/index.js';
import { intersects, rectCenter } from '../../src/lib/shared/geometry.js';
import { cellAt, geometry as icebergGeometry } from '../../src/lib/templates/iceberg/layout.js';
import { columnAt, geometry as hmwGeometry } from '../../src/lib/templates/how-might-we/layout.js';
import { openPanel } from '../helpers/canvas.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;

/** What each person writes, and for which place (the option's words in the panel). */
const ALEX = [
	{ text: 'Some staff believe inclusion lowers standards', where: 'Mental Models: Barriers', layer: 4, column: 'barriers' },
	{
		text: 'Managed moves agreed informally between heads',
		where: 'Behavioural Patterns & Incentives: Barriers',
		layer: 2,
		column: 'barriers'
	}
] as const;
const SAM = [
	{ text: 'Trusted adults in every primary school', where: 'Events & Experiences: Drivers', layer: 1, column: 'drivers' },
	{ text: 'High-needs funding follows the EHCP, not the child', where: 'Underlying Structures: Barriers', layer: 3, column: 'barriers' }
] as const;
const QUESTION = 'How might we keep a key adult with each child through a move?';

suite(unavailable ?? 'private notes written for a place', () => {
	let server: TestServer;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	let fac: Page;
	let alex: Page;
	let sam: Page;
	let probe: Client;
	const errors: string[][] = [];

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

	/** Writes a private note for a place chosen by its words in the panel. */
	async function write(page: Page, text: string, where: string | null) {
		if (where) await page.getByLabel('Where is it meant to go?').selectOption({ label: where });
		await page.getByLabel('New note').fill(text);
		await page.getByLabel('New note').press('Enter');
		await page
			.getByRole('status')
			.filter({ hasText: /^Added/ })
			.waitFor({ timeout: 5000 });
	}

	const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
		const res = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'Northshire: beneath the surface', templates: ['iceberg', 'how-might-we'], example: true })
		});
		const board = await res.json();
		const viewer = await join(server.url, board.id, board.links.viewer, 'Probe');
		probe = connect(server.url, board.id, 'content', viewer.sessionToken);
		await synced(probe);
		fac = await enter(board.links.facilitator, 'Fran', 'Local authority education', { width: 1400, height: 900 });
		alex = await enter(board.links.participant, 'Alex', 'School', { width: 1280, height: 800 });
		sam = await enter(board.links.participant, 'Sam', 'Health or CAMHS', { width: 390, height: 844 });
	});

	afterAll(async () => {
		probe?.destroy();
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
	});

	it('participants write notes for a place, the current phase’s exercise first', async () => {
		await fac.getByRole('button', { name: 'Facilitate' }).click();
		await fac.getByLabel('Phases, one per line').fill('Iceberg\nHow might we…?\nVote');
		await fac.getByRole('button', { name: 'Save agenda' }).click();
		await fac.getByRole('button', { name: 'Start private writing' }).click();

		for (const page of [alex, sam]) {
			await page.getByRole('heading', { name: 'Your private notes' }).waitFor({ timeout: 10_000 });
			// The current phase is the Iceberg: its first cell is offered first.
			const place = page.getByLabel('Where is it meant to go?');
			await expect
				.poll(async () => (await place.locator('option:checked').textContent())?.trim(), { timeout: 5000 })
				.toBe('Events & Experiences: Drivers');
		}
		for (const n of ALEX) await write(alex, n.text, n.where);
		// The place stays chosen for the next note.
		expect((await alex.getByLabel('Where is it meant to go?').locator('option:checked').textContent())?.trim()).toBe(ALEX[1].where);
		await write(alex, QUESTION, 'Across school practice');
		for (const n of SAM) await write(sam, n.text, n.where);
		await write(sam, 'Parents are not told their rights', 'Where the facilitator puts it');
		await sam.getByText('3 notes waiting').waitFor({ timeout: 5000 });
		await screenshot(sam, '60-private-notes-for-a-place-phone');
		expect(await seriousViolations(sam)).toEqual([]);
		// Nothing is on the board yet.
		expect(readElements(probe.doc).some((e) => 'text' in e && e.text === ALEX[0].text)).toBe(false);
	});

	it('the facilitator sees how many notes each person has waiting, and not their words', async () => {
		const row = (name: string) => fac.getByRole('row', { name: new RegExp(`^${name}`) });
		await expect.poll(() => row('Alex').getByRole('cell').textContent(), { timeout: 10_000 }).toBe('3');
		await expect.poll(() => row('Sam').getByRole('cell').textContent(), { timeout: 10_000 }).toBe('3');
		await expect.poll(() => fac.getByTestId('waiting-total').textContent(), { timeout: 5000 }).toMatch(/6 notes waiting\s*from 2\s+people/);
		const page = await fac.content();
		for (const n of [...ALEX, ...SAM]) expect(page.includes(n.text), n.text).toBe(false);
		await screenshot(fac, '61-private-notes-waiting-per-person');
		expect(await seriousViolations(fac)).toEqual([]);
	});

	it('reveals every note into its place, clear of labels and of each other, on every screen', async () => {
		await fac.getByRole('button', { name: "Reveal everyone's notes" }).click();
		await fac.getByText('Revealed 6 notes from 2 people.').waitFor({ timeout: 10_000 });
		await waitFor(() => readElements(probe.doc).some((e) => 'text' in e && e.text === QUESTION), 'the revealed notes', 10_000);

		const els = readElements(probe.doc);
		const iceberg = els.find((e): e is Frame => e.kind === 'frame' && e.template === 'iceberg')!;
		const hmw = els.find((e): e is Frame => e.kind === 'frame' && e.template === 'how-might-we')!;
		const g = icebergGeometry(iceberg);
		const byText = (t: string) => els.find((e): e is BoxElement => 'text' in e && e.text === t)!;
		for (const n of [...ALEX, ...SAM]) {
			const el = byText(n.text);
			expect(el.data, n.text).toMatchObject({ layer: n.layer, column: n.column });
			expect(cellAt(g, rectCenter(el)), n.text).toMatchObject({ layer: n.layer, column: n.column });
			for (const chrome of [g.header, g.columnHead, ...g.labels]) expect(intersects(el, chrome), `${n.text} over a label`).toBe(false);
		}
		const inIceberg = els.filter((e): e is BoxElement => e.kind !== 'connector' && e.kind !== 'frame' && e.parent === iceberg.id);
		for (let i = 0; i < inIceberg.length; i++)
			for (let j = i + 1; j < inIceberg.length; j++) expect(intersects(inIceberg[i], inIceberg[j])).toBe(false);
		const q = byText(QUESTION);
		expect(q).toMatchObject({ kind: 'item', type: 'question', parent: hmw.id, data: { category: 'across' } });
		expect(columnAt(hmwGeometry(hmw), rectCenter(q))?.category).toBe('across');
		const loose = byText('Parents are not told their rights');
		expect(els.filter((e): e is BoxElement => e.kind !== 'connector' && e.id !== loose.id && intersects(e, loose))).toEqual([]);

		// Every screen shows each note under its cell or column (the outline groups by section).
		for (const page of [fac, alex, sam]) {
			const close = page.getByRole('button', { name: 'Close panel' });
			if (await close.isVisible()) await close.click();
			await openPanel(page, 'Outline');
			for (const n of [...ALEX, ...SAM])
				await expect.poll(() => outlineParent(page, n.text), { timeout: 10_000 }).toMatch(new RegExp(`^${escapeRe(n.where)}`));
			await expect.poll(() => outlineParent(page, QUESTION), { timeout: 10_000 }).toMatch(/^Across school practice/);
			await page.locator('#outline-search').fill('');
		}
		expect(await seriousViolations(sam)).toEqual([]);

		// Look at them: each screen shows the Iceberg around a revealed note.
		for (const [page, name] of [
			[fac, '62-revealed-in-place-facilitator'],
			[alex, '63-revealed-in-place-alex'],
			[sam, '64-revealed-in-place-phone']
		] as const) {
			await (await outlineRow(page, SAM[1].text)).first().click();
			await page.locator('#outline .current').getByRole('button', { name: /^Show/ }).click();
			// On the phone, "Show" closes the full-screen panel itself.
			if (page === sam) await expect.poll(() => page.locator('#side-panel').count()).toBe(0);
			await page.getByRole('button', { name: 'Zoom out' }).click();
			await screenshot(page, name);
		}
	});

	it('the vote shows what it will ask about, and says why a question written elsewhere is left out', async () => {
		// A "How might we" sticky note in the Iceberg, added through the outline as a keyboard user would.
		await openExerciseForms(fac);
		const group = fac.locator('#outline section.group', { has: fac.getByRole('heading', { name: /^Leveraging the power/ }) });
		const form = group.locator('form', { has: fac.getByRole('heading', { name: 'Add to this exercise' }) });
		await form.getByLabel('Where').selectOption({ label: 'Events & Experiences: Barriers' });
		await form.getByLabel('What').selectOption({ label: 'Sticky note' });
		await form.getByLabel('Text').fill('How might we listen to parents before a suspension?');
		await form.getByLabel('Text').press('Enter');
		await waitFor(
			() => readElements(probe.doc).some((e) => e.kind === 'note' && e.text === 'How might we listen to parents before a suspension?'),
			'the sticky note',
			10_000
		);

		await fac.getByRole('button', { name: 'Close panel' }).click();
		await fac.getByRole('button', { name: /^Vote/ }).click();
		// The revealed question is in the vote (8 from the example + 1); the Iceberg's sticky note is not, and says why.
		await expect.poll(() => fac.getByRole('group', { name: /Questions to vote on \(9 of 9\)/ }).count(), { timeout: 10_000 }).toBe(1);
		await fac
			.getByRole('group', { name: /Questions to vote on/ })
			.getByText(QUESTION)
			.waitFor();
		const leftOut = fac.getByTestId('left-out');
		await leftOut.getByText('How might we listen to parents before a suspension?').waitFor();
		expect(await leftOut.textContent()).toContain('It is a sticky note in The Iceberg, not a question card in a “How might we” board.');
		await leftOut.scrollIntoViewIfNeeded();
		await screenshot(fac, '65-vote-preview-left-out');
		expect(await seriousViolations(fac)).toEqual([]);
		expect(errors.flat()).toEqual([]);
	});
});
