import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { XMLValidator } from 'fast-xml-parser';
import {
	createElement,
	readElement,
	readElements,
	setText,
	updateElement,
	type Frame,
	type Item,
	LOCAL,
	type PlacementRules
} from '$lib/doc/index.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { composePlacementRule } from '../kit/placement.js';
import { blockStrings, contentsOf } from '../kit/model.js';
import { addExercise } from '../kit/seed.js';
import { addCard, addTheory, linkCards, setCardField, turnQuestionInto } from './binding.js';
import { ASTREA_CARDS, ASTREA_LINKS } from './example.js';
import { theoryOfChangeModel } from './model.js';
import { AIM, COLUMNS, OUTCOME } from './schema.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule([theoryOfChangeModel]), link: null };

const FIXTURE = fileURLToPath(new URL('./astrea.fixture.md', import.meta.url));
const DOMAIN = fileURLToPath(new URL('../../../../../shared/domain.md', import.meta.url));

/** Every quoted sentence of domain.md's Astrea example (the fixture is that section, verbatim). */
function astreaSentences(): string[] {
	// A lead-in ("Within 2 years:") may be a field's value rather than a sentence: its colon is not needed.
	return [...readFileSync(FIXTURE, 'utf8').matchAll(/"([^"]+)"/g)].map((m) => m[1].replace(/:$/, ''));
}

function board(example = false) {
	const doc = new Y.Doc();
	const frameId = addExercise(doc, theoryOfChangeModel, { example, at: { x: 0, y: 0 }, rules: RULES });
	const frame = () => readElement(doc, frameId) as Frame;
	const report = () =>
		theoryOfChangeModel.report!(contentsOf(frame(), readElements(doc)), {
			byId: new Map(readElements(doc).map((e) => [e.id, e])),
			frame: frame(),
			elements: readElements(doc),
			votes: new Map()
		});
	return { doc, frameId, frame, report };
}

const cards = (doc: Y.Doc) => readElements(doc).filter((e): e is Item => e.kind === 'item' && e.template === 'theory-of-change');

describe('the Astrea example', () => {
	it('the fixture is still the Astrea section of domain.md', () => {
		if (!existsSync(DOMAIN)) return; // outside the project's workspace only the fixture is available
		expect(readFileSync(DOMAIN, 'utf8')).toContain(readFileSync(FIXTURE, 'utf8').trim());
	});

	it('holds every sentence of domain.md, on the board and in the report', () => {
		const sentences = astreaSentences();
		expect(sentences.length).toBe(40);
		const { doc, frame, report } = board(true);
		const onBoard = [frame().data.background as string, ...cards(doc).flatMap((c) => [c.text, ...Object.values(c.data).map(String)])].join(
			'\n'
		);
		const part = report();
		const inReport = part.blocks.flatMap(blockStrings).join('\n');
		for (const s of sentences) {
			expect(onBoard, s).toContain(s);
			expect(inReport, s).toContain(s);
		}
		expect(part.tables[0].rows).toHaveLength(ASTREA_CARDS.length);
	});

	it('puts each card in its own column, with its sub-heading, and draws every arrow left to right', () => {
		const { doc, frame } = board(true);
		const sections = theoryOfChangeModel.sections(frame());
		for (const card of cards(doc)) {
			const section = sections.find((s) => s.contains(card))!;
			expect(section.itemType, card.text).toBe(card.type);
		}
		expect(cards(doc).filter((c) => c.data.group === 'The management team')).toHaveLength(4);
		const links = readElements(doc).filter((e) => e.kind === 'connector');
		expect(links).toHaveLength(ASTREA_LINKS.length);
		const byId = new Map(cards(doc).map((c) => [c.id, c]));
		for (const l of links) {
			if (l.kind !== 'connector') continue;
			const col = (id: string) => COLUMNS.findIndex((c) => c.type === byId.get(id)!.type);
			expect(col(l.to)).toBeGreaterThan(col(l.from));
		}
	});

	it('draws a print-ready SVG with every word, cards never cut', () => {
		const { doc, frame } = board(true);
		const svg = theoryOfChangeModel.exportSvg!(contentsOf(frame(), readElements(doc)));
		expect(XMLValidator.validate(svg)).toBe(true);
		const words = svg
			.replace(/<[^>]+>/g, ' ')
			.replace(/&amp;/g, '&')
			.replace(/&apos;/g, "'")
			.replace(/&quot;/g, '"');
		for (const s of astreaSentences()) for (const word of s.split(/\s+/)) expect(words, `${word} of ${s}`).toContain(word);
		for (const c of COLUMNS) expect(svg).toContain(c.definition.split(' ').slice(0, 3).join(' '));
	});
});

describe('cards and their fields', () => {
	it('adds a card at the foot of its column with an arrow, and grows the frame when the column is full', () => {
		const { doc, frameId, frame } = board();
		const aim = addCard(doc, frameId, { type: AIM, text: 'To ensure appropriate provision for all pupils' }, RULES);
		const outcome = addCard(
			doc,
			frameId,
			{
				type: OUTCOME,
				text: 'Early identification of risk of exclusion',
				data: { timeframe: 'Within 2 years', accountable: 'yes' },
				leadsTo: [aim]
			},
			RULES
		);
		const arrows = readElements(doc).filter((e) => e.kind === 'connector');
		expect(arrows).toMatchObject([{ from: outcome, to: aim, data: { template: 'theory-of-change' } }]);
		const before = frame().h;
		let last = aim;
		for (let i = 0; i < 12; i++) last = addCard(doc, frameId, { type: AIM, text: `Aim number ${i} `.repeat(8) }, RULES);
		expect(frame().h).toBeGreaterThan(before);
		const el = readElement(doc, last) as Item;
		expect(el.y + el.h).toBeLessThanOrEqual(frame().y + frame().h);
		const aims = cards(doc)
			.filter((c) => c.type === AIM)
			.sort((a, b) => a.y - b.y);
		for (let i = 1; i < aims.length; i++) expect(aims[i].y).toBeGreaterThanOrEqual(aims[i - 1].y + aims[i - 1].h);
		expect(() => linkCards(doc, outcome, aim)).toThrow(/already/);
		expect(() => linkCards(doc, aim, aim)).toThrow(/itself/);
	});

	it('validates fields by card type and changes nothing when refused', () => {
		const { doc, frameId } = board();
		const activity = addCard(doc, frameId, { type: 'activity', text: 'Provision of training on RWI' }, RULES);
		const outcome = addCard(doc, frameId, { type: OUTCOME, text: 'Early identification of risk of exclusion' }, RULES);
		setCardField(doc, activity, 'who', 'Literacy leads');
		setCardField(doc, activity, 'when', 'Autumn term');
		setCardField(doc, activity, 'outputs', 'Training pack');
		setCardField(doc, outcome, 'accountable', 'undecided');
		expect(() => setCardField(doc, outcome, 'accountable', 'maybe')).toThrow();
		expect(() => setCardField(doc, activity, 'measure', '10%')).toThrow(/no measure/);
		expect(() => addCard(doc, frameId, { type: OUTCOME, text: 'x', data: { accountable: 'perhaps' } }, RULES)).toThrow(/do not fit/);
		expect((readElement(doc, activity) as Item).data).toEqual({ who: 'Literacy leads', when: 'Autumn term', outputs: 'Training pack' });
		expect((readElement(doc, outcome) as Item).data).toEqual({ accountable: 'undecided' });
		setCardField(doc, activity, 'when', '  ');
		expect((readElement(doc, activity) as Item).data.when).toBeUndefined();
		const words = theoryOfChangeModel.describe(readElement(doc, activity)!, {
			byId: new Map(readElements(doc).map((e) => [e.id, e])),
			frame: readElement(doc, frameId) as Frame
		});
		expect(words).toBe('Activity: “Provision of training on RWI”; who: Literacy leads; outputs: Training pack');
	});

	it('two people filling in different fields of one outcome at once both win', () => {
		const { docs, flush } = createPeers(2);
		const frameId = addExercise(docs[0], theoryOfChangeModel, { at: { x: 0, y: 0 }, rules: RULES });
		const outcome = addCard(docs[0], frameId, { type: OUTCOME, text: 'Early identification of risk of exclusion' }, RULES);
		flush();
		setCardField(docs[0], outcome, 'measure', 'Referrals within 3 days');
		setCardField(docs[1], outcome, 'timeframe', 'Within 2 years');
		setCardField(docs[1], outcome, 'accountable', 'yes');
		flush();
		for (const doc of docs)
			expect((readElement(doc, outcome) as Item).data).toEqual({
				measure: 'Referrals within 3 days',
				timeframe: 'Within 2 years',
				accountable: 'yes'
			});
	});
});

describe(turnQuestionInto, () => {
	it('turns a "how might we" question into an aim or outcome in a chosen theory of change, keeping the link', () => {
		const { doc, frameId } = board();
		const pilot2 = addTheory(doc, 'Pilot 2: transition to secondary', RULES);
		const question = createElement(
			doc,
			{
				kind: 'item',
				template: 'how-might-we',
				type: 'question',
				x: -900,
				y: 0,
				w: 300,
				h: 150,
				text: 'How might we spot the risk of exclusion earlier?'
			},
			LOCAL,
			RULES
		);
		const aim = turnQuestionInto(doc, question, frameId, 'aim', RULES);
		const outcome = turnQuestionInto(doc, question, pilot2, 'outcome', RULES);
		const a = readElement(doc, aim) as Item;
		const o = readElement(doc, outcome) as Item;
		expect([a.type, a.parent, a.text, a.data.fromQuestion]).toEqual([
			'aim',
			frameId,
			'How might we spot the risk of exclusion earlier?',
			question
		]);
		expect([o.type, o.parent, o.data.fromQuestion]).toEqual(['outcome', pilot2, question]);
		expect((readElement(doc, pilot2) as Frame).title).toBe('Pilot 2: transition to secondary');
		const byId = new Map(readElements(doc).map((e) => [e.id, e]));
		expect(theoryOfChangeModel.describe(a, { byId, frame: readElement(doc, frameId) as Frame })).toContain(
			'from the question “How might we spot the risk of exclusion earlier?”'
		);
		const votes = new Map([[question, { feasibility: 3, desirability: 5, viability: 2 }]]);
		const frame = readElement(doc, frameId) as Frame;
		const part = theoryOfChangeModel.report!(contentsOf(frame, readElements(doc)), { byId, frame, elements: readElements(doc), votes });
		expect(JSON.stringify(part.blocks)).toContain('votes: feasibility 3, desirability 5, viability 2');
		const note = createElement(doc, { kind: 'note', x: -900, y: 400, text: 'not a question' }, LOCAL, RULES);
		expect(() => turnQuestionInto(doc, note, frameId, 'aim')).toThrow(/not a “How might we” question/);
		expect(() => turnQuestionInto(doc, question, frameId, 'activity' as never)).toThrow();
	});
});

describe('the SVG export', () => {
	it('never cuts a long card: it grows, and pushes the cards below it down', () => {
		const { doc, frameId, frame } = board();
		const long = Array.from({ length: 150 }, (_, i) => `word${i}`).join(' ');
		const first = addCard(doc, frameId, { type: 'activity', text: 'short' }, RULES);
		addCard(doc, frameId, { type: 'activity', text: 'below it' }, RULES);
		// Someone squeezes the first card on the board: the export still shows all of it.
		setText(doc, first, long);
		updateElement(doc, first, { h: 110 });
		const svg = theoryOfChangeModel.exportSvg!(contentsOf(frame(), readElements(doc)));
		for (let i = 0; i < 150; i++) expect(svg).toContain(`word${i}`);
		const height = Number(/height="(\d+)"/.exec(svg)![1]);
		expect(height).toBeGreaterThanOrEqual(frame().h);
		const boxes = [...svg.matchAll(/<g><rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g)].map((m) => [
			Number(m[1]),
			Number(m[2])
		]);
		expect(boxes).toHaveLength(2);
		expect(boxes[0][1]).toBeGreaterThan(110);
		expect(boxes[1][0]).toBeGreaterThanOrEqual(boxes[0][0] + boxes[0][1]);
	});
});
