/**
 * Plain words for every element of a "How might we" board, read by the outline, screen readers and
 * exports: a question says its column, whether its wording follows the method, and what it cites.
 * @example "Question in Within school practice: How might we include families early on?; cites 2 pieces of evidence"
 */
import type { Element, Frame } from '$lib/doc/schema.js';
import { isItemOf, type DescribeContext } from '../kit/model.js';
import { isFramed } from './framing.js';
import { categoryNames, ID, QUESTION, questionData } from './schema.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const clean = (s: string) => s.trim().replace(/\s+/g, ' ');

function frameOf(el: Element, ctx: DescribeContext): Frame | null {
	const parent = el.kind !== 'connector' && el.parent ? ctx.byId.get(el.parent) : undefined;
	return parent?.kind === 'frame' && parent.template === ID ? parent : null;
}

export function describe(el: Element, ctx: DescribeContext): string {
	if (el.kind === 'frame') {
		if (el.template !== ID) return `Frame: ${el.title}`;
		const questions = [...ctx.byId.values()].filter((e) => isItemOf(e, ID, QUESTION) && e.parent === el.id).length;
		const names = categoryNames(el.data);
		return `"How might we" board with ${plural(questions, 'question')} in three columns: ${names.within}; ${names.across}; ${names.sectors}`;
	}
	if (el.kind === 'connector') return 'Connection';
	if (isItemOf(el, ID, QUESTION)) {
		const data = questionData(el.data);
		const frame = frameOf(el, ctx);
		const where = frame && data.category ? ` in ${categoryNames(frame.data)[data.category]}` : '';
		const parts = [`Question${where}: ${clean(el.text) || 'empty'}`];
		if (el.text.trim() && !isFramed(el.text))
			parts.push(data.accepted ? 'wording accepted by the facilitator' : 'does not start with "How might we" or "What if"');
		if (data.evidence?.length) parts.push(`cites ${plural(data.evidence.length, 'piece')} of evidence`);
		return parts.join('; ');
	}
	if (el.kind === 'text') return `Text: ${clean(el.text) || 'empty'}`;
	return `${el.kind === 'note' ? 'Note' : 'Item'}: ${clean(el.text) || 'empty'}`;
}
