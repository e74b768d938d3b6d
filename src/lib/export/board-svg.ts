/**
 * Pictures of the board as standalone SVG, pure (no DOM): one frame, or the whole board. A template
 * frame is drawn by its template's `exportSvg`; anything else (plain frames, notes, text, connectors)
 * by the generic drawing here. Every piece of user text is XML-escaped, and text wraps onto as many
 * lines as it needs (it may run past a box's bottom edge, but it is never cut off).
 */
import type { BoxElement, Connector, Element, Frame } from '$lib/doc/schema.js';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import { boundsOf, edgePoint, rectCenter, type Rect } from '$lib/shared/geometry.js';
import { contentsOf, type FrameContents, type TemplateModel } from '$lib/templates/kit/model.js';
import { xmlEscape } from '$lib/templates/kit/text.js';

const FONT = 'DejaVu Sans, system-ui, sans-serif';
const INK = '#1f2937';
/** Room above a frame for its title. */
const TITLE_SPACE = 60;
const MARGIN = 40;

/** Escapes text for XML; drops the characters XML 1.0 forbids (the kit's `xmlEscape`). */
export const xmlText = xmlEscape;

const n = (v: number) => String(Math.round(v * 10) / 10);

/** Greedy word wrap by estimated glyph width; long words are broken, nothing is dropped. */
export function wrapAll(text: string, width: number, size: number): string[] {
	const perLine = Math.max(4, Math.floor(width / (size * 0.55)));
	const lines: string[] = [];
	for (const paragraph of text.split(/\r?\n/)) {
		let line = '';
		for (let word of paragraph.split(/\s+/).filter(Boolean)) {
			while (word.length > perLine) {
				if (line) lines.push(line);
				line = '';
				lines.push(word.slice(0, perLine));
				word = word.slice(perLine);
			}
			const next = line ? `${line} ${word}` : word;
			if (next.length <= perLine) line = next;
			else {
				lines.push(line);
				line = word;
			}
		}
		if (line) lines.push(line);
	}
	return lines;
}

function textLines(x: number, y: number, lines: readonly string[], size: number, attrs = ''): string {
	if (lines.length === 0) return '';
	const spans = lines
		.map((l, i) => `<tspan x="${n(x)}" ${i === 0 ? `y="${n(y)}"` : `dy="${n(size * 1.25)}"`}>${xmlText(l)}</tspan>`)
		.join('');
	return `<text font-size="${size}" fill="${INK}" ${attrs}>${spans}</text>`;
}

/** A box's text, shrunk (down to 10 px) to fit its box where it can; otherwise it runs on below. */
function boxText(el: BoxElement & { text: string }, x: number, y: number, start: number): string {
	let size = start;
	let lines = wrapAll(el.text, el.w - 20, size);
	while (size > 10 && lines.length * size * 1.25 > el.h - 16) {
		size -= 1;
		lines = wrapAll(el.text, el.w - 20, size);
	}
	return textLines(x + 10, y + 8 + size, lines, size);
}

function boxSvg(el: BoxElement, ox: number, oy: number): string {
	const x = el.x - ox;
	const y = el.y - oy;
	if (el.kind === 'frame') {
		return `<rect x="${n(x)}" y="${n(y)}" width="${n(el.w)}" height="${n(el.h)}" rx="8" fill="#f8fafc" stroke="#94a3b8" stroke-width="2"/>${textLines(x, y - 16, [el.title], 28, 'font-weight="bold"')}`;
	}
	if (el.kind === 'text') return boxText(el, x - 10, y - 8, el.fontSize);
	const fill = NOTE_COLORS[el.color] ?? NOTE_COLORS.yellow;
	return `<g><rect x="${n(x)}" y="${n(y)}" width="${n(el.w)}" height="${n(el.h)}" rx="6" fill="${fill}" stroke="#64748b" stroke-width="1.5"/>${boxText(el, x, y, 18)}</g>`;
}

function linkSvg(link: Connector, byId: ReadonlyMap<string, Element>, ox: number, oy: number): string {
	const a = byId.get(link.from);
	const b = byId.get(link.to);
	if (!a || !b || a.kind === 'connector' || b.kind === 'connector') return '';
	const local = (r: Rect): Rect => ({ x: r.x - ox, y: r.y - oy, w: r.w, h: r.h });
	const p = edgePoint(local(a), rectCenter(local(b)));
	const q = edgePoint(local(b), rectCenter(local(a)));
	const label = link.label.trim() ? textLines((p.x + q.x) / 2, (p.y + q.y) / 2 - 6, [link.label.trim()], 16, 'text-anchor="middle"') : '';
	return `<line x1="${n(p.x)}" y1="${n(p.y)}" x2="${n(q.x)}" y2="${n(q.y)}" stroke="#334155" stroke-width="3" marker-end="url(#gx-arrow)"/>${label}`;
}

const DEFS = `<defs><marker id="gx-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="14" markerHeight="14" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#334155"/></marker></defs>`;

function open(w: number, h: number, minX: number, minY: number, title: string): string {
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${n(w)}" height="${n(h)}" viewBox="${n(minX)} ${n(minY)} ${n(w)} ${n(h)}" font-family="${FONT}" role="img"><title>${xmlText(title)}</title>${DEFS}<rect x="${n(minX)}" y="${n(minY)}" width="${n(w)}" height="${n(h)}" fill="#ffffff"/>`;
}

/**
 * A generic picture of one frame and what is in it, in frame-local units (the title above y = 0).
 * @example frameSvg(contentsOf(frame, elements), elements)
 */
export function frameSvg(contents: FrameContents, elements: readonly Element[] = []): string {
	const { frame, items, links } = contents;
	const byId = new Map<string, Element>([...elements, frame, ...items].map((e) => [e.id, e] as const));
	const body = [boxSvg(frame, frame.x, frame.y)];
	for (const link of links) body.push(linkSvg(link, byId, frame.x, frame.y));
	for (const el of items) body.push(boxSvg(el, frame.x, frame.y));
	return `${open(frame.w, frame.h + TITLE_SPACE, 0, -TITLE_SPACE, frame.title)}${body.join('')}</svg>`;
}

/** The root element's viewBox origin of a template's SVG (to place it where its frame is). */
function viewBoxOrigin(svg: string): { x: number; y: number } {
	const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
	const vb = /viewBox="\s*(-?[\d.]+)[\s,]+(-?[\d.]+)/.exec(root);
	return vb ? { x: Number(vb[1]), y: Number(vb[2]) } : { x: 0, y: 0 };
}

/** A template frame drawn by its template if it can, else generically. */
export function pictureOfFrame(frame: Frame, elements: readonly Element[], models: readonly TemplateModel[]): string {
	const model = frame.template ? models.find((m) => m.id === frame.template) : undefined;
	const contents = contentsOf(frame, elements);
	if (model?.exportSvg) {
		try {
			return model.exportSvg(contents);
		} catch {
			// fall through to the generic picture
		}
	}
	return frameSvg(contents, elements);
}

/**
 * The whole board as one SVG: template frames drawn by their templates (nested at their place),
 * everything else generically. An empty board is a small blank picture with its title.
 */
export function boardSvg(title: string, elements: readonly Element[], models: readonly TemplateModel[]): string {
	const boxes = elements.filter((e): e is BoxElement => e.kind !== 'connector');
	const frames = boxes.filter((e): e is Frame => e.kind === 'frame');
	const frameIds = new Set(frames.map((f) => f.id));
	const outline = boxes.map((b) => (b.kind === 'frame' ? { x: b.x, y: b.y - TITLE_SPACE, w: b.w, h: b.h + TITLE_SPACE } : b));
	const bounds = boundsOf(outline) ?? { x: 0, y: 0, w: 400, h: 200 };
	const minX = bounds.x - MARGIN;
	const minY = bounds.y - MARGIN;
	const w = bounds.w + 2 * MARGIN;
	const h = bounds.h + 2 * MARGIN;
	const byId = new Map(elements.map((e) => [e.id, e] as const));
	const body: string[] = [];
	for (const frame of frames) {
		const model = frame.template ? models.find((m) => m.id === frame.template) : undefined;
		if (model?.exportSvg) {
			const svg = pictureOfFrame(frame, elements, models).replace(/<\?xml[^>]*\?>\s*/, '');
			const o = viewBoxOrigin(svg);
			body.push(`<g transform="translate(${n(frame.x + o.x)} ${n(frame.y + o.y)})">${svg}</g>`);
		} else {
			const contents = contentsOf(frame, elements);
			body.push(boxSvg(frame, 0, 0));
			for (const link of contents.links) body.push(linkSvg(link, byId, 0, 0));
			for (const el of contents.items) body.push(boxSvg(el, 0, 0));
		}
	}
	const loose = boxes.filter((b) => b.kind !== 'frame' && !(b.parent && frameIds.has(b.parent)));
	const drawnIds = new Set<string>();
	for (const frame of frames) for (const el of contentsOf(frame, elements).links) drawnIds.add(el.id);
	for (const c of elements) if (c.kind === 'connector' && !drawnIds.has(c.id)) body.push(linkSvg(c, byId, 0, 0));
	for (const el of loose) body.push(boxSvg(el, 0, 0));
	if (boxes.length === 0) body.push(textLines(minX + 20, minY + 60, [title, 'This board is empty.'], 24));
	return `${open(w, h, minX, minY, title)}${body.join('')}</svg>`;
}
