/** The board background and its dot grid: one shape on the chrome layer, drawn for the visible area only. */
import Konva from 'konva';
import type { Canvas } from './state.js';
import { gridStep, visibleRect } from './viewport.js';
import { BOARD_BACKGROUND, GRID_DOT } from './render/style.js';

export function installGrid(canvas: Canvas): () => void {
	const shape = new Konva.Shape({
		listening: false,
		perfectDrawEnabled: false,
		sceneFunc(ctx) {
			const v = canvas.viewport;
			const r = visibleRect(v, canvas.size);
			ctx.setAttr('fillStyle', BOARD_BACKGROUND);
			ctx.fillRect(r.x, r.y, r.w, r.h);
			const step = gridStep(v.scale);
			const dot = 1.6 / v.scale;
			ctx.setAttr('fillStyle', GRID_DOT);
			ctx.beginPath();
			const x0 = Math.floor(r.x / step) * step;
			const y0 = Math.floor(r.y / step) * step;
			for (let x = x0; x <= r.x + r.w; x += step) {
				for (let y = y0; y <= r.y + r.h; y += step) ctx.rect(x - dot / 2, y - dot / 2, dot, dot);
			}
			ctx.fill();
		}
	});
	canvas.layers.chrome.add(shape);
	return () => shape.destroy();
}
