/**
 * The canvas is the model: what people make with the canvas gestures (a note by double-click, a drag,
 * a paste, the connector tool) is each template's own element, with every template on one board, as
 * the board page installs them. Collaboration is checked with several real Y.Docs.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createElement,
	createUndoManager,
	exportContent,
	insertCopies,
	moveBy,
	readElement,
	readElements,
	setData,
	setText,
	settlePlacement,
	type BoxElement,
	type Connector,
	type Element,
	type Frame,
	LOCAL,
	NO_PLACEMENT,
	type PlacementRules
} from '$lib/doc/index.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { rectCenter, type Point } from '$lib/shared/geometry.js';
import { TEMPLATE_MODELS, templateModel } from './models.js';
import { placementRules } from './kit/placement.js';
import { addExercise } from './kit/seed.js';

/** The board's rules, as the board page makes them. */
const RULES = placementRules(TEMPLATE_MODELS);

/** One board holding every exercise, as a facilitator would set it up. */
function board(doc = new Y.Doc(), rules: PlacementRules = RULES) {
	const frames: Record<string, Frame> = {};
	for (const model of TEMPLATE_MODELS) {
		const id = addExercise(doc, model, { rules });
		frames[model.id] = readElement(doc, id) as Frame;
	}
	return { doc, frames };
}

/** A point inside a template's section (its first one whose label matches). */
function inSection(frame: Frame, label: RegExp): Point {
	const section = templateModel(frame.template!)!
		.sections(frame)
		.find((s) => label.test(s.label))!;
	const at = section.slot({ w: 200, h: 160 }, []);
	return { x: at.x + 100, y: at.y + 80 };
}
/** What double-click does: a 200×160 note centred on the point. */
const noteAt = (doc: Y.Doc, p: Point, text = '', rules: PlacementRules = RULES) =>
	createElement(doc, { kind: 'note', x: p.x - 100, y: p.y - 80, text }, LOCAL, rules);
const el = (doc: Y.Doc, id: string) => readElement(doc, id) as BoxElement;

describe('a sticky note made in a template frame is that template’s element', () => {
	it('in every exercise, with the data of the place it was made in', () => {
		const { doc, frames } = board();
		const made = {
			variable: noteAt(doc, rectCenter(frames['causal-loop']), 'Exclusions'),
			question: noteAt(doc, inSection(frames['how-might-we'], /Across/), 'How might we share what works across schools?'),
			iceberg: noteAt(doc, inSection(frames.iceberg, /Patterns.*Barriers/), 'Thresholds keep rising'),
			player: noteAt(doc, inSection(frames['players-map'], /Ring 2/), 'SENCO'),
			outcome: noteAt(doc, inSection(frames['theory-of-change'], /Outcomes/), 'Fewer suspensions'),
			action: noteAt(doc, { x: frames['action-plan'].x + 600, y: frames['action-plan'].y + 300 }, 'Train staff')
		};
		expect(el(doc, made.variable)).toMatchObject({ kind: 'item', template: 'causal-loop', type: 'variable', w: 220, h: 84 });
		expect(rectCenter(el(doc, made.variable))).toEqual(rectCenter(frames['causal-loop']));
		expect(el(doc, made.question)).toMatchObject({
			kind: 'item',
			template: 'how-might-we',
			type: 'question',
			data: { category: 'across' }
		});
		expect(el(doc, made.iceberg)).toMatchObject({ kind: 'note', data: { layer: 2, column: 'barriers' } });
		expect(el(doc, made.player)).toMatchObject({ kind: 'item', template: 'players-map', type: 'player', data: { ring: 2 } });
		expect(el(doc, made.outcome)).toMatchObject({ kind: 'item', template: 'theory-of-change', type: 'outcome' });
		expect(el(doc, made.action)).toMatchObject({ kind: 'item', template: 'action-plan', type: 'action', x: frames['action-plan'].x + 24 });
	});

	it('is one undoable change, and undo leaves nothing behind', () => {
		const { doc, frames } = board();
		const undo = createUndoManager(doc);
		const before = JSON.stringify(exportContent(doc));
		const id = noteAt(doc, rectCenter(frames['causal-loop']));
		expect(el(doc, id).kind).toBe('item');
		undo.undo();
		expect(readElement(doc, id)).toBeNull();
		expect(JSON.stringify(exportContent(doc))).toBe(before);
	});

	it('moved to another column or ring it takes that one; out of the frame a plain note; into another exercise its element', () => {
		const { doc, frames } = board();
		const q = noteAt(doc, inSection(frames['how-might-we'], /Within/), 'How might we listen to parents?');
		const within = el(doc, q);
		const across = inSection(frames['how-might-we'], /Across/);
		moveBy(doc, [q], across.x - rectCenter(within).x, across.y - rectCenter(within).y, LOCAL, RULES);
		expect(el(doc, q)).toMatchObject({ type: 'question', data: { category: 'across' } });
		// A facilitator accepted its wording: that stays with it, the column does not.
		setData(doc, q, { accepted: true });
		moveBy(doc, [q], 0, 20_000, LOCAL, RULES);
		expect(el(doc, q)).toMatchObject({ kind: 'note', parent: null, w: 200, h: 160, data: { accepted: true } });
		expect(el(doc, q).data.category).toBeUndefined();
		expect('template' in el(doc, q)).toBe(false);
		// Dropped into the theory of change's Aim(s) column it is an aim.
		const aims = inSection(frames['theory-of-change'], /Aim/);
		moveBy(doc, [q], aims.x - rectCenter(el(doc, q)).x, aims.y - rectCenter(el(doc, q)).y, LOCAL, RULES);
		expect(el(doc, q)).toMatchObject({ kind: 'item', template: 'theory-of-change', type: 'aim', parent: frames['theory-of-change'].id });
		// A card dragged into the outcomes column is an outcome: the column decides (docs/decisions.md).
		const outcomes = inSection(frames['theory-of-change'], /Outcomes/);
		moveBy(doc, [q], outcomes.x - rectCenter(el(doc, q)).x, 0, LOCAL, RULES);
		expect(el(doc, q)).toMatchObject({ type: 'outcome' });
	});

	it('pasted into a frame is its element; copied out of it a plain note', () => {
		const { doc, frames } = board();
		const loose = createElement(doc, { kind: 'note', x: -5000, y: -5000, text: 'Pressure on schools' }, LOCAL, RULES);
		const centre = rectCenter(frames['causal-loop']);
		const [copy] = insertCopies(doc, [el(doc, loose)], centre.x + 5000, centre.y + 5000, { rules: RULES });
		expect(el(doc, copy)).toMatchObject({ kind: 'item', type: 'variable', text: 'Pressure on schools' });
		const [back] = insertCopies(doc, [el(doc, copy)], -20_000, 0, { rules: RULES });
		expect(el(doc, back)).toMatchObject({ kind: 'note', parent: null });
	});

	it('two notes joined by an arrow and dragged into a causal-loop frame are two variables and a + link', () => {
		const { doc, frames } = board();
		const a = createElement(doc, { kind: 'note', x: -3000, y: -3000, text: 'Exclusions' }, LOCAL, RULES);
		const b = createElement(doc, { kind: 'note', x: -2600, y: -3000, text: 'Spend on AP' }, LOCAL, RULES);
		const arrow = createElement(doc, { kind: 'connector', from: a, to: b }, LOCAL, RULES);
		expect(readElement(doc, arrow)?.data).toEqual({});
		const centre = rectCenter(frames['causal-loop']);
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		moveBy(doc, [a, b], centre.x + 3000, centre.y + 3000, LOCAL, RULES);
		expect(transactions).toBe(1);
		expect([el(doc, a).kind, el(doc, b).kind]).toEqual(['item', 'item']);
		expect(readElement(doc, arrow)?.data).toEqual({ template: 'causal-loop', polarity: '+', delay: false });
	});

	it('what an element brings from another exercise fits what it becomes: keys its new type refuses go', () => {
		const { doc, frames } = board();
		// A theory-of-change card with a sub-heading (its `group` is free text; a player's is one of a list).
		const card = noteAt(doc, inSection(frames['theory-of-change'], /Outcomes/), 'Families trust the school');
		setData(doc, card, { group: 'Early help', measure: 'Parent survey' });
		const ring = inSection(frames['players-map'], /Ring 3/);
		moveBy(doc, [card], ring.x - rectCenter(el(doc, card)).x, ring.y - rectCenter(el(doc, card)).y, LOCAL, RULES);
		const player = el(doc, card);
		expect(player).toMatchObject({ kind: 'item', type: 'player', data: { ring: 3, measure: 'Parent survey' } });
		expect(player.data.group).toBeUndefined();
		expect(templateModel('players-map')!.itemTypes[0].data.safeParse(player.data).success).toBe(true);
	});

	it('a player gets its group from the palette once its name is typed, as the panel would; a chosen group stays', () => {
		const { doc, frames } = board();
		const p = noteAt(doc, inSection(frames['players-map'], /Ring 2/));
		expect(el(doc, p).data.group).toBeUndefined();
		setText(doc, p, 'SENCO');
		expect(settlePlacement(doc, RULES)).toBe(1);
		expect(el(doc, p).data).toEqual({ ring: 2, group: 'school' });
		setText(doc, p, 'Police');
		expect(settlePlacement(doc, RULES)).toBe(0);
		expect(el(doc, p).data.group).toBe('school');
		const other = noteAt(doc, inSection(frames['players-map'], /Ring 3/), 'Our own name for someone');
		expect(settlePlacement(doc, RULES)).toBe(0);
		expect(el(doc, other).data.group).toBeUndefined();
	});
});

describe('boards that already hold plain notes in template frames', () => {
	/** A board an older client filled: plain notes in every exercise, written with no rules at all. */
	function oldBoard(doc: Y.Doc) {
		const { frames } = board(doc, NO_PLACEMENT);
		const notes = {
			variable: [
				noteAt(doc, rectCenter(frames['causal-loop']), 'A', NO_PLACEMENT),
				noteAt(doc, { x: rectCenter(frames['causal-loop']).x + 400, y: rectCenter(frames['causal-loop']).y }, 'B', NO_PLACEMENT)
			],
			question: noteAt(doc, inSection(frames['how-might-we'], /Across/), 'How might we share what works?', NO_PLACEMENT),
			player: noteAt(doc, inSection(frames['players-map'], /Ring 3/), 'CAMHS', NO_PLACEMENT),
			card: noteAt(doc, inSection(frames['theory-of-change'], /Aim/), 'Every child belongs', NO_PLACEMENT)
		};
		const arrows = [
			createElement(doc, { kind: 'connector', from: notes.variable[0], to: notes.variable[1] }),
			createElement(doc, { kind: 'connector', from: notes.variable[1], to: notes.variable[0] })
		];
		for (const id of [...notes.variable, notes.question, notes.player, notes.card]) expect(el(doc, id).kind).toBe('note');
		return { frames, notes, arrows };
	}

	it('adopt them once, where they are, without moving anything', () => {
		const doc = new Y.Doc();
		const { notes, arrows } = oldBoard(doc);
		const boxes = () =>
			readElements(doc)
				.filter((e): e is BoxElement => e.kind !== 'connector')
				.map((e) => [e.id, e.x, e.y, e.w, e.h]);
		const before = boxes();
		expect(settlePlacement(doc, RULES)).toBeGreaterThan(0);
		expect(boxes()).toEqual(before);
		expect(el(doc, notes.question)).toMatchObject({ kind: 'item', type: 'question', data: { category: 'across' } });
		expect(el(doc, notes.player)).toMatchObject({ kind: 'item', type: 'player', data: { ring: 3, group: 'health' } });
		expect(el(doc, notes.card)).toMatchObject({ kind: 'item', type: 'aim' });
		for (const id of notes.variable) expect(el(doc, id)).toMatchObject({ kind: 'item', type: 'variable' });
		for (const id of arrows) expect(readElement(doc, id)?.data).toMatchObject({ template: 'causal-loop', polarity: '+' });
		expect(settlePlacement(doc, RULES), 'once: a settled board writes nothing').toBe(0);
	});

	it('four clients adopting at once converge on the same board, and nobody’s undo holds it', () => {
		const { docs, flush } = createPeers(4, 5);
		oldBoard(docs[0]);
		flush();
		const undos = docs.map((doc) => createUndoManager(doc));
		const counts = docs.map((doc) => settlePlacement(doc, RULES));
		expect(new Set(counts).size).toBe(1);
		flush();
		const first = JSON.stringify(exportContent(docs[0]));
		for (const doc of docs) expect(JSON.stringify(exportContent(doc))).toBe(first);
		for (const doc of docs) expect(settlePlacement(doc, RULES)).toBe(0);
		for (const undo of undos) expect(undo.undoStack).toHaveLength(0);
	});

	it('settles only what this person may change (the server would refuse the rest, again and again)', () => {
		const doc = new Y.Doc();
		const { notes } = oldBoard(doc);
		const locked = notes.question;
		const allow = (before: Element) => before.id !== locked;
		expect(settlePlacement(doc, RULES, undefined, readElements(doc), allow)).toBeGreaterThan(0);
		expect(el(doc, locked).kind).toBe('note');
		expect(el(doc, notes.player).kind).toBe('item');
		expect(settlePlacement(doc, RULES, undefined, readElements(doc), allow), 'nothing left it may do').toBe(0);
	});

	it('two people dropping the same note into two exercises at once end with one consistent element', () => {
		const { docs, flush } = createPeers(2, 9);
		const { frames } = board(docs[0]);
		const n = createElement(docs[0], { kind: 'note', x: -4000, y: 0, text: 'Early help' }, LOCAL, RULES);
		flush();
		const start = rectCenter(el(docs[0], n));
		const cld = rectCenter(frames['causal-loop']);
		const hmw = inSection(frames['how-might-we'], /Within/);
		moveBy(docs[0], [n], cld.x - start.x, cld.y - start.y, LOCAL, RULES);
		moveBy(docs[1], [n], hmw.x - start.x, hmw.y - start.y, LOCAL, RULES);
		flush();
		docs.forEach((doc) => settlePlacement(doc, RULES));
		flush();
		const a = el(docs[0], n);
		expect(el(docs[1], n)).toEqual(a);
		const parent = readElement(docs[0], a.parent!) as Frame;
		// Whoever won, what the note is matches the frame it sits in.
		expect(a.kind === 'item' && a.template).toBe(parent.template);
		for (const doc of docs) expect(settlePlacement(doc, RULES)).toBe(0);
	});
});

describe('the link rule', () => {
	it('types the connector tool’s line between two variables, and nothing else', () => {
		const { doc, frames } = board();
		const c = rectCenter(frames['causal-loop']);
		const [a, b] = [noteAt(doc, c), noteAt(doc, { x: c.x + 500, y: c.y })];
		const q = noteAt(doc, inSection(frames['how-might-we'], /Within/));
		const link = createElement(doc, { kind: 'connector', from: a, to: b }, LOCAL, RULES);
		const plain = createElement(doc, { kind: 'connector', from: a, to: q }, LOCAL, RULES);
		const links = readElements(doc).filter((e): e is Connector => e.kind === 'connector');
		expect(links.find((l) => l.id === link)?.data).toEqual({ template: 'causal-loop', polarity: '+', delay: false });
		expect(links.find((l) => l.id === plain)?.data).toEqual({});
		expect(readElements(doc).filter((e: Element) => e.kind === 'connector')).toHaveLength(2);
	});
});
