/**
 * A causal-loop diagram as a standalone SVG, for print and slides: variables, links bowed and styled by
 * sign (solid +, dashed −, labelled, "‖" for a delay), the loop labels every screen draws (marks.ts),
 * a tag by each link left out of the loops, a key and the list of loops (and of the links left out and
 * why), each wrapped to the picture's width. A variable too long for its box shows the words that fit and a
 * marker "[n]", and the key prints it whole (no label ends in "…"). Pure (no DOM); every piece of user
 * text is XML-escaped.
 */
import type { BoxElement, Element } from '$lib/doc/schema.js';
import type { FrameContents } from '../kit/model.js';
import { cardLines, keySvg, pictureKey, wrapLines as kitWrap, xmlEscape as xml, type PictureKey } from '../kit/text.js';
import { selfLoopCurve } from '$lib/shared/geometry.js';
import { analyse, isVariable, leftOutBecause, loopTitle, typeWords } from './analysis.js';
import { describe } from './describe.js';
import { diagramMarks } from './marks.js';
import { ID, LOOP_LABEL, VariableData } from './schema.js';
import {
	BADGE_FONT,
	SIGN_FONT,
	curvedLink,
	HIGHLIGHT,
	INK,
	LINK_COLOR,
	linkLook,
	LOOP_FILL,
	LOOP_FONT,
	LOOP_NAME_FONT,
	MINUS_DASH,
	VARIABLE_FILL,
	VARIABLE_FONT,
	VARIABLE_STROKE,
	WARN_FILL,
	WARN_INK,
	WARN_STROKE
} from './style.js';

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';
const MAX_LISTED = 30;

export { xmlEscape as xml } from '../kit/text.js';

const n = (v: number) => String(Math.round(v * 10) / 10);
const text = (x: number, y: number, s: string, size: number, attrs = '') =>
	`<text x="${n(x)}" y="${n(y)}" font-size="${size}" ${attrs}>${xml(s)}</text>`;

const GLYPH = 0.52;

/** A card's lines in this picture: the kit's `cardLines` at this template's glyph width. */
export function wrapLines(s: string, width: number, size: number, max: number, key: PictureKey = pictureKey()): string[] {
	return cardLines(s, width, size, max, key, GLYPH);
}

function box(el: BoxElement, ox: number, oy: number, key: PictureKey): string {
	const x = el.x - ox;
	const y = el.y - oy;
	const body = 'text' in el ? el.text : '';
	// Loop labels are drawn from the diagram (see marks.ts); an older board's stored ones are not drawn twice.
	if (el.kind === 'item' && el.template === ID && el.type === LOOP_LABEL) return '';
	const highlighted = el.data.hl === true;
	const evidence = isVariable(el) ? (VariableData.safeParse(el.data).data?.evidence?.length ?? 0) : 0;
	const lineH = VARIABLE_FONT * 1.2;
	const lines = wrapLines(body, el.w - 20, VARIABLE_FONT, Math.max(1, Math.floor((el.h - (evidence ? 18 : 6)) / lineH)), key);
	const first = y + (el.h - lines.length * lineH) / 2 + VARIABLE_FONT * 0.9 - (evidence ? 8 : 0);
	return [
		'<g>',
		`<rect x="${n(x)}" y="${n(y)}" width="${n(el.w)}" height="${n(el.h)}" rx="14" fill="${VARIABLE_FILL}" stroke="${highlighted ? HIGHLIGHT : VARIABLE_STROKE}" stroke-width="${highlighted ? 6 : 2}"/>`,
		...lines.map((line, i) => text(x + el.w / 2, first + i * lineH, line, VARIABLE_FONT, `text-anchor="middle" fill="${INK}"`)),
		evidence ? text(x + el.w / 2, y + el.h - 8, `${evidence} evidence`, BADGE_FONT, `text-anchor="middle" fill="${INK}"`) : '',
		'</g>'
	].join('');
}

/**
 * A standalone SVG of one diagram, in the frame's own coordinates (1 board unit = 1 px), with the key
 * and the loops listed below it.
 * @example writeFile('loops.svg', causalLoopSvg(contentsOf(frame, readElements(doc))))
 */
export function causalLoopSvg(contents: FrameContents): string {
	const { frame, items, links } = contents;
	const analysis = analyse(contents);
	const marks = diagramMarks(contents, analysis);
	const listed = analysis.loops.slice(0, MAX_LISTED);
	const loopLines = listed.map((loop) =>
		kitWrap(
			`${loopTitle(loop)} (${typeWords(loop.type)}, ${loop.members.length}): ${loop.memberNames.join(' → ')}`,
			frame.w,
			18,
			false,
			GLYPH
		)
	);
	const key = pictureKey();
	const boxes = items.filter((el) => el.kind !== 'frame').map((el) => box(el, contents.frame.x, contents.frame.y, key));
	const more = analysis.loops.length > listed.length || !analysis.complete;
	const listHeight = loopLines.reduce((h, lines) => h + 8 + 24 * lines.length, 0) + (more ? 30 : 0);
	const ox = frame.x;
	const oy = frame.y;
	const byId = new Map<string, BoxElement>(items.map((e) => [e.id, e]));
	// The links left out of the loops, each with the reason the panel and the report give.
	const nameOf = (id: string) => (byId.get(id) && 'text' in byId.get(id)! ? (byId.get(id) as { text: string }).text.trim() : '?');
	const leftOut = [...analysis.graph.selfLinks, ...analysis.graph.contested].flatMap((id) => {
		const link = links.find((l) => l.id === id);
		return link
			? [kitWrap(`${nameOf(link.from)} → ${nameOf(link.to)}: ${leftOutBecause(analysis.graph, id)}`, frame.w, 18, false, GLYPH)]
			: [];
	});
	const leftHeight = leftOut.length ? 40 + leftOut.reduce((h, lines) => h + 8 + 24 * lines.length, 0) : 0;
	const below = keySvg(key, 0, frame.h + 110 + listHeight + leftHeight, frame.w, 18, INK, GLYPH);
	const footer = 110 + listHeight + leftHeight + (below.height ? 20 + below.height : 0);
	const all = new Map<string, Element>([[frame.id, frame], ...byId, ...links.map((l) => [l.id, l] as const)]);
	const height = frame.h + 60 + footer;
	const out: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${n(frame.w)}" height="${n(height)}" viewBox="0 -60 ${n(frame.w)} ${n(height)}" font-family="${FONT}" role="img" aria-labelledby="cl-title">`,
		`<title id="cl-title">${xml(`${frame.title}. ${describe(frame, { byId: all, frame })}`)}</title>`,
		`<defs><marker id="cl-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="16" markerHeight="16" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>`,
		`<rect x="0" y="-60" width="${n(frame.w)}" height="${n(height)}" fill="#ffffff"/>`,
		text(0, -20, frame.title, 30, `font-weight="bold" fill="${INK}"`),
		`<rect x="0" y="0" width="${n(frame.w)}" height="${n(frame.h)}" rx="8" fill="#ffffff" stroke="#94a3b8"/>`
	];
	const labels: string[] = [];
	for (const link of links) {
		const a = byId.get(link.from);
		const b = byId.get(link.to);
		if (!a || !b) continue;
		const look = linkLook(link.data);
		const local = (r: BoxElement) => ({ x: r.x - ox, y: r.y - oy, w: r.w, h: r.h });
		const self = link.from === link.to ? selfLoopCurve(local(a)) : null;
		const c = self ? { start: self.a, control: self.control, end: self.b, mid: self.mid } : curvedLink(local(a), local(b), look.curve);
		const dash = look.dash.length ? ` stroke-dasharray="${look.dash.join(' ')}"` : '';
		out.push(
			`<path d="M${n(c.start.x)},${n(c.start.y)} Q${n(c.control.x)},${n(c.control.y)} ${n(c.end.x)},${n(c.end.y)}" fill="none" stroke="${look.color}" stroke-width="${look.width}"${dash} marker-end="url(#cl-arrow)"/>`
		);
		const label = link.label.trim() || look.label;
		const w = label.length * SIGN_FONT * 0.6 + 16;
		labels.push(
			`<rect x="${n(c.mid.x - w / 2)}" y="${n(c.mid.y - 15)}" width="${n(w)}" height="30" rx="4" fill="#ffffff" stroke="#cbd5e1"/>`
		);
		labels.push(text(c.mid.x, c.mid.y + 7, label, SIGN_FONT, `text-anchor="middle" font-weight="bold" fill="${INK}"`));
	}
	out.push(...boxes, ...labels);
	for (const label of marks.labels) {
		const [x, y] = [label.x - ox, label.y - oy];
		out.push(
			`<g><circle cx="${n(x)}" cy="${n(y)}" r="${n(label.r)}" fill="${LOOP_FILL}" stroke="${INK}" stroke-width="2.5"/>${text(x, y + LOOP_FONT * 0.35, label.code, LOOP_FONT, `text-anchor="middle" font-weight="bold" fill="${INK}"`)}</g>`
		);
		if (label.name)
			out.push(
				text(x, y + label.r + LOOP_NAME_FONT + 4, label.name, LOOP_NAME_FONT, `text-anchor="middle" font-weight="bold" fill="${INK}"`)
			);
	}
	for (const warning of marks.warnings) {
		const w = warning.text.length * 17 * 0.62 + 14;
		const [x, y] = [warning.at.x - ox, warning.at.y - oy];
		out.push(
			`<rect x="${n(x - w / 2)}" y="${n(y - 15)}" width="${n(w)}" height="30" rx="6" fill="${WARN_FILL}" stroke="${WARN_STROKE}" stroke-width="2"/>`,
			text(x, y + 6, warning.text, 17, `text-anchor="middle" font-weight="bold" fill="${WARN_INK}"`)
		);
	}
	let y = frame.h + 50;
	out.push(
		`<line x1="0" y1="${y - 6}" x2="60" y2="${y - 6}" stroke="${LINK_COLOR}" stroke-width="2.5"/>`,
		text(70, y, '+ solid: the two move the same way', 18, `fill="${INK}"`)
	);
	out.push(
		`<line x1="420" y1="${y - 6}" x2="480" y2="${y - 6}" stroke="${LINK_COLOR}" stroke-width="2.5" stroke-dasharray="${MINUS_DASH.join(' ')}"/>`,
		text(490, y, '− dashed: opposite ways', 18, `fill="${INK}"`)
	);
	out.push(text(800, y, '‖ after a delay · R reinforcing · B balancing', 18, `fill="${INK}"`));
	y += 40;
	out.push(text(0, y, analysis.loops.length ? 'Loops' : 'No loops yet', 22, `font-weight="bold" fill="${INK}"`));
	for (const lines of loopLines) {
		y += 8;
		for (const line of lines) {
			y += 24;
			out.push(text(0, y, line, 18, `fill="${INK}"`));
		}
	}
	if (more)
		out.push(
			text(
				0,
				(y += 30),
				analysis.complete
					? `And ${analysis.loops.length - listed.length} more loops: every loop is in the report.`
					: `And more: the search stopped at ${analysis.loops.length} loops.`,
				18,
				`fill="${INK}"`
			)
		);
	if (leftOut.length) {
		y += 40;
		out.push(text(0, y, 'Links left out of the loops', 22, `font-weight="bold" fill="${INK}"`));
		for (const lines of leftOut) {
			y += 8;
			for (const line of lines) {
				y += 24;
				out.push(text(0, y, line, 18, `fill="${INK}"`));
			}
		}
	}
	out.push(below.svg, '</svg>');
	return out.join('\n');
}
