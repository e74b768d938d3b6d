/**
 * The action plan's standalone SVG: the board's compact table (title, header, one row per action with
 * its key fields), every word shown. Rows with more words than their height on the board are drawn
 * taller and the picture grows; nothing is cut. User text is XML-escaped.
 */
import type { FrameContents } from '../kit/model.js';
import { xmlEscape } from '../kit/text.js';
import { rowCells, STATUS_FILL } from './cells.js';
import { CELL_PAD, cellRects, HEADER_H, LINE, MARGIN, ROW_GAP, SIZES, TITLE_H } from './layout.js';
import { isAction, rowsOf } from './rows.js';
import { wrapLines } from '../kit/text.js';

const INK = '#1f2937';
const r = (n: number) => Math.round(n * 10) / 10;
export const FONT = 'DejaVu Sans, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

function text(x: number, y: number, lines: string[], size: number, bold = false): string {
	const spans = lines.map((l, i) => `<tspan x="${r(x)}" dy="${i === 0 ? r(size) : r(size * LINE)}">${xmlEscape(l)}</tspan>`).join('');
	return `<text x="${r(x)}" y="${r(y)}" font-size="${size}" fill="${INK}"${bold ? ' font-weight="bold"' : ''}>${spans}</text>`;
}

/**
 * A standalone SVG of one action-plan frame, in frame-local units.
 * @example actionPlanSvg(contentsOf(frame, elements))
 */
export function actionPlanSvg({ frame, items }: FrameContents): string {
	const w = frame.w;
	const rowW = w - 2 * MARGIN;
	const out: string[] = [];
	let size: number = SIZES.title;
	let title = wrapLines(frame.title || 'Action plan', rowW, size, true);
	while (size > 14 && title.length * size * LINE > TITLE_H - 36) title = wrapLines(frame.title || 'Action plan', rowW, --size, true);
	out.push(text(MARGIN, 24, title, size, true));
	const headerY = TITLE_H;
	out.push(`<rect x="${MARGIN}" y="${headerY}" width="${r(rowW)}" height="${HEADER_H - 8}" fill="#334155"/>`);
	for (const c of cellRects(rowW))
		out.push(
			`<text x="${r(MARGIN + c.x + CELL_PAD)}" y="${r(headerY + 32)}" font-size="${SIZES.header}" font-weight="bold" fill="#ffffff">${xmlEscape(c.label)}</text>`
		);
	let y = TITLE_H + HEADER_H;
	const rows = rowsOf({ items });
	for (const row of rows) {
		const item = items.find((i) => i.id === row.id)!;
		y = Math.max(y, item.y - frame.y);
		const { cells, height } = rowCells(row, rowW);
		const h = Math.max(item.h, height);
		out.push(`<rect x="${MARGIN}" y="${r(y)}" width="${r(rowW)}" height="${r(h)}" fill="#ffffff" stroke="#64748b" stroke-width="1.5"/>`);
		for (const c of cells) {
			if (c.key === 'status')
				out.push(
					`<rect x="${r(MARGIN + c.x)}" y="${r(y)}" width="${r(c.w)}" height="${r(h)}" fill="${STATUS_FILL[row.status]}" stroke="#64748b" stroke-width="1"/>`
				);
			else if (c.x > 0)
				out.push(`<line x1="${r(MARGIN + c.x)}" y1="${r(y)}" x2="${r(MARGIN + c.x)}" y2="${r(y + h)}" stroke="#cbd5e1" stroke-width="1"/>`);
			out.push(text(MARGIN + c.x + CELL_PAD, y + CELL_PAD, c.lines, SIZES.cell, c.bold));
		}
		y += h + ROW_GAP;
	}
	// Anything else in the frame (a sticky note someone left) is listed below the table, in words.
	const others = items.filter((i) => !isAction(i) && 'text' in i && i.text.trim());
	for (const o of others) {
		const lines = wrapLines(`Note: ${'text' in o ? o.text : ''}`, rowW, SIZES.cell);
		out.push(text(MARGIN, y + 8, lines, SIZES.cell));
		y += lines.length * SIZES.cell * LINE + 16;
	}
	// Cropped to the table: the frame keeps room for more rows on the board, the page needs none.
	const h = Math.ceil(y + MARGIN);
	return [
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${xmlEscape(FONT)}">`,
		`<title>${xmlEscape(frame.title || 'Action plan')}</title>`,
		`<rect width="${w}" height="${h}" rx="8" fill="#f8fafc"/>`,
		...out,
		`</svg>`
	].join('\n');
}
