/**
 * The Iceberg (domain.md 1.2), pure: four layers from what we see to what we believe, each split into
 * Drivers and Barriers. Plain sticky notes placed in a cell get its layer and column; headings group
 * notes inside a cell; plain connectors join notes across layers. No Konva or Svelte here: the server
 * seeds boards with it.
 */
import type { BoxElement, Frame } from '$lib/doc/schema.js';
import { rectCenter } from '$lib/shared/geometry.js';
import { icebergSvg } from './export.js';
import { defineTemplateModel, type Section } from '../kit/model.js';
import { isHeading, isIcebergNote } from './analysis.js';
import { describe } from './describe.js';
import { emptyIceberg, exampleIceberg } from './example.js';
import { cellAt, geometry, slotInCell } from './layout.js';
import {
	asDataSchema,
	columnNames,
	HEADING,
	HEADING_SIZE,
	HeadingData,
	IcebergSettings,
	ID,
	LAYERS,
	LinkData,
	PROMPTS,
	VERSION
} from './schema.js';

export { PROMPTS };

/** Only plain sticky notes and the Iceberg's headings take a cell; text, frames and other templates' items do not. */
export function placesInCell(el: BoxElement): boolean {
	return isIcebergNote(el) || isHeading(el);
}

function sections(frame: Frame): Section[] {
	const g = geometry(frame);
	const names = columnNames(frame.data);
	return g.cells.map((cell) => {
		const layer = LAYERS[cell.layer - 1];
		return {
			id: `layer-${cell.layer}-${cell.column}`,
			label: `${layer.name}: ${names[cell.column]}`,
			prompt: layer.prompt,
			data: { layer: cell.layer, column: cell.column },
			contains(el: BoxElement) {
				if (typeof el.data.layer === 'number') return el.data.layer === cell.layer && el.data.column === cell.column;
				const at = cellAt(g, rectCenter(el));
				return at?.layer === cell.layer && at.column === cell.column;
			},
			slot: (size, occupied) => slotInCell(cell.rect, size, occupied)
		};
	});
}

export const icebergModel = defineTemplateModel({
	id: ID,
	title: 'The Iceberg',
	summary: 'Beneath the surface: drivers of and barriers to inclusion at four layers, from events to mental models.',
	version: VERSION,
	settings: asDataSchema(IcebergSettings),
	// Headings are the one item type; notes are plain sticky notes (what double-click makes), see README.
	itemTypes: [{ type: HEADING, label: 'Group heading', data: asDataSchema(HeadingData), size: { ...HEADING_SIZE } }],
	linkData: asDataSchema(LinkData),
	placementKeys: ['layer', 'column', 'group'],
	defaultAdd: 'note',
	prompts: PROMPTS,
	seed: emptyIceberg,
	example: exampleIceberg,
	assign(element, frame) {
		if (!placesInCell(element)) return null;
		const cell = cellAt(geometry(frame), rectCenter(element));
		if (!cell)
			return isIcebergNote(element) ? { layer: undefined, column: undefined, group: undefined } : { layer: undefined, column: undefined };
		return { layer: cell.layer, column: cell.column };
	},
	// Iceberg notes are plain sticky notes (see README); only a heading is an item, and stays one in the frame.
	adopt: (element) => (isHeading(element) ? { type: HEADING } : null),
	startHint: 'Double-click or double-tap in a cell to add a note there',
	sections,
	describe,
	exportSvg: icebergSvg
});
