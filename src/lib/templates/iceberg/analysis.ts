/**
 * Pure tallies over one Iceberg frame's contents: notes per layer × column, and which notes sit in
 * which heading's group. Reads stored data (what placement wrote), never positions.
 */
import type { BoxElement, Element, Item } from '$lib/doc/schema.js';
import { isItemOf } from '../kit/model.js';
import { COLUMNS, HEADING, ID, LAYERS, type Column, type Layer } from './schema.js';

export function isIcebergNote(el: Element): el is Extract<BoxElement, { kind: 'note' }> {
	return el.kind === 'note';
}

export function isHeading(el: Element): el is Item {
	return isItemOf(el, ID, HEADING);
}

/** The cell an element's data puts it in, or null (outside the grid). */
export function cellOfData(el: { data: Record<string, unknown> }): { layer: Layer; column: Column } | null {
	const { layer, column } = el.data;
	if (typeof layer !== 'number' || layer < 1 || layer > 4 || !COLUMNS.includes(column as Column)) return null;
	return { layer: layer as Layer, column: column as Column };
}

function sameCell(a: { data: Record<string, unknown> }, b: { data: Record<string, unknown> }): boolean {
	const ca = cellOfData(a);
	const cb = cellOfData(b);
	return !!ca && !!cb && ca.layer === cb.layer && ca.column === cb.column;
}

/** The key notes use to join a heading's group: its `key` (seeded headings) or else its id. */
export function groupKeyOf(heading: Item): string {
	return typeof heading.data.key === 'string' ? heading.data.key : heading.id;
}

/**
 * The heading a note is grouped under: one with the note's group key, in the same cell. A note moved
 * to another cell on its own is out of its group until it comes back (its data keeps the key).
 */
export function headingOf(note: BoxElement, elements: Iterable<Element>): Item | null {
	const key = note.data.group;
	if (typeof key !== 'string') return null;
	for (const el of elements) if (isHeading(el) && el.parent === note.parent && groupKeyOf(el) === key && sameCell(el, note)) return el;
	return null;
}

export type Counts = Record<Layer, Record<Column, number>>;

export interface Tally {
	counts: Counts;
	byLayer: Record<Layer, number>;
	byColumn: Record<Column, number>;
	/** Notes in a cell. */
	total: number;
	/** Notes in the frame but outside the grid (the header, the label column). */
	outside: number;
}

/**
 * Notes per layer and column.
 * @example tally(contentsOf(frame, elements).items).counts[3].barriers
 */
export function tally(items: readonly BoxElement[]): Tally {
	const counts = {} as Counts;
	const byLayer = {} as Record<Layer, number>;
	for (const { layer } of LAYERS) {
		counts[layer] = { drivers: 0, barriers: 0 };
		byLayer[layer] = 0;
	}
	const byColumn: Record<Column, number> = { drivers: 0, barriers: 0 };
	let total = 0;
	let outside = 0;
	for (const el of items) {
		if (!isIcebergNote(el)) continue;
		const cell = cellOfData(el);
		if (!cell) {
			outside++;
			continue;
		}
		counts[cell.layer][cell.column]++;
		byLayer[cell.layer]++;
		byColumn[cell.column]++;
		total++;
	}
	return { counts, byLayer, byColumn, total, outside };
}

export interface Group {
	heading: Item;
	notes: BoxElement[];
}

/** Each heading with the notes grouped under it, in the order given. */
export function groups(items: readonly BoxElement[]): Group[] {
	return items
		.filter(isHeading)
		.map((heading) => ({ heading, notes: items.filter((n) => isIcebergNote(n) && headingOf(n, [heading]) !== null) }));
}
