import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, readElements, type Frame, LOCAL, type PlacementRules } from '$lib/doc/index.js';
import { composePlacementRule } from '$lib/templates/kit/placement.js';
import { addExercise } from '$lib/templates/kit/seed.js';
import { TEMPLATE_MODELS } from '$lib/templates/models.js';
import { howMightWeModel } from '$lib/templates/how-might-we/model.js';
import { icebergModel } from '$lib/templates/iceberg/model.js';
import { acceptWording, addQuestion } from '$lib/templates/how-might-we/binding.js';
import { geometry } from '$lib/templates/how-might-we/layout.js';
import { roundPreview } from './preview.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule(TEMPLATE_MODELS), link: null };

function board() {
	const doc = new Y.Doc();
	const hmw = addExercise(doc, howMightWeModel, { at: { x: 0, y: 0 }, rules: RULES });
	const frame = () => readElements(doc).find((e): e is Frame => e.id === hmw)!;
	return { doc, hmw, frame };
}

describe(roundPreview, () => {
	it('lists the board’s question cards it will include and says why each other card is left out', () => {
		const { doc, hmw, frame } = board();
		const framed = addQuestion(doc, hmw, 'within', 'How might we share what works?', RULES);
		const unframed = addQuestion(doc, hmw, 'across', 'Better transition meetings', RULES);
		const kept = addQuestion(doc, hmw, 'across', 'Shared thresholds for support', RULES);
		acceptWording(doc, kept, true);
		const sectors = geometry(frame()).columns[2].body;
		// An empty card, as a double-click in a column leaves it before anyone types.
		const empty = createElement(
			doc,
			{
				kind: 'item',
				template: 'how-might-we',
				type: 'question',
				x: sectors.x + 20,
				y: sectors.y + 20,
				w: 240,
				h: 150,
				text: '',
				data: { category: 'sectors' }
			},
			LOCAL,
			RULES
		);
		// A plain sticky note in the "Across school practice" column, as a client without the board's rules
		// (an older one, or a script) leaves it: until a client settles it into a question, the vote leaves it out.
		const across = geometry(frame()).columns[1].body;
		const note = createElement(doc, { kind: 'note', x: across.x + 300, y: across.y + 400, text: 'What if heads met every month?' });
		// A question card outside the board, as an older client leaves it (with the board's rules a card
		// dragged out becomes a plain sticky note), and a framed sticky note in the Iceberg.
		const outside = createElement(doc, {
			kind: 'item',
			template: 'how-might-we',
			type: 'question',
			x: -3000,
			y: 0,
			w: 240,
			h: 150,
			text: 'How might we fund outreach?'
		});
		const ice = addExercise(doc, icebergModel, { rules: RULES });
		const iceFrame = readElements(doc).find((e): e is Frame => e.id === ice)!;
		const stray = createElement(
			doc,
			{ kind: 'note', x: iceFrame.x + 700, y: iceFrame.y + 300, text: 'How might we listen to parents?' },
			LOCAL,
			RULES
		);
		createElement(doc, { kind: 'note', x: iceFrame.x + 700, y: iceFrame.y + 700, text: 'Funding is short' }, LOCAL, RULES);

		const preview = roundPreview(readElements(doc), hmw);
		expect(preview.eligible.map((q) => [q.text, q.notes])).toEqual([
			['How might we share what works?', []],
			['Better transition meetings', ['Not worded “How might we…” or “What if…”']],
			['Shared thresholds for support', []]
		]);
		expect(preview.eligible.map((q) => q.id)).toEqual([framed, unframed, kept]);
		const why = Object.fromEntries(preview.leftOut.map((c) => [c.id, c.why]));
		expect(Object.keys(why).sort()).toEqual([empty, note, outside, stray].sort());
		expect(why[empty]).toMatch(/no words/);
		expect(why[note]).toMatch(/sticky note, not a question card/);
		expect(why[outside]).toMatch(/not in a “How might we” board/);
		expect(why[stray]).toBe('It is a sticky note in The Iceberg, not a question card in a “How might we” board.');
	});

	it('names another board’s questions, and marks questions that were in the last vote', () => {
		const { doc, hmw } = board();
		const first = addQuestion(doc, hmw, 'within', 'How might we keep key adults?', RULES);
		const other = addExercise(doc, howMightWeModel, { rules: RULES });
		const theirs = addQuestion(doc, other, 'within', 'What if panels met weekly?', RULES);
		const round = {
			id: 'r1',
			status: 'closed' as const,
			questions: [first],
			budget: 3,
			stacking: true,
			facilitatorsVote: false,
			hidden: true,
			revealed: true,
			startedAt: 1,
			endedAt: 2
		};
		const preview = roundPreview(readElements(doc), hmw, round);
		expect(preview.eligible).toEqual([{ id: first, text: 'How might we keep key adults?', notes: ['Was in the last vote'] }]);
		expect(preview.leftOut).toEqual([
			{ id: theirs, text: 'What if panels met weekly?', why: expect.stringMatching(/another “How might we” board/) }
		]);
	});
});
