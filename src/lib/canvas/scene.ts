/**
 * The projection of the document onto Konva nodes. `syncScene` reads the changed elements from the doc
 * and creates, updates or destroys only their nodes (plus connectors attached to moved boxes), keeps
 * z-order (frames below, everything sorted by `index`), and hides nodes far off screen.
 */
import type Konva from 'konva';
import { readElement, readElements } from '$lib/doc/read.js';
import { isBox, type Element } from '$lib/doc/schema.js';
import { compareByIndex } from '$lib/shared/order.js';
import { boundsOf, intersects, SELF_LOOP_HEIGHT, selfLoopCurve, type Rect } from '$lib/shared/geometry.js';
import type { Canvas, Scene } from './state.js';
import { getRenderer, type RenderContext } from './render/index.js';
import { frameTitleRect } from './render/frame.js';
import { connectorPoints, type HitShape } from './hit-test.js';
import { curvedPoints, styleOf } from './render/connector.js';
import { detailScale, visibleRect } from './viewport.js';

export function createScene(): Scene {
	return { elements: new Map(), nodes: new Map(), fronts: new Map(), attached: new Map(), overrides: new Map(), sorted: null, drawn: null, version: 0, detail: 1, hits: null };
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
export function sortedElements(scene: Scene): Element[] {
	if (!scene.sorted) scene.sorted = [...scene.elements.values()].sort(compareByIndex);
	return scene.sorted;
}

function isBackground(el: Element): boolean {
	return !!getRenderer(el.kind)?.background;
}

/**
 * The order nodes are drawn in: frames below everything else, and among frames the larger below the
 * smaller (a new frame always gets the lowest index, so by index alone a frame drawn on top of another
 * would vanish behind it); everything else by index.
 */
export function drawOrder(scene: Scene): Element[] {
	if (!scene.drawn) {
		const sorted = sortedElements(scene);
		const area = (e: Element) => (isBox(e) ? e.w * e.h : 0);
		const background = sorted.filter(isBackground).sort((a, b) => area(b) - area(a) || compareByIndex(a, b));
		scene.drawn = [...background, ...sorted.filter((e) => !isBackground(e))];
	}
	return scene.drawn;
}

export function renderContext(canvas: Canvas): RenderContext {
	return { rectOf: (id) => rectOf(canvas.scene, id), editingId: canvas.editing && !canvas.editing.sheet ? canvas.editing.id : null, scale: canvas.scene.detail, contentsOf: (id) => contentsOf(canvas.scene, id) };
}

/** A frame's children and the connectors between two of them, as the scene holds them now. */
export function contentsOf(scene: Scene, frameId: string): Element[] {
	const children = new Set<string>();
	const out: Element[] = [];
	for (const el of sortedElements(scene)) if (el.kind !== 'connector' && el.parent === frameId) (children.add(el.id), out.push(el));
	for (const el of sortedElements(scene)) if (el.kind === 'connector' && children.has(el.from) && children.has(el.to)) out.push(el);
	return out;
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
	const renderer = getRenderer(el.kind);
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
	return getRenderer(el.kind)?.background ? canvas.groups.frames : canvas.groups.items;
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
	if (node && prev) getRenderer(prev.kind)?.destroy?.(node);
	node?.destroy();
	scene.nodes.delete(id);
	scene.fronts.get(id)?.destroy();
	scene.fronts.delete(id);
}

/**
 * Brings the nodes of `ids` (or of every element) in line with the doc. Called by the doc observer
 * with the ids each transaction touched; redraws once per frame through batchDraw.
 */
export function syncScene(canvas: Canvas, ids: Iterable<string> | 'all'): void {
	const { scene, host } = canvas;
	const changed = new Set<string>();
	let restack = false;
	const fresh = new Map<string, Element | null>();
	if (ids === 'all') {
		for (const el of readElements(host.doc)) fresh.set(el.id, el);
		for (const id of scene.elements.keys()) if (!fresh.has(id)) fresh.set(id, null);
	} else for (const id of ids) fresh.set(id, readElement(host.doc, id));

	const changes = new Map<string, { before: Element | undefined; after: Element | null }>();
	for (const [id, el] of fresh) {
		const prev = scene.elements.get(id);
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
		else if (isBox(before) && isBox(el) && isBackground(el) && (before.w !== el.w || before.h !== el.h)) restack = true;
		scene.elements.set(id, el);
		changed.add(id);
	}
	if (changed.size === 0) return;
	scene.sorted = null;
	scene.drawn = null;
	scene.version++;

	const ctx = renderContext(canvas);
	const view = cullRect(canvas);
	// Boxes first, so connectors see their ends' new places; then connectors on moved boxes.
	const order = [...changed].filter((id) => scene.elements.has(id));
	order.sort((a, b) => Number(scene.elements.get(a)!.kind === 'connector') - Number(scene.elements.get(b)!.kind === 'connector'));
	for (const id of connectorsOf(scene, changed)) if (!changed.has(id)) order.push(id);
	// Frames that draw from what is in them (loop labels) follow their contents.
	for (const id of framesTouched(scene, changes)) {
		const frame = scene.elements.get(id);
		if (frame && !changed.has(id) && getRenderer(frame.kind)?.watchesContents) order.push(id);
	}
	for (const id of order) {
		const el = scene.elements.get(id)!;
		const node = scene.nodes.get(id);
		if (node) renderElement(canvas, id, ctx);
		else {
			const renderer = getRenderer(el.kind);
			if (!renderer) continue;
			const created = renderer.create(el, ctx);
			created.setAttr('elementId', id);
			created.listening(false);
			scene.nodes.set(id, created);
			groupFor(canvas, el).add(created);
			if (renderer.front) {
				const front = renderer.front.create(el, ctx);
				front.listening(false);
				scene.fronts.set(id, front);
				canvas.groups.fronts.add(front);
			}
			restack = true;
		}
		cullNode(canvas, id, view);
	}
	if (restack) restackScene(canvas);
	canvas.layers.content.batchDraw();
	if (canvas.drag) canvas.layers.drag.batchDraw();
	canvas.bus.emit('scene', changed);
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

function cullNode(canvas: Canvas, id: string, view: Rect): void {
	const node = canvas.scene.nodes.get(id);
	if (!node) return;
	if (canvas.drag && node.getLayer() === canvas.layers.drag) return void node.visible(true);
	const bounds = elementBounds(canvas.scene, id);
	const el = canvas.scene.elements.get(id);
	// Frame titles sit above the frame (bigger when zoomed out); connector labels may stick out a little.
	const pad = el?.kind === 'frame' ? 40 / canvas.scene.detail : 24;
	const visible = !bounds || intersects({ x: bounds.x - pad, y: bounds.y - pad, w: bounds.w + 2 * pad, h: bounds.h + 2 * pad }, view);
	if (node.visible() !== visible) node.visible(visible);
	const front = canvas.scene.fronts.get(id);
	if (front && front.visible() !== visible) front.visible(visible);
}

/**
 * Re-renders every element when the zoom crosses a detail band (renderers skip unreadable text and
 * size frame titles by it). Returns whether it did.
 */
export function updateDetail(canvas: Canvas): boolean {
	const detail = detailScale(canvas.viewport.scale);
	if (detail === canvas.scene.detail) return false;
	canvas.scene.detail = detail;
	canvas.scene.version++;
	const ctx = renderContext(canvas);
	for (const id of canvas.scene.nodes.keys()) renderElement(canvas, id, ctx);
	return true;
}

/** Hides nodes far outside the view, so panning a big board draws only what is near. */
export function cullScene(canvas: Canvas): void {
	const view = cullRect(canvas);
	for (const id of canvas.scene.nodes.keys()) cullNode(canvas, id, view);
}

/** Everything the pointer can hit, in drawing order (cached until the scene or a live override changes). */
export function hitShapes(canvas: Canvas): HitShape[] {
	const { scene } = canvas;
	if (scene.hits && scene.hits.version === scene.version && scene.overrides.size === 0) return scene.hits.shapes;
	const shapes: HitShape[] = [];
	for (const el of drawOrder(scene)) {
		if (!getRenderer(el.kind)) continue;
		if (el.kind === 'connector') {
			const from = rectOf(scene, el.from);
			const to = rectOf(scene, el.to);
			if (!from || !to) continue;
			if (el.from === el.to) {
				const q = selfLoopCurve(from);
				shapes.push({ id: el.id, kind: 'line', a: q.a, b: q.b, control: q.control });
				continue;
			}
			const curve = styleOf(el).curve;
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
