/**
 * The only keys the canvas handles itself: holding Space to pan with the select tool, and Escape to
 * cancel a gesture in progress. Every other shortcut belongs to the board, which calls the controller.
 */
import type { Canvas } from './state.js';
import { cancelGesture } from './pointer.js';
import { setCursor, toolCursor } from './cursor.js';

/** True when keys are going into a text field, which the canvas must leave alone. */
export function isTyping(target: EventTarget | null): boolean {
	if (!(target instanceof HTMLElement)) return false;
	return (
		target.isContentEditable ||
		target instanceof HTMLInputElement ||
		target instanceof HTMLTextAreaElement ||
		target instanceof HTMLSelectElement
	);
}

function boardHasFocus(canvas: Canvas): boolean {
	const active = document.activeElement;
	return !active || active === document.body || canvas.container.contains(active);
}

export function installKeys(canvas: Canvas): () => void {
	const setSpace = (held: boolean) => {
		if (canvas.spaceHeld === held) return;
		canvas.spaceHeld = held;
		if (!canvas.gesture) setCursor(canvas, toolCursor(canvas));
	};
	const down = (e: KeyboardEvent) => {
		if (isTyping(e.target) || !boardHasFocus(canvas)) return;
		if (e.code === 'Space' && !e.ctrlKey && !e.metaKey && !e.altKey) {
			// Keep the page from scrolling while space is held for panning.
			e.preventDefault();
			setSpace(true);
		} else if (e.key === 'Escape' && canvas.gesture) {
			e.preventDefault();
			e.stopPropagation();
			cancelGesture(canvas);
			setCursor(canvas, toolCursor(canvas));
		}
	};
	const up = (e: KeyboardEvent) => {
		if (e.code === 'Space') setSpace(false);
	};
	const blur = () => setSpace(false);
	// Capture phase, so Escape cancels a drag before the board's own Escape (clear selection) sees it.
	window.addEventListener('keydown', down, true);
	window.addEventListener('keyup', up, true);
	window.addEventListener('blur', blur);
	return () => {
		window.removeEventListener('keydown', down, true);
		window.removeEventListener('keyup', up, true);
		window.removeEventListener('blur', blur);
	};
}
