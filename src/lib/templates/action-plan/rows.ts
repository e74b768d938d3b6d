/**
 * An action plan's rows as plain records, and the sorting and filtering the table view offers. Pure.
 */
import type { Element, Item } from '$lib/doc/schema.js';
import type { FrameContents } from '../kit/model.js';
import { ACTION, ID, STATUSES, statusLabel, updatesOf, type ProgressUpdate, type StatusId } from './schema.js';

export interface ActionRow {
	id: string;
	/** Position on the board, top to bottom (the plan's own order). */
	position: number;
	ref: string;
	theme: string;
	action: string;
	purpose: string;
	lead: string;
	involved: string;
	start: string;
	due: string;
	milestones: string;
	measure: string;
	status: StatusId;
	updates: ProgressUpdate[];
	review: string;
	fromQuestion: string;
	fromCard: string;
}

export function isAction(el: Element): el is Item {
	return el.kind === 'item' && el.template === ID && el.type === ACTION;
}

const s = (v: unknown) => (typeof v === 'string' ? v : '');

export function rowOf(item: Item, position: number): ActionRow {
	const d = item.data;
	const status = STATUSES.some((x) => x.value === d.status) ? (d.status as StatusId) : 'not-started';
	return {
		id: item.id,
		position,
		ref: s(d.ref),
		theme: s(d.theme),
		action: item.text,
		purpose: s(d.purpose),
		lead: s(d.lead),
		involved: s(d.involved),
		start: s(d.start),
		due: s(d.due),
		milestones: s(d.milestones),
		measure: s(d.measure),
		status,
		updates: updatesOf(d),
		review: s(d.review),
		fromQuestion: s(d.fromQuestion),
		fromCard: s(d.fromCard)
	};
}

/** The plan's rows in board order (top to bottom). */
export function rowsOf(contents: Pick<FrameContents, 'items'>): ActionRow[] {
	return contents.items
		.filter(isAction)
		.sort((a, b) => a.y - b.y || a.x - b.x)
		.map((item, i) => rowOf(item, i));
}

export type SortKey = 'position' | 'ref' | 'theme' | 'action' | 'lead' | 'start' | 'due' | 'status' | 'review';
export type SortDir = 'ascending' | 'descending';

const STATUS_ORDER = new Map(STATUSES.map((x, i) => [x.value, i]));
const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/**
 * Rows sorted by `key`; empty values always last, ties in board order. Refs sort as people number them
 * ("2" before "10", "3A" after "3").
 * @example sortRows(rows, 'due', 'ascending')
 */
export function sortRows(rows: readonly ActionRow[], key: SortKey, dir: SortDir): ActionRow[] {
	const sign = dir === 'ascending' ? 1 : -1;
	return [...rows].sort((a, b) => {
		if (key === 'position') return sign * (a.position - b.position);
		if (key === 'status') return sign * ((STATUS_ORDER.get(a.status) ?? 0) - (STATUS_ORDER.get(b.status) ?? 0)) || a.position - b.position;
		const x = String(a[key]).trim();
		const y = String(b[key]).trim();
		if (!x || !y) return x === y ? a.position - b.position : x ? -1 : 1;
		return sign * collator.compare(x, y) || a.position - b.position;
	});
}

export interface RowFilter {
	status?: StatusId | '';
	/** Part of the lead and agency, any case. */
	lead?: string;
	/** Words anywhere in the row (ref, theme, action, purpose, lead, who, measure, updates). */
	text?: string;
}

export function filterRows(rows: readonly ActionRow[], filter: RowFilter): ActionRow[] {
	const lead = filter.lead?.trim().toLowerCase() ?? '';
	const words = (filter.text ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);
	return rows.filter((r) => {
		if (filter.status && r.status !== filter.status) return false;
		if (lead && !r.lead.toLowerCase().includes(lead)) return false;
		if (words.length) {
			const hay = [
				r.ref,
				r.theme,
				r.action,
				r.purpose,
				r.lead,
				r.involved,
				r.milestones,
				r.measure,
				statusLabel(r.status),
				...r.updates.map((u) => `${u.date} ${u.text}`)
			]
				.join(' ')
				.toLowerCase();
			if (!words.every((w) => hay.includes(w))) return false;
		}
		return true;
	});
}
