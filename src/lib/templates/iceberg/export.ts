/**
 * The Iceberg's part of the exports: a standalone SVG of one frame (bands, waterline, layer names and
 * prompts, columns, notes, headings, connectors), drawn from the same shapes as the canvas chrome.
 * Every piece of user text is XML-escaped. Text wrapping is estimated from average glyph widths, since
 * there is no font measurement outside the browser; the estimate errs wide so lines do not overflow.
 */
import type { BoxElement, Connector } from '$lib/doc/schema.js';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import { edgePoint, rectCenter } from '$lib/shared/geometry.js';
import type { FrameContents } from '../kit/model.js';
import { cardLines, keySvg, pictureKey, wrapLines as kitWrap, xmlEscape, type PictureKey } from '../kit/text.js';
import { isHeading } from './analysis.js';
import { FONT, INK, SIZES } from './palette.js';
import { columnNames } from './schema.js';
import { chromeShapes, type Shape } from './shapes.js';

const LINE = 1.2;
const NOTE_TEXT = '#1f2937';

export { xmlEscape } from '../kit/text.js';

/** The kit's `wrapLines` at the iceberg's glyph widths. */
export function wrapLines(text: string, width: number, size: number, bold = false): string[] {
	return kitWrap(text, width, size, bold, bold ? 0.6 : 0.55);
}

function textBlock(
	x: number,
	y: number,
	w: number,
	lines: string[],
	size: number,
	opts: { fill: string; bold?: boolean; italic?: boolean; align?: 'left' | 'center' }
): string {
	const anchor = opts.align === 'center' ? ` text-anchor="middle"` : '';
	const tx = opts.align === 'center' ? x + w / 2 : x;
	const style = `${opts.bold ? ' font-weight="bold"' : ''}${opts.italic ? ' font-style="italic"' : ''}`;
	const spans = lines.map((l, i) => `<tspan x="${r(tx)}" dy="${i === 0 ? r(size) : r(size * LINE)}">${xmlEscape(l)}</tspan>`).join('');
	return `<text x="${r(tx)}" y="${r(y)}" font-size="${size}" fill="${opts.fill}"${style}${anchor}>${spans}</text>`;
}

const r = (n: number) => Math.round(n * 10) / 10;

function chromeSvg(shapes: Shape[]): string {
	const out: string[] = [];
	const heights = new Map<string, { y: number; h: number }>();
	for (const s of shapes) {
		if (s.type === 'rect') {
			out.push(`<rect x="${r(s.x)}" y="${r(s.y)}" width="${r(s.w)}" height="${r(s.h)}" fill="${s.fill}"/>`);
		} else if (s.type === 'poly') {
			const pts = [];
			for (let i = 0; i < s.points.length; i += 2) pts.push(`${r(s.points[i])},${r(s.points[i + 1])}`);
			const tag = s.closed ? 'polygon' : 'polyline';
			const dash = s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
			out.push(
				`<${tag} points="${pts.join(' ')}" fill="${s.fill ?? 'none'}" stroke="${s.stroke ?? 'none'}" stroke-width="${s.strokeWidth ?? 0}"${dash}/>`
			);
		} else {
			const size = s.oneLine ? Math.min(s.size, Math.floor(s.w / (Math.max(1, s.text.length) * (s.bold ? 0.6 : 0.55)))) : s.size;
			const lines = s.oneLine ? [s.text] : wrapLines(s.text, s.w, size, s.bold);
			const above = s.below && heights.get(s.below.name);
			const y = above ? above.y + above.h + s.below!.gap : s.y;
			heights.set(s.name, { y, h: lines.length * size * LINE });
			out.push(textBlock(s.x, y, s.w, lines, size, s));
		}
	}
	return out.join('\n');
}

function noteSvg(el: BoxElement & { text: string; color: string }, x: number, y: number, key: PictureKey): string {
	const fill = NOTE_COLORS[el.color as keyof typeof NOTE_COLORS] ?? NOTE_COLORS.yellow;
	const pad = 12;
	let size = 20;
	let lines = wrapLines(el.text, el.w - 2 * pad, size);
	while (size > 12 && lines.length * size * LINE > el.h - 2 * pad) lines = wrapLines(el.text, el.w - 2 * pad, --size);
	const fit = Math.max(1, Math.floor((el.h - 2 * pad) / (size * LINE)));
	// Words are never broken; still too long at the smallest size: the words that fit, a marker, and
	// the whole text in the key.
	lines = cardLines(el.text, el.w - 2 * pad, size, fit, key, 0.55);
	const top = y + (el.h - lines.length * size * LINE) / 2;
	return `<g><rect x="${r(x)}" y="${r(y)}" width="${el.w}" height="${el.h}" rx="3" fill="${fill}" stroke="#94a3b8" stroke-width="1"/>${textBlock(x + pad, top, el.w - 2 * pad, lines, size, { fill: NOTE_TEXT, align: 'center' })}</g>`;
}

function headingSvg(el: BoxElement & { text: string }, x: number, y: number, key: PictureKey): string {
	const size = SIZES.heading;
	const lines = cardLines(el.text, el.w, size, 2, key, 0.6);
	const under = y + lines.length * size * LINE + 4;
	const width = Math.min(el.w, Math.max(...lines.map((l) => l.length * size * 0.6)));
	return `<g>${textBlock(x, y, el.w, lines, size, { fill: INK, bold: true })}<line x1="${r(x)}" y1="${r(under)}" x2="${r(x + width)}" y2="${r(under)}" stroke="${INK}" stroke-width="3"/></g>`;
}

function linkSvg(link: Connector, byId: Map<string, BoxElement>, ox: number, oy: number): string {
	const a = byId.get(link.from);
	const b = byId.get(link.to);
	if (!a || !b) return '';
	const p = edgePoint(a, rectCenter(b));
	const q = edgePoint(b, rectCenter(a));
	const label = link.label
		? `<text x="${r((p.x + q.x) / 2 - ox)}" y="${r((p.y + q.y) / 2 - oy - 6)}" font-size="16" fill="${INK}" text-anchor="middle">${xmlEscape(link.label)}</text>`
		: '';
	return `<line x1="${r(p.x - ox)}" y1="${r(p.y - oy)}" x2="${r(q.x - ox)}" y2="${r(q.y - oy)}" stroke="#1e293b" stroke-width="3" marker-end="url(#arrow)"/>${label}`;
}

/**
 * A standalone SVG of one Iceberg frame, in frame-local units (1 board unit = 1 px).
 * @example writeFileSync('iceberg.svg', icebergSvg(contentsOf(frame, elements)))
 */
export function icebergSvg({ frame, items, links }: FrameContents): string {
	const { x: ox, y: oy, w, h } = frame;
	const byId = new Map(items.map((i) => [i.id, i]));
	const body: string[] = [chromeSvg(chromeShapes(w, h, frame.title, columnNames(frame.data)))];
	const boxes = items.filter((i): i is Extract<BoxElement, { text: string }> => 'text' in i);
	// Lines first, so they pass under the notes (as the worked example stacks them).
	for (const link of links) body.push(linkSvg(link, byId, ox, oy));
	const key = pictureKey();
	for (const el of boxes) if (!isHeading(el) && el.kind === 'note') body.push(noteSvg(el, el.x - ox, el.y - oy, key));
	for (const el of boxes) if (isHeading(el)) body.push(headingSvg(el, el.x - ox, el.y - oy, key));
	for (const el of boxes)
		if (el.kind === 'text') body.push(textBlock(el.x - ox, el.y - oy, el.w, wrapLines(el.text, el.w, 18), 18, { fill: INK }));
	// Notes too long for their place, whole, under the picture.
	const below = keySvg(key, 24, h + 24, w - 48, 20, INK, 0.55);
	const height = h + (below.height ? 24 + below.height : 0);
	return [
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${height}" viewBox="0 0 ${w} ${height}" font-family="${xmlEscape(FONT)}">`,
		`<title>${xmlEscape(frame.title)}</title>`,
		`<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1e293b"/></marker></defs>`,
		`<rect width="${w}" height="${height}" rx="8" fill="#ffffff"/>`,
		...body,
		below.svg,
		`</svg>`
	].join('\n');
}
