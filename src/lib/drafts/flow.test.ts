import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createElement,
	deleteElements,
	readElements,
	SERVER,
	type BoxElement,
	type Element,
	type Frame,
	type Item,
	LOCAL,
	type PlacementRules
} from '$lib/doc/index.js';
import { intersects, rectCenter, type Rect } from '$lib/shared/geometry.js';
import { TEMPLATE_MODELS } from '$lib/templates/models.js';
import { addExercise } from '$lib/templates/kit/seed.js';
import { composePlacementRule } from '$lib/templates/kit/placement.js';
import { icebergModel } from '$lib/templates/iceberg/model.js';
import { howMightWeModel } from '$lib/templates/how-might-we/model.js';
import { playersMapModel } from '$lib/templates/players-map/model.js';
import { cellAt, geometry as icebergGeometry } from '$lib/templates/iceberg/layout.js';
import { geometry as hmwGeometry } from '$lib/templates/how-might-we/layout.js';
import { questionsIn } from '$lib/templates/how-might-we/binding.js';
import { flowNotes, sectionsOf, type RevealNote } from './flow.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule(TEMPLATE_MODELS), link: null };

const models = new Map(TEMPLATE_MODELS.map((m) => [m.id, m]));
const note = (text: string, frame: string | null, section: string | null = null, authorId = 'alex'): RevealNote => ({
	authorId,
	text,
	color: 'yellow',
	place: frame ? { frame, section } : null
});
const frameOf = (doc: Y.Doc, id: string) => readElements(doc).find((e): e is Frame => e.kind === 'frame' && e.id === id)!;
const boxesIn = (doc: Y.Doc, frameId: string) =>
	readElements(doc).filter((e): e is BoxElement => e.kind !== 'connector' && e.kind !== 'frame' && e.parent === frameId);
const byText = (doc: Y.Doc, text: string) => readElements(doc).find((e) => 'text' in e && e.text === text) as BoxElement;

/** Every pair of boxes that overlap, by their words. */
function overlaps(boxes: readonly BoxElement[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < boxes.length; i++)
		for (let j = i + 1; j < boxes.length; j++) if (intersects(boxes[i], boxes[j])) out.push(`${label(boxes[i])} × ${label(boxes[j])}`);
	return out;
}
const label = (b: Element) => ('text' in b ? b.text.slice(0, 30) : b.id);

/** A board as the server holds it: every template's placement rule installed, like a browser's. */
function board() {
	const doc = new Y.Doc();
	return doc;
}

describe('flowNotes', () => {
	it('puts Iceberg notes in the cells they were written for, with their layer and column, clear of the labels and of each other', () => {
		const doc = board();
		const frameId = addExercise(doc, icebergModel, { example: true, at: { x: 0, y: 0 }, rules: RULES });
		const sections = sectionsOf(frameOf(doc, frameId), models);
		const notes = [
			note('Exclusions rising in year 9', frameId, 'layer-1-barriers'),
			note('Funding tied to outcomes', frameId, 'layer-3-barriers', 'sam'),
			note('Belief that some children are beyond help', frameId, 'layer-4-barriers', 'sam'),
			note('Trusted adults in every school', frameId, 'layer-2-drivers')
		];
		const { landed } = flowNotes(doc, TEMPLATE_MODELS, notes, null, SERVER, RULES);
		expect(landed).toEqual(['place', 'place', 'place', 'place']);
		const frame = frameOf(doc, frameId);
		const g = icebergGeometry(frame);
		for (const n of notes) {
			const el = byText(doc, n.text);
			const section = sections.find((s) => s.id === n.place!.section)!;
			expect(el.kind, n.text).toBe('note');
			expect(el.parent).toBe(frameId);
			expect(el.data).toMatchObject(section.data);
			expect(cellAt(g, rectCenter(el))).toMatchObject(section.data);
			expect(el.createdBy).toBe(n.authorId);
			// Not over the label column, the title or the column heads.
			for (const chrome of [g.header, g.columnHead, ...g.labels])
				expect(intersects(el, chrome), `${n.text} over the Iceberg's labels`).toBe(false);
		}
		expect(overlaps(boxesIn(doc, frameId))).toEqual([]);
	});

	it('grows a full Iceberg cell taller and moves the lower layers down with it, so nothing overlaps and everything keeps its layer', () => {
		const doc = board();
		const frameId = addExercise(doc, icebergModel, { example: true, at: { x: 0, y: 0 }, rules: RULES });
		const before = frameOf(doc, frameId);
		const existing = boxesIn(doc, frameId).map((b) => ({ id: b.id, layer: b.data.layer, column: b.data.column, text: label(b) }));
		const notes = Array.from({ length: 14 }, (_, i) => note(`Pattern ${i + 1}`, frameId, 'layer-2-barriers', i % 2 ? 'sam' : 'alex'));
		const { landed } = flowNotes(doc, TEMPLATE_MODELS, notes, null, SERVER, RULES);
		expect(landed.every((l) => l === 'place')).toBe(true);
		const frame = frameOf(doc, frameId);
		expect(frame.h).toBeGreaterThan(before.h);
		const g = icebergGeometry(frame);
		const all = boxesIn(doc, frameId);
		expect(overlaps(all)).toEqual([]);
		for (const b of all) {
			// Every box sits, by position, in the cell its data names: the example's notes too, after the move.
			if (typeof b.data.layer === 'number')
				expect(cellAt(g, rectCenter(b)), label(b)).toMatchObject({ layer: b.data.layer, column: b.data.column });
			for (const chrome of [g.header, g.columnHead, ...g.labels]) expect(intersects(b, chrome), `${label(b)} over a label`).toBe(false);
		}
		for (const e of existing) {
			const now = all.find((b) => b.id === e.id)!;
			expect({ layer: now.data.layer, column: now.data.column }, e.text).toEqual({ layer: e.layer, column: e.column });
		}
		expect(all.filter((b) => /^Pattern/.test(label(b))).every((b) => b.data.layer === 2 && b.data.column === 'barriers')).toBe(true);
	});

	it('makes a note written for a How-might-we column a question card of that column, which the vote then includes', () => {
		const doc = board();
		const frameId = addExercise(doc, howMightWeModel, { at: { x: 0, y: 0 }, rules: RULES });
		const { landed } = flowNotes(
			doc,
			TEMPLATE_MODELS,
			[
				note('How might we share what works across schools?', frameId, 'across'),
				note('What if every child had a key adult?', frameId, 'within', 'sam')
			],
			null,
			SERVER,
			RULES
		);
		expect(landed).toEqual(['place', 'place']);
		const q = byText(doc, 'How might we share what works across schools?') as Item;
		expect(q).toMatchObject({ kind: 'item', template: 'how-might-we', type: 'question', data: { category: 'across' } });
		const g = hmwGeometry(frameOf(doc, frameId));
		expect(intersects(q, g.columns[1].body) && !intersects(q, g.columns[1].head) && !intersects(q, g.header)).toBe(true);
		expect(questionsIn(readElements(doc), frameId).map((e) => e.text)).toEqual([
			'What if every child had a key adult?',
			'How might we share what works across schools?'
		]);
	});

	it('makes a players-map note a player in its ring (its group left to the template: nobody chose one)', () => {
		const doc = board();
		const frameId = addExercise(doc, playersMapModel, { at: { x: 0, y: 0 }, rules: RULES });
		flowNotes(
			doc,
			TEMPLATE_MODELS,
			[note('Head of year', frameId, 'ring-2'), note('CAMHS link worker', frameId, 'ring-3')],
			null,
			SERVER,
			RULES
		);
		const head = byText(doc, 'Head of year') as Item;
		expect(head).toMatchObject({ kind: 'item', type: 'player', data: { ring: 2 } });
		expect(byText(doc, 'CAMHS link worker').data.ring).toBe(3);
		expect(overlaps(boxesIn(doc, frameId))).toEqual([]);
	});

	it('grows a full ring by scaling the rings about their centre, so every player keeps its ring', () => {
		const doc = board();
		const frameId = addExercise(doc, playersMapModel, { example: true, at: { x: 0, y: 0 }, rules: RULES });
		const before = frameOf(doc, frameId);
		const rings = new Map(boxesIn(doc, frameId).map((b) => [b.id, b.data.ring]));
		const notes = Array.from({ length: 24 }, (_, i) => note(`Family member ${i + 1}`, frameId, 'ring-1'));
		const { landed } = flowNotes(doc, TEMPLATE_MODELS, notes, null, SERVER, RULES);
		expect(landed.every((l) => l === 'place')).toBe(true);
		const frame = frameOf(doc, frameId);
		expect(frame.w * frame.h).toBeGreaterThan(before.w * before.h);
		const sections = sectionsOf(frame, models);
		const all = boxesIn(doc, frameId);
		expect(overlaps(all)).toEqual([]);
		// By position, every box is in the ring its data names: the example's players, moved outwards, too.
		const ringAtPosition = (b: BoxElement) => sections.findIndex((s) => s.contains({ ...b, data: {} }));
		for (const b of all) expect(ringAtPosition(b), label(b)).toBe(b.data.ring);
		for (const [id, ring] of rings) expect(all.find((b) => b.id === id)!.data.ring).toBe(ring);
		expect(all.filter((b) => /^Family member/.test(label(b))).every((b) => b.data.ring === 1)).toBe(true);
	});

	it('flows a note without a section into the first section with room, and one whose section is gone likewise', () => {
		const doc = board();
		const frameId = addExercise(doc, icebergModel, { at: { x: 0, y: 0 }, rules: RULES });
		const { landed } = flowNotes(
			doc,
			TEMPLATE_MODELS,
			[note('Anywhere', frameId, null), note('Old cell', frameId, 'layer-9-nowhere')],
			null,
			SERVER,
			RULES
		);
		expect(landed).toEqual(['place', 'place']);
		expect(byText(doc, 'Anywhere').data).toMatchObject({ layer: 1, column: 'drivers' });
		expect(byText(doc, 'Old cell').data).toMatchObject({ layer: 1, column: 'drivers' });
		expect(overlaps(boxesIn(doc, frameId))).toEqual([]);
	});

	it('never loses a note whose frame was deleted: the facilitator’s frame takes it, or free space beside the board', () => {
		const doc = board();
		const gone = addExercise(doc, icebergModel, { at: { x: 0, y: 0 }, rules: RULES });
		const hmw = addExercise(doc, howMightWeModel, { rules: RULES });
		deleteElements(doc, [gone]);
		const first = flowNotes(
			doc,
			TEMPLATE_MODELS,
			[note('Meant for the deleted Iceberg', gone, 'layer-1-drivers'), note('Written before places existed', null)],
			hmw,
			SERVER,
			RULES
		);
		expect(first.landed).toEqual(['fallback', 'fallback']);
		expect(byText(doc, 'Meant for the deleted Iceberg').parent).toBe(hmw);

		const second = flowNotes(
			doc,
			TEMPLATE_MODELS,
			[note('Also meant for it', gone, 'layer-1-drivers'), note('No place either', null, null, 'sam')],
			null,
			SERVER,
			RULES
		);
		expect(second.landed).toEqual(['beside', 'beside']);
		const frame = frameOf(doc, hmw);
		for (const text of ['Also meant for it', 'No place either']) {
			const el = byText(doc, text);
			expect(el.parent).toBe(null);
			expect(el.x).toBeGreaterThanOrEqual(frame.x + frame.w);
		}
		expect(overlaps(readElements(doc).filter((e): e is BoxElement => e.kind !== 'connector' && e.kind !== 'frame'))).toEqual([]);
	});

	it('grows a frame only into free space: a full cell next to another exercise spills beside the board instead of covering it', () => {
		const doc = board();
		const frameId = addExercise(doc, icebergModel, { at: { x: 0, y: 0 }, rules: RULES });
		const frame = frameOf(doc, frameId);
		// Something right below and right of the Iceberg: it may grow neither way.
		createElement(doc, { kind: 'frame', x: frame.x, y: frame.y + frame.h + 10, w: frame.w + 4000, h: 400, title: 'Below' }, LOCAL, RULES);
		createElement(doc, { kind: 'frame', x: frame.x + frame.w + 10, y: frame.y, w: 400, h: frame.h, title: 'Right' }, LOCAL, RULES);
		const notes = Array.from({ length: 10 }, (_, i) => note(`Event ${i + 1}`, frameId, 'layer-1-drivers'));
		const { landed } = flowNotes(doc, TEMPLATE_MODELS, notes, null, SERVER, RULES);
		expect(frameOf(doc, frameId).h).toBe(frame.h);
		expect(landed.filter((l) => l === 'place').length).toBeGreaterThan(2);
		expect(landed.filter((l) => l === 'beside').length).toBeGreaterThan(0);
		expect(landed.filter((l) => l === 'beside').length + landed.filter((l) => l === 'place').length).toBe(10);
		const boxes = readElements(doc).filter((e): e is BoxElement => e.kind !== 'connector');
		const notesOnBoard = boxes.filter((b) => b.kind === 'note');
		expect(notesOnBoard).toHaveLength(10);
		const frames = boxes.filter((b): b is Frame => b.kind === 'frame' && b.id !== frameId);
		for (const n of notesOnBoard) for (const f of frames) expect(intersects(n, f as Rect), `${label(n)} over ${f.title}`).toBe(false);
		expect(overlaps(notesOnBoard)).toEqual([]);
	});

	it('places notes in a plain frame below its title, growing it when full', () => {
		const doc = board();
		const frameId = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 700, h: 400, title: 'Brainstorm' }, LOCAL, RULES);
		const { landed } = flowNotes(
			doc,
			TEMPLATE_MODELS,
			Array.from({ length: 7 }, (_, i) => note(`Idea ${i}`, frameId)),
			null,
			SERVER,
			RULES
		);
		expect(landed.every((l) => l === 'place')).toBe(true);
		const frame = frameOf(doc, frameId);
		const inFrame = boxesIn(doc, frameId);
		expect(inFrame).toHaveLength(7);
		expect(frame.h).toBeGreaterThan(400);
		expect(overlaps(inFrame)).toEqual([]);
		expect(inFrame.every((b) => b.y >= frame.y + 80 && b.y + b.h <= frame.y + frame.h && b.x + b.w <= frame.x + frame.w)).toBe(true);
	});

	it('is one change that a second peer receives whole', () => {
		const a = board();
		const b = new Y.Doc();
		const frameId = addExercise(a, icebergModel, { at: { x: 0, y: 0 }, rules: RULES });
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		let updates = 0;
		a.on('update', (u: Uint8Array) => {
			updates++;
			Y.applyUpdate(b, u);
		});
		flowNotes(
			a,
			TEMPLATE_MODELS,
			Array.from({ length: 9 }, (_, i) => note(`Note ${i}`, frameId, 'layer-4-drivers')),
			null,
			SERVER,
			RULES
		);
		expect(updates).toBe(1);
		expect(readElements(b)).toEqual(readElements(a));
	});
});
