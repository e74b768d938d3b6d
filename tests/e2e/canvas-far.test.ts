/**
 * A big board zoomed far out, in headless Chromium: plain notes have no Konva nodes there and are drawn by
 * the far shape from a bitmap that a change redraws only where it happened (src/lib/canvas/far.ts). Another
 * participant (a node-side WebsocketProvider) moves a note; the browser must draw it at its new place and
 * no longer at the old one. Pixels are read back from screenshots (test-results/screenshots/far-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, createBoard, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { colourDistance, hexColour, readPng, type Pixels } from '../helpers/png.js';
import type { TestServer } from '../helpers/server.js';
import { addBigBoard } from '../helpers/big-board.js';
import { toPage } from '../helpers/canvas.js';
import { moveBy, readElements, type Note } from '../../src/lib/doc/index.js';
import { getElementsMap } from '../../src/lib/doc/board-doc.js';
import { NOTE_COLORS } from '../../src/lib/shared/colors.js';

const unavailable = e2eUnavailable();
if (unavailable) console.warn(unavailable);
const suite = unavailable ? describe.skip : describe;

const NOTES = 400;

suite(unavailable ?? 'a big board zoomed far out', () => {
	let server: TestServer;
	let browser: Browser;
	let page: Page;
	let mover: Client;
	let errors: string[] = [];

	beforeAll(async () => {
		server = await startAppServer();
		const board = await createBoard(server.url, 'Far out');
		const facilitator = await join(server.url, board.id, board.links.facilitator, 'Alex Morgan', 'Local authority');
		mover = connect(server.url, board.id, 'content', facilitator.sessionToken);
		await synced(mover);
		addBigBoard(mover.doc, NOTES, 80, facilitator.participantId);
		browser = await launch();
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		page = await context.newPage();
		errors = watchErrors(page, 'Sam');
		await page.goto(board.links.participant);
		await page.getByLabel('Your name').fill('Sam');
		await page.getByRole('button', { name: 'Join the board' }).click();
		await page.waitForURL(/\/b\/[a-z0-9]+$/);
		await page.locator('[aria-roledescription="whiteboard"] canvas').first().waitFor({ timeout: 10_000 });
	});

	afterAll(async () => {
		mover?.destroy();
		await browser?.close();
		await server?.stop();
	});

	/** What the far shape draws, and how many note nodes the canvas has built. */
	const drawnFar = () =>
		page.evaluate(() => {
			type Node = { name(): string; getChildren?(): Node[]; notesDrawn?: number };
			const K = (window as unknown as { Konva: { stages: { container(): HTMLElement; find(s: string): Node[] }[] } }).Konva;
			const stage = K.stages.find((s) => s.container().isConnected)!;
			const far = stage.find('.far')[0];
			return { notes: far?.notesDrawn ?? 0, noteNodes: stage.find('.note').length };
		});

	async function colourAt(pixels: Pixels, board: { x: number; y: number }): Promise<[number, number, number]> {
		const p = await toPage(page, board);
		return pixels.at(p.x, p.y);
	}

	it('draws every note of the fitted board with one shape, without a node per note', async () => {
		await waitFor(() => getElementsMap(mover.doc).size >= NOTES, 'the board built');
		await page.waitForFunction(
			(n) => {
				const K = (window as unknown as { Konva: { stages: { container(): HTMLElement; find(s: string): { notesDrawn?: number }[] }[] } })
					.Konva;
				const stage = K.stages.find((s) => s.container().isConnected);
				return (stage?.find('.far')[0]?.notesDrawn ?? 0) >= n;
			},
			NOTES,
			{ timeout: 20_000 }
		);
		const seen = await drawnFar();
		expect(seen.notes).toBe(NOTES);
		expect(seen.noteNodes).toBe(0);
	});

	it('a note another person moves is drawn at its new place and no longer at its old one', async () => {
		const notes = readElements(mover.doc).filter((e): e is Note => e.kind === 'note');
		// A note in the middle of the first row, moved into the empty space below the last row.
		const note = notes.find((n) => n.id === 'big-note-40')!;
		const colour = hexColour(NOTE_COLORS[note.color]);
		const bottom = Math.max(...notes.map((n) => n.y + n.h));
		const centre = { x: note.x + note.w / 2, y: note.y + note.h / 2 };
		const dy = bottom + 2 * note.h - note.y;
		const target = { x: centre.x, y: centre.y + dy };
		const before = readPng(await screenshot(page, 'far-01-before'));
		expect(colourDistance(await colourAt(before, centre), colour)).toBeLessThanOrEqual(10);
		expect(colourDistance(await colourAt(before, target), colour)).toBeGreaterThan(10);

		moveBy(mover.doc, [note.id], 0, dy);
		// Until the browser has drawn it there (each look is a screenshot; no fixed wait).
		let after = before;
		for (let i = 0; i < 50; i++) {
			after = readPng(await screenshot(page, 'far-02-after'));
			if (colourDistance(await colourAt(after, target), colour) <= 10) break;
		}
		expect(colourDistance(await colourAt(after, target), colour)).toBeLessThanOrEqual(10);
		expect(colourDistance(await colourAt(after, centre), colour)).toBeGreaterThan(10);
		expect((await drawnFar()).noteNodes).toBe(0);
	});

	it('a small move another person makes is shown on a patch: the content layer is not drawn again, no empty layer is on the page', async () => {
		const elements = readElements(mover.doc);
		const notes = elements.filter((e): e is Note => e.kind === 'note');
		const linked = new Set(elements.flatMap((e) => (e.kind === 'connector' ? [e.from, e.to] : [])));
		// The lowest note with no connector (its region stays small), moved into the empty space below.
		const bottom = Math.max(...notes.map((n) => n.y + n.h));
		const note = notes.find((n) => n.y + n.h === bottom && !linked.has(n.id))!;
		const colour = hexColour(NOTE_COLORS[note.color]);
		const centre = { x: note.x + note.w / 2, y: note.y + note.h / 2 };
		const dy = 2 * note.h;
		const target = { x: centre.x, y: centre.y + dy };
		await page.evaluate(() => {
			const w = window as unknown as {
				__contentDraws: number;
				Konva: { stages: { container(): HTMLElement; getLayers(): { on(e: string, f: () => void): void }[] }[] };
			};
			w.__contentDraws = 0;
			w.Konva.stages
				.find((s) => s.container().isConnected)!
				.getLayers()[0]
				.on('draw.test', () => w.__contentDraws++);
		});
		const before = readPng(await screenshot(page, 'far-06-before-nudge'));
		expect(colourDistance(await colourAt(before, centre), colour)).toBeLessThanOrEqual(10);
		expect(colourDistance(await colourAt(before, target), colour)).toBeGreaterThan(10);

		moveBy(mover.doc, [note.id], 0, dy);
		let after = before;
		for (let i = 0; i < 50; i++) {
			after = readPng(await screenshot(page, 'far-07-nudged'));
			if (colourDistance(await colourAt(after, target), colour) <= 10) break;
		}
		expect(colourDistance(await colourAt(after, target), colour)).toBeLessThanOrEqual(10);
		// The old place shows the board again (the patch paints the background, not a hole onto the old drawing).
		expect(colourDistance(await colourAt(after, centre), colour)).toBeGreaterThan(10);
		expect(await page.evaluate(() => (window as unknown as { __contentDraws: number }).__contentDraws)).toBe(0);
		// On the page: the content layer and the patch (the drag layer and the overlay are empty, so hidden).
		const canvases = () =>
			page.evaluate(() =>
				[...document.querySelectorAll('[aria-roledescription="whiteboard"] canvas:not(.convene-minimap)')]
					.filter((c) => getComputedStyle(c).display !== 'none')
					.map((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height])
			);
		const shown = await canvases();
		expect(shown).toHaveLength(2);
		expect(shown[1][0] * shown[1][1]).toBeLessThan((shown[0][0] * shown[0][1]) / 4);

		// Selecting the note (a click on it) puts the overlay on the page; letting go of it takes it off again.
		const shownCount = () =>
			page.evaluate(
				() =>
					[...document.querySelectorAll('[aria-roledescription="whiteboard"] canvas:not(.convene-minimap)')].filter(
						(c) => getComputedStyle(c).display !== 'none'
					).length
			);
		const p = await toPage(page, target);
		await page.mouse.click(p.x, p.y);
		await expect.poll(shownCount).toBe(3);
		await page.keyboard.press('Escape');
		await expect.poll(shownCount).toBe(2);
		moveBy(mover.doc, [note.id], 0, -dy);
		let back = after;
		for (let i = 0; i < 50; i++) {
			back = readPng(await screenshot(page, 'far-08-back'));
			if (colourDistance(await colourAt(back, centre), colour) <= 10) break;
		}
		expect(colourDistance(await colourAt(back, centre), colour)).toBeLessThanOrEqual(10);
		expect(colourDistance(await colourAt(back, target), colour)).toBeGreaterThan(10);
		// Moved back, the patch covers the same two places: it does not grow.
		expect((await canvases())[1]).toEqual(shown[1]);
		expect(await page.evaluate(() => (window as unknown as { __contentDraws: number }).__contentDraws)).toBe(0);
	});

	it('with a side panel open the narrower canvas keeps its drawing, follows a move, and draws whole when it widens', async () => {
		const stageWidth = () =>
			page.evaluate(() => {
				const K = (window as unknown as { Konva: { stages: { container(): HTMLElement; width(): number }[] } }).Konva;
				return K.stages.find((s) => s.container().isConnected)!.width();
			});
		const wide = await stageWidth();
		await page.getByRole('button', { name: /^People/ }).click();
		await expect.poll(stageWidth).toBeLessThan(wide);
		// The note moved in the last test goes back to its place (in view on the narrower canvas).
		const note = readElements(mover.doc).find((e): e is Note => e.id === 'big-note-40')!;
		const colour = hexColour(NOTE_COLORS[note.color]);
		const row = readElements(mover.doc).find((e): e is Note => e.id === 'big-note-41')!;
		const home = { x: note.x + note.w / 2, y: row.y + note.h / 2 };
		const away = { x: note.x + note.w / 2, y: note.y + note.h / 2 };
		const narrow = readPng(await screenshot(page, 'far-03-panel'));
		expect(colourDistance(await colourAt(narrow, away), colour)).toBeLessThanOrEqual(10);
		moveBy(mover.doc, [note.id], 0, home.y - away.y);
		let after = narrow;
		for (let i = 0; i < 50; i++) {
			after = readPng(await screenshot(page, 'far-04-panel-moved'));
			if (colourDistance(await colourAt(after, home), colour) <= 10) break;
		}
		expect(colourDistance(await colourAt(after, home), colour)).toBeLessThanOrEqual(10);
		expect(colourDistance(await colourAt(after, away), colour)).toBeGreaterThan(10);
		// Closed again: the canvas is as wide as before and every note is drawn, the far right column too.
		await page.getByRole('button', { name: /^People/ }).click();
		await expect.poll(stageWidth).toBe(wide);
		await expect.poll(async () => (await drawnFar()).notes).toBe(NOTES);
		const last = readElements(mover.doc).find((e): e is Note => e.id === 'big-note-79')!;
		const widened = readPng(await screenshot(page, 'far-05-widened'));
		expect(
			colourDistance(await colourAt(widened, { x: last.x + last.w / 2, y: last.y + last.h / 2 }), hexColour(NOTE_COLORS[last.color]))
		).toBeLessThanOrEqual(10);
		expect(colourDistance(await colourAt(widened, away), colour)).toBeGreaterThan(10);
	});

	it('raised no page errors', () => {
		expect(errors).toEqual([]);
	});
});
