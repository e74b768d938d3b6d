/**
 * A big board, as people build one (for the export benchmark and the big-board export tests): every template's worked example (as a
 * board created with `example: true` has), then plain notes in a grid with connectors between
 * neighbours, written the way the board writes them (one Y.Map per element, toElementMap), in a few
 * transactions.
 */
import type * as Y from 'yjs';
import { getElementsMap } from '../../src/lib/doc/board-doc.js';
import { toElementMap } from '../../src/lib/doc/element-map.js';
import { Element } from '../../src/lib/doc/schema.js';
import { indicesAbove } from '../../src/lib/shared/order.js';
import { readBoxes, topIndex } from '../../src/lib/doc/read.js';

const TEXTS = [
	'Parents feel unheard when plans change at short notice',
	'Waiting lists for CAMHS assessments are over a year',
	'Teachers lack time to follow up on early warning signs',
	'Managed moves happen without the family understanding why',
	'Alternative provision places are full by October',
	'Transition from Year 6 to Year 7 loses information about needs',
	'Attendance officers and early help workers use different records',
	'Young people say nobody asked them what would help'
];

/**
 * Adds `notes` notes and `connectors` connectors (each joining two neighbouring notes) to `doc`, above
 * everything already there, in transactions of `perTransaction` elements, made by `createdBy` (a
 * participant id: the server refuses things added in someone else's name).
 */
export function addBigBoard(doc: Y.Doc, notes: number, connectors: number, createdBy: string, perTransaction = 500): void {
	const elements = getElementsMap(doc);
	const total = notes + connectors;
	const indices = indicesAbove(topIndex(doc), total);
	// Below whatever is on the board already (the exercises), so that nothing overlaps.
	const top = Math.max(0, ...readBoxes(doc).map((b) => b.y + b.h)) + 400;
	const ids: string[] = [];
	const all: Element[] = [];
	for (let i = 0; i < notes; i++) {
		const id = `big-note-${i}`;
		ids.push(id);
		all.push(
			Element.parse({
				kind: 'note',
				id,
				index: indices[i],
				parent: null,
				x: (i % 80) * 240,
				y: top + Math.floor(i / 80) * 200,
				w: 200,
				h: 160,
				color: (['yellow', 'pink', 'blue', 'green'] as const)[i % 4],
				text: `${TEXTS[i % TEXTS.length]} (${i + 1})`,
				createdBy
			})
		);
	}
	for (let j = 0; j < connectors; j++) {
		const from = (j * 7) % notes;
		const to = (from + 1) % notes;
		all.push(
			Element.parse({
				kind: 'connector',
				id: `big-link-${j}`,
				index: indices[notes + j],
				parent: null,
				from: ids[from],
				to: ids[to],
				label: j % 5 === 0 ? 'leads to' : '',
				createdBy
			})
		);
	}
	for (let start = 0; start < all.length; start += perTransaction) {
		doc.transact(() => {
			for (const element of all.slice(start, start + perTransaction)) elements.set(element.id, toElementMap(element));
		});
	}
}
