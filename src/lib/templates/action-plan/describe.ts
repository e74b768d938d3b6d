/**
 * Plain words for every element of an action plan: a row reads as a sentence with its fields, the
 * question and card it comes from named by their words.
 */
import type { Element } from '$lib/doc/schema.js';
import { ukDate } from '$lib/shared/dates.js';
import type { DescribeContext } from '../kit/model.js';
import { rowOf, type ActionRow } from './rows.js';
import { ACTION, ID, statusLabel } from './schema.js';

const quote = (text: string) => (text.trim() ? `“${text.trim()}”` : 'empty');

function wordsOf(id: string, byId: ReadonlyMap<string, Element>): string | null {
	if (!id) return null;
	const el = byId.get(id);
	// Whole: a screen reader and the report say every word (nothing is cut without saying so).
	return el && 'text' in el ? quote(el.text) : 'one no longer on the board';
}

/** A row in words, e.g. "Action 2: “Commit to a quicker turnaround”; lead: HKI; due 31 Mar 2026; status: in progress". */
export function rowWords(row: ActionRow, byId: ReadonlyMap<string, Element>): string {
	const parts = [`Action${row.ref ? ` ${row.ref}` : ''}: ${quote(row.action)}`];
	if (row.theme) parts.push(`theme: ${row.theme}`);
	if (row.purpose) parts.push(`purpose: ${row.purpose}`);
	if (row.lead) parts.push(`lead: ${row.lead}`);
	if (row.involved) parts.push(`involved: ${row.involved}`);
	if (row.start) parts.push(`starts ${ukDate(row.start)}`);
	if (row.due) parts.push(`due ${ukDate(row.due)}`);
	if (row.milestones) parts.push(`milestones: ${row.milestones}`);
	if (row.measure) parts.push(`measure of success: ${row.measure}`);
	parts.push(`status: ${statusLabel(row.status)}`);
	for (const u of row.updates) parts.push(`update ${ukDate(u.date)}: ${u.text}`);
	if (row.review) parts.push(`review ${ukDate(row.review)}`);
	const q = wordsOf(row.fromQuestion, byId);
	if (q) parts.push(`from the question ${q}`);
	const c = wordsOf(row.fromCard, byId);
	if (c) parts.push(`from the theory-of-change card ${c}`);
	return parts.join('; ');
}

export function describe(el: Element, ctx: DescribeContext): string {
	if (el.kind === 'frame') return `Action plan: ${el.title || 'untitled'}`;
	if (el.kind === 'connector') return 'Connection';
	if (el.kind === 'item')
		return el.template === ID && el.type === ACTION ? rowWords(rowOf(el, 0), ctx.byId) : `${el.type.replace(/-/g, ' ')}: ${quote(el.text)}`;
	return `${el.kind === 'note' ? 'Note' : 'Text'}: ${quote(el.text)}`;
}
