/**
 * The local selection: which ids, their outlines on the overlay, and telling the host and others.
 * Outlines are drawn from `rectOf`, so they follow a drag or resize in progress.
 */
import Konva from 'konva';
import { isBox, type Element } from '$lib/doc/schema.js';
import type { Canvas } from './state.js';
import { connectorPath } from './render/connector.js';
import { connectorsOf, rectOf, sortedElements } from './scene.js';
import { frameTask } from './timing.js';
import { SELECTION_COLOR } from './render/style.js';

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
	if (a.size !== b.size) return false;
	for (const id of a) if (!b.has(id)) return false;
	return true;
}

/** Selects exactly `ids` (those that exist); emits selectionChange when that changes anything. */
export function setSelection(canvas: Canvas, ids: Iterable<string>): void {
	const next = new Set<string>();
	for (const id of ids) if (canvas.scene.elements.has(id)) next.add(id);
	if (sameSet(next, canvas.selection)) return;
	canvas.selection = next;
	drawSelection(canvas);
	canvas.publish.selection(next);
	canvas.bus.emit('selection', next);
	canvas.events.emit('selectionChange', new Set(next));
}

export function toggleSelected(canvas: Canvas, id: string): void {
	const next = new Set(canvas.selection);
	if (next.has(id)) next.delete(id);
	else next.add(id);
	setSelection(canvas, next);
}

/** The selected ids that this person may move, resize, edit or delete now. */
export function editableSelection(canvas: Canvas): string[] {
	if (!canvas.host.canEdit()) return [];
	return [...canvas.selection].filter((id) => !canvas.host.isLocked(id));
}

/**
 * The ids to select after inserting copies: those not inside another new element
 * (selecting a pasted frame is enough to move its contents).
 */
export function rootsOf(elements: readonly Element[]): string[] {
	const ids = new Set(elements.map((e) => e.id));
	return elements.filter((e) => !(e.parent && ids.has(e.parent))).map((e) => e.id);
}

/** Redraws the outlines of the selection: 2 px, blue, dashed for locked elements. */
export function drawSelection(canvas: Canvas): void {
	const group = canvas.groups.selection;
	group.destroyChildren();
	const { scene, viewport } = canvas;
	const gap = 3 / viewport.scale;
	// During a drag the whole group is translated by the drag offset (cheaper than redrawing each frame).
	const off = canvas.drag ? { x: canvas.drag.dx, y: canvas.drag.dy } : { x: 0, y: 0 };
	group.position(off);
	const shifted = (r: { x: number; y: number; w: number; h: number } | null) => (r ? { ...r, x: r.x - off.x, y: r.y - off.y } : null);
	for (const id of canvas.selection) {
		const el = scene.elements.get(id);
		if (!el) continue;
		const locked = canvas.host.isLocked(id);
		if (isBox(el)) {
			const r = shifted(rectOf(scene, id));
			if (!r) continue;
			group.add(
				new Konva.Rect({
					x: r.x - gap,
					y: r.y - gap,
					width: r.w + 2 * gap,
					height: r.h + 2 * gap,
					stroke: SELECTION_COLOR,
					strokeWidth: 2.5,
					strokeScaleEnabled: false,
					dash: locked ? [6, 4] : undefined,
					cornerRadius: 4 / viewport.scale,
					listening: false,
					perfectDrawEnabled: false
				})
			);
		} else if (el.kind === 'connector') {
			const from = shifted(rectOf(scene, el.from));
			const to = shifted(rectOf(scene, el.to));
			if (!from || !to) continue;
			const style = scene.renderers.connectorStyle(el);
			// Along the line as it is drawn: bowed links and a box linked to itself are curves.
			group.add(
				new Konva.Line({
					points: connectorPath(el, from, to, style),
					bezier: el.from === el.to || !!style.curve,
					stroke: SELECTION_COLOR,
					strokeWidth: 8,
					opacity: 0.35,
					lineCap: 'round',
					strokeScaleEnabled: false,
					dash: locked ? [6, 6] : undefined,
					listening: false
				})
			);
		}
	}
	canvas.layers.overlay.batchDraw();
}

/** Keeps the selection sane as the doc changes (deleted ids drop out) and outlines in place. */
export function installSelection(canvas: Canvas): () => void {
	const redraw = frameTask(() => !canvas.destroyed && drawSelection(canvas));
	const offScene = canvas.bus.on('scene', (changed) => {
		let gone = false;
		for (const id of canvas.selection) if (!canvas.scene.elements.has(id)) gone = true;
		if (gone) setSelection(canvas, canvas.selection);
		else {
			const touched =
				[...changed].some((id) => canvas.selection.has(id)) ||
				[...connectorsOf(canvas.scene, changed)].some((id) => canvas.selection.has(id));
			if (touched) redraw.schedule();
		}
	});
	const offOverrides = canvas.bus.on('overrides', () => drawSelection(canvas));
	let lastScale = canvas.viewport.scale;
	const offViewport = canvas.bus.on('viewport', (v) => {
		if (v.scale !== lastScale && canvas.selection.size > 0) redraw.schedule();
		lastScale = v.scale;
	});
	return () => {
		redraw.cancel();
		offScene();
		offOverrides();
		offViewport();
	};
}

/** Ids in z-order (bottom first), for stable awareness and copy order. */
export function selectionInOrder(canvas: Canvas): string[] {
	return sortedElements(canvas.scene)
		.filter((e) => canvas.selection.has(e.id))
		.map((e) => e.id);
}
