/**
 * The projection of the document onto Konva nodes. `syncScene` takes the changed elements from the live
 * element index and creates, updates or destroys only their nodes (plus connectors attached to moved
 * boxes), keeps z-order (frames below, everything sorted by `index`), and hides nodes far off screen
 * (a grid of node bounds, so a pan or zoom looks only at what is near the view). A big board arriving at
 * once is built in view first, the rest in chunks after; a zoom switches detail once it rests, and then
 * re-renders only what is in view (the rest catches up when it comes into view).
 */
import type Konva from 'konva';
import type { ElementIndex } from '$lib/doc/element-index.js';
import { CullGrid } from './cull-grid.js';
import { NOTE_FONT_MAX } from './render/style.js';
import { isBox, type Element } from '$lib/doc/schema.js';
import { compareByIndex } from '$lib/shared/order.js';
import { boundsOf, intersects, SELF_LOOP_HEIGHT, selfLoopCurve, type Rect } from '$lib/shared/geometry.js';
import type { Canvas, Scene } from './state.js';
import type { Renderers, RenderContext } from './render/index.js';
import { frameTitleRect } from './render/frame.js';
import { connectorPoints, type HitShape } from './hit-test.js';
import { curvedPoints } from './render/connector.js';
import { detailScale, visibleRect } from './viewport.js';

/** Built at once when a change brings more new elements than this; the rest wait for their chunk. */
const BUILD_NOW = 200;
/** Nodes built per chunk (one chunk per macrotask, so input and paint get in between). */
const BUILD_CHUNK = 400;
/** How long the zoom must rest before nodes are re-rendered for another detail band. */
const DETAIL_REST_MS = 90;

export function createScene(index: ElementIndex, renderers: Renderers): Scene {
	return {
		index,
		renderers,
		elements: new Map(),
		grid: new CullGrid(),
		shown: new Set(),
		unbuilt: new Set(),
		nodes: new Map(),
		fronts: new Map(),
		attached: new Map(),
		overrides: new Map(),
		sorted: null,
		drawn: null,
		version: 0,
		detail: 1,
		detailTimer: null,
		buildTimer: null,
		hits: null
	};
}

/** Whether the scene is drawn far: no note text readable at this detail band (see far.ts). */
export function isFar(scene: Scene): boolean {
	return NOTE_FONT_MAX * scene.detail < 4;
}

/** Whether `el` is drawn by the far shape when far (plain notes and connectors). */
export function drawnFar(el: Element | undefined): boolean {
	return el?.kind === 'note' || el?.kind === 'connector';
}

/** Stops pending work (building, detail switch): the canvas is going. */
export function stopScene(scene: Scene): void {
	if (scene.detailTimer) clearTimeout(scene.detailTimer);
	if (scene.buildTimer) clearTimeout(scene.buildTimer);
	scene.detailTimer = scene.buildTimer = null;
}

/** Where a box is drawn now (a live drag or resize wins over the doc), or null for a missing box. */
export function rectOf(scene: Scene, id: string): Rect | null {
	const override = scene.overrides.get(id);
	if (override) return override;
	const el = scene.elements.get(id);
	return el && isBox(el) ? { x: el.x, y: el.y, w: el.w, h: el.h } : null;
}

/** The area an element covers (a connector: between its two ends). */
export function elementBounds(scene: Scene, id: string): Rect | null {
	const el = scene.elements.get(id);
	if (!el) return null;
	if (el.kind !== 'connector') return rectOf(scene, id);
	const from = rectOf(scene, el.from);
	const to = rectOf(scene, el.to);
	if (!from || !to) return null;
	if (el.from === el.to) return { x: from.x, y: from.y - 2 * SELF_LOOP_HEIGHT, w: from.w, h: from.h + 2 * SELF_LOOP_HEIGHT };
	const [a, b] = connectorPoints(from, to);
	return boundsOf([
		{ x: a.x, y: a.y, w: 0, h: 0 },
		{ x: b.x, y: b.y, w: 0, h: 0 }
	]);
}

/** Every element by `index` (z-order as the doc defines it). */
export function sortedElements(scene: Scene): readonly Element[] {
	// The index keeps z-order as changes arrive; the scene holds the same elements once synced.
	return scene.index.all();
}

function isBackground(scene: Scene, el: Element): boolean {
	return !!scene.renderers.of(el.kind)?.background;
}

/**
 * The order nodes are drawn in: frames below everything else, and among frames the larger below the
 * smaller (a new frame always gets the lowest index, so by index alone a frame drawn on top of another
 * would vanish behind it); everything else by index.
 */
export function drawOrder(scene: Scene): Element[] {
	if (!scene.drawn) {
		const sorted = [...scene.elements.values()].sort(compareByIndex);
		const area = (e: Element) => (isBox(e) ? e.w * e.h : 0);
		const background = sorted.filter((e) => isBackground(scene, e)).sort((a, b) => area(b) - area(a) || compareByIndex(a, b));
		scene.drawn = [...background, ...sorted.filter((e) => !isBackground(scene, e))].map((e) => e.id);
	}
	const out: Element[] = [];
	for (const id of scene.drawn) {
		const el = scene.elements.get(id);
		if (el) out.push(el);
	}
	return out;
}

export function renderContext(canvas: Canvas): RenderContext {
	return {
		rectOf: (id) => rectOf(canvas.scene, id),
		editingId: canvas.editing && !canvas.editing.sheet ? canvas.editing.id : null,
		scale: canvas.scene.detail,
		contentsOf: (id) => contentsOf(canvas.scene, id),
		connectorStyle: (connector) => canvas.scene.renderers.connectorStyle(connector),
		annotation: (id) => canvas.host.annotations?.get(id)
	};
}

/** A frame's children and the connectors between two of them, as the scene holds them now. */
export function contentsOf(scene: Scene, frameId: string): Element[] {
	const children = scene.index
		.childrenOf(frameId)
		.filter((el) => el.kind !== 'connector')
		.sort(compareByIndex);
	const ids = new Set(children.map((el) => el.id));
	const links = new Map<string, Element>();
	for (const child of children) {
		for (const c of scene.index.connectorsOn(child.id)) if (c.kind === 'connector' && ids.has(c.from) && ids.has(c.to)) links.set(c.id, c);
	}
	return [...children, ...[...links.values()].sort(compareByIndex)];
}

/**
 * Which renderer draws an element: its kind, and for a template's item its template and type. A note
 * that becomes a variable (or a question that becomes a note) is drawn afresh by its new renderer.
 */
function drawnAs(el: Element): string {
	return el.kind === 'item' ? `item:${el.template}/${el.type}` : el.kind;
}

/** The frames whose contents these changes touch: the old and new parents of boxes, the parents of connectors' ends. */
function framesTouched(scene: Scene, changes: ReadonlyMap<string, { before: Element | undefined; after: Element | null }>): Set<string> {
	const frames = new Set<string>();
	const parentOf = (id: string) => {
		const el = scene.elements.get(id);
		return el && el.kind !== 'connector' ? el.parent : null;
	};
	for (const { before, after } of changes.values()) {
		for (const el of [before, after]) {
			if (!el) continue;
			if (el.kind === 'connector') {
				for (const end of [parentOf(el.from), parentOf(el.to)]) if (end) frames.add(end);
			} else if (el.parent) frames.add(el.parent);
		}
	}
	return frames;
}

/** Re-runs the renderer of one element (with its live override, if any). */
export function renderElement(canvas: Canvas, id: string, ctx = renderContext(canvas)): void {
	const { scene } = canvas;
	const el = scene.elements.get(id);
	const node = scene.nodes.get(id);
	if (!el || !node) return;
	// Nodes in the drag layer's moving group are translated as a group: they draw at their doc place.
	const override = node.getParent() === canvas.groups.moving ? undefined : scene.overrides.get(id);
	const renderer = scene.renderers.of(el.kind);
	const drawnEl = override && isBox(el) ? { ...el, ...override } : el;
	renderer?.update(node, drawnEl, ctx);
	const front = scene.fronts.get(id);
	if (front && renderer?.front) renderer.front.update(front, drawnEl, ctx);
}

/** Connectors ending on any of `ids`. */
export function connectorsOf(scene: Scene, ids: Iterable<string>): Set<string> {
	const out = new Set<string>();
	for (const id of ids) for (const c of scene.attached.get(id) ?? []) out.add(c);
	return out;
}

function link(scene: Scene, box: string, connector: string, on: boolean): void {
	let set = scene.attached.get(box);
	if (on) {
		if (!set) scene.attached.set(box, (set = new Set()));
		set.add(connector);
	} else if (set) {
		set.delete(connector);
		if (set.size === 0) scene.attached.delete(box);
	}
}

function groupFor(canvas: Canvas, el: Element): Konva.Group {
	return canvas.scene.renderers.of(el.kind)?.background ? canvas.groups.frames : canvas.groups.items;
}

function removeNode(canvas: Canvas, id: string): void {
	const { scene } = canvas;
	const prev = scene.elements.get(id);
	if (prev?.kind === 'connector') {
		link(scene, prev.from, id, false);
		link(scene, prev.to, id, false);
	}
	scene.elements.delete(id);
	scene.overrides.delete(id);
	const node = scene.nodes.get(id);
	if (node && prev) scene.renderers.of(prev.kind)?.destroy?.(node);
	node?.destroy();
	scene.nodes.delete(id);
	scene.fronts.get(id)?.destroy();
	scene.fronts.delete(id);
	scene.grid.set(id, null);
	scene.shown.delete(id);
	scene.unbuilt.delete(id);
}

/**
 * Brings the nodes of `ids` (or of every element) in line with the element index. Called with the ids
 * each transaction touched; redraws once per frame through batchDraw. `beforeBuild` runs once the scene
 * holds the new elements and before nodes are built (the first fit into view, so what is built first is
 * what will be seen).
 */
export function syncScene(canvas: Canvas, ids: Iterable<string> | 'all', beforeBuild?: () => void): void {
	const { scene } = canvas;
	const changed = new Set<string>();
	let restack = false;
	const fresh = new Map<string, Element | null>();
	if (ids === 'all') {
		for (const el of scene.index.all()) fresh.set(el.id, el);
		for (const id of scene.elements.keys()) if (!fresh.has(id)) fresh.set(id, null);
	} else for (const id of ids) fresh.set(id, scene.index.get(id));

	const changes = new Map<string, { before: Element | undefined; after: Element | null }>();
	for (const [id, el] of fresh) {
		const prev = scene.elements.get(id);
		if (prev === el) continue;
		changes.set(id, { before: prev, after: el });
		if (!el || (prev && drawnAs(prev) !== drawnAs(el))) {
			if (prev) removeNode(canvas, id);
			changed.add(id);
			if (!el) continue;
		}
		const before = scene.elements.get(id);
		if (before?.kind === 'connector' && el.kind === 'connector' && (before.from !== el.from || before.to !== el.to)) {
			link(scene, before.from, id, false);
			link(scene, before.to, id, false);
		}
		if (el.kind === 'connector') {
			link(scene, el.from, id, true);
			link(scene, el.to, id, true);
		}
		if (!before || before.index !== el.index) restack = true;
		else if (isBox(before) && isBox(el) && isBackground(scene, el) && (before.w !== el.w || before.h !== el.h)) restack = true;
		scene.elements.set(id, el);
		changed.add(id);
	}
	if (changed.size === 0) return;
	if (restack) scene.drawn = null;
	scene.version++;
	beforeBuild?.();

	const ctx = renderContext(canvas);
	const view = cullRect(canvas);
	// Boxes first, so connectors see their ends' new places; then connectors on moved boxes.
	const order = [...changed].filter((id) => scene.elements.has(id));
	order.sort((a, b) => Number(scene.elements.get(a)!.kind === 'connector') - Number(scene.elements.get(b)!.kind === 'connector'));
	for (const id of connectorsOf(scene, changed)) if (!changed.has(id)) order.push(id);
	// Frames that draw from what is in them (loop labels) follow their contents.
	for (const id of framesTouched(scene, changes)) {
		const frame = scene.elements.get(id);
		if (frame && !changed.has(id) && scene.renderers.of(frame.kind)?.watchesContents) order.push(id);
	}
	// Many new elements at once (the board arriving): build what is in view now, the rest in chunks.
	const unbuilt = order.filter((id) => !scene.nodes.has(id));
	const later = new Set<string>();
	if (unbuilt.length > BUILD_NOW) {
		for (const id of unbuilt) {
			updateBounds(scene, id);
			if (!inView(canvas, id, view)) later.add(id);
		}
	}
	for (const id of order) {
		if (later.has(id)) {
			scene.unbuilt.add(id);
			continue;
		}
		if (scene.nodes.has(id)) renderElement(canvas, id, ctx);
		else if (!buildNode(canvas, id, ctx)) continue;
		else restack = true;
		cullNode(canvas, id, view);
	}
	if (restack) restackScene(canvas);
	if (scene.unbuilt.size > 0) scheduleBuild(canvas);
	canvas.layers.content.batchDraw();
	if (canvas.drag) canvas.layers.drag.batchDraw();
	canvas.bus.emit('scene', changed);
}

function buildNode(canvas: Canvas, id: string, ctx: RenderContext): boolean {
	const { scene } = canvas;
	const el = scene.elements.get(id);
	const renderer = el && scene.renderers.of(el.kind);
	scene.unbuilt.delete(id);
	if (!el || !renderer) return false;
	const created = renderer.create(el, ctx);
	created.setAttr('elementId', id);
	created.setAttr('detail', scene.detail);
	created.listening(false);
	created.visible(false);
	scene.nodes.set(id, created);
	groupFor(canvas, el).add(created);
	if (renderer.front) {
		const front = renderer.front.create(el, ctx);
		front.listening(false);
		front.visible(false);
		scene.fronts.set(id, front);
		canvas.groups.fronts.add(front);
	}
	return true;
}

/** Builds the next chunk of waiting nodes (nearest the view first is not needed: what is in view was built already). */
function scheduleBuild(canvas: Canvas): void {
	const { scene } = canvas;
	if (scene.buildTimer) return;
	scene.buildTimer = setTimeout(() => {
		scene.buildTimer = null;
		if (canvas.destroyed) return;
		const ctx = renderContext(canvas);
		const view = cullRect(canvas);
		let n = 0;
		for (const id of scene.unbuilt) {
			if (n++ >= BUILD_CHUNK) break;
			if (buildNode(canvas, id, ctx)) cullNode(canvas, id, view);
		}
		restackScene(canvas);
		canvas.layers.content.batchDraw();
		if (scene.unbuilt.size > 0) scheduleBuild(canvas);
	}, 0);
}

/** Puts the nodes of each content group in z-order. Nodes in the drag layer are left alone. */
export function restackScene(canvas: Canvas): void {
	const { frames, items } = canvas.groups;
	let f = 0;
	let i = 0;
	for (const el of drawOrder(canvas.scene)) {
		const node = canvas.scene.nodes.get(el.id);
		if (!node) continue;
		const parent = node.getParent();
		if (parent === frames) {
			if (node.zIndex() !== f) node.zIndex(f);
			f++;
		} else if (parent === items) {
			if (node.zIndex() !== i) node.zIndex(i);
			i++;
		}
	}
}

/** Moves an element's node back from the drag layer into its content group. */
export function returnNode(canvas: Canvas, id: string): void {
	const el = canvas.scene.elements.get(id);
	const node = canvas.scene.nodes.get(id);
	if (!el || !node) return;
	const target = groupFor(canvas, el);
	if (node.getParent() !== target) node.moveTo(target);
}

function cullRect(canvas: Canvas): Rect {
	const v = canvas.viewport;
	const margin = 300 / v.scale;
	const r = visibleRect(v, canvas.size);
	return { x: r.x - margin, y: r.y - margin, w: r.w + 2 * margin, h: r.h + 2 * margin };
}

/** Frame titles sit above the frame (bigger when zoomed out); connector labels may stick out a little. */
function padOf(scene: Scene, el: Element | undefined): number {
	return el?.kind === 'frame' ? 40 / scene.detail : 24;
}

/** Keeps the grid's copy of an element's drawn bounds (padded) current. */
function updateBounds(scene: Scene, id: string): Rect | null {
	const bounds = elementBounds(scene, id);
	if (!bounds) {
		scene.grid.set(id, null);
		return null;
	}
	const pad = padOf(scene, scene.elements.get(id));
	const rect = { x: bounds.x - pad, y: bounds.y - pad, w: bounds.w + 2 * pad, h: bounds.h + 2 * pad };
	scene.grid.set(id, rect);
	return rect;
}

function inView(canvas: Canvas, id: string, view: Rect): boolean {
	const rect = canvas.scene.grid.get(id);
	// An element without bounds (a connector whose end is not drawn) is not culled.
	return !rect || intersects(rect, view);
}

/**
 * Shows or hides an element's node (`shown` says it is in view either way). Far out, plain notes and
 * connectors in view are drawn by the far shape (far.ts) and their nodes stay hidden, unless `own`
 * (being dragged: drawn by the node itself in the drag layer).
 */
function showNode(canvas: Canvas, id: string, inView: boolean, own = false): void {
	const { scene } = canvas;
	const node = scene.nodes.get(id);
	if (!node) return;
	const visible = inView && (own || !isFar(scene) || !drawnFar(scene.elements.get(id)));
	if (inView) {
		scene.shown.add(id);
		// Rendered for another detail band while out of view: catch up now.
		if (node.getAttr('detail') !== scene.detail) {
			node.setAttr('detail', scene.detail);
			renderElement(canvas, id);
		}
	} else scene.shown.delete(id);
	if (node.visible() !== visible) node.visible(visible);
	const front = scene.fronts.get(id);
	if (front && front.visible() !== visible) front.visible(visible);
}

function cullNode(canvas: Canvas, id: string, view: Rect): void {
	const node = canvas.scene.nodes.get(id);
	if (!node) return;
	updateBounds(canvas.scene, id);
	if (canvas.drag && node.getLayer() === canvas.layers.drag) return void showNode(canvas, id, true, true);
	showNode(canvas, id, inView(canvas, id, view));
}

/**
 * Switches the detail band (renderers skip unreadable text and size frame titles by it) once the zoom
 * has rested, so a zoom gesture switches at most once; then re-renders only what is in view. Returns
 * whether a switch is pending.
 */
export function updateDetail(canvas: Canvas): boolean {
	const { scene } = canvas;
	const detail = detailScale(canvas.viewport.scale);
	if (scene.detailTimer) clearTimeout(scene.detailTimer);
	scene.detailTimer = null;
	if (detail === scene.detail) return false;
	scene.detailTimer = setTimeout(() => {
		scene.detailTimer = null;
		if (canvas.destroyed) return;
		applyDetail(canvas, detailScale(canvas.viewport.scale));
	}, DETAIL_REST_MS);
	return true;
}

/** Re-renders what is in view for `detail` now (frame bounds change with it: re-cull). */
export function applyDetail(canvas: Canvas, detail: number): void {
	const { scene } = canvas;
	if (detail === scene.detail) return;
	scene.detail = detail;
	scene.version++;
	const ctx = renderContext(canvas);
	for (const id of scene.shown) {
		scene.nodes.get(id)?.setAttr('detail', detail);
		renderElement(canvas, id, ctx);
	}
	for (const [id, el] of scene.elements) if (el.kind === 'frame') updateBounds(scene, id);
	cullScene(canvas);
	canvas.layers.content.batchDraw();
	canvas.bus.emit('scene', new Set());
}

/** Hides nodes far outside the view, so panning a big board draws only what is near: only the grid cells in view and what was shown are looked at. */
export function cullScene(canvas: Canvas): void {
	const { scene } = canvas;
	const view = cullRect(canvas);
	const near = scene.grid.near(view);
	for (const id of [...scene.shown]) if (!near.has(id)) cullNode(canvas, id, view);
	// Elements without bounds (a connector whose end is gone) are not in the grid: they stay as they are, shown.
	for (const id of near) cullNode(canvas, id, view);
}

/** Everything the pointer can hit, in drawing order (cached until the scene or a live override changes). */
export function hitShapes(canvas: Canvas): HitShape[] {
	const { scene } = canvas;
	if (scene.hits && scene.hits.version === scene.version && scene.overrides.size === 0) return scene.hits.shapes;
	const shapes: HitShape[] = [];
	for (const el of drawOrder(scene)) {
		if (!scene.renderers.of(el.kind)) continue;
		if (el.kind === 'connector') {
			const from = rectOf(scene, el.from);
			const to = rectOf(scene, el.to);
			if (!from || !to) continue;
			if (el.from === el.to) {
				const q = selfLoopCurve(from);
				shapes.push({ id: el.id, kind: 'line', a: q.a, b: q.b, control: q.control });
				continue;
			}
			const curve = scene.renderers.connectorStyle(el).curve;
			if (curve) {
				const q = curvedPoints(from, to, curve);
				shapes.push({ id: el.id, kind: 'line', a: q.a, b: q.b, control: q.control });
				continue;
			}
			const [a, b] = connectorPoints(from, to);
			shapes.push({ id: el.id, kind: 'line', a, b });
			continue;
		}
		const rect = rectOf(scene, el.id)!;
		if (el.kind === 'frame') shapes.push({ id: el.id, kind: 'frame', rect, title: frameTitleRect({ ...el, ...rect }, scene.detail) });
		else shapes.push({ id: el.id, kind: 'box', rect });
	}
	if (scene.overrides.size === 0) scene.hits = { version: scene.version, shapes };
	return shapes;
}
