/**
 * The connector tool: press on a shape, drag to another (a dashed line follows, the target is outlined),
 * release to connect them. Escape or releasing on empty board cancels.
 */
import Konva from 'konva';
import { createElement } from '$lib/doc/commands.js';
import { LOCAL } from '$lib/doc/origins.js';
import { edgePoint, rectCenter, type Point } from '$lib/shared/geometry.js';
import type { Canvas, Gesture, PointerInfo } from './state.js';
import { boxAt, connectorPoints } from './hit-test.js';
import { hitShapes, rectOf } from './scene.js';
import { setSelection } from './selection.js';
import { setTool } from './create-tool.js';
import { SELECTION_COLOR } from './render/style.js';

export function startConnect(canvas: Canvas, start: PointerInfo, fromId: string): Gesture {
	const line = new Konva.Arrow({
		points: [],
		stroke: SELECTION_COLOR,
		fill: SELECTION_COLOR,
		strokeWidth: 2,
		strokeScaleEnabled: false,
		dash: [8, 6],
		pointerLength: 10,
		pointerWidth: 10,
		listening: false
	});
	const target = new Konva.Rect({ stroke: SELECTION_COLOR, strokeWidth: 2.5, strokeScaleEnabled: false, listening: false, visible: false });
	canvas.groups.tools.add(line, target);
	let to: string | null = null;

	const draw = (p: Point) => {
		const from = rectOf(canvas.scene, fromId);
		if (!from) return;
		to = boxAt(hitShapes(canvas), p, fromId);
		const toRect = to ? rectOf(canvas.scene, to) : null;
		const [a, b] = toRect ? connectorPoints(from, toRect) : [edgePoint(from, p), p];
		line.points([a.x, a.y, b.x, b.y]);
		target.visible(!!toRect);
		if (toRect) {
			const gap = 4 / canvas.viewport.scale;
			target.setAttrs({ x: toRect.x - gap, y: toRect.y - gap, width: toRect.w + 2 * gap, height: toRect.h + 2 * gap });
		}
		canvas.layers.overlay.batchDraw();
	};
	const remove = () => {
		line.destroy();
		target.destroy();
		canvas.layers.overlay.batchDraw();
	};
	draw(rectCenter(rectOf(canvas.scene, fromId) ?? { x: start.board.x, y: start.board.y, w: 0, h: 0 }));

	return {
		move: (p) => draw(p.board),
		up(p) {
			draw(p.board);
			remove();
			if (!to || to === fromId || !canvas.host.canEdit()) return;
			canvas.undo.stopCapturing();
			try {
				const id = createElement(
					canvas.host.doc,
					{ kind: 'connector', from: fromId, to, createdBy: canvas.host.me.id },
					LOCAL,
					canvas.host.placement,
					canvas.scene.index
				);
				setSelection(canvas, [id]);
				setTool(canvas, 'select');
			} catch (error) {
				console.warn('canvas: could not connect those', error);
			}
		},
		cancel: remove
	};
}
