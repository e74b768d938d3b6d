import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { XMLValidator } from 'fast-xml-parser';
import { createElement, readElements, type Element, type Frame, type Member, type PlacementRules } from '$lib/doc/index.js';
import type { Results } from '$lib/doc/votes.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { TEMPLATE_MODELS } from '$lib/templates/models.js';
import { composePlacementRule } from '$lib/templates/kit/placement.js';
import { addExercise } from '$lib/templates/kit/seed.js';
import { blockStrings, defineTemplateModel, type TemplateModel } from '$lib/templates/kit/model.js';
import { buildReport, chapters, participation, readingOrder, reportTables } from './report.js';
import { boardSvg, frameSvg, wrapAll } from './board-svg.js';
import { contentsOf } from '$lib/templates/kit/model.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule(TEMPLATE_MODELS), link: null };

const member = (name: string, agency: string, role: Member['role'] = 'participant', joinedAt = 1): Member => ({
	id: `${name}-${joinedAt}`.toLowerCase().replace(/[^a-z0-9]/g, ''),
	name,
	agency,
	role,
	color: '#1d4ed8',
	joinedAt
});

/** A board with every template's worked example, side by side, built the way the server seeds it. */
function exampleBoard(doc = new Y.Doc()) {
	for (const model of TEMPLATE_MODELS) addExercise(doc, model, { example: true, rules: RULES });
	return doc;
}

describe(participation, () => {
	it('counts people once per name and agency, by agency, without viewers or names unless asked', () => {
		const members = [
			member('Sam', 'School'),
			member('sam ', 'school', 'participant', 2),
			member('Alex', 'Early help', 'facilitator'),
			member('Ria', ''),
			member('Vic', 'Police', 'viewer')
		];
		const p = participation(members, false);
		expect(p.people).toBe(3);
		expect(p.byAgency).toEqual([
			{ agency: 'Agency not given', people: 1 },
			{ agency: 'Early help', people: 1 },
			{ agency: 'School', people: 1 }
		]);
		expect(p.names).toBeNull();
		expect(participation(members, true).names?.map((n) => n.name)).toEqual(['Ria', 'Alex', 'Sam']);
	});
});

describe(readingOrder, () => {
	it('reads rows top to bottom, each left to right', () => {
		const boxes = [
			{ id: 'c', x: 0, y: 2000 },
			{ id: 'b', x: 3000, y: 100 },
			{ id: 'a', x: 0, y: 0 }
		];
		expect(readingOrder(boxes).map((b) => b.id)).toEqual(['a', 'b', 'c']);
	});
});

describe(buildReport, () => {
	it('gives every exercise a part covering every element, in words, with a picture and a table', () => {
		const doc = exampleBoard();
		const elements = readElements(doc);
		const report = buildReport({
			title: 'Northshire',
			elements,
			members: [],
			models: TEMPLATE_MODELS,
			now: new Date('2026-11-24T10:00:00Z')
		});
		expect(report.date).toBe('2026-11-24');
		// The action plan comes first (straight after the priorities), then the rest in reading order.
		const ids = TEMPLATE_MODELS.map((m) => m.id);
		expect(report.parts.map((p) => p.template)).toEqual(['action-plan', ...ids.filter((id) => id !== 'action-plan')]);
		for (const part of report.parts) {
			const frame = elements.find((e) => e.id === part.frameId) as Frame;
			const { items, links } = contentsOf(frame, elements);
			const words = part.blocks.flatMap(blockStrings);
			// The plan prints as a table; a picture of it would only repeat that table.
			if (part.template === 'action-plan') expect(part.svg).toBeUndefined();
			else expect(XMLValidator.validate(part.svg!)).toBe(true);
			// Templates with a report part of their own choose their tables; every card is still in words.
			if (TEMPLATE_MODELS.find((m) => m.id === part.template)?.report) {
				const all = words.join('\n');
				for (const item of items) if ('text' in item && item.text.trim()) expect(all).toContain(item.text.trim());
				continue;
			}
			expect(words.length).toBeGreaterThanOrEqual(items.length + links.length);
			expect(part.tables[0].rows).toHaveLength(items.length + links.length);
			for (const item of items) if ('text' in item && item.text) expect(part.tables[0].rows.some((r) => r.text === item.text)).toBe(true);
		}
		expect(report.loose).toEqual([]);
	});

	it('keeps long text whole and lists loose notes and connectors outside frames', () => {
		const doc = new Y.Doc();
		const long = 'a'.repeat(3000) + ' end of the long note';
		const a = createElement(doc, { kind: 'note', x: 0, y: 0, text: long });
		const b = createElement(doc, { kind: 'note', x: 400, y: 0, text: 'Second' });
		createElement(doc, { kind: 'connector', from: a, to: b, label: 'feeds' });
		const report = buildReport({ title: '  ', elements: readElements(doc), members: [], models: TEMPLATE_MODELS });
		expect(report.title).toBe('Untitled board');
		expect(report.loose).toEqual([`Note: ${long}`, 'Note: Second', `Connection: ${long} → Second ("feeds")`]);
	});

	it("uses a template's own report part when it has one, and ranks votes with the one tie rule", () => {
		const doc = new Y.Doc();
		const base = TEMPLATE_MODELS[0];
		const own: TemplateModel = defineTemplateModel({
			...base,
			report: (contents, ctx) => ({
				heading: `Own part of ${contents.frame.title}`,
				blocks: [{ kind: 'paragraph', text: `${ctx.votes.size} voted` }],
				tables: [{ title: 'Action plan', columns: [{ key: 'due', label: 'Due', type: 'date' }], rows: [{ due: '2026-12-01' }] }]
			})
		});
		addExercise(doc, own, { example: true, rules: RULES });
		const elements = readElements(doc);
		const players = elements.filter((e) => e.kind === 'item').slice(0, 3);
		const results: Results = {
			tallies: {
				[players[0].id]: { feasibility: 1, desirability: 0, viability: 0, voters: 1 },
				[players[1].id]: { feasibility: 2, desirability: 2, viability: 1, voters: 2 },
				[players[2].id]: { feasibility: 0, desirability: 1, viability: 0, voters: 1 }
			},
			byAgency: { School: { voters: 3, tallies: { [players[1].id]: { feasibility: 2, desirability: 1, viability: 0 } } } }
		};
		const report = buildReport({ title: 'T', elements, members: [], models: [own], vote: { round: null, voters: 4, results } });
		expect(report.parts[0].heading).toMatch(/^Own part of/);
		expect(report.parts[0].blocks).toEqual([{ kind: 'paragraph', text: '3 voted' }]);
		const rows = report.priorities!.rows;
		expect(rows.map((r) => r.total)).toEqual([5, 1, 1]);
		// The two with 1 dot share rank 2 and are listed alphabetically.
		expect(rows.map((r) => r.rank.total)).toEqual([1, 2, 2]);
		const tied = rows.slice(1).map((r) => r.text);
		expect(tied).toEqual([...tied].sort((a, b) => a.localeCompare(b, 'en-GB')));
		expect(reportTables(report).map((t) => t.title)).toEqual(['Action plan', 'Vote results', 'Votes by agency', 'Who took part']);
		const printed = chapters(report).find((c) => c.id === 'priorities')!;
		const table = printed.blocks.find((b) => b.kind === 'table');
		expect(table?.kind === 'table' && table.table.rows.map((r) => r.rank)).toEqual(['1', '2', '2']);
		expect(printed.blocks.flatMap(blockStrings).join('\n')).toContain('School (3 voters)');
	});

	it('describes what two people drew at once the same on both machines', () => {
		const { peers, flush } = createPeers(2);
		const [a, b] = peers.map((p) => p.doc);
		exampleBoard(a);
		flush();
		createElement(a, { kind: 'note', x: -900, y: -900, text: 'From A <b>bold</b>' });
		createElement(b, { kind: 'note', x: -900, y: -600, text: 'From B & co' });
		flush();
		const reportOf = (doc: Y.Doc) =>
			buildReport({ title: 'T', elements: readElements(doc), members: [], models: TEMPLATE_MODELS, now: new Date(0) });
		expect(reportOf(a)).toEqual(reportOf(b));
		expect(reportOf(a).loose).toEqual(['Note: From A <b>bold</b>', 'Note: From B & co']);
	});
});

describe('pictures', () => {
	it('escapes typed markup and keeps every word of long text', () => {
		const doc = new Y.Doc();
		const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 600, h: 400, title: 'Plain <frame> & "more"' });
		const text = '<script>alert(1)</script> ]]> ' + Array.from({ length: 80 }, (_, i) => `w${i}`).join(' ');
		createElement(doc, { kind: 'note', x: 20, y: 20, parent: frame, text });
		const elements: Element[] = readElements(doc);
		const svg = frameSvg(contentsOf(elements.find((e) => e.kind === 'frame') as Frame, elements), elements);
		expect(XMLValidator.validate(svg)).toBe(true);
		expect(svg).not.toContain('<script>');
		for (let i = 0; i < 80; i++) expect(svg).toContain(`w${i}`);
		const board = boardSvg('Board & co', elements, TEMPLATE_MODELS);
		expect(XMLValidator.validate(board)).toBe(true);
		expect(XMLValidator.validate(boardSvg('Empty', [], TEMPLATE_MODELS))).toBe(true);
	});

	it('wraps without dropping anything, breaking words longer than a line', () => {
		const lines = wrapAll('short ' + 'x'.repeat(50) + ' tail\nsecond line', 100, 10);
		expect(lines.join('')).toBe('short' + 'x'.repeat(50) + 'tail' + 'second line');
		expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(18);
	});
});
