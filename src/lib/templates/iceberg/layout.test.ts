import { describe, expect, it } from 'vitest';
import { createElement, moveBy, LOCAL } from '$lib/doc/index.js';
import { intersects, rectCenter } from '$lib/shared/geometry.js';
import { cellAt, geometry, slotInCell } from './layout.js';
import { icebergModel } from './model.js';
import { icebergBoard, RULES } from './test-board.js';

const NOTE = { w: 220, h: 150 };

function noteAt(doc: Parameters<typeof createElement>[0], centre: { x: number; y: number }, text = 'A note') {
	return createElement(doc, { kind: 'note', x: centre.x - NOTE.w / 2, y: centre.y - NOTE.h / 2, ...NOTE, text }, LOCAL, RULES);
}

describe('cell assignment', () => {
	it('gives a note dropped in each of the eight cells that layer and column', () => {
		const board = icebergBoard();
		for (const cell of geometry(board.frame()).cells) {
			const id = noteAt(board.doc, rectCenter(cell.rect));
			const note = board.get(id);
			expect(note.parent).toBe(board.frameId);
			expect(note.data).toMatchObject({ layer: cell.layer, column: cell.column });
		}
	});

	it('gives no layer to a note in the header or the label column', () => {
		const board = icebergBoard();
		const g = geometry(board.frame());
		for (const place of [rectCenter(g.header), rectCenter(g.columnHead), rectCenter(g.labels[2])]) {
			const note = board.get(noteAt(board.doc, place));
			expect(note.parent).toBe(board.frameId);
			expect(note.data.layer).toBeUndefined();
			expect(note.data.column).toBeUndefined();
		}
	});

	it('changes layer and column when a note is moved to another cell, and clears them outside', () => {
		const board = icebergBoard();
		const g = geometry(board.frame());
		const from = g.cells[0].rect; // Events & Experiences, Drivers
		const to = g.cells[7].rect; // Mental Models, Barriers
		const id = noteAt(board.doc, rectCenter(from));
		moveBy(board.doc, [id], rectCenter(to).x - rectCenter(from).x, rectCenter(to).y - rectCenter(from).y, LOCAL, RULES);
		expect(board.get(id).data).toMatchObject({ layer: 4, column: 'barriers' });
		moveBy(board.doc, [id], -(rectCenter(to).x - rectCenter(g.labels[3]).x), 0, LOCAL, RULES);
		expect(board.get(id).data.layer).toBeUndefined();
		moveBy(board.doc, [id], 0, 10_000, LOCAL, RULES);
		expect(board.get(id).parent).toBeNull();
		expect(board.get(id).data).toEqual({});
	});

	it('places headings by cell too, but not text labels', () => {
		const board = icebergBoard();
		const centre = rectCenter(geometry(board.frame()).cells[5].rect);
		const heading = createElement(
			board.doc,
			{
				kind: 'item',
				template: 'iceberg',
				type: 'heading',
				x: centre.x - 150,
				y: centre.y - 24,
				w: 300,
				h: 48,
				text: 'Money'
			},
			LOCAL,
			RULES
		);
		expect(board.get(heading).data).toEqual({ layer: 3, column: 'barriers' });
		const text = createElement(board.doc, { kind: 'text', x: centre.x, y: centre.y, text: 'Just a label' }, LOCAL, RULES);
		expect(board.get(text).data).toEqual({});
	});

	it('drops a note from its group when it leaves the grid, keeps the group when moved within it', () => {
		const board = icebergBoard(true);
		const note = board.byText('Funding for AP commissioned per place');
		expect(note.data.group).toBe('money');
		moveBy(board.doc, [note.id], 30, 0, LOCAL, RULES);
		expect(board.get(note.id).data.group).toBe('money');
		moveBy(board.doc, [note.id], 0, 10_000, LOCAL, RULES);
		expect(board.get(note.id).data.group).toBeUndefined();
	});
});

describe(cellAt, () => {
	it('splits the grid into four rows and two columns, edges included', () => {
		const g = geometry({ x: 0, y: 0, w: 2040, h: 1848 });
		expect(cellAt(g, { x: g.grid.x, y: g.grid.y })).toMatchObject({ layer: 1, column: 'drivers' });
		expect(cellAt(g, { x: g.grid.x + g.grid.w, y: g.grid.y + g.grid.h })).toMatchObject({ layer: 4, column: 'barriers' });
		expect(cellAt(g, { x: g.grid.x - 1, y: g.grid.y + 10 })).toBeNull();
		expect(g.waterY).toBe(g.grid.y + g.grid.h / 4);
	});
});

describe(slotInCell, () => {
	const cell = { x: 0, y: 0, w: 800, h: 400 };
	it('finds places that overlap nothing, left to right then down', () => {
		const taken: { x: number; y: number; w: number; h: number }[] = [];
		for (let i = 0; i < 6; i++) {
			const at = slotInCell(cell, NOTE, taken);
			const box = { ...at, ...NOTE };
			expect(taken.some((r) => intersects(r, box))).toBe(false);
			taken.push(box);
		}
		expect(taken[1].y).toBe(taken[0].y);
		expect(taken[3].y).toBeGreaterThan(taken[0].y);
	});

	it('keeps the centre in the cell when the cell is full or the box is too big', () => {
		const full = [{ ...cell }];
		for (const size of [NOTE, { w: 2000, h: 900 }]) {
			const at = slotInCell(cell, size, full);
			const c = rectCenter({ ...at, ...size });
			expect(c.x).toBeGreaterThanOrEqual(cell.x);
			expect(c.x).toBeLessThanOrEqual(cell.x + cell.w);
			expect(c.y).toBeLessThanOrEqual(cell.y + cell.h);
		}
	});
});

describe('sections', () => {
	it('offers one section per cell in reading order, with the layer prompt', () => {
		const board = icebergBoard();
		const sections = icebergModel.sections(board.frame());
		expect(sections.map((s) => s.label)).toEqual([
			'Events & Experiences: Drivers',
			'Events & Experiences: Barriers',
			'Behavioural Patterns & Incentives: Drivers',
			'Behavioural Patterns & Incentives: Barriers',
			'Underlying Structures: Drivers',
			'Underlying Structures: Barriers',
			'Mental Models: Drivers',
			'Mental Models: Barriers'
		]);
		expect(sections[0].prompt).toBe(
			'What is happening? What events, behaviours, issues, initiatives, interventions, experiences are we seeing?'
		);
	});
});
