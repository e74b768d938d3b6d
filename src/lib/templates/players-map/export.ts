/**
 * The players map as a standalone SVG, for printing and reports: rings and their names, players with
 * their group labels, connections in their styles with type labels, and the legend. A name too long for
 * its chip shows the words that fit and a marker "[n]", and the key under the map prints it whole (no
 * label ends in "…"). Pure (no DOM); every piece of user text is XML-escaped.
 */
import type { BoxElement, Element } from '$lib/doc/schema.js';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import { edgePoint, rectCenter, type Rect } from '$lib/shared/geometry.js';
import type { FrameContents } from '../kit/model.js';
import { cardLines, keySvg, pictureKey, wrapLines as kitWrap, xmlEscape as xml, type PictureKey } from '../kit/text.js';
import { describe } from './describe.js';
import { CENTRE_LABEL_SIZE, RING_LABEL_SIZE, ringGeometry, ringLabelRects, ringRadii } from './layout.js';
import { groupInfo, GROUPS } from './palette.js';
import { QUALITIES, ringsOf } from './schema.js';
import {
	CHIP_BADGE_SIZE,
	CHIP_NAME_SIZE,
	CHIP_PAD,
	CHIP_STROKE,
	CHIP_TEXT,
	LEGEND_TEXT,
	linkLook,
	QUALITY_LOOK,
	RING_STROKE,
	RING_TEXT,
	ringFill
} from './style.js';

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';

export { xmlEscape as xml } from '../kit/text.js';

const n = (v: number) => String(Math.round(v * 10) / 10);

function textEl(x: number, y: number, s: string, size: number, attrs = ''): string {
	return `<text x="${n(x)}" y="${n(y)}" font-size="${size}" ${attrs}>${xml(s)}</text>`;
}

const GLYPH = 0.52;

/** A card's lines in this picture: the kit's `cardLines` at this template's glyph width. */
export function wrapLines(s: string, width: number, size: number, max: number, key: PictureKey = pictureKey()): string[] {
	return cardLines(s, width, size, max, key, GLYPH);
}

function chip(el: BoxElement, ox: number, oy: number, key: PictureKey): string {
	const x = el.x - ox;
	const y = el.y - oy;
	const isPlayer = el.kind === 'item';
	const fill = isPlayer ? NOTE_COLORS[groupInfo(el.data.group).color] : 'color' in el ? NOTE_COLORS[el.color] : NOTE_COLORS.yellow;
	const body = 'text' in el ? el.text : '';
	const badge = isPlayer ? groupInfo(el.data.group).short : 'Note';
	const badgeW = badge.length * CHIP_BADGE_SIZE * 0.62 + 12;
	const top = 8 + CHIP_BADGE_SIZE + 12;
	const lines = wrapLines(body, el.w - 2 * CHIP_PAD, CHIP_NAME_SIZE, Math.max(1, Math.floor((el.h - top) / (CHIP_NAME_SIZE * 1.15))), key);
	const lineH = CHIP_NAME_SIZE * 1.15;
	const firstY = y + top + (el.h - top - 6 - lines.length * lineH) / 2 + CHIP_NAME_SIZE * 0.9;
	return [
		`<g>`,
		`<rect x="${n(x)}" y="${n(y)}" width="${n(el.w)}" height="${n(el.h)}" rx="12" fill="${fill}" stroke="${CHIP_STROKE}" stroke-width="1.5"/>`,
		`<rect x="${n(x + CHIP_PAD)}" y="${n(y + 8)}" width="${n(Math.min(badgeW, el.w - 2 * CHIP_PAD))}" height="${CHIP_BADGE_SIZE + 8}" rx="6" fill="#ffffff" stroke="${CHIP_STROKE}"/>`,
		textEl(x + CHIP_PAD + 6, y + 8 + CHIP_BADGE_SIZE + 1, badge, CHIP_BADGE_SIZE, `font-weight="bold" fill="${CHIP_TEXT}"`),
		...lines.map((line, i) => textEl(x + el.w / 2, firstY + i * lineH, line, CHIP_NAME_SIZE, `text-anchor="middle" fill="${CHIP_TEXT}"`)),
		`</g>`
	].join('');
}

function legend(at: Rect): string {
	const out: string[] = [];
	let y = at.y + 60;
	out.push(textEl(at.x, y, 'Relationship quality', 24, `font-weight="bold" fill="${LEGEND_TEXT}"`));
	y += 40;
	for (const q of QUALITIES) {
		const look = QUALITY_LOOK[q.value];
		out.push(
			`<line x1="${n(at.x)}" y1="${n(y - 7)}" x2="${n(at.x + 90)}" y2="${n(y - 7)}" stroke="${look.color}" stroke-width="${look.width}" stroke-linecap="round"${look.dash.length ? ` stroke-dasharray="${look.dash.join(' ')}"` : ''}/>`
		);
		const lines = kitWrap(`${q.label} (${look.note})`, at.w - 124, 18, false, GLYPH);
		lines.forEach((line, i) => out.push(textEl(at.x + 104, y + i * 22, line, 18, `fill="${LEGEND_TEXT}"`)));
		y += 14 + 22 * lines.length;
	}
	y += 30;
	out.push(textEl(at.x, y, 'Player groups', 24, `font-weight="bold" fill="${LEGEND_TEXT}"`));
	y += 36;
	for (const g of GROUPS) {
		out.push(
			`<rect x="${n(at.x)}" y="${n(y - 18)}" width="30" height="24" rx="5" fill="${NOTE_COLORS[g.color]}" stroke="${CHIP_STROKE}"/>`
		);
		const lines = kitWrap(g.short === g.label ? g.label : `${g.short}: ${g.label}`, at.w - 62, 18, false, GLYPH);
		lines.forEach((line, i) => out.push(textEl(at.x + 42, y + i * 22, line, 18, `fill="${LEGEND_TEXT}"`)));
		y += 12 + 22 * lines.length;
	}
	return out.join('');
}

/**
 * A standalone SVG of one players map, in the frame's own coordinates (1 board unit = 1 px).
 * @example writeFile('map.svg', playersMapSvg(contentsOf(frame, readElements(doc))))
 */
export function playersMapSvg(contents: FrameContents): string {
	const { frame, items, links } = contents;
	const names = ringsOf(frame);
	const g = ringGeometry({ x: 0, y: 0, w: frame.w, h: frame.h }, names.length);
	const ox = frame.x;
	const oy = frame.y;
	const byId = new Map([...items, frame].map((e) => [e.id, e] as const));
	const all = new Map<string, Element>([...byId, ...links.map((l) => [l.id, l] as const)]);
	// The chips first: names too long for them go in the key, and the key sets the picture's height.
	const key = pictureKey();
	const chips = items.filter((el) => el.kind === 'item' || el.kind === 'note').map((el) => chip(el, ox, oy, key));
	const below = keySvg(key, 20, frame.h + 20, frame.w - 40, 20, RING_TEXT, GLYPH);
	const height = frame.h + 60 + (below.height ? 20 + below.height : 0);
	const out: string[] = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${n(frame.w)}" height="${n(height)}" viewBox="0 -60 ${n(frame.w)} ${n(height)}" font-family="${FONT}" role="img" aria-labelledby="pm-title">`
	);
	out.push(`<title id="pm-title">${xml(`${frame.title}. ${describe(frame, { byId: all, frame })}`)}</title>`);
	out.push(
		`<defs><marker id="pm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="14" markerHeight="14" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>`
	);
	out.push(`<rect x="0" y="-60" width="${n(frame.w)}" height="${n(height)}" fill="#ffffff"/>`);
	out.push(textEl(0, -20, frame.title, 30, `font-weight="bold" fill="${RING_TEXT}"`));
	out.push(`<rect x="0" y="0" width="${n(frame.w)}" height="${n(frame.h)}" rx="8" fill="#ffffff" stroke="#94a3b8"/>`);
	for (let k = names.length - 1; k >= 0; k--) {
		const { rx, ry } = ringRadii(g, k);
		out.push(
			`<ellipse cx="${n(g.cx)}" cy="${n(g.cy)}" rx="${n(rx)}" ry="${n(ry)}" fill="${ringFill(k)}" stroke="${RING_STROKE}" stroke-width="2"/>`
		);
	}
	ringLabelRects(g, names).forEach((r, k) => {
		const size = k === 0 ? CENTRE_LABEL_SIZE : RING_LABEL_SIZE;
		out.push(
			textEl(r.x + r.w / 2, r.y + r.h / 2 + size * 0.35, names[k], size, `text-anchor="middle" font-weight="bold" fill="${RING_TEXT}"`)
		);
	});
	const local = (b: BoxElement): Rect => ({ x: b.x - ox, y: b.y - oy, w: b.w, h: b.h });
	const labels: string[] = [];
	for (const link of links) {
		const a = byId.get(link.from);
		const b = byId.get(link.to);
		if (!a || !b || a.kind === 'frame' || b.kind === 'frame') continue;
		const look = linkLook(link.data);
		const p = edgePoint(local(a), rectCenter(local(b)));
		const q = edgePoint(local(b), rectCenter(local(a)));
		const dash = look.dash.length ? ` stroke-dasharray="${look.dash.join(' ')}"` : '';
		out.push(
			`<line x1="${n(p.x)}" y1="${n(p.y)}" x2="${n(q.x)}" y2="${n(q.y)}" stroke="${look.color}" stroke-width="${look.width}" stroke-linecap="round"${dash}${look.arrow ? ' marker-end="url(#pm-arrow)"' : ''}/>`
		);
		const label = link.label.trim() || look.label;
		if (label) {
			const w = label.length * 16 * 0.56 + 12;
			const mx = (p.x + q.x) / 2;
			const my = (p.y + q.y) / 2;
			labels.push(`<rect x="${n(mx - w / 2)}" y="${n(my - 13)}" width="${n(w)}" height="26" rx="4" fill="#ffffff" stroke="#cbd5e1"/>`);
			labels.push(textEl(mx, my + 5, label, 16, `text-anchor="middle" fill="${CHIP_TEXT}"`));
		}
	}
	out.push(...chips, ...labels);
	if (g.legend.w > 0) out.push(legend({ ...g.legend, x: g.legend.x + 10 }));
	// Names too long for their chips, whole, under the map.
	out.push(below.svg, '</svg>');
	return out.join('\n');
}
