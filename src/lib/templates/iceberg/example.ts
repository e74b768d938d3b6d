/**
 * The empty Iceberg and its worked example. Example notes are drawn from domain.md (S000–S004): what
 * the reports saw at each layer, as drivers of and barriers to inclusion. Each note's stored layer and
 * column is the cell its position puts it in (the contract's TC3 checks that).
 */
import type { Point } from '$lib/shared/geometry.js';
import { indicesAbove } from '$lib/shared/order.js';
import type { Seed } from '../kit/model.js';
import { seedBuilder } from '../kit/seed.js';
import { cellOf, FRAME_SIZE, GAP, geometry, INSET } from './layout.js';
import {
	BOARD_TITLE,
	COLUMN_COLORS,
	DEFAULT_COLUMN_NAMES,
	HEADING,
	HEADING_SIZE,
	ID,
	NOTE_SIZE,
	type Column,
	type Layer
} from './schema.js';

const SETTINGS = { driversName: DEFAULT_COLUMN_NAMES.drivers, barriersName: DEFAULT_COLUMN_NAMES.barriers };

function frameRect(at: Point) {
	return { x: Math.round(at.x), y: Math.round(at.y), ...FRAME_SIZE };
}

export function emptyIceberg(at: Point): Seed {
	const b = seedBuilder(ID);
	b.frame(frameRect(at), BOARD_TITLE, SETTINGS);
	return ordered(b.done());
}

/**
 * Gives the seed's elements increasing placeholder indices: the frame, then connectors (so lines pass
 * under the notes), then everything else in the order added. insertCopies sorts by (index, id), and with
 * equal indices "s10x" sorts before "s1x": the frame would no longer be first, and addExercise would
 * return a note's id as the frame's. The frame stays first in the array too (contract TC1).
 */
function ordered(seed: Seed): Seed {
	const rank = (kind: string) => (kind === 'frame' ? 0 : kind === 'connector' ? 1 : 2);
	const z = [...seed.elements].sort((a, b) => rank(a.kind) - rank(b.kind));
	const keys = indicesAbove(null, z.length);
	const index = new Map(z.map((el, i) => [el.id, keys[i]]));
	return { elements: seed.elements.map((el) => ({ ...el, index: index.get(el.id)! })) };
}

interface CellExample {
	layer: Layer;
	column: Column;
	/** A heading and the notes grouped under it (drawn first, under the heading). */
	group?: { key: string; heading: string; notes: string[] };
	notes: string[];
}

const CELLS: CellExample[] = [
	{
		layer: 1,
		column: 'drivers',
		notes: [
			'Nurture groups running in three primaries',
			'A trusted adult for every pupil at risk of exclusion',
			'Calls home to share good news'
		]
	},
	{
		layer: 1,
		column: 'barriers',
		notes: ['Rising fixed-term exclusions in Year 9', 'Parents feel unheard', 'Pupils put in isolation for arriving late']
	},
	{
		layer: 2,
		column: 'drivers',
		notes: ['Restorative approaches halved suspensions in trained schools', 'Heads pick up the phone to CAMHS since the collaborative']
	},
	{
		layer: 2,
		column: 'barriers',
		notes: [
			'Schools refer to every service at once, then wait',
			'Suspensions spike at transition to Year 7',
			'Years of negative-only calls: parents stop answering'
		]
	},
	{
		layer: 3,
		column: 'drivers',
		notes: ['Inclusion panel challenges exclusions above agreed thresholds', 'Multi-agency hub for early identification']
	},
	{
		layer: 3,
		column: 'barriers',
		group: {
			key: 'money',
			heading: 'Money',
			notes: ['Funding for AP commissioned per place', '80% of spend goes on AP places, 20% on prevention']
		},
		notes: ['Thresholds for CAMHS', 'Funding does not follow pupils across borough lines']
	},
	{ layer: 4, column: 'drivers', notes: ['Belief that every child belongs', 'Behaviour is communication of unmet need'] },
	{
		layer: 4,
		column: 'barriers',
		group: {
			key: 'whose-job',
			heading: 'Whose job?',
			notes: ["Inclusion is the SENCO's job", 'Excluded pupils are somebody else’s problem']
		},
		notes: ['Behaviour is a choice']
	}
];

/** Connections across layers, by note text: deeper causes to what is seen on the surface. */
const LINKS: [string, string][] = [
	['Behaviour is a choice', 'Pupils put in isolation for arriving late'],
	['Funding for AP commissioned per place', 'Rising fixed-term exclusions in Year 9'],
	['Belief that every child belongs', 'A trusted adult for every pupil at risk of exclusion']
];

export function exampleIceberg(at: Point): Seed {
	const b = seedBuilder(ID);
	const rect = frameRect(at);
	const frame = b.frame(rect, BOARD_TITLE, SETTINGS);
	const g = geometry(rect);
	const ids = new Map<string, string>();
	for (const example of CELLS) {
		const cell = cellOf(g, example.layer, example.column)!.rect;
		const data = { layer: example.layer, column: example.column };
		const color = COLUMN_COLORS[example.column];
		let top = cell.y + INSET;
		const notes = example.notes.map((text) => ({ text, group: undefined as string | undefined }));
		if (example.group) {
			const { key, heading } = example.group;
			b.item(HEADING, { x: cell.x + INSET, y: top, ...HEADING_SIZE }, heading, { ...data, key }, 'grey', frame);
			top += HEADING_SIZE.h + GAP / 2;
			notes.unshift(...example.group.notes.map((text) => ({ text, group: key })));
		}
		notes.forEach((note, i) => {
			const x = cell.x + INSET + (i % 3) * (NOTE_SIZE.w + GAP);
			const y = top + Math.floor(i / 3) * (NOTE_SIZE.h + GAP);
			const noteData = note.group ? { ...data, group: note.group } : data;
			ids.set(note.text, b.note({ x, y, ...NOTE_SIZE }, note.text, color, frame, noteData));
		});
	}
	for (const [from, to] of LINKS) b.link(ids.get(from)!, ids.get(to)!);
	return ordered(b.done());
}
