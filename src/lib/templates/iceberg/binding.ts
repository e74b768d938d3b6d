/**
 * Commands over the content document for Iceberg frames. Each validates its input with zod and makes
 * one transaction with the LOCAL origin (what undo tracks), through the doc's own commands, so the
 * placement rule runs exactly as it does for a drag.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import {
	NO_PLACEMENT,
	type PlacementRules,
	createElement,
	ElementId,
	LOCAL,
	MAX_TEXT,
	readElement,
	readElements,
	setData,
	type BoxElement,
	type Frame,
	type Item
} from '$lib/doc/index.js';
import { isItemOf } from '../kit/model.js';
import { cellOfData, groupKeyOf, isIcebergNote } from './analysis.js';
import { icebergModel } from './model.js';
import { Column, ColumnName, COLUMN_COLORS, HEADING, HEADING_SIZE, ID, Layer, NOTE_SIZE } from './schema.js';

const Cell = z.object({ frameId: ElementId, layer: Layer, column: Column, text: z.string().max(MAX_TEXT) });

function icebergFrame(doc: Y.Doc, id: string): Frame {
	const frame = readElement(doc, id);
	if (frame?.kind !== 'frame' || frame.template !== ID) throw new Error('That is not an Iceberg frame');
	return frame;
}

function contentsOf(doc: Y.Doc, frameId: string): BoxElement[] {
	return readElements(doc).filter((e): e is BoxElement => e.kind !== 'connector' && e.kind !== 'frame' && e.parent === frameId);
}

function addToCell(
	doc: Y.Doc,
	input: z.input<typeof Cell>,
	size: { w: number; h: number },
	make: (at: { x: number; y: number }, data: { layer: number; column: Column }, frame: Frame) => Parameters<typeof createElement>[1],
	rules: PlacementRules
): string {
	const { frameId, layer, column } = Cell.parse(input);
	const frame = icebergFrame(doc, frameId);
	const section = icebergModel.sections(frame).find((s) => s.data.layer === layer && s.data.column === column)!;
	const element = make(section.slot(size, contentsOf(doc, frameId)), { layer, column }, frame);
	return createElement(doc, element, LOCAL, rules);
}

/**
 * Adds a sticky note to a cell, in the first free place there; returns its id.
 * @example addNote(doc, frameId, 3, 'barriers', 'Thresholds for CAMHS', rules)
 */
export function addNote(
	doc: Y.Doc,
	frameId: string,
	layer: number,
	column: string,
	text: string,
	rules: PlacementRules = NO_PLACEMENT
): string {
	return addToCell(
		doc,
		{ frameId, layer, column: column as Column, text },
		NOTE_SIZE,
		(at, data, frame) => ({
			kind: 'note',
			...at,
			...NOTE_SIZE,
			text,
			color: COLUMN_COLORS[data.column],
			parent: frame.id,
			data
		}),
		rules
	);
}

/**
 * Adds a group heading to a cell; returns its id.
 * @example addHeading(doc, frameId, 3, 'barriers', 'Money', rules)
 */
export function addHeading(
	doc: Y.Doc,
	frameId: string,
	layer: number,
	column: string,
	text: string,
	rules: PlacementRules = NO_PLACEMENT
): string {
	z.string().trim().min(1, 'A heading needs some words').max(200).parse(text);
	return addToCell(
		doc,
		{ frameId, layer, column: column as Column, text },
		HEADING_SIZE,
		(at, data, frame) => ({
			kind: 'item',
			template: ID,
			type: HEADING,
			...at,
			...HEADING_SIZE,
			text,
			color: 'grey',
			parent: frame.id,
			data
		}),
		rules
	);
}

const Grouping = z.object({ noteIds: z.array(ElementId).min(1).max(500), headingId: ElementId });

/**
 * Groups notes under a heading in the same cell: each note's `group` becomes the heading's key.
 * @example groupUnder(doc, [a, b], headingId)
 */
export function groupUnder(doc: Y.Doc, noteIds: readonly string[], headingId: string): void {
	const input = Grouping.parse({ noteIds, headingId });
	const heading = readElement(doc, input.headingId);
	if (!heading || !isItemOf(heading, ID, HEADING)) throw new Error('Group notes under an Iceberg heading');
	const cell = cellOfData(heading);
	if (!cell) throw new Error('Put the heading in a layer before grouping notes under it');
	const notes = input.noteIds.map((id) => readElement(doc, id));
	for (const note of notes) {
		if (!note || !isIcebergNote(note) || note.parent !== heading.parent) throw new Error('Only notes in the same Iceberg can be grouped');
		const at = cellOfData(note);
		if (!at || at.layer !== cell.layer || at.column !== cell.column)
			throw new Error(`'${note.text}' is in another cell than the heading '${heading.text}'`);
	}
	const key = groupKeyOf(heading as Item);
	doc.transact(() => {
		for (const note of notes) setData(doc, note!.id, { group: key }, LOCAL);
	}, LOCAL);
}

/** Takes notes out of their group (they stay where they are). */
export function ungroup(doc: Y.Doc, noteIds: readonly string[]): void {
	const ids = z.array(ElementId).min(1).max(500).parse(noteIds);
	doc.transact(() => {
		for (const id of ids) if (readElement(doc, id)) setData(doc, id, { group: undefined }, LOCAL);
	}, LOCAL);
}

const ColumnNames = z.object({ drivers: ColumnName, barriers: ColumnName }).partial();

/**
 * Renames the Drivers and/or Barriers column of one frame (layer names belong to the method).
 * @example setColumnNames(doc, frameId, { drivers: 'What helps' })
 */
export function setColumnNames(doc: Y.Doc, frameId: string, names: { drivers?: string; barriers?: string }): void {
	const frame = icebergFrame(doc, ElementId.parse(frameId));
	const value = ColumnNames.parse(names);
	const patch: Record<string, string> = {};
	if (value.drivers !== undefined) patch.driversName = value.drivers;
	if (value.barriers !== undefined) patch.barriersName = value.barriers;
	if (Object.keys(patch).length > 0) setData(doc, frame.id, patch, LOCAL);
}
