/**
 * Moving elements. While dragging, the moving nodes sit in the drag layer, translated as one group, and
 * connectors with one moving end are redrawn each frame; the content layer is not redrawn at all.
 * Others see the drag through awareness; the document is written once, on drop, with moveBy
 * (which carries frame contents and re-parents what lands in or out of a frame).
 */
import { moveBy } from '$lib/doc/commands.js';
import { LOCAL } from '$lib/doc/origins.js';
import { isBox } from '$lib/doc/schema.js';
import type { Point } from '$lib/shared/geometry.js';
import type { Canvas, DragSession, Gesture, PointerInfo } from './state.js';
import { cullScene, drawOrder, ensureNode, markFar, renderContext, renderElement, restackScene, returnNode } from './scene.js';
import { drawSelection, setSelection, toggleSelected } from './selection.js';
import { startPan } from './pan.js';
import type { Hit } from './hit-test.js';

/** Starts moving `ids` (those that may move); null when nothing may. */
export function beginDrag(canvas: Canvas, ids: Iterable<string>): DragSession | null {
	const { scene, host, groups } = canvas;
	if (!host.canEdit()) return null;
	const boxes = [...ids].filter((id) => {
		const el = scene.elements.get(id);
		return !!el && isBox(el);
	});
	const roots = boxes.filter((id) => !host.isLocked(id));
	if (roots.length < boxes.length) host.refused?.(boxes.find((id) => host.isLocked(id))!);
	if (roots.length === 0) return null;
	const moving = new Set(roots);
	for (const el of scene.elements.values()) if (el.parent && moving.has(el.parent) && isBox(el)) moving.add(el.id);
	const carried = new Set<string>();
	const following = new Set<string>();
	for (const el of scene.elements.values()) {
		if (el.kind !== 'connector') continue;
		const a = moving.has(el.from);
		const b = moving.has(el.to);
		if (a && b) carried.add(el.id);
		else if (a || b) following.add(el.id);
	}
	// Keep the drawing order inside the drag layer.
	// Far out (or off screen) a moving element may have no node yet: it gets one to be dragged with.
	for (const el of drawOrder(scene).filter((e) => moving.has(e.id) || carried.has(e.id))) {
		const node = ensureNode(canvas, el.id);
		if (!node) continue;
		node.moveTo(groups.moving);
		node.visible(true);
		// What it draws above everything (a frame's loop labels) waits for the drop.
		scene.fronts.get(el.id)?.visible(false);
	}
	for (const id of following) {
		const node = ensureNode(canvas, id);
		if (!node) continue;
		node.moveTo(groups.following);
		node.visible(true);
	}
	// The moving ones leave the far drawing for the drag layer.
	markFar(scene, 'all');
	const session: DragSession = { roots, moving, carried, following, dx: 0, dy: 0 };
	canvas.drag = session;
	canvas.undo.stopCapturing();
	canvas.layers.content.batchDraw();
	canvas.bus.emit('drag', true);
	return session;
}

export function updateDrag(canvas: Canvas, session: DragSession, dx: number, dy: number): void {
	session.dx = Math.round(dx);
	session.dy = Math.round(dy);
	const { scene, groups } = canvas;
	groups.moving.position({ x: session.dx, y: session.dy });
	for (const id of session.moving) {
		const el = scene.elements.get(id);
		if (el && isBox(el)) scene.overrides.set(id, { x: el.x + session.dx, y: el.y + session.dy, w: el.w, h: el.h });
	}
	const ctx = renderContext(canvas);
	for (const id of session.following) renderElement(canvas, id, ctx);
	groups.selection.position({ x: session.dx, y: session.dy });
	canvas.layers.drag.batchDraw();
	canvas.layers.overlay.batchDraw();
	canvas.publish.drag({ ids: [...session.moving].slice(0, 500), dx: session.dx, dy: session.dy });
}

/** Ends the drag: puts the nodes back and, when `commit`, writes the move into the doc once. */
export function endDrag(canvas: Canvas, session: DragSession, commit: boolean): void {
	const { scene, groups } = canvas;
	groups.moving.position({ x: 0, y: 0 });
	for (const id of [...session.moving, ...session.carried, ...session.following]) {
		returnNode(canvas, id);
		scene.overrides.delete(id);
		scene.fronts.get(id)?.visible(true);
	}
	canvas.drag = null;
	canvas.publish.drag(null);
	restackScene(canvas);
	const moved = session.dx !== 0 || session.dy !== 0;
	if (commit && moved) {
		try {
			moveBy(canvas.host.doc, session.roots, session.dx, session.dy, LOCAL, canvas.host.placement, canvas.scene.index);
		} catch (error) {
			console.warn('canvas: the move was not saved', error);
		}
		canvas.undo.stopCapturing();
	}
	// The doc observer has re-rendered what moved; redraw the rest from the doc.
	const ctx = renderContext(canvas);
	for (const id of session.following) renderElement(canvas, id, ctx);
	if (!commit || !moved) for (const id of session.moving) renderElement(canvas, id, ctx);
	// Back in the content group: far out the far shape draws them again, and their nodes hide.
	cullScene(canvas);
	canvas.layers.content.batchDraw();
	canvas.layers.drag.batchDraw();
	drawSelection(canvas);
	canvas.bus.emit('drag', false);
}

function threshold(e: PointerEvent): number {
	return e.pointerType === 'touch' ? 8 : 4;
}

function far(a: Point, b: Point, d: number): boolean {
	return Math.hypot(a.x - b.x, a.y - b.y) > d;
}

/**
 * A press on an element with the select tool: selects it (shift toggles), then moves the selection if
 * the pointer travels. When nothing may move (a viewer, locked elements) the drag pans instead.
 * `onClick` runs when the press ends without moving.
 */
export function startSelectPress(canvas: Canvas, start: PointerInfo, hit: Hit, onClick: (p: PointerInfo) => void): Gesture {
	const shift = start.event.shiftKey;
	const wasSelected = canvas.selection.has(hit.id);
	if (shift && !wasSelected) setSelection(canvas, [...canvas.selection, hit.id]);
	else if (!shift && !wasSelected) setSelection(canvas, [hit.id]);
	let session: DragSession | null = null;
	let fallback: Gesture | null = null;
	return {
		move(p) {
			if (fallback) return fallback.move(p);
			if (!session) {
				if (!far(p.screen, start.screen, threshold(start.event))) return;
				session = beginDrag(canvas, canvas.selection);
				if (!session) {
					fallback = startPan(canvas, start);
					return fallback.move(p);
				}
			}
			updateDrag(canvas, session, p.board.x - start.board.x, p.board.y - start.board.y);
		},
		up(p) {
			if (fallback) return fallback.up(p);
			if (session) return endDrag(canvas, session, true);
			if (shift && wasSelected) toggleSelected(canvas, hit.id);
			else if (!shift && wasSelected && canvas.selection.size > 1) setSelection(canvas, [hit.id]);
			onClick(p);
		},
		cancel() {
			if (fallback) return fallback.cancel();
			if (session) endDrag(canvas, session, false);
		}
	};
}
