/** A text label: plain dark text at the element's font size, wrapped to its width. */
import Konva from 'konva';
import type { TextLabel } from '$lib/doc/schema.js';
import { readable, type ElementRenderer } from './contract.js';
import { FONT_FAMILY, TEXT_COLOR, TEXT_LINE_HEIGHT, TEXT_PLACEHOLDER } from './style.js';

export const textRenderer: ElementRenderer<TextLabel> = {
	create(label, ctx) {
		const group = new Konva.Group({ name: 'text' });
		group.add(
			new Konva.Text({
				fontFamily: FONT_FAMILY,
				lineHeight: TEXT_LINE_HEIGHT,
				wrap: 'word',
				perfectDrawEnabled: false,
				listening: false
			})
		);
		textRenderer.update(group, label, ctx);
		return group;
	},
	update(group, label, ctx) {
		group.position({ x: label.x, y: label.y });
		const text = group.getChildren()[0] as Konva.Text;
		const empty = label.text.trim() === '';
		text.setAttrs({
			// An empty label still shows where it is.
			text: empty ? 'Text' : label.text,
			fill: empty ? TEXT_PLACEHOLDER : TEXT_COLOR,
			fontSize: label.fontSize,
			width: label.w,
			visible: ctx.editingId !== label.id && readable(label.fontSize, ctx)
		});
	}
};
