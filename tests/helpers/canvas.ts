/**
 * Reading and driving the board's canvas in a page, as a person sees it: where a board point is on the
 * page (from the stage's own transform), what the canvas has drawn (Konva nodes by name), and the
 * gestures (double-click or double-tap, drag, the connector tool) at board points.
 */
import type { Page } from 'playwright-core';
import type { Point } from '../../src/lib/shared/geometry.js';

/** The stage's transform now: page = container + stage position + board × scale. */
export async function viewOf(page: Page): Promise<{ left: number; top: number; x: number; y: number; scale: number }> {
	return page.evaluate(() => {
		const K = (window as unknown as { Konva: { stages: { container(): HTMLElement; x(): number; y(): number; scaleX(): number }[] } })
			.Konva;
		const stage = K.stages.find((s) => s.container().isConnected)!;
		const r = stage.container().getBoundingClientRect();
		return { left: r.left, top: r.top, x: stage.x(), y: stage.y(), scale: stage.scaleX() };
	});
}

/** Where a board point is on the page now. */
export async function toPage(page: Page, board: Point): Promise<Point> {
	const v = await viewOf(page);
	return { x: v.left + v.x + board.x * v.scale, y: v.top + v.y + board.y * v.scale };
}

/**
 * Resolves once the page has run two animation frames. Konva draws a change on the animation frame after
 * it (batchDraw), and an animated zoom moves the view on every frame: so what the canvas held when this was
 * called has been drawn, and a view that is the same before and after is not moving.
 */
export async function nextFrames(page: Page): Promise<void> {
	await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** Waits until the view stops moving (an animated zoom has landed): the same transform across two drawn frames. */
export async function settled(page: Page): Promise<void> {
	let last = JSON.stringify(await viewOf(page));
	for (let i = 0; i < 200; i++) {
		await nextFrames(page);
		const now = JSON.stringify(await viewOf(page));
		if (now === last) return;
		last = now;
	}
	throw new Error('the view never settled');
}

/** What a page's canvas holds to draw now, read from its Konva nodes (board units). */
export interface CanvasState {
	/** One per element node (the `elementId` the scene sets on it), in draw order: its position (a box's top-left), drawn size, layer. */
	nodes: { id: string; x: number; y: number; w: number; h: number; visible: boolean; layer: number }[];
	/** Outlines of this person's own selection (the `selection` group's shapes). */
	selection: number;
	/** Whether the resize handles are shown, and the box they hold. */
	transformer: { x: number; y: number; w: number; h: number } | null;
	/** Others' cursors: `name|colour`, the board point, whether shown. */
	cursors: { user: string; x: number; y: number; visible: boolean }[];
	/** Others' drags in progress: the ghost's offset and how many shapes it shows. */
	ghosts: { dx: number; dy: number; shapes: number }[];
	/** Others' selection outlines: colour and box. */
	outlines: { colour: string; x: number; y: number; w: number; h: number }[];
}

export async function canvasState(page: Page): Promise<CanvasState> {
	return page.evaluate(() => {
		type Box = { x: number; y: number; width: number; height: number };
		type Node = {
			getAttr(name: string): unknown;
			x(): number;
			y(): number;
			opacity(): number;
			isVisible(): boolean;
			getLayer(): unknown;
			getChildren(): Node[];
			getClassName(): string;
			getClientRect(o: object): Box;
			findAncestor(selector: string): unknown;
			findOne(selector: string): Node | undefined;
			nodes?: () => Node[];
			stroke?: () => string;
		};
		type Stage = { container(): HTMLElement; find(s: string | ((n: Node) => boolean)): Node[]; getLayers(): unknown[] };
		const K = (window as unknown as { Konva: { stages: Stage[] } }).Konva;
		const stage = K.stages.find((s) => s.container().isConnected)!;
		const rect = (n: Node) => {
			const r = n.getClientRect({ relativeTo: stage, skipShadow: true, skipStroke: true });
			return { x: r.x, y: r.y, w: r.width, h: r.height };
		};
		const nodes = stage
			// Not the copies a ghost of someone's drag is drawn with.
			.find((n) => typeof n.getAttr('elementId') === 'string' && !n.findAncestor('.presence'))
			.map((n) => {
				// A note's size is its body's (its shadow sits 3 px lower).
				const { w, h } = rect(n.findOne('.body') ?? n);
				return {
					id: n.getAttr('elementId') as string,
					x: n.x(),
					y: n.y(),
					w,
					h,
					visible: n.isVisible(),
					layer: stage.getLayers().indexOf(n.getLayer())
				};
			});
		const own = stage.find('.selection')[0];
		const handles = stage.find('Transformer').find((t) => t.isVisible() && (t.nodes?.().length ?? 0) > 0);
		const presence = stage.find('.presence')[0];
		const cursors: { user: string; x: number; y: number; visible: boolean }[] = [];
		const ghosts: { dx: number; dy: number; shapes: number }[] = [];
		const outlines: { colour: string; x: number; y: number; w: number; h: number }[] = [];
		for (const group of presence?.getChildren() ?? []) {
			const user = group.getAttr('userKey');
			if (typeof user === 'string') cursors.push({ user, x: group.x(), y: group.y(), visible: group.isVisible() });
			else if (group.opacity() < 1) {
				if (group.isVisible() && group.getChildren().length > 0)
					ghosts.push({ dx: group.x(), dy: group.y(), shapes: group.getChildren().length });
			} else if (group.isVisible())
				for (const shape of group.getChildren())
					if (shape.getClassName() === 'Rect') outlines.push({ colour: shape.stroke!(), ...rect(shape) });
		}
		return {
			nodes,
			selection: own ? own.getChildren().filter((c) => c.isVisible()).length : 0,
			transformer: handles ? rect(handles.nodes!()[0]) : null,
			cursors,
			ghosts,
			outlines
		};
	});
}

/**
 * Waits until the page's canvas holds what `shows` expects (its Konva nodes, the state it draws), then
 * for the frames that draw it: the wait before a screenshot or a pixel read.
 */
export async function drawnWhen(page: Page, shows: (state: CanvasState) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const start = Date.now();
	let state = await canvasState(page);
	while (!shows(state)) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for the canvas to draw ${what}: ${JSON.stringify(state)}`);
		await nextFrames(page);
		state = await canvasState(page);
	}
	await nextFrames(page);
}

/**
 * Brings a frame into view the way a person with a keyboard does: fit everything (Shift+1), pan with
 * Space + drag until the frame's edge is in view (a phone cannot fit a wide board), click the edge to
 * select the frame, zoom to the selection (Shift+2).
 */
export async function zoomToFrame(page: Page, frame: { x: number; y: number; w: number; h: number }): Promise<void> {
	await page.keyboard.press('Escape');
	// The Fit button (Shift+1 on a keyboard): a phone has no keyboard to press it with.
	await page.locator('button[title^="Zoom to fit"]').click();
	await settled(page);
	const box = (await page.locator('[aria-roledescription="whiteboard"]').boundingBox())!;
	const middle = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
	let edge = await toPage(page, { x: frame.x, y: frame.y + frame.h / 2 });
	if (edge.x < box.x + 20 || edge.x > box.x + box.width - 20) {
		await page.keyboard.down('Space');
		await page.mouse.move(middle.x, middle.y);
		await page.mouse.down();
		await page.mouse.move(middle.x + (middle.x - edge.x), middle.y, { steps: 8 });
		await page.mouse.up();
		await page.keyboard.up('Space');
		await settled(page);
		edge = await toPage(page, { x: frame.x, y: frame.y + frame.h / 2 });
	}
	await page.mouse.click(edge.x, edge.y);
	await page.keyboard.press('Shift+Digit2');
	await settled(page);
	await page.keyboard.press('Escape');
}

export interface DrawnNode {
	name: string;
	/** Page coordinates of the node's origin (a badge's centre). */
	x: number;
	y: number;
	/** Board coordinates of the same point. */
	board: Point;
	visible: boolean;
	attrs: Record<string, string>;
	/** Text of its text children that are drawn. */
	texts: string[];
	/** Radius on the page (CSS pixels) of its first circle, if it has one (a loop badge's disc). */
	radius: number | null;
}

/** The canvas nodes called `name` (e.g. 'cl-loop-badge', 'start-hint'), as drawn now. */
export async function drawn(page: Page, name: string): Promise<DrawnNode[]> {
	return page.evaluate((name) => {
		type Node = {
			getAbsolutePosition(): { x: number; y: number };
			isVisible(): boolean;
			getAttrs(): Record<string, unknown>;
			find(selector: string): Node[];
			getClassName(): string;
			text?: () => string;
			getClientRect(): { width: number };
		};
		const K = (
			window as unknown as {
				Konva: { stages: { container(): HTMLElement; find(s: string): Node[]; x(): number; y(): number; scaleX(): number }[] };
			}
		).Konva;
		const stage = K.stages.find((s) => s.container().isConnected)!;
		const r = stage.container().getBoundingClientRect();
		return stage.find(`.${name}`).map((n) => {
			const p = n.getAbsolutePosition();
			const attrs: Record<string, string> = {};
			for (const [k, v] of Object.entries(n.getAttrs())) if (typeof v === 'string') attrs[k] = v;
			const texts = n
				.find('Text')
				.filter((t) => t.isVisible())
				.map((t) => t.text!());
			if (n.getClassName() === 'Text' && n.isVisible()) texts.push(n.text!());
			const circle = n.find('Circle')[0];
			const radius = circle ? circle.getClientRect().width / 2 : null;
			return {
				name,
				x: r.left + p.x,
				y: r.top + p.y,
				board: { x: (p.x - stage.x()) / stage.scaleX(), y: (p.y - stage.y()) / stage.scaleX() },
				visible: n.isVisible(),
				attrs,
				texts,
				radius
			};
		});
	}, name);
}

/** A double-click (mouse) or double-tap (touch) at a board point: a new sticky note, its editor open. */
export async function doubleClickAt(page: Page, board: Point, touch = false): Promise<void> {
	const p = await toPage(page, board);
	if (touch) {
		await page.touchscreen.tap(p.x, p.y);
		await page.touchscreen.tap(p.x, p.y);
	} else await page.mouse.dblclick(p.x, p.y);
}

/** A note made by double-click (or double-tap) at a board point, with `text` typed into it. */
export async function writeNoteAt(page: Page, board: Point, text: string, touch = false): Promise<void> {
	await doubleClickAt(page, board, touch);
	await page.locator('[aria-roledescription="whiteboard"] textarea').waitFor();
	await page.keyboard.type(text);
	await page.keyboard.press('Escape');
	await page.locator('[aria-roledescription="whiteboard"] textarea').waitFor({ state: 'detached' });
}

/** A mouse drag between two board points, in steps (what moving a note or drawing a connector is). */
export async function dragBetween(page: Page, from: Point, to: Point): Promise<void> {
	const a = await toPage(page, from);
	const b = await toPage(page, to);
	await page.mouse.move(a.x, a.y);
	await page.mouse.down();
	await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
	await page.mouse.move(b.x, b.y, { steps: 5 });
	await page.mouse.up();
}

/** A finger drag between two board points (touch events through the DevTools protocol). */
export async function touchDrag(page: Page, from: Point, to: Point): Promise<void> {
	const a = await toPage(page, from);
	const b = await toPage(page, to);
	const cdp = await page.context().newCDPSession(page);
	const at = (p: Point) => [{ x: p.x, y: p.y, id: 1 }];
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(a) });
	for (let i = 1; i <= 10; i++)
		await cdp.send('Input.dispatchTouchEvent', {
			type: 'touchMove',
			touchPoints: at({ x: a.x + ((b.x - a.x) * i) / 10, y: a.y + ((b.y - a.y) * i) / 10 })
		});
	await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await cdp.detach();
}

/** Draws a connector with the connector tool from one board point to another (mouse or finger). */
export async function connect(page: Page, from: Point, to: Point, touch = false): Promise<void> {
	await page.getByRole('button', { name: 'Connector', exact: true }).click();
	if (touch) await touchDrag(page, from, to);
	else await dragBetween(page, from, to);
}

/**
 * Opens the side panel `name` as a person would: on a phone the panel buttons are in the header's Menu
 * (the header stays one row), on a wider screen they are in the header itself.
 */
export async function openPanel(page: Page, name: string | RegExp): Promise<void> {
	const menu = page.getByRole('button', { name: 'Menu' });
	if (await menu.isVisible()) {
		if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
	}
	await page.getByRole('button', { name, exact: typeof name === 'string' }).click();
}
