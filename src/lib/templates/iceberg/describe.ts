/** Plain words for every element of an Iceberg frame: the outline view, screen readers and exports. */
import type { BoxElement, Element } from '$lib/doc/schema.js';
import type { DescribeContext } from '../kit/model.js';
import { cellOfData, headingOf, isHeading, isIcebergNote } from './analysis.js';
import { columnNames, HEADING, ID, layerInfo } from './schema.js';

function quote(text: string): string {
	const t = text.trim().replace(/\s+/g, ' ');
	return t ? `'${t}'` : '(empty)';
}

/** "Underlying Structures, Barriers" (or "Structures, Barriers" when short), or null outside the grid. */
export function placeOf(el: { data: Record<string, unknown> }, names: Record<string, string>, short = false): string | null {
	const cell = cellOfData(el);
	if (!cell) return null;
	const info = layerInfo(cell.layer)!;
	return `${short ? info.short : info.name}, ${names[cell.column]}`;
}

function textOf(el: Element | undefined): string {
	return el && 'text' in el ? el.text : '';
}

export function describe(el: Element, { byId, frame }: DescribeContext): string {
	const names = columnNames(frame.data);
	const all = [...byId.values()];
	if (el.kind === 'frame') {
		if (el.id !== frame.id) return `Frame '${el.title}'`;
		const inside = all.filter((e) => e.kind !== 'connector' && e.parent === el.id);
		const notes = inside.filter(isIcebergNote).length;
		const headings = inside.filter(isHeading).length;
		const ids = new Set(inside.map((e) => e.id));
		const links = all.filter((e) => e.kind === 'connector' && ids.has(e.from) && ids.has(e.to)).length;
		return (
			`Iceberg frame: ${quote(el.title)}, ${notes} ${notes === 1 ? 'note' : 'notes'} in four layers ` +
			`(Events & Experiences, Behavioural Patterns & Incentives, Underlying Structures, Mental Models) ` +
			`and two columns (${names.drivers}, ${names.barriers}); ${headings} ${headings === 1 ? 'heading' : 'headings'}, ` +
			`${links} ${links === 1 ? 'connection' : 'connections'}`
		);
	}
	if (el.kind === 'connector') {
		const end = (id: string) => {
			const target = byId.get(id);
			const place = target && target.kind !== 'connector' ? placeOf(target, names, true) : null;
			return `${quote(textOf(target))}${place ? ` (${place})` : ''}`;
		};
		return `Connection from ${end(el.from)} to ${end(el.to)}${el.label ? `, labelled ${quote(el.label)}` : ''}`;
	}
	const box = el as BoxElement;
	const place = placeOf(box, names);
	const where = place ? `in ${place}` : 'outside the layers';
	if (box.kind === 'item' && !(box.template === ID && box.type === HEADING)) return `${box.type} ${where}: ${quote(box.text)}`;
	if (isHeading(box)) {
		const count = all.filter((n) => isIcebergNote(n) && headingOf(n, [box])).length;
		return `Heading ${where}: ${quote(box.text)} (${count} ${count === 1 ? 'note' : 'notes'} in its group)`;
	}
	if (isIcebergNote(box)) {
		const heading = headingOf(box, all);
		return `Note ${where}: ${quote(box.text)}${heading ? ` (group ${quote(heading.text)})` : ''}`;
	}
	if (box.kind === 'text') return `Text ${where}: ${quote(box.text)}`;
	return `Frame ${quote(box.title)}`;
}
