import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { XMLValidator } from 'fast-xml-parser';
import { createElement, readElement, readElements, setText, type Frame, type Item } from '$lib/doc/index.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { contentsOf } from '../kit/model.js';
import { addExercise } from '../kit/seed.js';
import { addAction, addUpdate, removeUpdate, rowsFromActivities, setActionField, setActionText } from './binding.js';
import { EXAMPLE_ROWS } from './example.js';
import { actionPlanModel } from './model.js';
import { filterRows, rowsOf, sortRows } from './rows.js';

function board(example = false) {
	const doc = new Y.Doc();
	const planId = addExercise(doc, actionPlanModel, { example, at: { x: 0, y: 0 } });
	const frame = () => readElement(doc, planId) as Frame;
	const rows = () => rowsOf(contentsOf(frame(), readElements(doc)));
	const report = () =>
		actionPlanModel.report!(contentsOf(frame(), readElements(doc)), {
			byId: new Map(readElements(doc).map((e) => [e.id, e])),
			frame: frame(),
			elements: readElements(doc),
			votes: new Map()
		});
	return { doc, planId, frame, rows, report };
}

/** A theory of change made of plain elements (this template never imports that one). */
function theoryOfChange(doc: Y.Doc) {
	const frame = createElement(doc, {
		kind: 'frame',
		x: 4000,
		y: 0,
		w: 2248,
		h: 1200,
		title: 'Pilot 1',
		template: 'theory-of-change',
		data: {}
	});
	const q = createElement(doc, {
		kind: 'item',
		template: 'how-might-we',
		type: 'question',
		x: -2000,
		y: 0,
		w: 300,
		h: 150,
		text: 'How might we support early language?'
	});
	const card = (y: number, text: string, data: Record<string, string>) =>
		createElement(doc, {
			kind: 'item',
			template: 'theory-of-change',
			type: 'activity',
			x: 4030,
			y,
			w: 392,
			h: 110,
			text,
			parent: frame,
			data
		});
	const slt = card(300, 'Employ 2 speech and language therapists', {
		who: '2 SLTs',
		when: 'From September',
		group: 'Therapeutic support',
		fromQuestion: q
	});
	const rwi = card(430, 'Offer Phonics intervention through Read Write Inc.', { outputs: 'RWI groups in every school' });
	createElement(doc, {
		kind: 'item',
		template: 'theory-of-change',
		type: 'outcome',
		x: 5400,
		y: 300,
		w: 392,
		h: 110,
		text: 'Not an activity',
		parent: frame,
		data: {}
	});
	return { frame, q, slt, rwi };
}

describe('action-plan rows', () => {
	it('adds rows under each other with the next ref and "not started", growing the frame', () => {
		const { doc, planId, frame, rows } = board();
		const h = frame().h;
		for (let i = 0; i < 9; i++) addAction(doc, planId, { text: `Action ${i}` });
		expect(rows().map((r) => [r.ref, r.status])).toEqual(Array.from({ length: 9 }, (_, i) => [String(i + 1), 'not-started']));
		expect(frame().h).toBeGreaterThan(h);
		const items = readElements(doc)
			.filter((e): e is Item => e.kind === 'item')
			.sort((a, b) => a.y - b.y);
		for (let i = 1; i < items.length; i++) expect(items[i].y).toBeGreaterThanOrEqual(items[i - 1].y + items[i - 1].h);
		expect(items.at(-1)!.y + items.at(-1)!.h).toBeLessThanOrEqual(frame().y + frame().h);
	});

	it('validates dates and fields, changing nothing when refused', () => {
		const { doc, planId, rows } = board();
		const id = addAction(doc, planId, {
			text: 'Train all staff in restorative practice',
			data: { lead: 'SENCO, school', start: '2026-01-05', due: '2026-07-17' }
		});
		expect(() => setActionField(doc, id, 'due', '2026-02-30')).toThrow(/Due date: a date is written yyyy-mm-dd/);
		expect(() => setActionField(doc, id, 'review', '31/03/2026')).toThrow(/Review date/);
		expect(() => setActionField(doc, id, 'due', '2025-12-01')).toThrow(/due date is before the start date/);
		expect(() => setActionField(doc, id, 'status', 'done')).toThrow(/Status/);
		expect(() => addAction(doc, planId, { text: 'x', data: { start: 'soon' } })).toThrow(/Start date/);
		expect(() => addUpdate(doc, id, { date: '2026-13-01', text: 'x' })).toThrow();
		expect(() => addUpdate(doc, id, { date: '2026-03-01', text: '  ' })).toThrow(/some words/);
		expect(rows()).toHaveLength(1);
		expect(rows()[0]).toMatchObject({ due: '2026-07-17', review: '', status: 'not-started', updates: [] });
		setActionField(doc, id, 'status', 'in-progress');
		setActionField(doc, id, 'due', '');
		addUpdate(doc, id, { date: '2026-03-01', text: 'Half the staff trained' });
		addUpdate(doc, id, { date: '2026-02-01', text: 'Trainer booked' });
		expect(rows()[0]).toMatchObject({
			due: '',
			status: 'in-progress',
			updates: [
				{ date: '2026-02-01', text: 'Trainer booked' },
				{ date: '2026-03-01', text: 'Half the staff trained' }
			]
		});
		removeUpdate(doc, id, 0);
		expect(rows()[0].updates.map((u) => u.text)).toEqual(['Half the staff trained']);
		setActionText(doc, id, 'Train all staff in restorative practice by July');
		expect(rows()[0].action).toBe('Train all staff in restorative practice by July');
	});

	it('two people editing one row at once: different fields and the words all survive', () => {
		const { docs, flush } = createPeers(2);
		const planId = addExercise(docs[0], actionPlanModel, { at: { x: 0, y: 0 } });
		const id = addAction(docs[0], planId, { text: 'Neutral room for students' });
		flush();
		setActionField(docs[0], id, 'lead', 'JWA & HKI');
		setActionField(docs[0], id, 'due', '2026-03-31');
		setText(docs[0], id, 'A neutral room for students');
		setActionField(docs[1], id, 'status', 'in-progress');
		setActionField(docs[1], id, 'start', '2026-01-10');
		setText(docs[1], id, 'Neutral room for students to go to when angry');
		// Both set the theme at once: one wins, both peers agree.
		setActionField(docs[0], id, 'theme', 'Behaviour');
		setActionField(docs[1], id, 'theme', 'Wellbeing');
		flush();
		const [a, b] = docs.map((doc) => rowsOf(contentsOf(readElement(doc, planId) as Frame, readElements(doc)))[0]);
		expect(a).toEqual(b);
		expect(a).toMatchObject({
			lead: 'JWA & HKI',
			due: '2026-03-31',
			status: 'in-progress',
			start: '2026-01-10',
			action: 'A neutral room for students to go to when angry'
		});
		expect(['Behaviour', 'Wellbeing']).toContain(a.theme);
	});
});

describe(rowsFromActivities, () => {
	it('makes one row per activity of the chosen theory of change, keeping the links, and never twice', () => {
		const { doc, planId, rows } = board();
		const toc = theoryOfChange(doc);
		expect(rowsFromActivities(doc, planId, toc.frame)).toHaveLength(2);
		expect(rows()).toMatchObject([
			{
				ref: '1',
				action: 'Employ 2 speech and language therapists',
				theme: 'Therapeutic support',
				involved: '2 SLTs',
				milestones: 'From September',
				fromCard: toc.slt,
				fromQuestion: toc.q
			},
			{
				ref: '2',
				action: 'Offer Phonics intervention through Read Write Inc.',
				measure: 'Outputs: RWI groups in every school',
				fromCard: toc.rwi,
				fromQuestion: ''
			}
		]);
		expect(rowsFromActivities(doc, planId, toc.frame)).toEqual([]);
		expect(() => rowsFromActivities(doc, planId, planId)).toThrow(/theory of change/);
		const words = actionPlanModel.describe(readElement(doc, rows()[0].id)!, {
			byId: new Map(readElements(doc).map((e) => [e.id, e])),
			frame: readElement(doc, planId) as Frame
		});
		expect(words).toContain('from the question “How might we support early language?”');
		expect(words).toContain('from the theory-of-change card “Employ 2 speech and language therapists”');
	});
});

describe('sorting and filtering', () => {
	it('sorts by ref as people number them, by dates with empty ones last, and filters by status, lead and words', () => {
		const { doc, planId, rows } = board();
		addAction(doc, planId, { text: 'Third', data: { ref: '10', due: '2026-05-01', lead: 'Head of Year 9', status: 'completed' } });
		addAction(doc, planId, { text: 'First', data: { ref: '2', lead: 'SENCO', status: 'in-progress' } });
		addAction(doc, planId, { text: 'Second', data: { ref: '3A', due: '2026-02-01', lead: 'CAMHS link worker', status: 'in-progress' } });
		expect(sortRows(rows(), 'ref', 'ascending').map((r) => r.ref)).toEqual(['2', '3A', '10']);
		expect(sortRows(rows(), 'ref', 'descending').map((r) => r.ref)).toEqual(['10', '3A', '2']);
		expect(sortRows(rows(), 'due', 'ascending').map((r) => r.ref)).toEqual(['3A', '10', '2']);
		expect(sortRows(rows(), 'due', 'descending').map((r) => r.ref)).toEqual(['10', '3A', '2']);
		expect(sortRows(rows(), 'status', 'ascending').map((r) => r.ref)).toEqual(['2', '3A', '10']);
		expect(filterRows(rows(), { status: 'in-progress' }).map((r) => r.ref)).toEqual(['2', '3A']);
		expect(filterRows(rows(), { lead: 'senco' }).map((r) => r.ref)).toEqual(['2']);
		expect(filterRows(rows(), { text: 'second camhs' }).map((r) => r.ref)).toEqual(['3A']);
		expect(filterRows(rows(), { status: 'signed-off' })).toEqual([]);
	});
});

describe('the report and the picture', () => {
	it('gives the "Action plan" table with typed columns in the order of domain.md 3.G, and every row in words', () => {
		const { report, rows, frame, doc } = board(true);
		const part = report();
		const table = part.tables[0];
		expect(table.title).toBe('Action plan');
		expect(table.columns.map((c) => `${c.label}:${c.type}`)).toEqual([
			'Ref:text',
			'Theme:text',
			'Action:text',
			'Purpose:text',
			'Lead and agency:text',
			'Who is involved:text',
			'Start date:date',
			'Due date:date',
			'Milestones and cadence:text',
			'Measure of success:text',
			'Status:text',
			'Progress updates:text',
			'Review date:date',
			'From question:text',
			'From theory-of-change card:text'
		]);
		expect(table.rows).toHaveLength(EXAMPLE_ROWS.length);
		expect(table.rows[0]).toMatchObject({
			ref: '1',
			start: '2018-09-19',
			due: null,
			review: '2018-10-09',
			status: 'in progress',
			lead: 'HKI/JWA'
		});
		for (const row of table.rows)
			for (const c of table.columns)
				if (c.type === 'date') expect(row[c.key] === null || /^\d{4}-\d{2}-\d{2}$/.test(String(row[c.key]))).toBe(true);
		expect(part.tables[1]).toMatchObject({
			title: 'Progress updates',
			rows: [
				{ ref: '1', date: '2018-10-09' },
				{ ref: '2', date: '2018-10-09' }
			]
		});
		const words = JSON.stringify(part.blocks);
		for (const [text] of EXAMPLE_ROWS) expect(words).toContain(JSON.stringify(text).slice(1, -1));
		expect(rows()).toHaveLength(EXAMPLE_ROWS.length);
		// The documents print the table, not a picture of it; the picture is its own download.
		expect(part.svg).toBeUndefined();
		expect(XMLValidator.validate(actionPlanModel.exportSvg!(contentsOf(frame(), readElements(doc))))).toBe(true);
	});

	it('draws every word of a long row, growing the picture, with markup escaped', () => {
		const { doc, planId, frame } = board();
		const long = `<b>bold</b> & ${Array.from({ length: 120 }, (_, i) => `step${i}`).join(' ')}`;
		addAction(doc, planId, { text: long, data: { lead: 'SENCO <script>' } });
		const svg = actionPlanModel.exportSvg!(contentsOf(frame(), readElements(doc)));
		expect(XMLValidator.validate(svg)).toBe(true);
		expect(svg).not.toContain('<script>');
		expect(svg).not.toContain('<b>');
		expect(svg).toContain('&lt;b&gt;bold&lt;/b&gt;');
		for (let i = 0; i < 120; i++) expect(svg).toContain(`step${i}`);
	});
});
