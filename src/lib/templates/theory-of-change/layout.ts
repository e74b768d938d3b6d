/**
 * Pure geometry of a theory-of-change frame and of one card, shared by the canvas and the export:
 * a title band, the background (what the group noticed and decided) when there is one, five column
 * heads with their definitions, then the cards, stacked down their columns. A card belongs to the
 * column its centre is over; nothing here depends on anything but the data, so it is deterministic.
 */
import { clamp, intersects, type Point, type Rect } from '$lib/shared/geometry.js';
import type { JsonValue } from '$lib/doc/schema.js';
import { CARD_MIN_H, CARD_W, COLUMNS, columnOfType, fieldLines } from './schema.js';
import { wrapLines } from '../kit/text.js';

export const MARGIN = 24;
export const COL_W = 440;
export const TITLE_H = 96;
export const HEAD_H = 190;
export const GAP = 16;
export const FRAME_W = 2 * MARGIN + COLUMNS.length * COL_W;
/** An empty frame has room for about six cards a column. */
export const EMPTY_H = TITLE_H + HEAD_H + 6 * (CARD_MIN_H + GAP) + MARGIN;

export const SIZES = { title: 40, background: 20, column: 26, definition: 18, badge: 15, text: 20, field: 16 } as const;
export const LINE = 1.25;

/** The background text's lines (wrapped to the frame's width) and the height of its band. */
export function backgroundBlock(background: string, frameW: number): { lines: string[]; h: number } {
	if (!background.trim()) return { lines: [], h: 0 };
	const lines = wrapLines(background.trim(), frameW - 2 * MARGIN, SIZES.background);
	return { lines, h: Math.ceil(lines.length * SIZES.background * LINE + 2 * GAP) };
}

export interface TocGeometry {
	frame: Rect;
	/** The background band (height 0 without one). */
	background: Rect;
	/** Each column's full rect (its head and its cards), left to right. */
	columns: Rect[];
	/** Where cards go: below the column heads. */
	cardsTop: number;
}

/**
 * The geometry of `frame` (absolute board units; pass x = y = 0 for frame-local coordinates).
 * @example tocGeometry(frame, backgroundOf(frame.data)).columns[4] // Aim(s)
 */
export function tocGeometry(frame: Rect, background: string): TocGeometry {
	const bg = backgroundBlock(background, frame.w);
	const top = frame.y + TITLE_H + bg.h;
	const colW = (frame.w - 2 * MARGIN) / COLUMNS.length;
	return {
		frame: { ...frame },
		background: { x: frame.x + MARGIN, y: frame.y + TITLE_H, w: frame.w - 2 * MARGIN, h: bg.h },
		columns: COLUMNS.map((_, i) => ({ x: frame.x + MARGIN + i * colW, y: top, w: colW, h: Math.max(HEAD_H, frame.y + frame.h - top) })),
		cardsTop: top + HEAD_H
	};
}

/** The column (index 0–4) a point is over; points left or right of the columns count as the nearest. */
export function columnAt(g: TocGeometry, p: Point): number {
	const first = g.columns[0];
	return clamp(Math.floor((p.x - first.x) / first.w), 0, COLUMNS.length - 1);
}

/**
 * A free place for a card of `size` in column `index`: the highest spot below the heads that overlaps
 * nothing in that column. Below the frame's bottom it stays just inside (the caller grows the frame).
 */
export function slotInColumn(g: TocGeometry, index: number, size: { w: number; h: number }, occupied: readonly Rect[]): Point {
	const col = g.columns[index];
	const x = Math.round(col.x + (col.w - size.w) / 2);
	const near = occupied.filter((r) => intersects(r, { x: col.x, y: col.y, w: col.w, h: 1_000_000 })).sort((a, b) => a.y - b.y);
	let y = g.cardsTop;
	for (const r of near) {
		if (r.y + r.h + GAP <= y) continue;
		if (r.y >= y + size.h + GAP) break;
		y = r.y + r.h + GAP;
	}
	const bottom = g.frame.y + g.frame.h;
	// Keep the centre inside the frame, so the card belongs to it even before the frame grows.
	if (y + size.h / 2 > bottom - 1) y = Math.round(bottom - 1 - size.h / 2);
	return { x, y: Math.round(y) };
}

/** How tall the frame must be to hold a card placed at `y` with height `h`. */
export function neededHeight(frame: Rect, y: number, h: number): number {
	return Math.max(frame.h, Math.ceil(y + h + MARGIN - frame.y));
}

export interface CardBlock {
	text: string;
	size: number;
	bold?: boolean;
	italic?: boolean;
	/** Top of the block, from the card's top. */
	y: number;
	lines: string[];
}

export const CARD_PAD = 14;

/**
 * Everything written on a card, top to bottom, wrapped to `w`: its kind (and sub-heading), its text,
 * its fields, the question it came from. `height` is what it needs; a card is never drawn shorter in
 * the export, and a new card is made this tall.
 * @example cardBlocks('outcome', 'Early identification of risk of exclusion', { timeframe: 'Within 2 years' }, 392)
 */
export function cardBlocks(
	type: string,
	text: string,
	data: Record<string, JsonValue>,
	w: number = CARD_W
): { blocks: CardBlock[]; height: number } {
	const inner = Math.max(20, w - 2 * CARD_PAD);
	const blocks: CardBlock[] = [];
	let y = CARD_PAD;
	const push = (t: string, size: number, opts: { bold?: boolean; italic?: boolean } = {}, gap = 6) => {
		const lines = wrapLines(t, inner, size, opts.bold);
		blocks.push({ text: t, size, ...opts, y, lines });
		y += lines.length * size * LINE + gap;
	};
	const label = columnOfType(type)?.cardLabel ?? 'Card';
	const group = typeof data.group === 'string' && data.group.trim() ? data.group.trim() : '';
	push(group ? `${label.toUpperCase()} · ${group}` : label.toUpperCase(), SIZES.badge, { bold: true });
	push(text.trim() || '(empty)', SIZES.text, {}, 8);
	for (const [k, v] of fieldLines(type, data)) push(`${k}: ${v}`, SIZES.field, {}, 4);
	const question =
		typeof data.questionText === 'string' && data.questionText.trim()
			? data.questionText.trim()
			: typeof data.fromQuestion === 'string'
				? 'a “How might we” question'
				: '';
	if (question) push(`From the question: ${question}`, SIZES.field, { italic: true }, 4);
	return { blocks, height: Math.max(CARD_MIN_H, Math.ceil(y - 4 + CARD_PAD)) };
}
