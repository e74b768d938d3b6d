/**
 * Running the room with phones and a projector (issue 14): a facilitator on a laptop with all six
 * exercises, a participant on a phone (390×844, touch). The phone lands on the current phase's exercise
 * with its notes' text drawn; its header is one row; its editor is a readable sheet; nothing floats over
 * anything else; "Show" from a full-screen panel closes it. The presenter view follows the facilitator and
 * shows the join QR code, the phase and the timer. And the small ones: Fit shows six exercises at
 * 1400 px clear of the toolbar, Copy says Copied, the join page names the board, viewers see View only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { settled, viewOf } from '../helpers/canvas.js';
import type { TestServer } from '../helpers/server.js';
import { readAgenda, readFollow } from '../../src/lib/doc/control.js';
import { readElements } from '../../src/lib/doc/read.js';
import type { Element, Frame } from '../../src/lib/doc/schema.js';
import { READABLE_SCALE } from '../../src/lib/canvas/viewport.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The text the canvas draws now, as the page shows it: visible Konva Text nodes on screen, with their size on screen. */
async function drawnTexts(page: Page): Promise<{ text: string; px: number }[]> {
	return page.evaluate(() => {
		type Node = {
			isVisible(): boolean;
			text(): string;
			fontSize(): number;
			getAbsoluteScale(): { x: number };
			getClientRect(): { x: number; y: number; width: number; height: number };
		};
		const K = (
			window as unknown as { Konva: { stages: { container(): HTMLElement; width(): number; height(): number; find(s: string): Node[] }[] } }
		).Konva;
		const stage = K.stages.find((s) => s.container().isConnected)!;
		return stage
			.find('Text')
			.filter((t) => t.isVisible() && t.text().trim() !== '')
			.filter((t) => {
				const r = t.getClientRect();
				return r.x + r.width > 0 && r.y + r.height > 0 && r.x < stage.width() && r.y < stage.height();
			})
			.map((t) => ({ text: t.text().replace(/\s+/g, ' ').trim(), px: t.fontSize() * t.getAbsoluteScale().x }));
	});
}

suite(unavailable ?? 'running the room: phones and the presenter view', () => {
	let server: TestServer;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	const errors: string[][] = [];
	let boardId = '';
	let links: { facilitator: string; participant: string; viewer: string };
	let content: Client;
	let control: Client;
	let fac: Page;
	let phone: Page;

	async function enter(link: string, name: string, options: object): Promise<Page> {
		const context = await browser.newContext(options);
		contexts.push(context);
		const page = await context.newPage();
		errors.push(watchErrors(page, name));
		await page.goto(link);
		await page.getByLabel('Your name').fill(name);
		await page.getByLabel('Where you work or who you are here as').selectOption('School');
		await page.getByRole('button', { name: 'Join the board' }).click();
		await page.waitForURL(/\/b\/[a-z0-9]+$/);
		await page.locator('[data-status="saved"]').waitFor({ timeout: 15_000 });
		return page;
	}

	const frames = () => readElements(content.doc).filter((e): e is Frame => e.kind === 'frame');
	const frameOf = (template: string) => frames().find((f) => f.template === template)!;
	const childrenWithText = (frame: Frame) =>
		readElements(content.doc).filter(
			(e): e is Element & { text: string; x: number; y: number; w: number; h: number } =>
				e.parent === frame.id && 'text' in e && typeof e.text === 'string' && e.text.trim().length > 0
		);

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
		const res = await fetch(`${server.url}/api/boards`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				title: 'Northshire: running the room',
				templates: ['players-map', 'iceberg', 'how-might-we', 'causal-loop', 'theory-of-change', 'action-plan'],
				example: true
			})
		});
		const board = await res.json();
		boardId = board.id;
		links = board.links;
		const probe = await join(server.url, boardId, links.viewer, 'Probe');
		content = connect(server.url, boardId, 'content', probe.sessionToken);
		control = connect(server.url, boardId, 'control', probe.sessionToken);
		await Promise.all([synced(content), synced(control)]);
		fac = await enter(links.facilitator, 'Alex', { viewport: { width: 1400, height: 900 } });
		// This laptop made the board: it keeps the links (and so the presenter view's QR code), as the home page does.
		await fac.evaluate(
			([id, l]) =>
				localStorage.setItem(
					'convene:boards',
					JSON.stringify([{ id, title: 'Northshire: running the room', createdAt: Date.now(), links: l }])
				),
			[boardId, links] as const
		);
	}, 60_000);

	afterAll(async () => {
		content?.provider.destroy();
		control?.provider.destroy();
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
	});

	it('Fit shows all six exercises at 1400 px, none under the toolbar', async () => {
		await fac.getByRole('button', { name: /^Fit/ }).click();
		await settled(fac);
		const v = await viewOf(fac);
		const canvasBox = (await fac.locator('[aria-roledescription="whiteboard"]').boundingBox())!;
		const toolbar = (await fac.getByRole('toolbar', { name: 'Tools' }).boundingBox())!;
		const zoom = (await fac.getByRole('group', { name: 'Zoom' }).boundingBox())!;
		expect(frames()).toHaveLength(6);
		for (const f of frames()) {
			const left = v.left + v.x + f.x * v.scale;
			const right = v.left + v.x + (f.x + f.w) * v.scale;
			const top = v.top + v.y + f.y * v.scale;
			const bottom = v.top + v.y + (f.y + f.h) * v.scale;
			expect(left, `${f.template} clear of the toolbar`).toBeGreaterThan(toolbar.x + toolbar.width);
			expect(right).toBeLessThan(canvasBox.x + canvasBox.width);
			expect(top).toBeGreaterThan(canvasBox.y);
			expect(bottom, `${f.template} clear of the zoom buttons`).toBeLessThan(zoom.y);
		}
		await screenshot(fac, 'rp-01-fit-six-1400');
	});

	it('zooming to an exercise keeps its left edge (the plan’s Ref column) clear of the toolbar', async () => {
		const plan = frameOf('action-plan');
		// Select the plan's frame on its title edge and zoom to the selection (Shift+2).
		const v = await viewOf(fac);
		await fac.mouse.click(v.left + v.x + (plan.x + 4) * v.scale, v.top + v.y + (plan.y + plan.h / 2) * v.scale);
		await fac.keyboard.press('Shift+Digit2');
		await settled(fac);
		const after = await viewOf(fac);
		const toolbar = (await fac.getByRole('toolbar', { name: 'Tools' }).boundingBox())!;
		expect(after.scale).toBeGreaterThan(v.scale);
		expect(after.left + after.x + plan.x * after.scale).toBeGreaterThan(toolbar.x + toolbar.width);
		await fac.keyboard.press('Escape');
	});

	it('the facilitator sets the phase; a phone joining lands on that exercise with its notes’ text drawn', async () => {
		await fac.getByRole('button', { name: 'Facilitate' }).click();
		await fac.getByLabel('Phases, one per line').fill('System players\nIceberg\nHow might we…?');
		await fac.getByRole('button', { name: 'Save agenda' }).click();
		await waitFor(() => readAgenda(control.doc).phases.length === 3, 'the agenda', 10_000);
		await fac.getByRole('button', { name: 'Next phase' }).click();
		await waitFor(() => readAgenda(control.doc).current === 1, 'phase 2: Iceberg', 10_000);
		await fac.getByLabel('Minutes').fill('5');
		await fac.getByLabel('What for (optional)').fill('Write below the waterline');
		await fac.getByRole('button', { name: 'Start timer' }).click();
		await fac.getByRole('button', { name: 'Close panel' }).click();

		// The join page names the board before joining.
		const context = await browser.newContext(PHONE);
		contexts.push(context);
		phone = await context.newPage();
		errors.push(watchErrors(phone, 'Sam (phone)'));
		await phone.goto(links.participant);
		await expect.poll(() => phone.getByTestId('join-title').textContent(), { timeout: 10_000 }).toBe('Northshire: running the room');
		expect(await seriousViolations(phone)).toEqual([]);
		await screenshot(phone, 'rp-02-phone-join');
		await phone.getByLabel('Your name').fill('Sam');
		await phone.getByLabel('Where you work or who you are here as').selectOption('School');
		await phone.getByRole('button', { name: 'Join the board' }).click();
		await phone.waitForURL(/\/b\/[a-z0-9]+$/);
		await phone.locator('[data-status="saved"]').waitFor({ timeout: 15_000 });

		const iceberg = frameOf('iceberg');
		await expect.poll(async () => (await viewOf(phone)).scale, { timeout: 10_000 }).toBeGreaterThanOrEqual(READABLE_SCALE - 1e-6);
		await settled(phone);
		const v = await viewOf(phone);
		const box = (await phone.locator('[aria-roledescription="whiteboard"]').boundingBox())!;
		// The Iceberg's top-left corner (its title and first column) is on screen.
		const corner = { x: v.left + v.x + iceberg.x * v.scale, y: v.top + v.y + iceberg.y * v.scale };
		expect(corner.x).toBeGreaterThanOrEqual(box.x - 1);
		expect(corner.x).toBeLessThan(box.x + box.width / 2);
		expect(corner.y).toBeGreaterThanOrEqual(box.y - 1);
		expect(corner.y).toBeLessThan(box.y + box.height / 2);
		// …and not under the "I'm done" toggle floating at the top.
		const ready = (await phone.getByRole('button', { name: "I'm done" }).boundingBox())!;
		expect(corner.y).toBeGreaterThanOrEqual(ready.y + ready.height - 1);
		// Every note of the Iceberg that is on screen has its text drawn, at a size a phone can read.
		const onScreen = childrenWithText(iceberg).filter((e) => {
			const x = v.left + v.x + e.x * v.scale;
			const y = v.top + v.y + e.y * v.scale;
			return x >= box.x && y >= box.y && x + e.w * v.scale <= box.x + box.width && y + e.h * v.scale <= box.y + box.height;
		});
		expect(onScreen.length).toBeGreaterThanOrEqual(2);
		const texts = await drawnTexts(phone);
		for (const e of onScreen) {
			const start = e.text.replace(/\s+/g, ' ').trim().slice(0, 12);
			const drawn = texts.find((t) => t.text.startsWith(start));
			expect(drawn, `the text of “${start}…” is drawn`).toBeTruthy();
			expect(drawn!.px).toBeGreaterThanOrEqual(5);
		}
		await screenshot(phone, 'rp-03-phone-landed-iceberg');
	});

	it('the phone’s header is one row, with the rest in a menu', async () => {
		const header = (await phone.locator('header.topbar').boundingBox())!;
		expect(header.height).toBeLessThanOrEqual(60);
		expect(await phone.getByTestId('timer').isVisible()).toBe(true);
		await phone.getByRole('button', { name: 'Menu' }).click();
		await expect.poll(() => phone.getByRole('button', { name: 'Outline' }).isVisible()).toBe(true);
		expect((await phone.locator('header.topbar').boundingBox())!.height).toBe(header.height);
		expect(await seriousViolations(phone)).toEqual([]);
		await screenshot(phone, 'rp-04-phone-menu');
		await phone.keyboard.press('Escape');
		await expect.poll(() => phone.getByRole('button', { name: 'Outline' }).isVisible()).toBe(false);
	});

	it('editing a note on the phone uses a readable sheet, and the palette is clear of the other controls', async () => {
		// The sticky-note tool, then a tap in an empty part of the Iceberg's first row: a note, its editor open.
		const at = { x: 280, y: 330 };
		const before = new Set(readElements(content.doc).map((e) => e.id));
		await phone.getByRole('button', { name: 'Sticky note' }).click();
		await phone.touchscreen.tap(at.x, at.y);
		await waitFor(() => readElements(content.doc).some((e) => !before.has(e.id) && e.kind === 'note'), 'the new note', 10_000);
		// A double tap on it opens its editor.
		await phone.touchscreen.tap(at.x, at.y);
		await phone.touchscreen.tap(at.x, at.y);
		const area = phone.locator('[aria-roledescription="whiteboard"] textarea');
		await area.waitFor();
		const font = await area.evaluate(
			(el) => parseFloat(getComputedStyle(el).fontSize) * (el.getBoundingClientRect().height / (el as HTMLElement).offsetHeight)
		);
		expect(font).toBeGreaterThanOrEqual(16);
		expect((await area.boundingBox())!.width).toBeGreaterThan(300);
		await phone.keyboard.type('Fewer exclusions (phone)');
		expect(await seriousViolations(phone)).toEqual([]);
		await screenshot(phone, 'rp-05-phone-editor-sheet');
		await phone.locator('.canvas-editor-sheet').getByRole('button', { name: 'Done' }).click();
		await area.waitFor({ state: 'detached' });
		await waitFor(
			() => readElements(content.doc).some((e) => !before.has(e.id) && 'text' in e && e.text === 'Fewer exclusions (phone)'),
			'the note reaches the board',
			10_000
		);

		// The note is still selected: the colour palette shows, and covers neither the tools nor the zoom buttons.
		await phone.touchscreen.tap(at.x, at.y);
		const palette = phone.getByRole('group', { name: 'Note colour' });
		if (await palette.isVisible().catch(() => false)) {
			const p = (await palette.boundingBox())!;
			expect(overlaps(p, (await phone.getByRole('group', { name: 'Zoom' }).boundingBox())!)).toBe(false);
			expect(overlaps(p, (await phone.getByRole('toolbar', { name: 'Tools' }).boundingBox())!)).toBe(false);
			await screenshot(phone, 'rp-06-phone-palette');
		}
		const zoom = (await phone.getByRole('group', { name: 'Zoom' }).boundingBox())!;
		expect(overlaps(zoom, (await phone.getByRole('toolbar', { name: 'Tools' }).boundingBox())!)).toBe(false);
	});

	it('“Show” from a full-screen panel on the phone closes the panel and shows the element, readable', async () => {
		await phone.getByRole('button', { name: 'Menu' }).click();
		await phone.getByRole('button', { name: 'Outline' }).click();
		await phone.locator('#side-panel').waitFor();
		await phone.locator('#side-panel').getByRole('button', { name: /^Show/ }).first().click();
		await phone.locator('#side-panel').waitFor({ state: 'detached' });
		await settled(phone);
		expect((await viewOf(phone)).scale).toBeGreaterThanOrEqual(READABLE_SCALE - 1e-6);
		await screenshot(phone, 'rp-07-phone-shown');
	});

	it('following the facilitator on the phone keeps text readable', async () => {
		await fac.getByRole('button', { name: /^Fit/ }).click();
		await settled(fac);
		await fac.getByRole('button', { name: 'Facilitate' }).click();
		await fac.getByRole('button', { name: 'Everyone follow me' }).click();
		await waitFor(() => readFollow(control.doc) !== null, 'follow me', 10_000);
		await expect.poll(() => phone.getByText('Following Alex').isVisible(), { timeout: 10_000 }).toBe(true);
		await settled(phone);
		expect((await viewOf(phone)).scale).toBeGreaterThanOrEqual(READABLE_SCALE - 1e-6);
		expect((await drawnTexts(phone)).length).toBeGreaterThan(3);
		await screenshot(phone, 'rp-08-phone-following');
	});

	it('the presenter view follows the facilitator and shows the join QR code, the phase and the timer', async () => {
		const present = await fac.context().newPage();
		errors.push(watchErrors(present, 'presenter'));
		await present.setViewportSize({ width: 1600, height: 900 });
		await present.goto(`${server.url}/b/${boardId}/present`);
		await expect.poll(() => present.getByTestId('presenter-phase').textContent(), { timeout: 10_000 }).toMatch(/Phase 2 of 3\s*Iceberg/);
		await expect
			.poll(() => present.getByTestId('presenter-timer').textContent(), { timeout: 10_000 })
			.toMatch(/Write below the waterline\s*\d:\d\d/);
		await present.getByRole('img', { name: 'QR code to join the board' }).waitFor();
		const phaseSize = await present
			.getByTestId('presenter-phase')
			.locator('.name')
			.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(phaseSize).toBeGreaterThanOrEqual(28);

		// The facilitator zooms to the Iceberg while leading: the projector shows the same part of the board.
		const iceberg = frameOf('iceberg');
		const v = await viewOf(fac);
		await fac.getByRole('button', { name: 'Close panel' }).click();
		await fac.mouse.click(v.left + v.x + (iceberg.x + 4) * v.scale, v.top + v.y + (iceberg.y + iceberg.h / 2) * v.scale);
		await fac.keyboard.press('Shift+Digit2');
		await settled(fac);
		await waitFor(
			() => {
				const f = readFollow(control.doc);
				return !!f && Math.abs(f.rect.x + f.rect.w / 2 - (iceberg.x + iceberg.w / 2)) < iceberg.w / 4;
			},
			'the followed view moves to the Iceberg',
			10_000
		);
		await expect
			.poll(
				async () => {
					const p = await viewOf(present);
					const box = (await present.locator('[aria-roledescription="whiteboard"]').boundingBox())!;
					const centre = { x: (box.width / 2 - p.x) / p.scale, y: (box.height / 2 - p.y) / p.scale };
					const rect = readFollow(control.doc)!.rect;
					return Math.hypot(centre.x - (rect.x + rect.w / 2), centre.y - (rect.y + rect.h / 2)) < 40;
				},
				{ timeout: 10_000 }
			)
			.toBe(true);
		expect(await seriousViolations(present)).toEqual([]);
		await screenshot(present, 'rp-09-presenter');
		await present.close();
	});

	it('Copy says Copied and announces it; boards you created come first on the home page', async () => {
		await fac.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
		await fac.getByRole('button', { name: 'Share' }).click();
		await fac.getByRole('button', { name: 'Copy', exact: true }).first().click();
		await expect.poll(() => fac.getByRole('button', { name: 'Copied' }).count()).toBe(1);
		await expect.poll(() => fac.locator('#side-panel [aria-live="polite"]').filter({ hasText: 'copied' }).count()).toBe(1);
		await fac.getByRole('button', { name: 'People' }).click();
		expect(await seriousViolations(fac)).toEqual([]);

		const home = await fac.context().newPage();
		await home.goto(server.url);
		await home.getByRole('heading', { name: 'Boards you created on this device' }).waitFor();
		const headings = await home.getByRole('heading', { level: 2 }).allTextContents();
		expect(headings.indexOf('Boards you created on this device')).toBe(0);
		expect(headings.indexOf('Start a board')).toBeGreaterThan(0);
		await home.close();
	});

	it('a viewer on a phone sees “View only” in the one-row header', async () => {
		const viewer = await enter(links.viewer, 'Robin', PHONE);
		await expect.poll(() => viewer.getByText('View only', { exact: true }).isVisible()).toBe(true);
		expect((await viewer.locator('header.topbar').boundingBox())!.height).toBeLessThanOrEqual(60);
		expect(await seriousViolations(viewer)).toEqual([]);
		// People, full screen on a phone, with someone who joined and is not here now: readable.
		await join(server.url, boardId, links.participant, 'Kim');
		await viewer.getByRole('button', { name: 'Menu' }).click();
		await viewer.getByRole('button', { name: /^People/ }).click();
		await viewer.getByText('not here now', { exact: false }).first().waitFor();
		expect(await seriousViolations(viewer)).toEqual([]);
		await screenshot(viewer, 'rp-11-phone-people');
		await viewer.getByRole('button', { name: 'Close panel' }).click();
		await screenshot(viewer, 'rp-10-phone-viewer');
	});

	it('no page errors', () => {
		expect(errors.flat()).toEqual([]);
	});
});
