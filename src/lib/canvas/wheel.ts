/**
 * Wheel and trackpad: ctrl/cmd+wheel (which is also how browsers report a trackpad pinch) zooms around
 * the pointer; a plain wheel or two-finger scroll pans (shift+wheel pans sideways with a mouse).
 * Safari reports trackpad pinches as gesture events instead, handled the same way.
 */
import type { Point } from '$lib/shared/geometry.js';
import type { Canvas } from './state.js';
import { setView } from './view.js';
import { panBy, wheelPixels, wheelZoomFactor, zoomAround, zoomBy } from './viewport.js';

interface SafariGestureEvent extends UIEvent {
	scale: number;
	clientX: number;
	clientY: number;
}

export function installWheel(canvas: Canvas): () => void {
	const el = canvas.container;
	const local = (e: { clientX: number; clientY: number }): Point => {
		const r = el.getBoundingClientRect();
		return { x: e.clientX - r.left, y: e.clientY - r.top };
	};

	const wheel = (e: WheelEvent) => {
		// Let an open editor's textarea scroll itself.
		if (e.target instanceof HTMLTextAreaElement) return;
		e.preventDefault();
		const d = wheelPixels(e, canvas.size.height);
		if (e.ctrlKey || e.metaKey) {
			setView(canvas, zoomBy(canvas.viewport, local(e), wheelZoomFactor(d.y)), { user: true, gesture: true });
			return;
		}
		let dx = d.x;
		let dy = d.y;
		if (e.shiftKey && dx === 0) [dx, dy] = [dy, 0];
		setView(canvas, panBy(canvas.viewport, -dx, -dy), { user: true });
	};

	let gestureStart: { scale: number; at: Point } | null = null;
	const gestureStartHandler = (e: Event) => {
		e.preventDefault();
		const g = e as SafariGestureEvent;
		gestureStart = { scale: canvas.viewport.scale, at: local(g) };
	};
	const gestureChange = (e: Event) => {
		e.preventDefault();
		if (!gestureStart) return;
		const g = e as SafariGestureEvent;
		setView(canvas, zoomAround(canvas.viewport, gestureStart.at, gestureStart.scale * g.scale), { user: true, gesture: true });
	};
	const gestureEnd = (e: Event) => {
		e.preventDefault();
		gestureStart = null;
	};

	el.addEventListener('wheel', wheel, { passive: false });
	el.addEventListener('gesturestart', gestureStartHandler);
	el.addEventListener('gesturechange', gestureChange);
	el.addEventListener('gestureend', gestureEnd);
	return () => {
		el.removeEventListener('wheel', wheel);
		el.removeEventListener('gesturestart', gestureStartHandler);
		el.removeEventListener('gesturechange', gestureChange);
		el.removeEventListener('gestureend', gestureEnd);
	};
}
