import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LOCAL, readElements, type PlacementRules } from '$lib/doc/index.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { composePlacementRule } from '../kit/placement.js';
import { addHeading, addNote, groupUnder, setColumnNames, ungroup } from './binding.js';
import { icebergModel } from './model.js';
import { icebergBoard } from './test-board.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule([icebergModel]), link: null };

function describeEl(board: ReturnType<typeof icebergBoard>, id: string) {
	const all = readElements(board.doc);
	return icebergModel.describe(board.get(id), { byId: new Map(all.map((e) => [e.id, e])), frame: board.frame() });
}

describe(addNote, () => {
	it('puts a note in a free place in its cell, in one LOCAL transaction', () => {
		const board = icebergBoard(true);
		const origins: unknown[] = [];
		board.doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		const id = addNote(board.doc, board.frameId, 3, 'barriers', 'Waiting lists for EHCP assessments', RULES);
		expect(origins).toEqual([LOCAL]);
		expect(board.get(id).data).toEqual({ layer: 3, column: 'barriers' });
		expect(board.get(id).parent).toBe(board.frameId);
		expect(describeEl(board, id)).toBe("Note in Underlying Structures, Barriers: 'Waiting lists for EHCP assessments'");
	});

	it('refuses a layer that is not one of the four', () => {
		const board = icebergBoard();
		expect(() => addNote(board.doc, board.frameId, 5, 'drivers', 'x', RULES)).toThrow();
		expect(() => addNote(board.doc, board.frameId, 1, 'sideways', 'x', RULES)).toThrow();
	});
});

describe(groupUnder, () => {
	it('groups notes of a cell under its heading, and describe says so', () => {
		const board = icebergBoard();
		const heading = addHeading(board.doc, board.frameId, 2, 'drivers', 'Relationships', RULES);
		const a = addNote(board.doc, board.frameId, 2, 'drivers', 'Heads call CAMHS directly', RULES);
		const b = addNote(board.doc, board.frameId, 2, 'drivers', 'Joint visits with early help', RULES);
		groupUnder(board.doc, [a, b], heading);
		expect(board.get(a).data.group).toBe(heading);
		expect(describeEl(board, a)).toBe(
			"Note in Behavioural Patterns & Incentives, Drivers: 'Heads call CAMHS directly' (group 'Relationships')"
		);
		expect(describeEl(board, heading)).toBe(
			"Heading in Behavioural Patterns & Incentives, Drivers: 'Relationships' (2 notes in its group)"
		);
		ungroup(board.doc, [a]);
		expect(board.get(a).data.group).toBeUndefined();
		expect(describeEl(board, a)).not.toContain('group');
	});

	it('refuses notes from another cell', () => {
		const board = icebergBoard();
		const heading = addHeading(board.doc, board.frameId, 2, 'drivers', 'Relationships', RULES);
		const other = addNote(board.doc, board.frameId, 4, 'drivers', 'Belief that every child belongs', RULES);
		expect(() => groupUnder(board.doc, [other], heading)).toThrow(/another cell/);
	});

	it('uses the seeded heading key for the example groups', () => {
		const board = icebergBoard(true);
		const note = board.byText('Thresholds for CAMHS');
		groupUnder(board.doc, [note.id], board.byText('Money').id);
		expect(describeEl(board, note.id)).toBe("Note in Underlying Structures, Barriers: 'Thresholds for CAMHS' (group 'Money')");
	});
});

describe(setColumnNames, () => {
	it('renames the columns in sections and describe text', () => {
		const board = icebergBoard(true);
		setColumnNames(board.doc, board.frameId, { drivers: 'What helps' });
		expect(icebergModel.sections(board.frame())[0].label).toBe('Events & Experiences: What helps');
		expect(describeEl(board, board.byText('Parents feel unheard').id)).toBe(
			"Note in Events & Experiences, Barriers: 'Parents feel unheard'"
		);
		expect(() => setColumnNames(board.doc, board.frameId, { barriers: '   ' })).toThrow();
	});

	it('keeps both renames when two facilitators rename different columns at once', () => {
		const { docs, flush } = createPeers(2);
		const board = icebergBoard(false, docs[0]);
		flush();
		setColumnNames(docs[0], board.frameId, { drivers: 'Enablers' });
		setColumnNames(docs[1], board.frameId, { barriers: 'Blockers' });
		flush();
		for (const doc of docs) {
			const frame = readElements(doc).find((e) => e.id === board.frameId)!;
			expect(frame.data).toMatchObject({ driversName: 'Enablers', barriersName: 'Blockers' });
		}
	});
});

describe('describe', () => {
	it('names connections by their ends and layers', () => {
		const board = icebergBoard(true);
		const link = readElements(board.doc).find((e) => e.kind === 'connector')!;
		const all = readElements(board.doc);
		expect(icebergModel.describe(link, { byId: new Map(all.map((e) => [e.id, e])), frame: board.frame() })).toBe(
			"Connection from 'Behaviour is a choice' (Mental Models, Barriers) to 'Pupils put in isolation for arriving late' (Events, Barriers)"
		);
		expect(icebergModel.describe(board.frame(), { byId: new Map(all.map((e) => [e.id, e])), frame: board.frame() })).toMatch(
			/^Iceberg frame: 'Leveraging .*', 22 notes in four layers .*2 headings, 3 connections$/
		);
	});
});
