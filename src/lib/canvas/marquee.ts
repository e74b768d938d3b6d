/**
 * Rubber-band selection (mouse and pen, select tool, press on empty space). The selection updates live
 * as the rectangle grows; shift adds to what was selected before. Hit rules are in hit-test.ts.
 */
import Konva from 'konva';
import { rectFromPoints } from '$lib/shared/geometry.js';
import type { Canvas, Gesture, PointerInfo } from './state.js';
import { marqueeHits } from './hit-test.js';
import { hitShapes } from './scene.js';
import { setSelection } from './selection.js';
import { SELECTION_COLOR, SELECTION_FILL } from './render/style.js';

export function startMarquee(canvas: Canvas, start: PointerInfo, onClick: (p: PointerInfo) => void): Gesture {
	const additive = start.event.shiftKey;
	const before = new Set(canvas.selection);
	let rect: Konva.Rect | null = null;
	const remove = () => {
		rect?.destroy();
		rect = null;
		canvas.layers.overlay.batchDraw();
	};
	return {
		move(p) {
			if (!rect) {
				if (Math.hypot(p.screen.x - start.screen.x, p.screen.y - start.screen.y) < 4) return;
				rect = new Konva.Rect({
					fill: SELECTION_FILL,
					stroke: SELECTION_COLOR,
					strokeWidth: 1,
					strokeScaleEnabled: false,
					listening: false
				});
				canvas.groups.tools.add(rect);
			}
			const r = rectFromPoints(start.board, p.board);
			rect.setAttrs({ x: r.x, y: r.y, width: r.w, height: r.h });
			const hits = marqueeHits(hitShapes(canvas), r);
			setSelection(canvas, additive ? [...before, ...hits] : hits);
			canvas.layers.overlay.batchDraw();
		},
		up(p) {
			if (rect) return remove();
			// A click on empty space clears the selection (shift-click keeps it).
			if (!additive) setSelection(canvas, []);
			onClick(p);
		},
		cancel() {
			remove();
			setSelection(canvas, before);
		}
	};
}
