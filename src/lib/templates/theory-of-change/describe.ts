/**
 * Plain words for every element of a theory of change: a card says what it is, its sub-heading, its
 * fields, what it leads to and the question it came from; an arrow says from what to what.
 */
import type { Element } from '$lib/doc/schema.js';
import { rectCenter } from '$lib/shared/geometry.js';
import type { DescribeContext } from '../kit/model.js';
import { columnAt, tocGeometry } from './layout.js';
import { backgroundOf, columnOfType, COLUMNS, fieldLines, ID } from './schema.js';

const quote = (text: string) => (text.trim() ? `“${text.trim()}”` : 'empty');

/** Words for what is not a card (a plain note, a text label, a plain connector). */
function plain(el: Element, byId: ReadonlyMap<string, Element>): string {
	if (el.kind === 'connector') return `Connection from ${quote(cardName(byId.get(el.from)))} to ${quote(cardName(byId.get(el.to)))}`;
	if (el.kind === 'frame') return `Frame: ${el.title || 'untitled'}`;
	return `${el.kind === 'note' ? 'Note' : el.kind === 'text' ? 'Text' : el.type.replace(/-/g, ' ')}: ${quote(el.text)}`;
}

export function isCard(el: Element): el is Extract<Element, { kind: 'item' }> {
	return el.kind === 'item' && el.template === ID && columnOfType(el.type) !== undefined;
}

/** The name of a card for lists: its text, cut to `max` characters at a word. */
export function cardName(el: Element | undefined, max = 80): string {
	if (!el || !('text' in el)) return 'a missing card';
	const text = el.text.trim().replace(/\s+/g, ' ');
	if (text.length <= max) return text || 'an empty card';
	const cut = text.slice(0, max);
	return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}

export function describe(el: Element, ctx: DescribeContext): string {
	if (el.kind === 'frame') {
		const bg = backgroundOf(el.data);
		return `Theory of change: ${el.title || 'untitled'}. Five columns, left to right: ${COLUMNS.map((c) => c.name).join(', ')}.${bg ? ` Background: ${bg.split('\n')[0]}` : ''}`;
	}
	if (el.kind === 'connector') {
		if (el.data.template !== ID) return plain(el, ctx.byId);
		return `Arrow: ${quote(cardName(ctx.byId.get(el.from)))} leads to ${quote(cardName(ctx.byId.get(el.to)))}`;
	}
	if (!isCard(el)) return plain(el, ctx.byId);
	const column = columnOfType(el.type)!;
	const parts = [
		`${column.cardLabel}${typeof el.data.group === 'string' && el.data.group ? ` (${el.data.group})` : ''}: ${quote(el.text)}`
	];
	for (const [k, v] of fieldLines(el.type, el.data)) parts.push(`${k.toLowerCase()}: ${v}`);
	const here = COLUMNS[columnAt(tocGeometry(ctx.frame, backgroundOf(ctx.frame.data)), rectCenter(el))];
	if (el.parent === ctx.frame.id && here.type !== el.type) parts.push(`sits in the ${here.name} column`);
	if (typeof el.data.fromQuestion === 'string') {
		const q = ctx.byId.get(el.data.fromQuestion);
		const words = q && 'text' in q ? q.text : typeof el.data.questionText === 'string' ? el.data.questionText : '';
		parts.push(`from the question ${quote(words)}${q ? '' : ' (no longer on the board)'}`);
	}
	return parts.join('; ');
}
