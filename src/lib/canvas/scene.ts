/**
 * The projection of the document onto Konva nodes. `syncScene` takes the changed elements from the live
 * element index and updates only their nodes (plus connectors attached to moved boxes), keeps z-order
 * (frames below, everything sorted by `index`), and keeps track of what is in view through a grid of
 * bounds, so a pan or zoom looks only at what is near the view. Nodes are built lazily: only for
 * elements in view, and zoomed far out not for plain notes and connectors (the far shape draws those
 * from the elements, far.ts); nodes that left the view are released beyond a budget (node-budget.ts).
 * A zoom switches detail once it rests, and then re-renders only what is in view.
 */
import type Konva from 'konva';
import type { ElementIndex } from '$lib/doc/element-index.js';
import { CullGrid } from './cull-grid.js';
import { releasable } from './node-budget.js';
import { MAX_DIRTY } from './far-regions.js';
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

/** How long the zoom must rest before nodes are re-rendered for another detail band. */
const DETAIL_REST_MS = 90;

export function createScene(index: ElementIndex, renderers: Renderers): Scene {
	return {
		index,
		renderers,
		elements: new Map(),
		grid: new CullGrid(),
		shown: new Set(),
		seen: new Map(),
		tick: 0,
		farDirty: 'all',
		mapDirty: 'all',
		nodes: new Map(),
		fronts: new Map(),
		attached: new Map(),
		overrides: new Map(),
		sorted: null,
		drawn: null,
		version: 0,
		detail: 1,
		detailTimer: null,
		bitmap: { drawnAt: null, rest: null },
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

/** Marks a board region for the far drawing to redraw (far.ts); `'all'` redraws it whole. */
export function markFar(scene: Scene, region: Rect | 'all' | null): void {
	if (!region || scene.farDirty === 'all') return;
	if (region === 'all' || scene.farDirty.length >= MAX_DIRTY) scene.farDirty = 'all';
	else scene.farDirty.push(region);
}

/** Marks a board region for the minimap's picture to redraw (minimap.ts). */
function markMap(scene: Scene, region: Rect | null): void {
	if (!region || scene.mapDirty === 'all') return;
	if (scene.mapDirty.length >= MAX_DIRTY) scene.mapDirty = 'all';
	else scene.mapDirty.push(region);
}

/** Stops pending work (building, detail switch): the canvas is going. */
export function stopScene(scene: Scene): void {
	if (scene.detailTimer) clearTimeout(scene.detailTimer);
	if (scene.bitmap.rest) clearTimeout(scene.bitmap.rest);
	scene.detailTimer = scene.bitmap.rest = null;
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
		frameContents: (id) => canvas.scene.index.contentsOf(id),
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
	if (drawnFar(prev)) markFar(scene, scene.grid.get(id));
	if (prev && prev.kind !== 'connector') markMap(scene, scene.grid.get(id));
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
	scene.seen.delete(id);
}

/** Destroys an element's node (and front) but keeps the element: it is built again when needed. */
function releaseNode(canvas: Canvas, id: string): void {
	const { scene } = canvas;
	const node = scene.nodes.get(id);
	const el = scene.elements.get(id);
	if (node && el) scene.renderers.of(el.kind)?.destroy?.(node);
	node?.destroy();
	scene.nodes.delete(id);
	scene.fronts.get(id)?.destroy();
	scene.fronts.delete(id);
	scene.seen.delete(id);
}

/** Whether an element in view needs a node of its own now (far out, plain notes and connectors do not). */
function wantsNode(scene: Scene, id: string): boolean {
	return !(isFar(scene) && drawnFar(scene.elements.get(id)));
}

/**
 * The node of an element, built now if it has none (a drag or another person's drag ghost needs one
 * even where the far shape draws the element). Null for a missing element or one without a renderer.
 */
export function ensureNode(canvas: Canvas, id: string): Konva.Group | null {
	const existing = canvas.scene.nodes.get(id);
	if (existing) return existing;
	if (!buildNode(canvas, id, renderContext(canvas))) return null;
	restackScene(canvas);
	return canvas.scene.nodes.get(id) ?? null;
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
	// Only what is in view gets a node (built now); the rest keeps its bounds in the grid until it comes into view.
	let built = false;
	// Only far-drawn elements without nodes changed (a note moved far out): the far drawing shows the change
	// without the content layer being drawn again (far.ts). A deletion, a restack or a node goes the long way.
	let farOnly = !restack && isFar(scene) && [...changed].every((id) => scene.elements.has(id));
	for (const id of order) {
		// The far drawing redraws where the element was and where it is now.
		const el = scene.elements.get(id);
		const far = drawnFar(el);
		const box = !!el && el.kind !== 'connector';
		if (far) markFar(scene, scene.grid.get(id));
		if (box) markMap(scene, scene.grid.get(id));
		if (scene.nodes.has(id)) renderElement(canvas, id, ctx);
		built = cullNode(canvas, id, view, ctx) || built;
		if (!far || scene.nodes.has(id)) farOnly = false;
		if (far) markFar(scene, scene.grid.get(id));
		if (box) markMap(scene, scene.grid.get(id));
	}
	if (built) restack = true;
	if (restack) restackScene(canvas);
	if (farOnly && !built) canvas.bus.emit('farChange');
	else canvas.layers.content.batchDraw();
	if (canvas.drag) canvas.layers.drag.batchDraw();
	canvas.bus.emit('scene', changed);
}

function buildNode(canvas: Canvas, id: string, ctx: RenderContext): boolean {
	const { scene } = canvas;
	const el = scene.elements.get(id);
	const renderer = el && scene.renderers.of(el.kind);
	if (!el || !renderer) return false;
	const created = renderer.create(el, ctx);
	created.setAttr('elementId', id);
	created.setAttr('detail', scene.detail);
	created.listening(false);
	created.visible(false);
	scene.nodes.set(id, created);
	scene.seen.set(id, scene.tick);
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
		scene.seen.set(id, scene.tick);
		// Rendered for another detail band while out of view: catch up now.
		if (visible && node.getAttr('detail') !== scene.detail) {
			node.setAttr('detail', scene.detail);
			renderElement(canvas, id);
		}
	}
	if (node.visible() !== visible) node.visible(visible);
	const front = scene.fronts.get(id);
	if (front && front.visible() !== visible) front.visible(visible);
}

/**
 * Brings one element's place in the grid, its `shown` membership and its node's visibility up to date,
 * building the node when it is in view and needs one. Returns whether a node was built (restack then).
 */
function cullNode(canvas: Canvas, id: string, view: Rect, ctx?: RenderContext): boolean {
	const { scene } = canvas;
	if (!scene.elements.has(id)) return false;
	updateBounds(scene, id);
	const node = scene.nodes.get(id);
	if (node && canvas.drag && node.getLayer() === canvas.layers.drag) {
		scene.shown.add(id);
		showNode(canvas, id, true, true);
		return false;
	}
	const visible = inView(canvas, id, view);
	if (visible) scene.shown.add(id);
	else scene.shown.delete(id);
	let built = false;
	if (!node && visible && wantsNode(scene, id)) built = buildNode(canvas, id, ctx ?? renderContext(canvas));
	showNode(canvas, id, visible);
	return built;
}

/** Releases the nodes seen longest ago beyond the budget (never one in view, dragged or edited). */
function releaseOverBudget(canvas: Canvas): void {
	const { scene } = canvas;
	if (scene.seen.size <= scene.shown.size) return;
	const keep = new Set(scene.shown);
	if (canvas.editing) keep.add(canvas.editing.id);
	if (canvas.drag) for (const ids of [canvas.drag.moving, canvas.drag.carried, canvas.drag.following]) for (const id of ids) keep.add(id);
	for (const id of releasable(scene.seen, keep)) releaseNode(canvas, id);
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
	markFar(scene, 'all');
	const ctx = renderContext(canvas);
	for (const id of scene.shown) {
		const node = scene.nodes.get(id);
		// Far out, what the far shape draws keeps its stale node hidden (re-rendered if it is shown again).
		if (!node || !wantsNode(scene, id)) continue;
		node.setAttr('detail', detail);
		renderElement(canvas, id, ctx);
	}
	for (const [id, el] of scene.elements) if (el.kind === 'frame') updateBounds(scene, id);
	cullScene(canvas);
	canvas.layers.content.batchDraw();
	canvas.bus.emit('scene', new Set());
}

/**
 * Brings what is drawn in line with the view: builds the nodes newly in view, hides those that left
 * it, and releases old ones beyond the budget. Only the grid cells in view and what was shown are looked at.
 */
export function cullScene(canvas: Canvas, options: { narrowed?: boolean } = {}): void {
	const { scene } = canvas;
	scene.tick++;
	// What is shown may change: the far drawing is drawn whole (it is anyway when the view moved), unless the
	// canvas only got narrower with the view unchanged: nothing new came into view, and far.ts crops its bitmap.
	if (!options.narrowed) markFar(scene, 'all');
	const view = cullRect(canvas);
	const near = scene.grid.near(view);
	const ctx = renderContext(canvas);
	let built = false;
	for (const id of [...scene.shown]) if (!near.has(id)) built = cullNode(canvas, id, view, ctx) || built;
	// Elements without bounds (a connector whose end is gone) are not in the grid: they stay as they are, shown.
	for (const id of near) built = cullNode(canvas, id, view, ctx) || built;
	if (built) restackScene(canvas);
	releaseOverBudget(canvas);
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
