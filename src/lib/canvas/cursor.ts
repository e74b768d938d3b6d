/** The mouse cursor over the canvas, from the tool and what is held. */
import type { Canvas } from './state.js';

export function toolCursor(canvas: Canvas): string {
	if (canvas.spaceHeld || canvas.tool === 'hand') return 'grab';
	if (canvas.tool === 'select') return 'default';
	return 'crosshair';
}

export function setCursor(canvas: Canvas, cursor: string): void {
	if (canvas.container.style.cursor !== cursor) canvas.container.style.cursor = cursor;
}
