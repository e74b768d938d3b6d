/**
 * The frame's scaffolding as plain shapes in frame-local coordinates: title band, background, the five
 * column bands with their names and verbatim definitions, and the arrow that says "read left to right".
 * The canvas chrome and the SVG export both draw this one list, so they agree. Text comes pre-wrapped.
 */
import { LINE, MARGIN, SIZES, tocGeometry, TITLE_H } from './layout.js';
import { COLUMNS } from './schema.js';
import { wrapLines } from '../kit/text.js';

export const INK = '#1f2937';
export const INK_SOFT = '#374151';
export const COLUMN_FILLS = ['#f8fafc', '#f1f5f9'] as const;
export const HEAD_FILL = '#e2e8f0';
export const RULE = '#94a3b8';
export const LINK = '#334155';
export const FONT = 'DejaVu Sans, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

export type Shape =
	| { type: 'rect'; x: number; y: number; w: number; h: number; fill: string; stroke?: string }
	| { type: 'line'; points: number[]; stroke: string; width: number; dash?: number[] }
	| {
			type: 'text';
			x: number;
			y: number;
			w: number;
			lines: string[];
			size: number;
			fill: string;
			bold?: boolean;
			italic?: boolean;
			align?: 'left' | 'center';
	  };

/** Everything the frame shows besides its cards, for a frame of w × h. */
export function chromeShapes(w: number, h: number, title: string, background: string): Shape[] {
	const g = tocGeometry({ x: 0, y: 0, w, h }, background);
	const shapes: Shape[] = [{ type: 'rect', x: 0, y: 0, w, h: TITLE_H, fill: '#ffffff' }];
	// A long title gets smaller type, never cut: 200 characters still fit the band in two lines.
	const words = title.trim() || 'Theory of change';
	let size: number = SIZES.title;
	let lines = wrapLines(words, w - 2 * MARGIN, size, true);
	while (size > 14 && lines.length * size * LINE > TITLE_H - 36) lines = wrapLines(words, w - 2 * MARGIN, --size, true);
	shapes.push({ type: 'text', x: MARGIN, y: 24, w: w - 2 * MARGIN, lines, size, fill: INK, bold: true });
	if (g.background.h > 0) {
		shapes.push({
			type: 'rect',
			x: g.background.x,
			y: g.background.y,
			w: g.background.w,
			h: g.background.h - 8,
			fill: '#fefce8',
			stroke: '#ca8a04'
		});
		shapes.push({
			type: 'text',
			x: g.background.x + 16,
			y: g.background.y + 12,
			w: g.background.w - 32,
			lines: wrapLines(background.trim(), g.background.w - 32, SIZES.background),
			size: SIZES.background,
			fill: INK
		});
	}
	g.columns.forEach((col, i) => {
		shapes.push({ type: 'rect', x: col.x, y: col.y, w: col.w, h: col.h, fill: COLUMN_FILLS[i % 2] });
		shapes.push({ type: 'rect', x: col.x, y: col.y, w: col.w, h: g.cardsTop - col.y - 8, fill: HEAD_FILL });
		const name = `${i + 1}. ${COLUMNS[i].name}`;
		shapes.push({
			type: 'text',
			x: col.x + 12,
			y: col.y + 14,
			w: col.w - 24,
			lines: wrapLines(name, col.w - 24, SIZES.column, true),
			size: SIZES.column,
			fill: INK,
			bold: true
		});
		const defTop = col.y + 14 + SIZES.column * LINE + 12;
		shapes.push({
			type: 'text',
			x: col.x + 12,
			y: defTop,
			w: col.w - 24,
			lines: wrapLines(COLUMNS[i].definition, col.w - 24, SIZES.definition),
			size: SIZES.definition,
			fill: INK_SOFT,
			italic: true
		});
		if (i > 0) shapes.push({ type: 'line', points: [col.x, col.y, col.x, col.y + col.h], stroke: RULE, width: 2, dash: [10, 8] });
	});
	return shapes;
}
