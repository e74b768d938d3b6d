/**
 * The board's first picture (src/early-sync.js, GET /api/boards/:id/picture): a big board zoomed out past
 * readable text is drawn before the app's scripts have even loaded, and the app's canvas takes over with the
 * same view, so every note stays where it was on the screen. The app's scripts are held back to see the page
 * without them; pixels are read from screenshots (test-results/screenshots/picture-*.png), on a laptop's
 * screen and on a phone's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, createBoard, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { colourDistance, hexColour, readPng } from '../helpers/png.js';
import type { TestServer } from '../helpers/server.js';
import { addBigBoard } from '../helpers/big-board.js';
import { settled, toPage, viewOf } from '../helpers/canvas.js';
import { readElements, type Note } from '../../src/lib/doc/index.js';
import { NOTE_COLORS } from '../../src/lib/shared/colors.js';

const unavailable = e2eUnavailable();
if (unavailable) console.warn(unavailable);
const suite = unavailable ? describe.skip : describe;

const NOTES = 400;
const PICTURE = 'canvas[data-first-picture]';

interface Seen {
	view: { x: number; y: number; scale: number };
	left: number;
	top: number;
	notesDrawn: number;
}

suite(unavailable ?? "the board's first picture", () => {
	let server: TestServer;
	let browser: Browser;
	let mover: Client;
	let board: Awaited<ReturnType<typeof createBoard>>;

	beforeAll(async () => {
		server = await startAppServer();
		board = await createBoard(server.url, 'First picture');
		const facilitator = await join(server.url, board.id, board.links.facilitator, 'Alex Morgan', 'Local authority');
		mover = connect(server.url, board.id, 'content', facilitator.sessionToken);
		await synced(mover);
		addBigBoard(mover.doc, NOTES, 80, facilitator.participantId);
		browser = await launch();
	});

	afterAll(async () => {
		mover?.destroy();
		await browser?.close();
		await server?.stop();
	});

	/** A page that has joined the board as Sam, then is loaded again with the app's scripts held until `release`. */
	async function reloadHeld(viewport: { width: number; height: number }, name: string) {
		const context = await browser.newContext({ viewport });
		const page = await context.newPage();
		const errors = watchErrors(page, name);
		await page.goto(board.links.participant);
		await page.getByLabel('Your name').fill(name);
		await page.getByRole('button', { name: 'Join the board' }).click();
		await page.waitForURL(/\/b\/[a-z0-9]+$/);
		await page.locator('[data-status="saved"]').waitFor({ timeout: 20_000 });
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		// Its scripts only: the page's stylesheet holds its first paint.
		await page.route('**/_app/immutable/**/*.js', async (route) => {
			await held;
			await route.continue().catch(() => {});
		});
		await page.reload({ waitUntil: 'commit' });
		return { context, page, errors, release };
	}

	const seenPicture = (page: Page) =>
		page.evaluate(() => {
			const p = (window as unknown as Record<symbol, Seen & { canvas: HTMLCanvasElement }>)[Symbol.for('convene.early-picture')];
			return { view: p.view, left: p.left, top: p.top, notesDrawn: p.notesDrawn };
		});

	for (const [label, viewport] of [
		['a laptop', { width: 1280, height: 800 }],
		['a phone', { width: 390, height: 844 }]
	] as const) {
		it(`on ${label}: drawn before the app loads; the app draws the board in the same place, then removes it`, async () => {
			const { context, page, errors, release } = await reloadHeld(viewport, label === 'a phone' ? 'Priya' : 'Sam');
			await page.locator(PICTURE).waitFor({ state: 'attached', timeout: 15_000 });
			const picture = await seenPicture(page);
			// The app has not run: no canvas of its own, no Konva.
			expect(await page.evaluate(() => 'Konva' in window)).toBe(false);
			const tag = label === 'a phone' ? 'phone' : 'laptop';
			const before = readPng(await screenshot(page, `picture-${tag}-01-before-the-app`));

			const notes = readElements(mover.doc).filter((e): e is Note => e.kind === 'note');
			const onScreen = (n: Note) => ({
				x: picture.left + (n.x + n.w / 2 - picture.view.x) * picture.view.scale,
				y: picture.top + (n.y + n.h / 2 - picture.view.y) * picture.view.scale
			});
			const { x, y, scale } = picture.view;
			const [right, bottom] = [x + viewport.width / scale, y + (viewport.height - picture.top) / scale];
			const inView = notes.filter((n) => n.x + n.w > x && n.x < right && n.y + n.h > y && n.y < bottom);
			// The picture counts the notes in view as the canvas counts what it draws: on a laptop, all of them.
			expect(picture.notesDrawn).toBe(inView.length);
			if (label === 'a laptop') expect(inView).toHaveLength(NOTES);
			else expect(inView.length).toBeGreaterThan(20);
			// Each note is drawn in its colour where the picture puts it (a note is a few pixels wide out here).
			const inside = (p: { x: number; y: number }) =>
				p.x > 2 && p.x < viewport.width - 2 && p.y > picture.top + 2 && p.y < viewport.height - 2;
			const centred = inView.filter((n) => inside(onScreen(n)));
			const sample = centred.filter((_, i) => i % Math.max(1, Math.floor(centred.length / 17)) === 0);
			expect(sample.length).toBeGreaterThan(10);
			for (const n of sample)
				expect(colourDistance(before.at(onScreen(n).x, onScreen(n).y), hexColour(NOTE_COLORS[n.color])), n.id).toBeLessThanOrEqual(10);

			release();
			await page.locator('[data-status="saved"]').waitFor({ timeout: 20_000 });
			await page.locator(PICTURE).waitFor({ state: 'detached', timeout: 20_000 });
			await settled(page);
			const after = readPng(await screenshot(page, `picture-${tag}-02-the-app`));
			// The app started at the picture's view: every note is where the picture drew it, and drawn there by the canvas.
			let compared = 0;
			for (const n of sample) {
				const was = onScreen(n);
				const now = await toPage(page, { x: n.x + n.w / 2, y: n.y + n.h / 2 });
				expect(Math.abs(now.x - was.x), n.id).toBeLessThan(0.5);
				expect(Math.abs(now.y - was.y), n.id).toBeLessThan(0.5);
				// Floating controls (the toolbar, the zoom buttons, the minimap) may cover some of them.
				const covered = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName !== 'CANVAS', now);
				if (covered) continue;
				expect(colourDistance(after.at(now.x, now.y), hexColour(NOTE_COLORS[n.color])), n.id).toBeLessThanOrEqual(10);
				compared++;
			}
			expect(compared).toBeGreaterThan(sample.length / 2);
			// Drawn as the canvas draws a board this far out: by its far shape, with no node per note.
			const drawn = await page.evaluate(() => {
				type Node = { notesDrawn?: number };
				const K = (window as unknown as { Konva: { stages: { container(): HTMLElement; find(s: string): Node[] }[] } }).Konva;
				const stage = K.stages.find((st) => st.container().isConnected)!;
				return { far: stage.find('.far')[0]?.notesDrawn ?? 0, nodes: stage.find('.note').length };
			});
			// (The canvas draws whole cells of its cull grid, so it may draw a few notes just out of view too.)
			expect(drawn.nodes).toBe(0);
			expect(drawn.far).toBeGreaterThanOrEqual(picture.notesDrawn);
			// The picture's fit is the canvas's own ("Fit" shows about the same), though the page guessed where the controls are.
			await page.getByRole('button', { name: 'Fit everything in view' }).click();
			await settled(page);
			const fitted = await viewOf(page);
			expect(Math.abs(fitted.scale / picture.view.scale - 1)).toBeLessThan(0.02);
			expect(errors).toEqual([]);
			await context.close();
		});
	}

	it('is not drawn when it arrives after the app has mounted, and the app fits the board as before', async () => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await context.newPage();
		const errors = watchErrors(page, 'Jo');
		await page.goto(board.links.participant);
		await page.getByLabel('Your name').fill('Jo');
		await page.getByRole('button', { name: 'Join the board' }).click();
		await page.waitForURL(/\/b\/[a-z0-9]+$/);
		await page.locator('[data-status="saved"]').waitFor({ timeout: 20_000 });
		let answered = false;
		await page.route('**/api/boards/*/picture*', async (route) => {
			await waitFor(() => page.locator('[data-status="saved"]').isVisible(), 'the app to have loaded the board', 20_000);
			await route.continue().catch(() => {});
			answered = true;
		});
		await page.reload();
		await waitFor(() => answered, 'the picture to be answered', 20_000);
		await settled(page);
		expect(await page.locator(PICTURE).count()).toBe(0);
		// The board is drawn by the canvas, fitted: its notes are all in view.
		const notes = readElements(mover.doc).filter((e): e is Note => e.kind === 'note');
		const shot = readPng(await screenshot(page, 'picture-03-late'));
		const first = notes[0];
		const at = await toPage(page, { x: first.x + first.w / 2, y: first.y + first.h / 2 });
		expect(colourDistance(shot.at(at.x, at.y), hexColour(NOTE_COLORS[first.color]))).toBeLessThanOrEqual(10);
		expect(errors).toEqual([]);
		await context.close();
	});
});
