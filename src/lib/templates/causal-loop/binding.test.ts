import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, exportContent, readElements, setLinkRule, setPlacementRule, type Frame } from '$lib/doc/index.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { composeLinkRule, composePlacementRule } from '../kit/placement.js';
import { contentsOf, isItemOf } from '../kit/model.js';
import { addExercise } from '../kit/seed.js';
import { analyse, graphOf, isVariable } from './analysis.js';
import { addVariable, arrange, highlightLoop, link, nameLoop, placeLoopLabels, setDelay, setEvidence, setPolarity, toggleDelayOf, togglePolarity, togglePolarityOf, keepLoopLabels, maintainLoopLabels } from './binding.js';
import { analysisFor, describe as describeEl } from './describe.js';
import { causalLoopModel } from './model.js';
import { ID, LOOP_LABEL } from './schema.js';

function board(example = false) {
	const doc = new Y.Doc();
	setPlacementRule(doc, composePlacementRule([causalLoopModel]));
	const frameId = addExercise(doc, causalLoopModel, { example, at: { x: 0, y: 0 } });
	return { doc, frameId };
}
const frameOf = (doc: Y.Doc, id: string) => readElements(doc).find((e) => e.id === id) as Frame;
const analysisOf = (doc: Y.Doc, frameId: string) => analyse(contentsOf(frameOf(doc, frameId), readElements(doc)));
const summary = (doc: Y.Doc, frameId: string) => analysisOf(doc, frameId).loops.map((l) => `${l.code} ${l.name ?? ''}: ${l.memberNames.join(' > ')}`);

describe('the worked example (domain.md 2.3)', () => {
	it('holds the four named loops, classified as the method says', () => {
		const { doc, frameId } = board(true);
		expect(summary(doc, frameId)).toEqual([
			'B1 Accountability brake: Exclusions > Scrutiny and challenge',
			'B2 Gatekeeping: Accepted referrals > Service resource pressure > Evidence required before referral',
			'R1 Sanctions–absence vicious cycle: Lateness and absence > Punitive sanctions (isolation) > Willingness to attend',
			'R2 Stuck at the high end: Exclusions > Spend on AP places > Resource for early intervention > Needs escalating to crisis'
		]);
	});

	it('labels each loop inside it, and describes variables with the loops they are in', () => {
		const { doc, frameId } = board(true);
		const labels = readElements(doc).filter((e) => isItemOf(e, ID, LOOP_LABEL));
		expect(labels.map((l) => ('text' in l ? l.text : '')).sort()).toEqual(['B1', 'B2', 'R1', 'R2']);
		const all = readElements(doc);
		const byId = new Map(all.map((e) => [e.id, e]));
		const frame = frameOf(doc, frameId);
		const exclusions = all.find((e) => isVariable(e) && e.text === 'Exclusions')!;
		expect(describeEl(exclusions, { byId, frame })).toMatch(/^Variable: Exclusions; in loops B1 Accountability brake, R2 Stuck at the high end/);
		const delayed = all.find((e) => e.kind === 'connector' && byId.get(e.from)?.kind === 'item' && (byId.get(e.from) as { text: string }).text === 'Resource for early intervention')!;
		expect(describeEl(delayed, { byId, frame })).toBe('Link: Resource for early intervention → Needs escalating to crisis, − (opposite direction), with delay');
		expect(analysisFor(frame, byId)).toBe(analysisFor(frame, byId));
	});
});

describe('drawing a diagram', () => {
	it('adds variables and signed links; flipping a sign turns R into B', () => {
		const { doc, frameId } = board();
		const a = addVariable(doc, frameId, { name: 'Exclusions' });
		const b = addVariable(doc, frameId, { name: 'Spend on AP' });
		const ab = link(doc, a, b, '+');
		const ba = link(doc, b, a, '+', true);
		expect(analysisOf(doc, frameId).loops.map((l) => l.type)).toEqual(['R']);
		togglePolarity(doc, ab);
		expect(analysisOf(doc, frameId).loops.map((l) => l.type)).toEqual(['B']);
		setPolarity(doc, ab, '+');
		setDelay(doc, ba, false);
		expect(analysisOf(doc, frameId).loops[0]).toMatchObject({ type: 'R', delayed: false });
		expect(() => link(doc, a, b, '-')).toThrow(/already linked/);
		expect(() => link(doc, a, a, '+')).toThrow(/itself/);
		expect(() => setPolarity(doc, ab, '×' as '+')).toThrow();
	});

	it('names, highlights and labels a loop', () => {
		const { doc, frameId } = board();
		const [a, b, c] = ['A thing', 'B thing', 'C thing'].map((name) => addVariable(doc, frameId, { name }));
		link(doc, a, b, '+');
		link(doc, b, c, '-');
		link(doc, c, a, '+');
		const loop = analysisOf(doc, frameId).loops[0];
		nameLoop(doc, frameId, loop.key, 'Our loop');
		expect(analysisOf(doc, frameId).loops[0].name).toBe('Our loop');
		highlightLoop(doc, frameId, loop.key);
		const marked = readElements(doc).filter((e) => e.data.hl === true).map((e) => e.id).sort();
		expect(marked).toEqual([...loop.members, ...loop.links].sort());
		expect(frameOf(doc, frameId).data.highlight).toBe(loop.key);
		highlightLoop(doc, frameId, null);
		expect(readElements(doc).filter((e) => e.data.hl === true)).toEqual([]);
		placeLoopLabels(doc, frameId);
		placeLoopLabels(doc, frameId);
		expect(readElements(doc).filter((e) => isItemOf(e, ID, LOOP_LABEL)).map((e) => e.data.loop)).toEqual([loop.key]);
	});

	it('cites only existing notes or other templates’ items as evidence', () => {
		const { doc, frameId } = board();
		const v = addVariable(doc, frameId, { name: 'Exclusions' });
		const note = createElement(doc, { kind: 'note', x: 5000, y: 0, text: 'Rising fixed-term exclusions' });
		setEvidence(doc, v, [note, note]);
		expect(readElements(doc).find((e) => e.id === v)!.data.evidence).toEqual([note]);
		expect(() => setEvidence(doc, v, ['nothing-here'])).toThrow(/cannot|not a note/);
		expect(() => setEvidence(doc, v, [v])).toThrow();
	});

	it('arranges deterministically, inside the frame, in one undoable step', () => {
		const make = () => {
			const { doc, frameId } = board(true);
			arrange(doc, frameId);
			const frame = frameOf(doc, frameId);
			return readElements(doc).filter(isVariable).map((v) => [v.text, v.x - frame.x, v.y - frame.y, v.x >= frame.x && v.x + v.w <= frame.x + frame.w]);
		};
		const first = make();
		expect(make()).toEqual(first);
		expect(first.every((row) => row[3] === true)).toBe(true);
	});
});

describe('three peers drawing at once', () => {
	it('converge and see the same loops', () => {
		const { docs, flush } = createPeers(3);
		for (const doc of docs) setPlacementRule(doc, composePlacementRule([causalLoopModel]));
		const frameId = addExercise(docs[0], causalLoopModel, { at: { x: 0, y: 0 } });
		flush();
		const vars = docs.map((doc, i) => [addVariable(doc, frameId, { name: `P${i} cause` }), addVariable(doc, frameId, { name: `P${i} effect` })]);
		flush();
		// Each peer closes a loop of its own and links into the next peer's, all at once.
		docs.forEach((doc, i) => {
			const [x, y] = vars[i];
			link(doc, x, y, '+');
			link(doc, y, x, i % 2 ? '-' : '+');
			link(doc, y, vars[(i + 1) % 3][0], '+');
		});
		flush();
		const first = JSON.stringify(exportContent(docs[0]));
		for (const doc of docs) expect(JSON.stringify(exportContent(doc))).toBe(first);
		const loops = docs.map((doc) => summary(doc, frameId));
		expect(loops[1]).toEqual(loops[0]);
		expect(loops[2]).toEqual(loops[0]);
		// Three two-variable loops and the long loop through all three peers' pairs.
		expect(loops[0].length).toBe(4);
	});
});

describe('drawing links on the canvas', () => {
	it('a connector drawn between two variables is a + causal link, and P / D flip its sign and delay', () => {
		const { doc, frameId } = board();
		setLinkRule(doc, composeLinkRule([causalLoopModel]));
		const a = addVariable(doc, frameId, { name: 'Exclusions' });
		const b = addVariable(doc, frameId, { name: 'Spend on AP places' });
		const note = createElement(doc, { kind: 'note', x: 5000, y: 5000, text: 'not a variable' });
		// What the connector tool does: a plain connector, typed by the board's link rule.
		const drawn = createElement(doc, { kind: 'connector', from: a, to: b });
		const plain = createElement(doc, { kind: 'connector', from: a, to: note });
		const byId = () => new Map(readElements(doc).map((e) => [e.id, e]));
		expect(byId().get(drawn)?.data).toEqual({ template: ID, polarity: '+', delay: false });
		expect(byId().get(plain)?.data).toEqual({});

		expect(togglePolarityOf(doc, [byId().get(drawn)!, byId().get(plain)!])).toBe(true);
		expect(byId().get(drawn)?.data.polarity).toBe('-');
		expect(toggleDelayOf(doc, [byId().get(drawn)!])).toBe(true);
		expect(byId().get(drawn)?.data.delay).toBe(true);
		expect(togglePolarityOf(doc, [byId().get(plain)!])).toBe(false);
		expect(graphOf(contentsOf(frameOf(doc, frameId), readElements(doc))).edges).toHaveLength(1);
	});
});

describe('loop labels kept as people draw', () => {
	it('the one tab asked to keep them re-labels when the loops change; the other never writes them', () => {
		const { docs, flush } = createPeers(2);
		for (const doc of docs) setPlacementRule(doc, composePlacementRule([causalLoopModel]));
		const frameId = addExercise(docs[0], causalLoopModel, { at: { x: 0, y: 0 } });
		flush();
		const [a, b] = docs;
		const x = addVariable(a, frameId, { name: 'Exclusions' });
		const y = addVariable(a, frameId, { name: 'Spend on AP places' });
		const z = addVariable(b, frameId, { name: 'Resource for early intervention' });
		flush();
		keepLoopLabels(a, frameId, true);
		link(a, x, y, '+');
		link(b, y, z, '-');
		link(b, z, x, '-');
		flush();
		const labels = (doc: Y.Doc) => readElements(doc).filter((e) => isItemOf(e, ID, LOOP_LABEL)).map((l) => ('text' in l ? l.text : ''));
		// B is not the keeper: it writes nothing.
		expect(maintainLoopLabels(b, readElements(b))).toBe(0);
		expect(maintainLoopLabels(a, readElements(a))).toBe(1);
		flush();
		expect(labels(b)).toEqual(['R1']);
		// Up to date: no further writes.
		expect(maintainLoopLabels(a, readElements(a))).toBe(0);
		// Flipping a sign makes it balancing: the label follows.
		const flipped = readElements(b).find((e) => e.kind === 'connector' && e.from === x)!;
		setPolarity(b, flipped.id, '-');
		flush();
		expect(maintainLoopLabels(a, readElements(a))).toBe(1);
		flush();
		expect(labels(b)).toEqual(['B1']);
		// Turned off: the tab stops keeping them.
		keepLoopLabels(a, frameId, false);
		expect(maintainLoopLabels(a, readElements(a))).toBe(0);
	});
});
