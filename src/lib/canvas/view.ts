/**
 * Applying a viewport: the stage transform, culling, listeners, and (once per frame) the public
 * viewportChange event and the awareness field "viewport".
 */
import type { Rect } from '$lib/shared/geometry.js';
import { boundsOf } from '$lib/shared/geometry.js';
import type { Viewport } from './types.js';
import type { Canvas } from './state.js';
import { applyDetail, cullScene, elementBounds, updateDetail } from './scene.js';
import {
	fitBounds,
	NO_INSETS,
	lerpViewport,
	normaliseViewport,
	sameViewport,
	zoomAround,
	zoomStep,
	centreOn as centreView,
	detailScale
} from './viewport.js';
import { rectCenter } from '$lib/shared/geometry.js';

/** How long a zoom gesture must rest before the content is drawn again at the new scale. */
const ZOOM_REST_MS = 100;

/**
 * Shows the board at `viewport` now. `user` marks a change the person made (pan, zoom), which stops
 * the first content from being fitted into view automatically. `gesture` marks a step of a zoom
 * gesture (wheel, pinch): the content's last drawing is scaled until the zoom rests (see scaleBitmap).
 */
export function setView(
	canvas: Canvas,
	viewport: Viewport,
	options: { user?: boolean; keepAnimation?: boolean; gesture?: boolean } = {}
): void {
	if (canvas.destroyed) return;
	const t = canvas.viewFrames;
	if (!options.keepAnimation && t.animation !== null) {
		cancelAnimationFrame(t.animation);
		t.animation = null;
	}
	if (options.user) canvas.viewportTouched = true;
	const v = normaliseViewport(viewport);
	if (sameViewport(v, canvas.viewport)) return;
	canvas.viewport = v;
	applyView(canvas, options.gesture);
	canvas.bus.emit('viewport', v);
	if (t.frame === null) {
		t.frame = requestAnimationFrame(() => {
			t.frame = null;
			if (canvas.destroyed) return;
			const now = { ...canvas.viewport };
			canvas.events.emit('viewportChange', now);
			canvas.publish.viewport(now);
		});
	}
}

/**
 * Writes the current viewport into the stage transform and redraws. A step of a zoom gesture
 * (`gesture`) redraws everything but the content, whose last drawing is scaled (scaleBitmap).
 */
export function applyView(canvas: Canvas, gesture = false, narrowed = false): void {
	const { x, y, scale } = canvas.viewport;
	canvas.stage.scale({ x: scale, y: scale });
	canvas.stage.position({ x: -x * scale, y: -y * scale });
	if (gesture && scaleBitmap(canvas)) {
		for (const layer of [canvas.layers.drag, canvas.layers.overlay]) layer.batchDraw();
		return;
	}
	// The detail band switches once the zoom rests (updateDetail), not at every step of a gesture.
	updateDetail(canvas);
	cullScene(canvas, { narrowed });
	canvas.stage.batchDraw();
}

/**
 * Shows the content layer's last drawing moved and scaled to the current viewport (a CSS transform on
 * its canvas: no element is drawn again), and draws it properly once the zoom has rested for
 * ZOOM_REST_MS, switching detail then if the zoom crossed a band. Zooming out, the edges stay empty
 * until then. False when there is no drawing to scale yet.
 */
function scaleBitmap(canvas: Canvas): boolean {
	const { bitmap } = canvas.scene;
	const at = bitmap.drawnAt;
	if (!at) return false;
	const v = canvas.viewport;
	const k = v.scale / at.scale;
	const el = canvas.layers.content.getNativeCanvasElement();
	el.style.transformOrigin = '0 0';
	el.style.transform = `translate(${(at.x - v.x) * v.scale}px, ${(at.y - v.y) * v.scale}px) scale(${k})`;
	// The rest below switches detail (if the band changed) as part of drawing again.
	if (canvas.scene.detailTimer) clearTimeout(canvas.scene.detailTimer);
	canvas.scene.detailTimer = null;
	if (bitmap.rest) clearTimeout(bitmap.rest);
	bitmap.rest = setTimeout(() => {
		bitmap.rest = null;
		if (canvas.destroyed) return;
		const detail = detailScale(canvas.viewport.scale);
		if (detail !== canvas.scene.detail) applyDetail(canvas, detail);
		else cullScene(canvas);
		canvas.layers.content.batchDraw();
	}, ZOOM_REST_MS);
	return true;
}

/** Keeps note of the viewport the content layer was last drawn at, and drops any scaling then. */
export function installBitmap(canvas: Canvas): () => void {
	const layer = canvas.layers.content;
	const onDraw = () => {
		canvas.scene.bitmap.drawnAt = { ...canvas.viewport };
		const el = layer.getNativeCanvasElement();
		if (el.style.transform) el.style.transform = '';
	};
	layer.on('draw', onDraw);
	return () => layer.off('draw', onDraw);
}

/** Glides to `target` over `ms` (instantly when the person prefers reduced motion). */
export function animateView(canvas: Canvas, target: Viewport, ms = 280): void {
	const t = canvas.viewFrames;
	if (t.animation !== null) cancelAnimationFrame(t.animation);
	t.animation = null;
	const reduce = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
	const to = normaliseViewport(target);
	t.target = null;
	if (reduce || ms <= 0) return setView(canvas, to);
	t.target = to;
	const from = { ...canvas.viewport };
	const start = performance.now();
	const step = (now: number) => {
		if (canvas.destroyed) return;
		const k = Math.min(1, (now - start) / ms);
		const eased = 1 - Math.pow(1 - k, 3);
		setView(canvas, k >= 1 ? to : lerpViewport(from, to, eased, canvas.size), { keepAnimation: true });
		t.animation = k >= 1 ? null : requestAnimationFrame(step);
		if (t.animation === null) t.target = null;
	};
	t.animation = requestAnimationFrame(step);
}

export function cancelViewTimers(canvas: Canvas): void {
	const t = canvas.viewFrames;
	if (t.frame !== null) cancelAnimationFrame(t.frame);
	if (t.animation !== null) cancelAnimationFrame(t.animation);
	t.frame = t.animation = null;
	t.target = null;
}

/** Where the view is going: the end of a glide under way, else where it is. */
function settledViewport(canvas: Canvas): Viewport {
	const t = canvas.viewFrames;
	return t.animation !== null && t.target ? t.target : canvas.viewport;
}

function screenCentre(canvas: Canvas) {
	return { x: canvas.size.width / 2, y: canvas.size.height / 2 };
}

export function zoomStepView(canvas: Canvas, direction: 1 | -1): void {
	canvas.viewportTouched = true;
	// From where a glide under way will end, so quick clicks each take a step (not all the same one).
	const from = settledViewport(canvas);
	animateView(canvas, zoomAround(from, screenCentre(canvas), zoomStep(from.scale, direction)), 180);
}

export function resetZoomView(canvas: Canvas): void {
	canvas.viewportTouched = true;
	animateView(canvas, zoomAround(canvas.viewport, screenCentre(canvas), 1), 180);
}

/** The area covered by `ids` (or every element), frame titles included. */
export function boundsOfIds(canvas: Canvas, ids?: Iterable<string>): Rect | null {
	const list = ids ? [...ids] : [...canvas.scene.elements.keys()];
	const rects: Rect[] = [];
	for (const id of list) {
		const r = elementBounds(canvas.scene, id);
		if (!r) continue;
		const frame = canvas.scene.elements.get(id)?.kind === 'frame';
		rects.push(frame ? { x: r.x, y: r.y - 32, w: r.w, h: r.h + 32 } : r);
	}
	return boundsOf(rects);
}

export function zoomToFitView(canvas: Canvas, ids?: Iterable<string>, animate = true): void {
	const explicit = ids !== undefined;
	const bounds = boundsOfIds(canvas, ids);
	if (!bounds) return;
	// The part of the screen floating controls cover (the toolbar on the left) is left out of the fit.
	const target = fitBounds(bounds, canvas.size, 48, explicit ? 2 : 1, canvas.host.insets?.() ?? NO_INSETS);
	if (animate) animateView(canvas, target);
	else setView(canvas, target);
}

export function centreOnElement(canvas: Canvas, id: string, animate = true): void {
	const bounds = boundsOfIds(canvas, [id]);
	if (!bounds) return;
	const target = centreView(canvas.viewport, rectCenter(bounds), canvas.size);
	if (animate) animateView(canvas, target);
	else setView(canvas, target);
}
