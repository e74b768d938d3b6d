import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createElement,
	deleteElements,
	exportContent,
	readElements,
	type Connector,
	type Element,
	type Frame,
	LOCAL,
	type PlacementRules
} from '$lib/doc/index.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { composeLinkRule, composePlacementRule } from '../kit/placement.js';
import { contentsOf } from '../kit/model.js';
import { addExercise } from '../kit/seed.js';
import { nameLoop, setPolarityOf } from './binding.js';
import { describe as describeEl } from './describe.js';
import { CONTESTED_TEXT, diagramMarks, SELF_TEXT } from './marks.js';
import { causalLoopModel } from './model.js';
import { causalLoopReport } from './report.js';
import { causalLoopSvg } from './export.js';

/** The board's rules, as the board page makes them (placement and links). */
const RULES: PlacementRules = { placement: composePlacementRule([causalLoopModel]), link: composeLinkRule([causalLoopModel]) };

const frameOf = (doc: Y.Doc) => readElements(doc).find((e): e is Frame => e.kind === 'frame')!;
const marksOf = (doc: Y.Doc) => diagramMarks(contentsOf(frameOf(doc), readElements(doc)));
/** What every screen shows: each label's code, name and place, and the warnings. */
const shown = (doc: Y.Doc) => {
	const m = marksOf(doc);
	return {
		labels: m.labels.map((l) => `${l.code} ${l.name ?? '-'} @${l.x},${l.y}`),
		warnings: m.warnings.map((w) => `${w.kind} @${w.at.x},${w.at.y}`)
	};
};
/** What the canvas gestures do: a sticky note by double-click at (x, y) in the frame, a connector between two. */
const note = (doc: Y.Doc, frame: Frame, x: number, y: number, text: string) =>
	createElement(doc, { kind: 'note', x: frame.x + x - 100, y: frame.y + y - 80, text }, LOCAL, RULES);
const connect = (doc: Y.Doc, from: string, to: string) => createElement(doc, { kind: 'connector', from, to }, LOCAL, RULES);

describe('loops are found and labelled from the document, the same on every screen', () => {
	it('three people drawing at once see the same R/B numbering, names and label places; a reload too', () => {
		const { docs, flush } = createPeers(3, 11);
		addExercise(docs[0], causalLoopModel, { at: { x: 0, y: 0 }, rules: RULES });
		flush();
		const frame = frameOf(docs[0]);
		// Each person makes a triangle of their own with notes and the connector tool, at the same moment.
		const triangles = docs.map((doc, i) => {
			const ids = [0, 1, 2].map((k) =>
				note(doc, frame, 300 + 700 * i + (k === 1 ? 250 : 0), 300 + (k === 2 ? 450 : 0) + (k === 1 ? 200 : 0), `P${i} v${k}`)
			);
			const links = [connect(doc, ids[0], ids[1]), connect(doc, ids[1], ids[2]), connect(doc, ids[2], ids[0])];
			return { ids, links };
		});
		flush();
		// Every note became a variable and every connector a + causal link, on every peer.
		for (const doc of docs) {
			const els = readElements(doc);
			expect(els.filter((e) => e.kind === 'item' && e.type === 'variable')).toHaveLength(9);
			expect(
				els.filter((e): e is Connector => e.kind === 'connector').every((c) => c.data.polarity === '+' && c.data.template === 'causal-loop')
			).toBe(true);
		}
		expect(marksOf(docs[0]).labels.map((l) => l.code)).toEqual(['R1', 'R2', 'R3']);
		// One person makes their loop balancing (−, as the key does), another names theirs, at once.
		const sign = readElements(docs[1]).find((e) => e.id === triangles[1].links[0]) as Connector;
		expect(setPolarityOf(docs[1], [sign], '-')).toBe(true);
		const key = marksOf(docs[2]).analysis.loops.find((l) => l.members.includes(triangles[2].ids[0]))!.key;
		nameLoop(docs[2], frame.id, key, 'Our vicious circle');
		flush();
		const first = shown(docs[0]);
		for (const doc of docs) expect(shown(doc)).toEqual(first);
		expect(first.labels.map((l) => l.split(' ')[0]).sort()).toEqual(['B1', 'R1', 'R2']);
		expect(first.labels.some((l) => l.startsWith('R') && l.includes('Our vicious circle'))).toBe(true);
		// Reloading (a fresh doc from the stored state) shows exactly the same labels, names and places.
		const reloaded = new Y.Doc();
		Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(docs[0]));
		expect(shown(reloaded)).toEqual(first);
		expect(JSON.stringify(exportContent(docs[2]))).toBe(JSON.stringify(exportContent(docs[0])));
	});

	it('keeps a name with its loop, by its members, while people rename variables and draw elsewhere', () => {
		const doc = new Y.Doc();
		addExercise(doc, causalLoopModel, { at: { x: 0, y: 0 }, rules: RULES });
		const frame = frameOf(doc);
		const [a, b] = [note(doc, frame, 400, 400, 'Exclusions'), note(doc, frame, 800, 400, 'Spend on AP')];
		connect(doc, a, b);
		connect(doc, b, a);
		const key = marksOf(doc).labels[0].key;
		nameLoop(doc, frame.id, key, 'Stuck');
		const [c, d] = [note(doc, frame, 1400, 900, 'Pressure'), note(doc, frame, 1800, 900, 'Capacity')];
		connect(doc, c, d);
		connect(doc, d, c);
		expect(marksOf(doc).labels.find((l) => l.key === key)?.name).toBe('Stuck');
		expect(marksOf(doc).labels.find((l) => l.key !== key)?.name).toBeNull();
	});
});

describe('links the analysis leaves out are shown and explained everywhere alike', () => {
	function diagram() {
		const doc = new Y.Doc();
		addExercise(doc, causalLoopModel, { at: { x: 0, y: 0 }, rules: RULES });
		const frame = frameOf(doc);
		const [a, b, c] = [
			note(doc, frame, 500, 500, 'Exclusions'),
			note(doc, frame, 1000, 500, 'Spend on AP'),
			note(doc, frame, 750, 900, 'Early help')
		];
		connect(doc, a, b);
		connect(doc, b, c);
		connect(doc, c, a);
		return { doc, frame, a, b, c };
	}

	it('a variable linked to itself: no loop, a tag on the canvas and in the picture, the same reason in words', () => {
		const { doc, frame, a } = diagram();
		// The JSON import keeps such a link; the canvas draws it as an arch over the variable.
		const self = createElement(
			doc,
			{ kind: 'connector', from: a, to: a, data: { template: 'causal-loop', polarity: '+', delay: false } },
			LOCAL,
			RULES
		);
		const marks = marksOf(doc);
		expect(marks.analysis.graph.selfLinks).toEqual([self]);
		expect(marks.analysis.loops.map((l) => l.members.length)).toEqual([3]);
		expect(marks.warnings).toEqual([expect.objectContaining({ kind: 'self', links: [self], text: SELF_TEXT })]);
		const all = readElements(doc);
		const byId = new Map<string, Element>(all.map((e) => [e.id, e]));
		const words = describeEl(byId.get(self)!, { byId, frame });
		expect(words).toMatch(
			/^Link: Exclusions → Exclusions, \+ \(same direction\); not counted in any loop: it goes from a variable back to itself/
		);
		expect(describeEl(frame, { byId, frame })).toContain('1 link left out (1 from a variable to itself)');
		const report = causalLoopReport(contentsOf(frame, all), { byId, frame, elements: all, votes: new Map() });
		const row = report.tables[1].rows.find((r) => r.from === 'Exclusions' && r.to === 'Exclusions')!;
		expect(row.counted).toMatch(/^no: it goes from a variable back to itself/);
		expect(JSON.stringify(report.blocks)).toContain('not counted in any loop');
		const svg = causalLoopSvg(contentsOf(frame, all));
		expect(svg).toContain('Linked to itself: not a loop');
		expect(svg).toContain('Links left out of the loops');
	});

	it('the same two linked both + and −: neither counts until one goes, and every view says why', () => {
		const { doc, frame, a, b } = diagram();
		expect(marksOf(doc).analysis.loops).toHaveLength(1);
		// A second connector from a to b, made − with the key, as a second person might draw it.
		const second = createElement(
			doc,
			{
				kind: 'connector',
				from: a,
				to: b,
				data: { template: 'causal-loop', polarity: '-', delay: false }
			},
			LOCAL,
			RULES
		);
		let marks = marksOf(doc);
		expect(marks.analysis.loops, 'no loop runs through a contested pair').toEqual([]);
		expect(marks.analysis.graph.contested.sort()).toEqual(
			[second, readElements(doc).find((e) => e.kind === 'connector' && e.from === a && e.to === b && e.id !== second)!.id].sort()
		);
		expect(marks.warnings.map((w) => [w.kind, w.text])).toEqual([['contested', CONTESTED_TEXT]]);
		const all = readElements(doc);
		const byId = new Map<string, Element>(all.map((e) => [e.id, e]));
		expect(describeEl(byId.get(second)!, { byId, frame })).toContain(
			'not counted in any loop: the same two are also linked the other way round in sign'
		);
		const report = causalLoopReport(contentsOf(frame, all), { byId, frame, elements: all, votes: new Map() });
		expect(report.tables[1].rows.filter((r) => String(r.counted).startsWith('no: the same two'))).toHaveLength(2);
		// Two links that agree count once, and the loop is back.
		createElement(doc, { kind: 'connector', from: a, to: b, data: { template: 'causal-loop', polarity: '+', delay: false } }, LOCAL, RULES);
		deleteElements(doc, [second]);
		marks = marksOf(doc);
		expect(marks.analysis.loops).toHaveLength(1);
		expect(marks.analysis.graph.duplicates).toHaveLength(1);
		expect(marks.warnings).toEqual([]);
	});
});
