/**
 * The canvas driven by mouse and keyboard in headless Chromium, checked in the shared document by a
 * "probe": a node-side WebsocketProvider joined as a participant, reading the board's `content` doc.
 * Screen positions come from where we clicked ourselves; the board ↔ screen mapping of each browser is
 * measured once through awareness (the cursor it publishes, in board coordinates) at 100% zoom.
 * Pixels are read back from the screenshots (test-results/screenshots/2x-*.png) to check what is drawn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, seriousViolations, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, createBoard, join, synced, waitFor, type Client, type Links } from '../helpers/clients.js';
import { drawnWhen, settled, type CanvasState } from '../helpers/canvas.js';
import { colourDistance, hexColour, readPng, type Pixels } from '../helpers/png.js';
import type { TestServer } from '../helpers/server.js';
import { observeElements, readElements, type Connector, type Element, type Frame, type Note } from '../../src/lib/doc/index.js';
import { NOTE_COLORS } from '../../src/lib/shared/colors.js';

const unavailable = e2eUnavailable();
if (unavailable) console.warn(unavailable);
const suite = unavailable ? describe.skip : describe;

type Point = { x: number; y: number };
type RGB = [number, number, number];

/** One browser's board at 100% zoom: board = container-local screen point + offset. */
interface View {
	page: Page;
	box: { x: number; y: number; width: number; height: number };
	offset: Point;
}

const YELLOW = hexColour(NOTE_COLORS.yellow);

async function joinAs(page: Page, link: string, name: string): Promise<void> {
	await page.goto(link);
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Join the board' }).click();
	await page.waitForURL(/\/b\/[a-z0-9]+$/);
	await page.locator('[aria-roledescription="whiteboard"] canvas').first().waitFor({ timeout: 10_000 });
}

suite(unavailable ?? 'the canvas, driven by mouse and keyboard', () => {
	let server: TestServer;
	let browser: Browser;
	let links: Links;
	let probe: Client;
	let a: View;
	let b: View;
	let viewerPage: Page;
	const contexts: BrowserContext[] = [];
	const errors: string[][] = [];
	// Ids as the steps create them.
	const ids = { n1: '', n2: '', n3: '', n4: '', link: '', frame: '' };

	const elements = (): Element[] => readElements(probe.doc);
	const byId = (id: string): Element | undefined => elements().find((e) => e.id === id);
	const note = (id: string): Note => {
		const el = byId(id);
		if (el?.kind !== 'note') throw new Error(`no note ${id} in the probe's doc`);
		return el;
	};
	const notes = (): Note[] => elements().filter((e): e is Note => e.kind === 'note');
	const until = (check: () => boolean, what: string, ms = 5000) => waitFor(check, `the probe to see ${what}`, ms);

	/** Awareness state of a person, as the probe receives it. */
	function presenceOf(name: string):
		| {
				user: { name: string; color: string };
				cursor: Point | null;
				selection: string[];
				drag: { ids: string[]; dx: number; dy: number } | null;
		  }
		| undefined {
		for (const state of probe.provider.awareness.getStates().values()) {
			if ((state as { user?: { name?: string } }).user?.name === name) return state as never;
		}
		return undefined;
	}

	// Coordinates: A-local (container pixels of browser A) is what the steps are written in.
	const toBoard = (v: View, local: Point): Point => ({ x: local.x + v.offset.x, y: local.y + v.offset.y });
	/** A page point for a board point. */
	const at = (v: View, board: Point): Point => ({ x: v.box.x + board.x - v.offset.x, y: v.box.y + board.y - v.offset.y });
	/** A page point for an A-local point. */
	const atA = (local: Point): Point => ({ x: a.box.x + local.x, y: a.box.y + local.y });
	const centre = (n: { x: number; y: number; w: number; h: number }): Point => ({ x: n.x + n.w / 2, y: n.y + n.h / 2 });

	async function shot(page: Page, name: string): Promise<Pixels> {
		return readPng(await screenshot(page, name));
	}
	/** The pixel nearest in colour to `colour` in a (2r+1)² window around a board point in view `v`. */
	function nearest(px: Pixels, v: View, board: Point, colour: RGB, r = 2): number {
		const p = at(v, board);
		let best = Infinity;
		for (let dx = -r; dx <= r; dx++)
			for (let dy = -r; dy <= r; dy++) best = Math.min(best, colourDistance(px.at(p.x + dx, p.y + dy), colour));
		return best;
	}
	/** The darkest channel-maximum in a 5×5 window: low for lines and text, high for board and notes. */
	function darkest(px: Pixels, v: View, board: Point): number {
		const p = at(v, board);
		let best = 255;
		for (let dx = -2; dx <= 2; dx++) for (let dy = -2; dy <= 2; dy++) best = Math.min(best, Math.max(...px.at(p.x + dx, p.y + dy)));
		return best;
	}
	const isNoteAt = (px: Pixels, v: View, board: Point) => colourDistance(px.at(at(v, board).x, at(v, board).y), YELLOW) <= 10;
	/** A connector's line (slate, or blue-tinted while selected) passes within 2 px of a board point. */
	const lineAt = (px: Pixels, v: View, board: Point) => darkest(px, v, board) < 160;

	/**
	 * Waits until a page's canvas draws the probe's doc (the wait before a screenshot or pixel read): a shown
	 * node per element and no other, each note and frame where the doc has it (notes at their size), notes in
	 * the doc's order; and `also`. Then the frames that draw it.
	 */
	async function drawsDoc(page: Page, what: string, also: (s: CanvasState) => boolean = () => true): Promise<void> {
		await drawnWhen(
			page,
			(s) => {
				const els = elements();
				if (s.nodes.length !== els.length) return false;
				const nodes = new Map(s.nodes.map((n) => [n.id, n]));
				for (const el of els) {
					const n = nodes.get(el.id);
					if (!n?.visible) return false;
					if ((el.kind === 'note' || el.kind === 'frame') && (n.x !== el.x || n.y !== el.y)) return false;
					if (el.kind === 'note' && (Math.abs(n.w - el.w) > 1 || Math.abs(n.h - el.h) > 1)) return false;
				}
				const noteIds = new Set(notes().map((n) => n.id));
				const drawnOrder = s.nodes.filter((n) => noteIds.has(n.id)).map((n) => n.id);
				return drawnOrder.join() === [...noteIds].join() && also(s);
			},
			what
		);
	}

	/**
	 * A round trip through a browser: moves its mouse to a new board point and waits for the probe to get the
	 * cursor there. The page sends that presence after whatever it wrote before, and the server relays a
	 * connection's frames in order: so once it arrives, everything the page sent before has reached the probe.
	 * The wait for a "nothing (more) was written" check.
	 */
	async function roundTripThrough(v: View, name: string, local: Point): Promise<void> {
		await v.page.mouse.move(v.box.x + local.x, v.box.y + local.y);
		const board = toBoard(v, local);
		await until(() => {
			const c = presenceOf(name)?.cursor;
			return !!c && Math.abs(c.x - board.x) < 0.6 && Math.abs(c.y - board.y) < 0.6;
		}, `${name}'s cursor at (${local.x}, ${local.y})`);
	}

	/** Measures where the board is in a page: one mouse move, and the cursor its awareness publishes. */
	async function calibrate(page: Page, name: string): Promise<View> {
		const box = (await page.locator('[aria-roledescription="whiteboard"]').boundingBox())!;
		const points: Point[] = [
			{ x: 600, y: 160 },
			{ x: 700, y: 210 }
		];
		const seen: Point[] = [];
		for (const local of points) {
			const before = presenceOf(name)?.cursor ?? null;
			// The cursor is throttled (50 ms) but its latest place is always sent: this single move arrives.
			await page.mouse.move(box.x + local.x, box.y + local.y);
			await until(() => {
				const c = presenceOf(name)?.cursor;
				return !!c && (!before || c.x !== before.x || c.y !== before.y);
			}, `${name}'s cursor`);
			seen.push(presenceOf(name)!.cursor!);
		}
		// 100% zoom: 100 screen pixels are 100 board units.
		expect(seen[1].x - seen[0].x).toBeCloseTo(100, 0);
		expect(seen[1].y - seen[0].y).toBeCloseTo(50, 0);
		return { page, box, offset: { x: seen[0].x - points[0].x, y: seen[0].y - points[0].y } };
	}

	beforeAll(async () => {
		server = await startAppServer();
		const board = await createBoard(server.url, 'Canvas workout');
		links = board.links;
		const joined = await join(server.url, board.id, links.participant, 'Probe');
		probe = connect(server.url, board.id, 'content', joined.sessionToken);
		browser = await launch();
		const pages: Page[] = [];
		for (const name of ['Alex', 'Sam']) {
			const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
			contexts.push(context);
			const page = await context.newPage();
			errors.push(watchErrors(page, name));
			pages.push(page);
		}
		await Promise.all([synced(probe), joinAs(pages[0], links.participant, 'Alex'), joinAs(pages[1], links.participant, 'Sam')]);
		// The steps lay things out on an empty board (a board made with a title only has no template frames).
		if (elements().length > 0) throw new Error(`expected an empty board, found ${elements().length} elements`);
		for (const page of pages) {
			// 100% zoom, and (because the person touched the view) no automatic zoom-to-fit when content arrives.
			const reset = page.getByRole('button', { name: /^Zoom is .*reset to 100%$/ });
			// From a view at rest: the reset keeps the middle of the view where it is.
			await settled(page);
			await reset.click();
			await page.getByRole('button', { name: /^Zoom is 100%/ }).waitFor({ timeout: 2000 });
			// The reset glides: measure once it has landed.
			await settled(page);
		}
		a = await calibrate(pages[0], 'Alex');
		b = await calibrate(pages[1], 'Sam');
		console.log(`canvas A ${JSON.stringify(a.box)} offset ${JSON.stringify(a.offset)}; B offset ${JSON.stringify(b.offset)}`);
	});

	afterAll(async () => {
		probe?.destroy();
		for (const c of contexts) await c.close();
		await browser?.close();
		await server?.stop();
	});

	it('creates a note with the Sticky note tool and a click, and the text typed into it reaches the doc', async () => {
		const page = a.page;
		await page.getByRole('button', { name: 'Sticky note', exact: true }).click();
		await expect.poll(() => page.getByRole('button', { name: 'Sticky note', exact: true }).getAttribute('aria-pressed')).toBe('true');
		const click = { x: 250, y: 220 };
		await page.mouse.click(atA(click).x, atA(click).y);
		const editor = page.getByRole('textbox', { name: 'Edit note text' });
		await editor.waitFor({ timeout: 2000 });
		await page.keyboard.type('Parents feel unheard by school');
		await page.keyboard.press('Escape');
		await editor.waitFor({ state: 'detached', timeout: 2000 });
		await until(() => notes().some((n) => n.text === 'Parents feel unheard by school'), 'the typed note');
		const n1 = notes()[0];
		ids.n1 = n1.id;
		expect(notes()).toHaveLength(1);
		expect({ w: n1.w, h: n1.h, color: n1.color, parent: n1.parent }).toEqual({ w: 200, h: 160, color: 'yellow', parent: null });
		// Centred where it was clicked.
		const expected = toBoard(a, click);
		expect(Math.abs(centre(n1).x - expected.x)).toBeLessThanOrEqual(1);
		expect(Math.abs(centre(n1).y - expected.y)).toBeLessThanOrEqual(1);
		// The tool went back to select.
		expect(await page.getByRole('button', { name: 'Select and move' }).getAttribute('aria-pressed')).toBe('true');

		await drawsDoc(page, 'the typed note');
		await drawsDoc(b.page, 'the typed note');
		const pa = await shot(page, '2x-01-note-typed-A');
		const pb = await shot(b.page, '2x-01-note-typed-B');
		for (const [px, v] of [
			[pa, a],
			[pb, b]
		] as const) {
			expect(isNoteAt(px, v, { x: n1.x + 10, y: n1.y + 10 })).toBe(true);
			expect(isNoteAt(px, v, { x: n1.x + n1.w - 10, y: n1.y + n1.h - 10 })).toBe(true);
			expect(isNoteAt(px, v, { x: n1.x - 20, y: n1.y + 20 })).toBe(false);
		}
	});

	it('drags a note: others see the drag live through awareness, the doc is written once, on the drop', async () => {
		const page = a.page;
		const before = note(ids.n1);
		const history: Point[] = [{ x: before.x, y: before.y }];
		const stop = observeElements(probe.doc, (changed) => {
			if (!changed.has(ids.n1)) return;
			const now = byId(ids.n1) as Note | undefined;
			const last = history[history.length - 1];
			if (now && (now.x !== last.x || now.y !== last.y)) history.push({ x: now.x, y: now.y });
		});
		let updates = 0;
		const count = () => updates++;
		probe.doc.on('update', count);
		try {
			const from = atA({ x: 250, y: 220 });
			await page.mouse.move(from.x, from.y);
			await page.mouse.down();
			await page.mouse.move(from.x + 50, from.y + 50, { steps: 5 });
			await page.mouse.move(from.x + 100, from.y + 110, { steps: 5 });
			// The drag in progress is published through awareness (where others draw its ghost) ...
			await until(() => {
				const drag = presenceOf('Alex')?.drag;
				return !!drag && drag.ids.includes(ids.n1) && drag.dx === 100 && drag.dy === 110;
			}, "Alex's drag in awareness");
			await drawnWhen(b.page, (s) => s.ghosts.some((g) => g.dx === 100 && g.dy === 110 && g.shapes > 0), "Alex's drag as a ghost");
			await shot(b.page, '2x-02-drag-in-progress-B');
			// ... but nothing is written to the document before the drop.
			expect(updates).toBe(0);
			expect(history).toHaveLength(1);
			expect(note(ids.n1).x).toBe(before.x);
			await page.mouse.up();
			await until(() => history.length >= 2, 'the drop');
			await until(() => presenceOf('Alex')?.drag === null, 'the drag cleared from awareness');
			// Nothing more after the drop: whatever Alex's page wrote by now has reached the probe.
			await roundTripThrough(a, 'Alex', { x: 1100, y: 120 });
			expect(history).toEqual([
				{ x: before.x, y: before.y },
				{ x: before.x + 100, y: before.y + 110 }
			]);
			expect(updates).toBe(1);
		} finally {
			stop();
			probe.doc.off('update', count);
		}
		// The other browser draws it at its new place, and no longer at the old one.
		const moved = note(ids.n1);
		await drawsDoc(b.page, 'the dropped note, and no ghost', (s) => s.ghosts.length === 0);
		const pb = await shot(b.page, '2x-02-dropped-B');
		expect(isNoteAt(pb, b, { x: before.x + 10, y: before.y + 10 })).toBe(false);
		expect(isNoteAt(pb, b, { x: moved.x + moved.w - 10, y: moved.y + moved.h - 10 })).toBe(true);
		expect(isNoteAt(pb, b, { x: moved.x + 10, y: moved.y + 10 })).toBe(true);
	});

	it('connects two notes with the connector tool; the connector follows when one end is dragged', async () => {
		const page = a.page;
		// A second note by double-click on empty board.
		const second = atA({ x: 750, y: 330 });
		await page.mouse.dblclick(second.x, second.y);
		const editor = page.getByRole('textbox', { name: 'Edit note text' });
		await editor.waitFor({ timeout: 2000 });
		await page.keyboard.type('Long waits for CAMHS');
		await page.keyboard.press('Escape');
		await until(() => notes().some((n) => n.text === 'Long waits for CAMHS'), 'the second note');
		ids.n2 = notes().find((n) => n.text === 'Long waits for CAMHS')!.id;

		await page.getByRole('button', { name: 'Connector', exact: true }).click();
		const from = at(a, centre(note(ids.n1)));
		const to = at(a, centre(note(ids.n2)));
		await page.mouse.move(from.x, from.y);
		await page.mouse.down();
		await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2 + 40, { steps: 4 });
		await page.mouse.move(to.x, to.y, { steps: 4 });
		await shot(page, '2x-03-connecting-A');
		await page.mouse.up();
		await until(() => elements().some((e) => e.kind === 'connector'), 'the connector');
		const link = elements().find((e): e is Connector => e.kind === 'connector')!;
		ids.link = link.id;
		expect({ from: link.from, to: link.to }).toEqual({ from: ids.n1, to: ids.n2 });
		expect(await page.getByRole('button', { name: 'Select and move' }).getAttribute('aria-pressed')).toBe('true');
		const n1 = note(ids.n1);
		const oldMiddle = { x: (centre(n1).x + centre(note(ids.n2)).x) / 2, y: (centre(n1).y + centre(note(ids.n2)).y) / 2 };
		await drawsDoc(page, 'the connector');
		let pa = await shot(page, '2x-03-connected-A');
		expect(lineAt(pa, a, oldMiddle)).toBe(true);

		// Drag the second note down and right.
		const n2 = note(ids.n2);
		const grab = at(a, centre(n2));
		await page.mouse.move(grab.x, grab.y);
		await page.mouse.down();
		await page.mouse.move(grab.x + 25, grab.y + 75, { steps: 4 });
		await page.mouse.move(grab.x + 50, grab.y + 150, { steps: 4 });
		await page.mouse.up();
		await until(() => note(ids.n2).x === n2.x + 50 && note(ids.n2).y === n2.y + 150, 'the second note moved');
		const after = byId(ids.link) as Connector;
		expect({ from: after.from, to: after.to }).toEqual({ from: ids.n1, to: ids.n2 });
		const newMiddle = { x: (centre(n1).x + centre(note(ids.n2)).x) / 2, y: (centre(n1).y + centre(note(ids.n2)).y) / 2 };
		await drawsDoc(page, 'the moved end');
		await drawsDoc(b.page, 'the moved end');
		pa = await shot(page, '2x-03-end-moved-A');
		const pb = await shot(b.page, '2x-03-end-moved-B');
		for (const [px, v] of [
			[pa, a],
			[pb, b]
		] as const) {
			expect(lineAt(px, v, newMiddle)).toBe(true);
			expect(lineAt(px, v, oldMiddle)).toBe(false);
		}
	});
	it('marquee-selects two notes on empty board and deletes them (and the connector between them) with Delete', async () => {
		const page = a.page;
		const start = atA({ x: 130, y: 200 });
		const end = atA({ x: 950, y: 600 });
		expect(byId(ids.n1) && byId(ids.n2) && byId(ids.link)).toBeTruthy();
		await page.mouse.move(start.x, start.y);
		await page.mouse.down();
		await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 4 });
		await page.mouse.move(end.x, end.y, { steps: 4 });
		await until(() => (presenceOf('Alex')?.selection.length ?? 0) === 3, "Alex's marquee selection");
		expect(new Set(presenceOf('Alex')!.selection)).toEqual(new Set([ids.n1, ids.n2, ids.link]));
		await drawnWhen(page, (s) => s.selection === 3, 'the marquee selection');
		await shot(page, '2x-04-marquee-A');
		await page.mouse.up();
		await page.keyboard.press('Delete');
		await until(() => elements().length === 0, 'both notes and the connector deleted');
		await drawsDoc(b.page, 'the deletion');
		const pb = await shot(b.page, '2x-04-deleted-B');
		expect(isNoteAt(pb, b, { x: 500, y: 0 })).toBe(false);
	});

	it("undo brings them back for everyone, and undoes only this person's changes", async () => {
		const page = a.page;
		await page.keyboard.press('Control+z');
		await until(() => !!byId(ids.n1) && !!byId(ids.n2) && !!byId(ids.link), 'the deleted elements back');
		const n1 = note(ids.n1);
		const n2 = note(ids.n2);
		expect(n1.text).toBe('Parents feel unheard by school');
		expect({ from: (byId(ids.link) as Connector).from, to: (byId(ids.link) as Connector).to }).toEqual({ from: ids.n1, to: ids.n2 });
		await drawsDoc(b.page, 'the undone deletion');
		const pb = await shot(b.page, '2x-05-undone-B');
		expect(isNoteAt(pb, b, { x: n1.x + 10, y: n1.y + 10 })).toBe(true);
		expect(isNoteAt(pb, b, { x: n2.x + 10, y: n2.y + 10 })).toBe(true);

		// Sam adds a note of their own.
		const place = at(b, toBoard(a, { x: 1000, y: 250 }));
		await b.page.mouse.dblclick(place.x, place.y);
		const editor = b.page.getByRole('textbox', { name: 'Edit note text' });
		await editor.waitFor({ timeout: 2000 });
		await b.page.keyboard.type('Transport to school');
		await b.page.keyboard.press('Escape');
		await until(() => notes().some((n) => n.text === 'Transport to school'), "Sam's note");
		ids.n3 = notes().find((n) => n.text === 'Transport to school')!.id;

		// Alex undoes, one step at a time, everything Alex did; Sam's note stays.
		let changes = 0;
		const stop = observeElements(probe.doc, () => changes++);
		/** Presses a key until `done()`, each press waiting for the change it makes to reach the probe. */
		const pressUntil = async (key: string, done: () => boolean, what: string) => {
			for (let i = 0; i < 12 && !done(); i++) {
				const before = changes;
				await page.keyboard.press(key);
				await until(() => changes > before, `a change from ${key} (${what})`, 2000);
			}
			expect(done(), what).toBe(true);
		};
		try {
			await pressUntil('Control+z', () => elements().length === 1, "only Sam's note left");
			expect(note(ids.n3).text).toBe('Transport to school');
			await drawsDoc(page, "only Sam's note");
			await shot(page, '2x-05-all-undone-A');
			// Redo puts Alex's work back step by step (one more would redo the deletion undone above).
			const restored = () =>
				elements().length === 4 &&
				byId(ids.link)?.kind === 'connector' &&
				note(ids.n2).x === n2.x &&
				note(ids.n2).y === n2.y &&
				note(ids.n2).text === n2.text;
			await pressUntil('Control+Shift+z', restored, 'everything redone');
		} finally {
			stop();
		}
		expect(note(ids.n1)).toMatchObject({ x: n1.x, y: n1.y, text: n1.text });
		expect(byId(ids.link)).toMatchObject({ from: ids.n1, to: ids.n2 });
		expect(note(ids.n3).text).toBe('Transport to school');
		await drawsDoc(page, 'everything redone');
		await shot(page, '2x-05-redone-A');
	});

	it("shift-click selects two notes, Ctrl+D duplicates both, and '[' and ']' send them back and to the front", async () => {
		const page = a.page;
		const one = at(a, { x: note(ids.n1).x + 40, y: note(ids.n1).y + 20 });
		const three = at(a, { x: note(ids.n3).x + 40, y: note(ids.n3).y + 20 });
		await page.mouse.click(one.x, one.y);
		await page.keyboard.down('Shift');
		await page.mouse.click(three.x, three.y);
		await page.keyboard.up('Shift');
		await until(() => new Set(presenceOf('Alex')?.selection).size === 2, 'the two selected');
		expect(new Set(presenceOf('Alex')!.selection)).toEqual(new Set([ids.n1, ids.n3]));

		await page.keyboard.press('Control+d');
		await until(() => notes().length === 5, 'two copies');
		const originals = new Set([ids.n1, ids.n2, ids.n3, ids.link]);
		const copies = notes().filter((n) => !originals.has(n.id));
		expect(copies.map((c) => c.text).sort()).toEqual(['Parents feel unheard by school', 'Transport to school']);
		for (const copy of copies) {
			const source = note(copy.text === 'Transport to school' ? ids.n3 : ids.n1);
			expect({ x: copy.x, y: copy.y, w: copy.w, h: copy.h }).toEqual({ x: source.x + 24, y: source.y + 24, w: source.w, h: source.h });
		}
		const copyIds = new Set(copies.map((c) => c.id));
		const order = () => elements().map((e) => e.id);
		// New copies are on top, and selected.
		expect(new Set(order().slice(-2))).toEqual(copyIds);
		await until(
			() => new Set(presenceOf('Alex')?.selection).size === 2 && presenceOf('Alex')!.selection.every((id) => copyIds.has(id)),
			'the copies selected'
		);
		await drawsDoc(page, 'the copies, selected', (s) => s.selection === 2);
		await shot(page, '2x-06-duplicated-A');

		await page.keyboard.press('[');
		await until(
			() =>
				order()
					.slice(0, 2)
					.every((id) => copyIds.has(id)),
			'the copies at the bottom'
		);
		await drawsDoc(page, 'the copies at the bottom');
		const back = await shot(page, '2x-06-sent-back-A');
		// Where the copy of Sam's note overlaps the original's bottom edge, the original's shadow now shows
		// over the copy; once the copies are in front again, the copy covers it.
		const n3 = note(ids.n3);
		const edge = { x: n3.x + 150, y: n3.y + n3.h + 1 };
		const colourAt = (px: Pixels, board: Point) => px.at(at(a, board).x, at(a, board).y);
		expect(colourDistance(colourAt(back, edge), YELLOW)).toBeGreaterThan(15);
		await page.keyboard.press(']');
		await until(
			() =>
				order()
					.slice(-2)
					.every((id) => copyIds.has(id)),
			'the copies on top again'
		);
		await drawsDoc(page, 'the copies on top');
		const front = await shot(page, '2x-06-brought-front-A');
		expect(colourDistance(colourAt(front, edge), YELLOW)).toBeLessThanOrEqual(10);
		await page.keyboard.press('Delete');
		await until(() => notes().length === 3, 'the copies deleted');
	});

	it('frame tool: drag out a frame, a note made inside it belongs to it, and dragging the title moves both', async () => {
		const page = a.page;
		await page.getByRole('button', { name: 'Frame', exact: true }).click();
		const from = atA({ x: 120, y: 450 });
		const to = atA({ x: 560, y: 690 });
		await page.mouse.move(from.x, from.y);
		await page.mouse.down();
		await page.mouse.move(from.x + 200, from.y + 100, { steps: 4 });
		await page.mouse.move(to.x, to.y, { steps: 4 });
		await page.mouse.up();
		await until(() => elements().some((e) => e.kind === 'frame'), 'the frame');
		// The new frame's title editor is open; Escape keeps "Frame".
		await page.getByRole('textbox', { name: 'Edit frame title' }).waitFor({ timeout: 2000 });
		await page.keyboard.press('Escape');
		const frame = elements().find((e): e is Frame => e.kind === 'frame')!;
		ids.frame = frame.id;
		const origin = toBoard(a, { x: 120, y: 450 });
		expect({ x: frame.x, y: frame.y, w: frame.w, h: frame.h, title: frame.title }).toEqual({
			x: origin.x,
			y: origin.y,
			w: 440,
			h: 240,
			title: 'Frame'
		});
		// Frames go to the bottom.
		expect(elements()[0].id).toBe(frame.id);

		await page.getByRole('button', { name: 'Sticky note', exact: true }).click();
		const inside = atA({ x: 300, y: 570 });
		await page.mouse.click(inside.x, inside.y);
		await page.getByRole('textbox', { name: 'Edit note text' }).waitFor({ timeout: 2000 });
		await page.keyboard.type('Exclusion letters');
		await page.keyboard.press('Escape');
		await until(() => notes().some((n) => n.text === 'Exclusion letters'), 'the note in the frame');
		const n4 = notes().find((n) => n.text === 'Exclusion letters')!;
		ids.n4 = n4.id;
		expect(n4.parent).toBe(frame.id);

		// Drag the frame by its title (above its top-left corner).
		const title = at(a, { x: frame.x + 20, y: frame.y - 12 });
		await page.mouse.move(title.x, title.y);
		await page.mouse.down();
		await page.mouse.move(title.x + 20, title.y + 5, { steps: 3 });
		await page.mouse.move(title.x + 40, title.y + 10, { steps: 3 });
		await page.mouse.up();
		await until(() => (byId(ids.frame) as Frame).x === frame.x + 40, 'the frame moved');
		expect(byId(ids.frame)).toMatchObject({ x: frame.x + 40, y: frame.y + 10, w: 440, h: 240 });
		expect(note(ids.n4)).toMatchObject({ x: n4.x + 40, y: n4.y + 10, parent: frame.id });
		await drawsDoc(b.page, 'the moved frame');
		const pb = await shot(b.page, '2x-07-frame-moved-B');
		expect(isNoteAt(pb, b, { x: n4.x + 40 + 10, y: n4.y + 10 + 10 })).toBe(true);
	});

	it('arrow keys nudge the selected note by 10 board units, 50 with Shift', async () => {
		const page = a.page;
		const n1 = note(ids.n1);
		const p = at(a, { x: n1.x + 40, y: n1.y + 20 });
		await page.mouse.click(p.x, p.y);
		await until(() => presenceOf('Alex')?.selection.join() === ids.n1, 'the first note selected');
		await page.keyboard.press('ArrowRight');
		await until(() => note(ids.n1).x === n1.x + 10, 'a nudge right');
		expect(note(ids.n1).y).toBe(n1.y);
		await page.keyboard.press('Shift+ArrowDown');
		await until(() => note(ids.n1).y === n1.y + 50, 'a long nudge down');
		await page.keyboard.press('ArrowLeft');
		await page.keyboard.press('ArrowUp');
		await until(() => note(ids.n1).x === n1.x && note(ids.n1).y === n1.y + 40, 'nudges left and up');
	});

	it("resizes a note with the transformer's corner handle", async () => {
		const page = a.page;
		const n3 = note(ids.n3);
		const p = at(a, { x: n3.x + 40, y: n3.y + 20 });
		await page.mouse.click(p.x, p.y);
		await until(() => presenceOf('Alex')?.selection.join() === ids.n3, "Sam's note selected");
		await drawnWhen(
			page,
			(s) => s.transformer !== null && Math.abs(s.transformer.x - n3.x) < 1 && Math.abs(s.transformer.w - n3.w) < 1,
			"the resize handles on Sam's note"
		);
		await shot(page, '2x-09-transformer-A');
		const corner = at(a, { x: n3.x + n3.w, y: n3.y + n3.h });
		await page.mouse.move(corner.x, corner.y);
		await page.mouse.down();
		await page.mouse.move(corner.x + 30, corner.y + 25, { steps: 3 });
		await page.mouse.move(corner.x + 60, corner.y + 50, { steps: 3 });
		await page.mouse.up();
		await until(() => note(ids.n3).w > 200, 'the larger note');
		const resized = note(ids.n3);
		expect(resized.x).toBe(n3.x);
		expect(resized.y).toBe(n3.y);
		expect(Math.abs(resized.w - 260)).toBeLessThanOrEqual(2);
		expect(Math.abs(resized.h - 210)).toBeLessThanOrEqual(2);
		await drawsDoc(b.page, 'the resized note');
		const pb = await shot(b.page, '2x-09-resized-B');
		expect(isNoteAt(pb, b, { x: resized.x + resized.w - 10, y: resized.y + resized.h - 10 })).toBe(true);
	});

	it('has no serious accessibility violations on a busy board', async () => {
		expect(await seriousViolations(a.page)).toEqual([]);
	});

	it('a viewer gets no note tool, and a double-click on the board makes nothing', async () => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		contexts.push(context);
		viewerPage = await context.newPage();
		errors.push(watchErrors(viewerPage, 'viewer'));
		await joinAs(viewerPage, links.viewer, 'Vic');
		await until(() => !!presenceOf('Vic'), 'the viewer online');
		const toolbar = viewerPage.getByRole('toolbar', { name: 'Tools' });
		await toolbar.getByRole('button', { name: 'Select and move' }).waitFor();
		expect(await toolbar.getByRole('button', { name: 'Sticky note', exact: true }).count()).toBe(0);
		expect(await toolbar.getByRole('button', { name: 'Undo' }).count()).toBe(0);
		const count = elements().length;
		let updates = 0;
		const onUpdate = () => updates++;
		probe.doc.on('update', onUpdate);
		try {
			const box = (await viewerPage.locator('[aria-roledescription="whiteboard"]').boundingBox())!;
			// Just below the top edge: inside the padding that zoom-to-fit keeps empty.
			await viewerPage.mouse.dblclick(box.x + box.width / 2, box.y + 24);
			await viewerPage.keyboard.press('n');
			await viewerPage.mouse.click(box.x + box.width / 2 + 100, box.y + 24);
			// A round trip through the viewer's page: a cursor sent after the clicks reaches the probe, so whatever
			// the page sent before it has too. Where it lands on the board comes from the view the viewer publishes.
			const local = { x: box.width / 2 - 100, y: 40 };
			await viewerPage.mouse.move(box.x + local.x, box.y + local.y);
			await until(() => {
				const p = presenceOf('Vic') as { cursor: Point | null; viewport?: { x: number; y: number; scale: number } } | undefined;
				if (!p?.cursor || !p.viewport) return false;
				const board = { x: p.viewport.x + local.x / p.viewport.scale, y: p.viewport.y + local.y / p.viewport.scale };
				return Math.abs(p.cursor.x - board.x) < 0.6 && Math.abs(p.cursor.y - board.y) < 0.6;
			}, "the viewer's cursor after the clicks");
			expect(await viewerPage.getByRole('textbox').count()).toBe(0);
			expect(updates).toBe(0);
			expect(elements()).toHaveLength(count);
		} finally {
			probe.doc.off('update', onUpdate);
		}
		await shot(viewerPage, '2x-10-viewer');
	});

	it("presence: others get Alex's cursor in board coordinates and selection, and Sam's canvas draws them", async () => {
		const page = a.page;
		const n1 = note(ids.n1);
		const grab = at(a, { x: n1.x + 40, y: n1.y + 20 });
		await page.mouse.click(grab.x, grab.y);
		await until(() => presenceOf('Alex')?.selection.join() === ids.n1, "Alex's selection");
		const local = { x: 620, y: 180 };
		await roundTripThrough(a, 'Alex', local);
		const board = toBoard(a, local);
		const { color } = presenceOf('Alex')!.user;
		await drawnWhen(
			b.page,
			(s) =>
				s.cursors.some((c) => c.user === `Alex|${color}` && c.visible && Math.abs(c.x - board.x) < 0.6 && Math.abs(c.y - board.y) < 0.6) &&
				s.outlines.some((o) => o.colour === color && Math.abs(o.x - (n1.x - 5)) < 1 && Math.abs(o.y - (n1.y - 5)) < 1),
			"Alex's cursor and selection"
		);
		const pb = await shot(b.page, '2x-11-presence-B');
		const colour = hexColour(color);
		// The pointer arrow is filled with Alex's colour just below its tip ...
		expect(nearest(pb, b, { x: board.x + 3, y: board.y + 10 }, colour, 1)).toBeLessThanOrEqual(24);
		// ... and Alex's selection is outlined in that colour, 5 px outside the note.
		expect(nearest(pb, b, { x: n1.x - 5, y: n1.y + n1.h / 2 }, colour, 2)).toBeLessThanOrEqual(24);
		// Nothing in that colour where Alex is not.
		expect(nearest(pb, b, { x: board.x + 3, y: board.y + 80 }, colour, 1)).toBeGreaterThan(60);
	});

	it('raised no page errors and no Content-Security-Policy violations', () => {
		expect(errors.flat()).toEqual([]);
	});
});
