/**
 * Resizing one selected note, text label or frame with a Konva.Transformer. The transformer works on an
 * invisible proxy rectangle in the overlay (the element's own group also holds shadows and titles that
 * must not count), the element is redrawn live at the proxy's size, and the doc gets x, y, w, h once,
 * on transform end.
 */
import Konva from 'konva';
import { updateElement } from '$lib/doc/commands.js';
import { isBox } from '$lib/doc/schema.js';
import type { Point } from '$lib/shared/geometry.js';
import type { Canvas, TransformState } from './state.js';
import { connectorsOf, renderContext, renderElement } from './scene.js';
import { MIN_SIZE, SELECTION_COLOR } from './render/style.js';

/** Whether a screen point is on a resize handle (the transformer then owns the pointer). */
export function onTransformHandle(canvas: Canvas, screen: Point): boolean {
	const state = canvas.transform;
	if (!state || !state.transformer.visible() || state.transformer.nodes().length === 0) return false;
	const shape = canvas.layers.overlay.getIntersection(screen);
	return !!shape && shape.getParent() === state.transformer;
}

function minSize(kind: string) {
	return MIN_SIZE[kind] ?? { w: 24, h: 24 };
}

function refresh(canvas: Canvas, state: TransformState): void {
	if (state.active) return;
	const { scene, host } = canvas;
	const id = canvas.selection.size === 1 ? [...canvas.selection][0] : null;
	const el = id ? scene.elements.get(id) : undefined;
	const ok =
		!!el && isBox(el) && el.kind in MIN_SIZE && host.canEdit() && !host.isLocked(el.id) && !canvas.drag && canvas.editing?.id !== el.id;
	if (!ok || !el || !isBox(el)) {
		state.id = null;
		if (state.transformer.nodes().length) state.transformer.nodes([]);
	} else {
		state.id = el.id;
		state.proxy.setAttrs({ x: el.x, y: el.y, width: el.w, height: el.h, scaleX: 1, scaleY: 1 });
		if (state.transformer.nodes()[0] !== state.proxy) state.transformer.nodes([state.proxy]);
		state.transformer.forceUpdate();
	}
	canvas.layers.overlay.batchDraw();
}

export function installTransformer(canvas: Canvas): () => void {
	const coarse = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
	const proxy = new Konva.Rect({ listening: false, perfectDrawEnabled: false });
	const state: TransformState = { proxy, id: null, active: false, transformer: null! };
	const transformer = new Konva.Transformer({
		rotateEnabled: false,
		flipEnabled: false,
		keepRatio: false,
		ignoreStroke: true,
		borderStroke: SELECTION_COLOR,
		borderStrokeWidth: 1,
		anchorStroke: SELECTION_COLOR,
		anchorFill: '#ffffff',
		anchorStrokeWidth: 1.5,
		anchorSize: coarse ? 18 : 10,
		anchorCornerRadius: 2,
		padding: 0,
		boundBoxFunc(oldBox, newBox) {
			const el = state.id ? canvas.scene.elements.get(state.id) : undefined;
			const min = minSize(el?.kind ?? '');
			const s = canvas.viewport.scale;
			// Stop at the minimum size, keeping the edge opposite the dragged handle where it is.
			const box = { ...newBox };
			if (box.width < min.w * s) {
				if (Math.abs(box.x - oldBox.x) > 0.01) box.x = oldBox.x + oldBox.width - min.w * s;
				box.width = min.w * s;
			}
			if (box.height < min.h * s) {
				if (Math.abs(box.y - oldBox.y) > 0.01) box.y = oldBox.y + oldBox.height - min.h * s;
				box.height = min.h * s;
			}
			return box;
		}
	});
	state.transformer = transformer;
	canvas.transform = state;
	canvas.layers.overlay.add(proxy, transformer);

	proxy.on('transformstart', () => {
		state.active = true;
		canvas.undo.stopCapturing();
	});
	proxy.on('transform', () => {
		const id = state.id;
		const el = id ? canvas.scene.elements.get(id) : undefined;
		if (!id || !el) return;
		const min = minSize(el.kind);
		const w = Math.max(min.w, proxy.width() * proxy.scaleX());
		const h = Math.max(min.h, proxy.height() * proxy.scaleY());
		proxy.setAttrs({ width: w, height: h, scaleX: 1, scaleY: 1 });
		canvas.scene.overrides.set(id, { x: proxy.x(), y: proxy.y(), w, h });
		const ctx = renderContext(canvas);
		renderElement(canvas, id, ctx);
		for (const c of connectorsOf(canvas.scene, [id])) renderElement(canvas, c, ctx);
		canvas.layers.content.batchDraw();
		canvas.bus.emit('overrides');
	});
	proxy.on('transformend', () => {
		state.active = false;
		const id = state.id;
		const r = id ? canvas.scene.overrides.get(id) : undefined;
		if (!id || !r) return;
		canvas.scene.overrides.delete(id);
		try {
			if (!canvas.host.canEdit() || canvas.host.isLocked(id)) throw new Error('locked while resizing');
			updateElement(canvas.host.doc, id, { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.w), h: Math.round(r.h) });
		} catch (error) {
			console.warn('canvas: the new size was not saved', error);
			renderElement(canvas, id);
			for (const c of connectorsOf(canvas.scene, [id])) renderElement(canvas, c);
		}
		canvas.undo.stopCapturing();
		refresh(canvas, state);
		canvas.bus.emit('overrides');
	});

	const update = () => refresh(canvas, state);
	const offs = [
		canvas.bus.on('selection', update),
		canvas.bus.on('drag', update),
		canvas.bus.on('editing', update),
		canvas.bus.on('scene', (changed) => {
			if (state.id && changed.has(state.id)) update();
			else if (!state.id && canvas.selection.size === 1) update();
		})
	];
	return () => {
		for (const off of offs) off();
		transformer.destroy();
		proxy.destroy();
		canvas.transform = null;
	};
}

/** Re-checks whether the transformer should show (e.g. after locks or permissions change). */
export function refreshTransformer(canvas: Canvas): void {
	const state = canvas.transform;
	if (state) refresh(canvas, state);
}
