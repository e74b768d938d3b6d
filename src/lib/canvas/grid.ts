/**
 * The board background and its dot grid: the content layer's first shape, drawn for the visible area only.
 * During a zoom gesture it is scaled with the content's last drawing (view.ts, scaleBitmap); the container
 * shows the background colour at the edges until the zoom rests.
 */
import Konva from 'konva';
import type { Canvas } from './state.js';
import type { Rect } from '$lib/shared/geometry.js';
import { gridStep, visibleRect } from './viewport.js';
import { BOARD_BACKGROUND, GRID_DOT } from './render/style.js';

/** Paints the background and its dots over board rectangle `r` (the context carries the view's transform at `scale`). */
export function paintGrid(c: CanvasRenderingContext2D, scale: number, r: Rect): void {
	c.fillStyle = BOARD_BACKGROUND;
	c.fillRect(r.x, r.y, r.w, r.h);
	const step = gridStep(scale);
	const dot = 1.6 / scale;
	c.fillStyle = GRID_DOT;
	c.beginPath();
	const x0 = Math.floor(r.x / step) * step;
	const y0 = Math.floor(r.y / step) * step;
	for (let x = x0; x <= r.x + r.w; x += step) {
		for (let y = y0; y <= r.y + r.h; y += step) c.rect(x - dot / 2, y - dot / 2, dot, dot);
	}
	c.fill();
}

export function installGrid(canvas: Canvas): () => void {
	const shape = new Konva.Shape({
		name: 'grid',
		listening: false,
		perfectDrawEnabled: false,
		sceneFunc(ctx) {
			const v = canvas.viewport;
			paintGrid((ctx as unknown as { _context: CanvasRenderingContext2D })._context, v.scale, visibleRect(v, canvas.size));
		}
	});
	canvas.layers.content.add(shape);
	shape.zIndex(0);
	const background = canvas.container.style.background;
	canvas.container.style.background = BOARD_BACKGROUND;
	return () => {
		shape.destroy();
		canvas.container.style.background = background;
	};
}
