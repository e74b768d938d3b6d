/**
 * The theory of change on the canvas: the frame's chrome (title, background, the five columns headed by
 * their definitions) drawn from `chromeShapes`, each card with its kind written on it (never colour
 * alone), its sub-heading, words, fields and the question it came from, and arrows as solid lines.
 * A card too small for its words is clipped here and marked "more…"; the export never clips.
 */
import Konva from 'konva';
import type { Frame, Item } from '$lib/doc/schema.js';
import type { ElementRenderer, RenderContext } from '$lib/canvas/index.js';
import { readable } from '$lib/canvas/render/contract.js';
import { NOTE_SHADOW } from '$lib/canvas/render/style.js';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import type { ChromeRenderer, TemplateRenderer } from '../kit/client.js';
import { CARD_PAD, cardBlocks, LINE } from './layout.js';
import { backgroundOf, COLUMNS, columnOfType, ID } from './schema.js';
import { chromeShapes, FONT, INK, LINK, type Shape } from './shapes.js';

function node(shape: Shape, ctx: RenderContext): Konva.Shape {
	const common = { perfectDrawEnabled: false, listening: false };
	if (shape.type === 'rect')
		return new Konva.Rect({
			...common,
			x: shape.x,
			y: shape.y,
			width: shape.w,
			height: shape.h,
			fill: shape.fill,
			stroke: shape.stroke,
			strokeWidth: shape.stroke ? 2 : 0
		});
	if (shape.type === 'line')
		return new Konva.Line({ ...common, points: shape.points, stroke: shape.stroke, strokeWidth: shape.width, dash: shape.dash });
	return new Konva.Text({
		...common,
		x: shape.x,
		y: shape.y,
		width: shape.w,
		text: shape.lines.join('\n'),
		fontSize: shape.size,
		fontFamily: FONT,
		fontStyle: [shape.italic ? 'italic' : '', shape.bold ? 'bold' : ''].join(' ').trim() || 'normal',
		fill: shape.fill,
		lineHeight: LINE,
		wrap: 'none',
		visible: readable(shape.size, ctx)
	});
}

export const chrome: ChromeRenderer = {
	create(frame, ctx) {
		const group = new Konva.Group({ name: 'toc-chrome', listening: false });
		chrome.update(group, frame, ctx);
		return group;
	},
	update(group, frame: Frame, ctx) {
		const background = backgroundOf(frame.data);
		const key = [frame.w, frame.h, frame.title, background, ctx.scale].join('|');
		if (group.getAttr('convene:key') === key) return;
		group.setAttr('convene:key', key);
		group.destroyChildren();
		for (const shape of chromeShapes(frame.w, frame.h, frame.title, background)) group.add(node(shape, ctx));
	}
};

export const cardRenderer: ElementRenderer<Item> = {
	create(item, ctx) {
		const group = new Konva.Group({ name: 'toc-card' });
		group.add(
			new Konva.Rect({ name: 'shadow', y: 3, cornerRadius: 8, fill: NOTE_SHADOW, perfectDrawEnabled: false, listening: false }),
			new Konva.Rect({ name: 'body', cornerRadius: 8, stroke: '#475569', strokeWidth: 1.5, perfectDrawEnabled: false, listening: false }),
			new Konva.Group({ name: 'words', listening: false }),
			new Konva.Text({
				name: 'more',
				text: 'more…',
				fontFamily: FONT,
				fontSize: 14,
				fontStyle: 'bold',
				fill: INK,
				listening: false,
				perfectDrawEnabled: false
			})
		);
		cardRenderer.update(group, item, ctx);
		return group;
	},
	update(group, item, ctx) {
		group.position({ x: item.x, y: item.y });
		const [shadow, body, words, more] = group.getChildren() as [Konva.Rect, Konva.Rect, Konva.Group, Konva.Text];
		shadow.size({ width: item.w, height: item.h });
		const color = columnOfType(item.type)?.color ?? 'yellow';
		body.setAttrs({ width: item.w, height: item.h, fill: NOTE_COLORS[color] });
		const { blocks, height } = cardBlocks(item.type, item.text, item.data, item.w);
		const key = JSON.stringify([item.type, item.text, item.data, item.w, item.h, ctx.scale, ctx.editingId === item.id]);
		if (words.getAttr('convene:key') !== key) {
			words.setAttr('convene:key', key);
			words.destroyChildren();
			words.clip({ x: 0, y: 0, width: item.w, height: item.h - (height > item.h ? 18 : 0) });
			blocks.forEach((b, i) => {
				// The card's own words (block 1) are hidden while the in-place editor covers them.
				const hidden = i === 1 && ctx.editingId === item.id;
				words.add(
					new Konva.Text({
						x: CARD_PAD,
						y: b.y,
						width: item.w - 2 * CARD_PAD,
						text: b.lines.join('\n'),
						fontSize: b.size,
						fontFamily: FONT,
						fontStyle: [b.italic ? 'italic' : '', b.bold ? 'bold' : ''].join(' ').trim() || 'normal',
						fill: INK,
						lineHeight: LINE,
						wrap: 'none',
						listening: false,
						perfectDrawEnabled: false,
						visible: !hidden && readable(b.size, ctx)
					})
				);
			});
		}
		more.setAttrs({ x: item.w - CARD_PAD - 44, y: item.h - 18, visible: height > item.h && readable(14, ctx) });
	}
};

export const renderer: TemplateRenderer = {
	chrome,
	items: Object.fromEntries(COLUMNS.map((c) => [c.type, cardRenderer])),
	linkStyle(connector) {
		if (connector.data.template !== ID) return null;
		return { color: LINK, width: 3, arrow: true };
	}
};
