import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import Papa from 'papaparse';
import { readElements, type Frame, type PlacementRules } from '$lib/doc/index.js';
import { composePlacementRule } from '../kit/placement.js';
import { contentsOf } from '../kit/model.js';
import { addExercise } from '../kit/seed.js';
import { analyse, isVariable } from './analysis.js';
import { addVariable, importLinks, link } from './binding.js';
import { loopsCsv, parseLinkCsv } from './csv.js';
import { causalLoopModel } from './model.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule([causalLoopModel]), link: null };

function board() {
	const doc = new Y.Doc();
	const frameId = addExercise(doc, causalLoopModel, { at: { x: 0, y: 0 }, rules: RULES });
	return { doc, frameId, contents: () => contentsOf(readElements(doc).find((e) => e.id === frameId) as Frame, readElements(doc)) };
}

describe(parseLinkCsv, () => {
	it('reads a good file, creating missing variables by name and reusing existing ones', () => {
		const { doc, frameId, contents } = board();
		addVariable(doc, frameId, { name: 'Exclusions' }, RULES);
		const parsed = parseLinkCsv(
			'\uFEFFFrom,To,Polarity,Delay\n exclusions ,Spend on AP,+,no\nSpend on AP,Early intervention,−,\nEarly intervention,Exclusions,-,yes\n\n'
		);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(importLinks(doc, frameId, parsed.rows, RULES)).toEqual({ variables: 2, created: 3, updated: 0 });
		const analysis = analyse(contents());
		expect(analysis.graph.nodes.length).toBe(3);
		expect(analysis.loops.map((l) => [l.type, l.delayed])).toEqual([['R', true]]);
		// Importing again updates rather than duplicates.
		expect(importLinks(doc, frameId, parsed.rows, RULES)).toEqual({ variables: 0, created: 0, updated: 3 });
	});

	it('refuses the whole file, with row-numbered reasons, if any row is bad', () => {
		const { doc, frameId, contents } = board();
		const parsed = parseLinkCsv('from,to,polarity,delay\nA,B,+,no\nB,,+,no\nC,D,maybe,no\nE,E,+,\nF,G,-,later\nA,B,-,no');
		expect(parsed).toEqual({
			ok: false,
			errors: [
				'Row 3: "to" is empty',
				'Row 4: polarity must be + or − (or "same" / "opposite")',
				'Row 5: a variable cannot cause itself',
				'Row 6: delay must be yes or no (or empty)',
				'Row 7: A → B is already on row 2'
			]
		});
		expect(contents().items).toEqual([]);
		expect(parseLinkCsv('source,target\nA,B')).toMatchObject({
			ok: false,
			errors: [expect.stringMatching(/^Row 1: .*missing from, to, polarity/)]
		});
		expect(parseLinkCsv('from,to,polarity\n')).toEqual({ ok: false, errors: ['The file has no links'] });
		void doc;
		void frameId;
	});

	it('keeps injection-looking text as plain text', () => {
		const { doc, frameId, contents } = board();
		const parsed = parseLinkCsv('from,to,polarity\n"=HYPERLINK(""http://x"")",<script>alert(1)</script>,+');
		expect(parsed.ok).toBe(true);
		if (parsed.ok) importLinks(doc, frameId, parsed.rows, RULES);
		expect(
			contents()
				.items.filter(isVariable)
				.map((v) => v.text)
				.sort()
		).toEqual(['<script>alert(1)</script>', '=HYPERLINK("http://x")']);
	});
});

describe(loopsCsv, () => {
	it('writes name, type, length and members, escaping formula-like cells', () => {
		const { doc, frameId, contents } = board();
		const a = addVariable(doc, frameId, { name: '=SUM(A1)' }, RULES);
		const b = addVariable(doc, frameId, { name: 'Exclusions, permanent' }, RULES);
		link(doc, a, b, '+');
		link(doc, b, a, '-');
		const rows = Papa.parse<string[]>(loopsCsv(analyse(contents()).loops)).data;
		expect(rows[0]).toEqual(['loop', 'name', 'type', 'length', 'members']);
		expect(rows[1].slice(0, 4)).toEqual(['B1', '', 'B', '2']);
		expect(rows[1][4]).toBe("'=SUM(A1) → Exclusions, permanent");
	});
});
