/**
 * Pointer input: one DOM listener set on the stage's content element routes each press to a gesture by
 * tool and by what is under the pointer (our own hit-test, not Konva's). Two touches make a pinch.
 * Clicks and taps are counted here, so double-click and double-tap behave the same.
 */
import type { Point } from '$lib/shared/geometry.js';
import type { Canvas, Gesture, PointerInfo } from './state.js';
import { hitTest, type Hit } from './hit-test.js';
import { hitShapes } from './scene.js';
import { screenToBoard } from './viewport.js';
import { setSelection } from './selection.js';
import { startSelectPress } from './drag.js';
import { startMarquee } from './marquee.js';
import { startPan, startPinch } from './pan.js';
import { createNoteAt, startFrame, startPlace } from './create-tool.js';
import { startConnect } from './connect-tool.js';
import { openEditor } from './text-editor.js';
import { onTransformHandle, refreshTransformer } from './transform.js';
import { setCursor, toolCursor } from './cursor.js';

const DOUBLE_CLICK_MS = 400;

function localPoint(canvas: Canvas, e: PointerEvent | MouseEvent): Point {
	const r = canvas.container.getBoundingClientRect();
	return { x: e.clientX - r.left, y: e.clientY - r.top };
}

function info(canvas: Canvas, e: PointerEvent): PointerInfo {
	const screen = localPoint(canvas, e);
	return { screen, board: screenToBoard(canvas.viewport, screen), event: e };
}

/** What is under a screen point (tolerance of about 6 screen pixels). */
export function hitAt(canvas: Canvas, board: Point): Hit | null {
	return hitTest(hitShapes(canvas), board, 6 / canvas.viewport.scale);
}

function onDoubleClick(canvas: Canvas, p: PointerInfo, hit: Hit | null): void {
	if (hit) {
		const el = canvas.scene.elements.get(hit.id);
		if (!el) return;
		// A frame's body is board; its border is not a place to type.
		if (el.kind === 'frame' && hit.part !== 'title') return;
		openEditor(canvas, hit.id);
		return;
	}
	if (canvas.tool === 'select') createNoteAt(canvas, p.board);
}

/** Counts a click (or tap) that did not move; the second one in time and place is a double-click. */
function registerClick(canvas: Canvas, p: PointerInfo, hit: Hit | null): void {
	const now = performance.now();
	const last = canvas.lastClick;
	const id = hit?.id ?? null;
	if (
		last &&
		now - last.time < DOUBLE_CLICK_MS &&
		Math.hypot(last.screen.x - p.screen.x, last.screen.y - p.screen.y) < 10 &&
		last.id === id
	) {
		canvas.lastClick = null;
		onDoubleClick(canvas, p, hit);
		return;
	}
	canvas.lastClick = { time: now, screen: p.screen, id };
}

function route(canvas: Canvas, p: PointerInfo): Gesture | null {
	const e = p.event;
	const pan = () => startPan(canvas, p);
	if (e.button === 1 || canvas.tool === 'hand' || canvas.spaceHeld) return pan();
	const hit = hitAt(canvas, p.board);
	const click = (q: PointerInfo) => registerClick(canvas, q, hit);
	switch (canvas.tool) {
		case 'note':
		case 'text':
			return startPlace(canvas, p, canvas.tool, pan);
		case 'frame':
			return e.pointerType === 'touch' && hit ? pan() : startFrame(canvas, p);
		case 'connector': {
			const el = hit ? canvas.scene.elements.get(hit.id) : undefined;
			return el && el.kind !== 'connector' && canvas.host.canEdit() ? startConnect(canvas, p, el.id) : pan();
		}
		case 'select':
		default:
			if (hit) return startSelectPress(canvas, p, hit, click);
			// Touch drags the board; mouse and pen draw a marquee.
			return e.pointerType === 'touch'
				? startPan(canvas, p, (q) => {
						setSelection(canvas, []);
						click(q);
					})
				: startMarquee(canvas, p, click);
	}
}

/** Cancels the gesture in progress (Escape, tool change, a second finger). */
export function cancelGesture(canvas: Canvas): void {
	const gesture = canvas.gesture;
	canvas.gesture = null;
	gesture?.cancel();
}

export function installPointer(canvas: Canvas): () => void {
	const target = canvas.stage.content;
	const touches = new Map<number, Point>();
	let pinch: { ids: [number, number]; gesture: ReturnType<typeof startPinch> } | null = null;

	const down = (e: PointerEvent) => {
		if (canvas.destroyed) return;
		const p = info(canvas, e);
		// Keyboard shortcuts go to the board after a click; this also closes an open editor (blur).
		if (document.activeElement !== canvas.container) canvas.container.focus({ preventScroll: true });
		if (e.pointerType === 'touch') {
			touches.set(e.pointerId, p.screen);
			if (touches.size === 2) {
				cancelGesture(canvas);
				const [[idA, a], [idB, b]] = [...touches];
				pinch = { ids: [idA, idB], gesture: startPinch(canvas, a, b) };
				return;
			}
			if (touches.size > 2 || pinch) return;
		}
		if (e.button === 2) {
			// A right-click acts on what is under it (for the host's context menu).
			const hit = hitAt(canvas, p.board);
			if (hit && !canvas.selection.has(hit.id)) setSelection(canvas, [hit.id]);
			return;
		}
		if (e.button !== 0 && e.button !== 1) return;
		// Locks and permissions live outside the canvas: re-check them before offering resize handles.
		refreshTransformer(canvas);
		if (onTransformHandle(canvas, p.screen)) return;
		if (e.button === 1) e.preventDefault();
		cancelGesture(canvas);
		try {
			target.setPointerCapture(e.pointerId);
		} catch {
			// Synthetic events have no active pointer to capture.
		}
		canvas.gesture = route(canvas, p);
	};

	const move = (e: PointerEvent) => {
		if (canvas.destroyed) return;
		const p = info(canvas, e);
		if (e.pointerType !== 'touch') {
			canvas.pointer = p.board;
			canvas.publish.cursor(p.board);
		}
		if (e.pointerType === 'touch' && touches.has(e.pointerId)) {
			touches.set(e.pointerId, p.screen);
			if (pinch) {
				const a = touches.get(pinch.ids[0]);
				const b = touches.get(pinch.ids[1]);
				if (a && b) pinch.gesture.move(a, b);
				return;
			}
		}
		if (canvas.gesture) return canvas.gesture.move(p);
		if (e.pointerType === 'mouse' && canvas.tool === 'select' && !canvas.spaceHeld) {
			const hit = hitAt(canvas, p.board);
			const movable =
				hit && canvas.host.canEdit() && !canvas.host.isLocked(hit.id) && canvas.scene.elements.get(hit.id)?.kind !== 'connector';
			setCursor(canvas, movable ? 'move' : hit ? 'pointer' : 'default');
		}
	};

	const up = (e: PointerEvent) => {
		if (canvas.destroyed) return;
		const wasTouch = touches.delete(e.pointerId);
		if (pinch) {
			if (wasTouch && touches.size < 2) pinch = null;
			return;
		}
		const gesture = canvas.gesture;
		canvas.gesture = null;
		if (gesture) gesture.up(info(canvas, e));
	};

	const cancel = (e: PointerEvent) => {
		touches.delete(e.pointerId);
		if (touches.size < 2) pinch = null;
		cancelGesture(canvas);
	};

	const leave = (e: PointerEvent) => {
		if (e.pointerType === 'touch' || canvas.gesture) return;
		canvas.pointer = null;
		canvas.publish.cursor(null);
		setCursor(canvas, toolCursor(canvas));
	};

	// The browser's own dblclick is not used (taps need the same path); stop it selecting page text.
	const dblclick = (e: MouseEvent) => e.preventDefault();

	target.addEventListener('pointerdown', down);
	target.addEventListener('pointermove', move);
	target.addEventListener('pointerup', up);
	target.addEventListener('pointercancel', cancel);
	target.addEventListener('pointerleave', leave);
	target.addEventListener('dblclick', dblclick);
	return () => {
		cancelGesture(canvas);
		target.removeEventListener('pointerdown', down);
		target.removeEventListener('pointermove', move);
		target.removeEventListener('pointerup', up);
		target.removeEventListener('pointercancel', cancel);
		target.removeEventListener('pointerleave', leave);
		target.removeEventListener('dblclick', dblclick);
	};
}
