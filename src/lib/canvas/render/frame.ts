/** A frame: a light panel with its title above the top-left corner. */
import Konva from 'konva';
import type { Frame } from '$lib/doc/schema.js';
import type { Rect } from '$lib/shared/geometry.js';
import type { ElementRenderer } from './contract.js';
import { measureText } from './measure.js';
import { FONT_FAMILY, FRAME_FILL, FRAME_STROKE, FRAME_TITLE_COLOR, FRAME_TITLE_GAP, FRAME_TITLE_SIZE } from './style.js';

const TITLE_LINE = 1.2;

/**
 * The title's font size in board units at a (banded) zoom: 18 at 100%, growing as the view zooms out so
 * that frame titles stay readable (about 13 px on screen) when the whole board is in view.
 */
export function frameTitleSize(scale: number): number {
	return FRAME_TITLE_SIZE * Math.max(1, 0.75 / scale);
}

/** Where the title is drawn (board units): what a click on the title hits, and where its editor opens. */
export function frameTitleRect(frame: Pick<Frame, 'x' | 'y' | 'w' | 'title'>, scale = 1): Rect {
	const size = frameTitleSize(scale);
	const h = size * TITLE_LINE;
	const w = Math.min(frame.w, Math.max(48, measureText(frame.title || 'Frame', size, 'bold') + 8));
	return { x: frame.x, y: frame.y - h - (FRAME_TITLE_GAP * size) / FRAME_TITLE_SIZE, w, h };
}

export const frameRenderer: ElementRenderer<Frame> = {
	background: true,
	create(frame, ctx) {
		const group = new Konva.Group({ name: 'frame' });
		group.add(
			new Konva.Rect({
				name: 'body',
				fill: FRAME_FILL,
				stroke: FRAME_STROKE,
				strokeWidth: 1.5,
				cornerRadius: 8,
				perfectDrawEnabled: false,
				shadowForStrokeEnabled: false,
				listening: false
			}),
			new Konva.Text({
				name: 'title',
				fontFamily: FONT_FAMILY,
				fontStyle: 'bold',
				fontSize: FRAME_TITLE_SIZE,
				lineHeight: TITLE_LINE,
				fill: FRAME_TITLE_COLOR,
				wrap: 'none',
				ellipsis: true,
				perfectDrawEnabled: false,
				listening: false
			})
		);
		frameRenderer.update(group, frame, ctx);
		return group;
	},
	update(group, frame, ctx) {
		group.position({ x: frame.x, y: frame.y });
		const [body, title] = group.getChildren() as [Konva.Rect, Konva.Text];
		body.size({ width: frame.w, height: frame.h });
		const size = frameTitleSize(ctx.scale);
		title.setAttrs({
			text: frame.title || 'Frame',
			fontSize: size,
			y: -(size * TITLE_LINE) - (FRAME_TITLE_GAP * size) / FRAME_TITLE_SIZE,
			width: frame.w,
			visible: ctx.editingId !== frame.id
		});
	}
};
