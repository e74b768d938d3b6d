/**
 * The Iceberg on the canvas: the frame's chrome (bands, waterline, iceberg, layer names and prompts,
 * column heads) built from `chromeShapes`, and headings as bold underlined labels. Plain notes and
 * connectors are drawn by the core renderers. Chrome is rebuilt only when what it shows changes.
 */
import Konva from 'konva';
import type { Frame, Item } from '$lib/doc/schema.js';
import type { ElementRenderer, RenderContext } from '$lib/canvas/index.js';
import type { ChromeRenderer, TemplateRenderer } from '../kit/client.js';
import { FONT, INK, SIZES } from './palette.js';
import { columnNames, HEADING } from './schema.js';
import { chromeShapes, type Shape } from './shapes.js';

const LINE_HEIGHT = 1.2;

/** Text under about 4 screen pixels is skipped (as the core renderers do): slow to draw, unreadable. */
const readable = (size: number, ctx: RenderContext) => size * ctx.scale >= 4;

function node(shape: Shape): Konva.Shape {
	const common = { perfectDrawEnabled: false, listening: false };
	if (shape.type === 'rect')
		return new Konva.Rect({
			...common,
			x: shape.x,
			y: shape.y,
			width: shape.w,
			height: shape.h,
			fill: shape.fill,
			cornerRadius: shape.radius ?? 0
		});
	if (shape.type === 'poly')
		return new Konva.Line({
			...common,
			points: shape.points,
			closed: shape.closed,
			fill: shape.fill,
			stroke: shape.stroke,
			strokeWidth: shape.strokeWidth ?? 0,
			dash: shape.dash,
			lineJoin: 'round'
		});
	return new Konva.Text({
		...common,
		name: shape.name,
		x: shape.x,
		y: shape.y,
		width: shape.w,
		text: shape.text,
		fontSize: shape.size,
		fontFamily: FONT,
		fontStyle: [shape.italic ? 'italic' : '', shape.bold ? 'bold' : ''].join(' ').trim() || 'normal',
		fill: shape.fill,
		align: shape.align ?? 'left',
		lineHeight: LINE_HEIGHT,
		wrap: shape.oneLine ? 'none' : 'word',
		ellipsis: !!shape.oneLine
	});
}

function build(group: Konva.Group, frame: Frame, ctx: RenderContext): void {
	group.destroyChildren();
	const shapes = chromeShapes(frame.w, frame.h, frame.title, columnNames(frame.data));
	for (const shape of shapes) {
		const n = node(shape);
		if (shape.type === 'text') {
			if (shape.below) {
				const above = group.findOne(`.${shape.below.name}`) as Konva.Text | undefined;
				if (above) n.y(above.y() + above.height() + shape.below.gap);
			}
			n.visible(readable(shape.size, ctx) && !(shape.name === 'title' && ctx.editingId === frame.id));
		}
		group.add(n);
	}
}

function chromeKey(frame: Frame, ctx: RenderContext): string {
	const names = columnNames(frame.data);
	return [frame.w, frame.h, frame.title, names.drivers, names.barriers, ctx.scale, ctx.editingId === frame.id].join('|');
}

export const chrome: ChromeRenderer = {
	create(frame, ctx) {
		const group = new Konva.Group({ name: 'iceberg-chrome', listening: false });
		chrome.update(group, frame, ctx);
		return group;
	},
	update(group, frame, ctx) {
		const key = chromeKey(frame, ctx);
		if (group.getAttr('convene:key') === key) return;
		group.setAttr('convene:key', key);
		build(group, frame, ctx);
	}
};

/** A heading: bold dark text, no sticky background, underlined. */
export const headingRenderer: ElementRenderer<Item> = {
	create(item, ctx) {
		const group = new Konva.Group({ name: 'iceberg-heading' });
		group.add(
			new Konva.Text({
				name: 'text',
				fontFamily: FONT,
				fontStyle: 'bold',
				fill: INK,
				lineHeight: LINE_HEIGHT,
				wrap: 'word',
				ellipsis: true,
				perfectDrawEnabled: false,
				listening: false
			}),
			new Konva.Line({ name: 'underline', stroke: INK, strokeWidth: 3, lineCap: 'round', perfectDrawEnabled: false, listening: false })
		);
		headingRenderer.update(group, item, ctx);
		return group;
	},
	update(group, item, ctx) {
		group.position({ x: item.x, y: item.y });
		const [text, underline] = group.getChildren() as [Konva.Text, Konva.Line];
		const size = Math.min(SIZES.heading, Math.max(12, item.h / LINE_HEIGHT - 6));
		const empty = item.text.trim() === '';
		text.setAttrs({
			text: empty ? 'Heading' : item.text,
			opacity: empty ? 0.6 : 1,
			fontSize: size,
			width: item.w,
			height: item.h - 6,
			visible: ctx.editingId !== item.id && readable(size, ctx)
		});
		const lines = Math.max(1, text.textArr.length);
		const y = Math.min(item.h - 2, lines * size * LINE_HEIGHT + 2);
		underline.points([0, y, Math.min(item.w, Math.max(40, text.getTextWidth())), y]);
	}
};

export const renderer: TemplateRenderer = {
	chrome,
	items: { [HEADING]: headingRenderer }
};
