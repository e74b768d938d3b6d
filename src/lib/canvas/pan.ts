/** Panning by dragging (hand tool, space, middle button, touch on empty space) and two-finger pinch. */
import type { Point } from '$lib/shared/geometry.js';
import type { Canvas, Gesture, PointerInfo } from './state.js';
import { setView } from './view.js';
import { panBy, pinchViewport } from './viewport.js';
import { setCursor, toolCursor } from './cursor.js';

/** Drags the board with the pointer. `onClick` runs when the press ends without moving (a tap). */
export function startPan(canvas: Canvas, start: PointerInfo, onClick?: (p: PointerInfo) => void): Gesture {
	let last = start.screen;
	let moved = false;
	setCursor(canvas, 'grabbing');
	const done = () => setCursor(canvas, toolCursor(canvas));
	return {
		move(p) {
			const dx = p.screen.x - last.x;
			const dy = p.screen.y - last.y;
			if (!moved && Math.hypot(p.screen.x - start.screen.x, p.screen.y - start.screen.y) < 4) return;
			moved = true;
			last = p.screen;
			setView(canvas, panBy(canvas.viewport, dx, dy), { user: true });
		},
		up(p) {
			done();
			if (!moved) onClick?.(p);
		},
		cancel: done
	};
}

/** Two fingers: zoom with their distance, pan with their midpoint. */
export function startPinch(canvas: Canvas, a: Point, b: Point): { move(a: Point, b: Point): void } {
	const start = { ...canvas.viewport };
	return {
		move(a1, b1) {
			setView(canvas, pinchViewport(start, a, b, a1, b1), { user: true, gesture: true });
		}
	};
}
