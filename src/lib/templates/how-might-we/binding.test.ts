import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, exportContent, LOCAL, readElements, type Frame, type Item, type PlacementRules } from '$lib/doc/index.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { composePlacementRule } from '../kit/placement.js';
import { addExercise } from '../kit/seed.js';
import { acceptWording, addQuestion, applySuggestion, questionsIn, setCategoryNames, setEvidence } from './binding.js';
import { howMightWeModel } from './model.js';
import { categoryNames } from './schema.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule([howMightWeModel]), link: null };

function boardIn(doc: Y.Doc, example = false) {
	const frameId = addExercise(doc, howMightWeModel, { example, at: { x: 0, y: 0 }, rules: RULES });
	const get = (id: string) => readElements(doc).find((e) => e.id === id)!;
	const describeIt = (id: string) => {
		const all = readElements(doc);
		return howMightWeModel.describe(get(id), { byId: new Map(all.map((e) => [e.id, e])), frame: get(frameId) as Frame });
	};
	return { doc, frameId, get, describeIt };
}

describe(addQuestion, () => {
	it('adds a question card to its column, in one LOCAL transaction, with the column as data', () => {
		const b = boardIn(new Y.Doc());
		const origins: unknown[] = [];
		b.doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		const id = addQuestion(b.doc, b.frameId, 'sectors', 'How might we share one threshold model?', RULES);
		expect(origins).toEqual([LOCAL]);
		expect(b.get(id)).toMatchObject({
			kind: 'item',
			template: 'how-might-we',
			type: 'question',
			parent: b.frameId,
			data: { category: 'sectors' }
		});
		expect(b.describeIt(id)).toBe('Question in Across public + other sectors: How might we share one threshold model?');
	});

	it('refuses an empty question and an unknown column, changing nothing', () => {
		const b = boardIn(new Y.Doc());
		const before = readElements(b.doc).length;
		expect(() => addQuestion(b.doc, b.frameId, 'within', '   ', RULES)).toThrow(/Write the question/);
		expect(() => addQuestion(b.doc, b.frameId, 'elsewhere', 'How might we?', RULES)).toThrow();
		expect(readElements(b.doc).length).toBe(before);
	});
});

describe('wording', () => {
	it('flags a statement, rewrites it on request, and lets a facilitator accept it as it is', () => {
		const b = boardIn(new Y.Doc());
		const id = addQuestion(b.doc, b.frameId, 'within', 'We should give parents a named contact.', RULES);
		expect(b.describeIt(id)).toContain('does not start with "How might we" or "What if"');
		acceptWording(b.doc, id, true);
		expect(b.describeIt(id)).toContain('wording accepted by the facilitator');
		expect(applySuggestion(b.doc, id)).toBe('How might we give parents a named contact?');
		expect((b.get(id) as Item).text).toBe('How might we give parents a named contact?');
		expect(b.get(id).data.accepted).toBeUndefined();
		expect(applySuggestion(b.doc, id)).toBeNull();
	});
});

describe(setEvidence, () => {
	it('cites notes elsewhere on the board, not other questions or missing ids', () => {
		const b = boardIn(new Y.Doc(), true);
		const note = createElement(b.doc, { kind: 'note', x: -900, y: 0, text: 'Parents feel unheard' }, LOCAL, RULES);
		const [q, other] = questionsIn(readElements(b.doc), b.frameId);
		setEvidence(b.doc, q.id, [note, note]);
		expect(b.get(q.id).data.evidence).toEqual([note]);
		expect(b.describeIt(q.id)).toContain('cites 1 piece of evidence');
		expect(() => setEvidence(b.doc, q.id, [other.id])).toThrow(/Only notes/);
		expect(() => setEvidence(b.doc, q.id, ['no-such-id'])).toThrow();
		expect(b.get(q.id).data.evidence).toEqual([note]);
	});
});

describe('collaboration', () => {
	it('two facilitators renaming different columns at once both win; questions added at once all land', () => {
		const { docs, flush } = createPeers(2);
		const a = boardIn(docs[0]);
		flush();
		setCategoryNames(docs[0], a.frameId, { within: 'In our school' });
		setCategoryNames(docs[1], a.frameId, { sectors: 'Across sectors' });
		addQuestion(docs[0], a.frameId, 'across', 'What if we pooled training days?', RULES);
		addQuestion(docs[1], a.frameId, 'across', 'How might we share SENCO time?', RULES);
		flush();
		for (const doc of docs) {
			const frame = readElements(doc).find((e) => e.id === a.frameId) as Frame;
			expect(categoryNames(frame.data)).toEqual({ within: 'In our school', across: 'Across school practice', sectors: 'Across sectors' });
			expect(
				questionsIn(readElements(doc), a.frameId)
					.map((q) => q.text)
					.sort()
			).toEqual(['How might we share SENCO time?', 'What if we pooled training days?']);
		}
		expect(exportContent(docs[0])).toEqual(exportContent(docs[1]));
	});
});

describe(questionsIn, () => {
	it('lists the example column by column', () => {
		const b = boardIn(new Y.Doc(), true);
		const cats = questionsIn(readElements(b.doc), b.frameId).map((q) => q.data.category);
		expect(cats).toEqual(['within', 'within', 'within', 'across', 'across', 'sectors', 'sectors', 'sectors']);
	});
});
