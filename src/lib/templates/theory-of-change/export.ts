/**
 * The theory of change's standalone SVG, print-ready: the columns with their definitions, every card
 * with all its words and fields, and the arrows. Nothing is cut: a card whose words need more room than
 * it has on the board is drawn taller, the cards below it in its column move down, and the picture
 * grows. Every piece of user text is XML-escaped.
 */
import type { BoxElement, Connector } from '$lib/doc/schema.js';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import { edgePoint, rectCenter, type Rect } from '$lib/shared/geometry.js';
import type { FrameContents } from '../kit/model.js';
import { isCard } from './describe.js';
import { cardBlocks, columnAt, GAP, LINE, MARGIN, tocGeometry, type CardBlock } from './layout.js';
import { backgroundOf, columnOfType } from './schema.js';
import { chromeShapes, FONT, INK, LINK, type Shape } from './shapes.js';
import { wrapLines, xmlEscape } from '../kit/text.js';

const r = (n: number) => Math.round(n * 10) / 10;

function textSvg(
	x: number,
	y: number,
	w: number,
	lines: string[],
	size: number,
	opts: { fill: string; bold?: boolean; italic?: boolean; align?: 'left' | 'center' }
): string {
	const center = opts.align === 'center';
	const tx = center ? x + w / 2 : x;
	const style = `${opts.bold ? ' font-weight="bold"' : ''}${opts.italic ? ' font-style="italic"' : ''}${center ? ' text-anchor="middle"' : ''}`;
	const spans = lines.map((l, i) => `<tspan x="${r(tx)}" dy="${i === 0 ? r(size) : r(size * LINE)}">${xmlEscape(l)}</tspan>`).join('');
	return `<text x="${r(tx)}" y="${r(y)}" font-size="${size}" fill="${opts.fill}"${style}>${spans}</text>`;
}

function shapeSvg(s: Shape): string {
	if (s.type === 'rect')
		return `<rect x="${r(s.x)}" y="${r(s.y)}" width="${r(s.w)}" height="${r(s.h)}" fill="${s.fill}"${s.stroke ? ` stroke="${s.stroke}" stroke-width="2"` : ''}/>`;
	if (s.type === 'line') {
		const dash = s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
		return `<line x1="${r(s.points[0])}" y1="${r(s.points[1])}" x2="${r(s.points[2])}" y2="${r(s.points[3])}" stroke="${s.stroke}" stroke-width="${s.width}"${dash}/>`;
	}
	return textSvg(s.x, s.y, s.w, s.lines, s.size, s);
}

function blocksSvg(blocks: CardBlock[], x: number, y: number, w: number): string {
	return blocks.map((b) => textSvg(x, y + b.y, w, b.lines, b.size, { fill: INK, bold: b.bold, italic: b.italic })).join('');
}

/**
 * Where each box is drawn in the export (frame-local): its own place, moved down when a card above it
 * in the same column grew, and as tall as its words need.
 */
export function exportPlaces({ frame, items }: FrameContents): Map<string, Rect & { blocks: CardBlock[] }> {
	const g = tocGeometry(frame, backgroundOf(frame.data));
	const places = new Map<string, Rect & { blocks: CardBlock[] }>();
	const byColumn = new Map<number, BoxElement[]>();
	for (const el of items) {
		if (el.kind === 'frame') continue;
		const c = columnAt(g, rectCenter(el));
		byColumn.set(c, [...(byColumn.get(c) ?? []), el]);
	}
	for (const column of byColumn.values()) {
		column.sort((a, b) => a.y - b.y || a.x - b.x);
		let bottom = -Infinity;
		for (const el of column) {
			const text = 'text' in el ? el.text : el.title;
			const { blocks, height } = isCard(el)
				? cardBlocks(el.type, el.text, el.data, el.w)
				: (() => {
						const lines = wrapLines(text, el.w - 28, 18);
						return { blocks: [{ text, size: 18, y: 14, lines }], height: Math.ceil(lines.length * 18 * LINE + 28) };
					})();
			const y = Math.max(el.y - frame.y, bottom + GAP);
			const h = Math.max(el.h, height);
			places.set(el.id, { x: el.x - frame.x, y, w: el.w, h, blocks });
			// Only boxes side by side with this one push the next down (a column holds one stack).
			bottom = y + h;
		}
	}
	return places;
}

function linkSvg(link: Connector, places: Map<string, Rect>): string {
	const a = places.get(link.from);
	const b = places.get(link.to);
	if (!a || !b) return '';
	const p = edgePoint(a, rectCenter(b));
	const q = edgePoint(b, rectCenter(a));
	const label = link.label.trim()
		? `<text x="${r((p.x + q.x) / 2)}" y="${r((p.y + q.y) / 2 - 6)}" font-size="16" fill="${INK}" text-anchor="middle">${xmlEscape(link.label)}</text>`
		: '';
	return `<line x1="${r(p.x)}" y1="${r(p.y)}" x2="${r(q.x)}" y2="${r(q.y)}" stroke="${LINK}" stroke-width="2.5" marker-end="url(#toc-arrow)"/>${label}`;
}

/**
 * A standalone SVG of one theory-of-change frame, in frame-local units (1 board unit = 1 px).
 * @example writeFileSync('toc.svg', theoryOfChangeSvg(contentsOf(frame, elements)))
 */
export function theoryOfChangeSvg(contents: FrameContents): string {
	const { frame, items, links } = contents;
	const places = exportPlaces(contents);
	const tallest = Math.max(0, ...[...places.values()].map((p) => p.y + p.h));
	const w = frame.w;
	const h = Math.max(frame.h, Math.ceil(tallest + MARGIN));
	const body: string[] = chromeShapes(w, h, frame.title, backgroundOf(frame.data)).map(shapeSvg);
	// Arrows first, so they pass under the cards; their heads end on the cards' edges.
	for (const link of links) body.push(linkSvg(link, places));
	for (const el of items) {
		const p = places.get(el.id);
		if (!p) continue;
		const color = el.kind === 'item' || el.kind === 'note' ? el.color : 'grey';
		const fill = isCard(el) ? NOTE_COLORS[columnOfType(el.type)!.color] : (NOTE_COLORS[color as keyof typeof NOTE_COLORS] ?? '#ffffff');
		body.push(
			`<g><rect x="${r(p.x)}" y="${r(p.y)}" width="${r(p.w)}" height="${r(p.h)}" rx="8" fill="${fill}" stroke="#475569" stroke-width="1.5"/>${blocksSvg(p.blocks, p.x + 14, p.y, p.w - 28)}</g>`
		);
	}
	return [
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${xmlEscape(FONT)}">`,
		`<title>${xmlEscape(frame.title || 'Theory of change')}</title>`,
		`<defs><marker id="toc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${LINK}"/></marker></defs>`,
		`<rect width="${w}" height="${h}" rx="8" fill="#ffffff"/>`,
		...body,
		`</svg>`
	].join('\n');
}
