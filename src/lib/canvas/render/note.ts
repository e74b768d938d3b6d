/** A sticky note: pale fill, soft shadow, dark text centred and shrunk to fit. */
import Konva from 'konva';
import type { Note } from '$lib/doc/schema.js';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import { readable, type ElementRenderer } from './contract.js';
import { fitText, type Fit } from './fit-text.js';
import { measureNormal } from './measure.js';
import { FONT_FAMILY, NOTE_FONT_MAX, NOTE_FONT_MIN, NOTE_LINE_HEIGHT, NOTE_PADDING, NOTE_SHADOW, NOTE_TEXT } from './style.js';

const fits = new Map<string, Fit>();
const MAX_FITS = 20_000;

/**
 * How a note's text is laid out: font size and lines. Shared with the in-place editor so what you type
 * looks like the note. We wrap 3% narrower than the box so Konva's own wrapping never adds a line.
 */
export function fitNote(text: string, w: number, h: number): Fit {
	const key = `${w}|${h}|${text}`;
	let fit = fits.get(key);
	if (!fit) {
		const width = Math.max(1, w - 2 * NOTE_PADDING) * 0.97;
		const height = Math.max(1, h - 2 * NOTE_PADDING);
		fit = fitText(text, { width, height, maxSize: NOTE_FONT_MAX, minSize: NOTE_FONT_MIN, lineHeight: NOTE_LINE_HEIGHT }, measureNormal);
		// Room for every note of a big board (5,000 notes and some sizes each); the oldest half goes first.
		if (fits.size >= MAX_FITS) for (const old of [...fits.keys()].slice(0, MAX_FITS / 2)) fits.delete(old);
		fits.set(key, fit);
	}
	return fit;
}

export function clearNoteFits(): void {
	fits.clear();
}

export const noteRenderer: ElementRenderer<Note> = {
	create(note, ctx) {
		// Only moved, never scaled or rotated: Konva skips the full transform for it.
		const group = new Konva.Group({ name: 'note', transformsEnabled: 'position' });
		group.add(
			new Konva.Rect({ name: 'shadow', y: 3, cornerRadius: 4, fill: NOTE_SHADOW, perfectDrawEnabled: false, listening: false }),
			new Konva.Rect({ name: 'body', cornerRadius: 3, perfectDrawEnabled: false, listening: false }),
			new Konva.Text({
				name: 'text',
				x: NOTE_PADDING,
				y: NOTE_PADDING,
				fontFamily: FONT_FAMILY,
				fill: NOTE_TEXT,
				align: 'center',
				verticalAlign: 'middle',
				lineHeight: NOTE_LINE_HEIGHT,
				wrap: 'word',
				ellipsis: true,
				perfectDrawEnabled: false,
				listening: false
			})
		);
		noteRenderer.update(group, note, ctx);
		return group;
	},
	update(group, note, ctx) {
		group.position({ x: note.x, y: note.y });
		const [shadow, body, text] = group.getChildren() as [Konva.Rect, Konva.Rect, Konva.Text];
		// Level of detail: zoomed out so far that even the largest text is unreadable, a note is one plain
		// rectangle (no shadow, no rounded corners, no text laid out): a big board redraws several times faster.
		const far = !readable(NOTE_FONT_MAX, ctx);
		shadow.setAttrs({ width: note.w, height: note.h, visible: !far });
		body.setAttrs({ width: note.w, height: note.h, fill: NOTE_COLORS[note.color] ?? NOTE_COLORS.yellow, cornerRadius: far ? 0 : 3 });
		if (ctx.editingId === note.id || far) {
			if (text.visible()) text.visible(false);
			return;
		}
		const fit = fitNote(note.text, note.w, note.h);
		text.setAttrs({
			text: fit.lines.join('\n'),
			fontSize: fit.fontSize,
			width: Math.max(1, note.w - 2 * NOTE_PADDING),
			height: Math.max(1, note.h - 2 * NOTE_PADDING),
			visible: ctx.editingId !== note.id && readable(fit.fontSize, ctx)
		});
	}
};
