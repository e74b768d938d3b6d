import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, exportContent, readElements, setData, type Frame, LOCAL, type PlacementRules } from '$lib/doc/index.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { composeLinkRule, composePlacementRule } from '../kit/placement.js';
import { contentsOf, isItemOf } from '../kit/model.js';
import { addExercise } from '../kit/seed.js';
import { analyse, graphOf, isVariable } from './analysis.js';
import {
	addVariable,
	arrange,
	highlightLoop,
	link,
	nameLoop,
	setDelay,
	setEvidence,
	setPolarity,
	setPolarityOf,
	tidyLegacyLabels,
	toggleDelayOf,
	togglePolarity,
	togglePolarityOf
} from './binding.js';
import { analysisFor, describe as describeEl } from './describe.js';
import { insidePolygon } from './layout.js';
import { diagramMarks } from './marks.js';
import { CURVE, curvedLink } from './style.js';
import { causalLoopModel } from './model.js';
import { ID, LOOP_LABEL } from './schema.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule([causalLoopModel]), link: null };
/** With the link rule too: a connector drawn between two variables is a causal link. */
const LINKED: PlacementRules = { ...RULES, link: composeLinkRule([causalLoopModel]) };

function board(example = false) {
	const doc = new Y.Doc();
	const frameId = addExercise(doc, causalLoopModel, { example, at: { x: 0, y: 0 }, rules: RULES });
	return { doc, frameId };
}
const frameOf = (doc: Y.Doc, id: string) => readElements(doc).find((e) => e.id === id) as Frame;
const analysisOf = (doc: Y.Doc, frameId: string) => analyse(contentsOf(frameOf(doc, frameId), readElements(doc)));
const summary = (doc: Y.Doc, frameId: string) =>
	analysisOf(doc, frameId).loops.map((l) => `${l.code} ${l.name ?? ''}: ${l.memberNames.join(' > ')}`);

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
		// Labels are drawn from the diagram, not stored: each inside its loop, clear of every variable.
		expect(readElements(doc).filter((e) => isItemOf(e, ID, LOOP_LABEL))).toEqual([]);
		const marks = diagramMarks(contentsOf(frameOf(doc, frameId), readElements(doc)));
		expect(marks.labels.map((l) => l.code).sort()).toEqual(['B1', 'B2', 'R1', 'R2']);
		const variables = readElements(doc).filter(isVariable);
		for (const label of marks.labels) {
			const loop = marks.analysis.loops.find((l) => l.key === label.key)!;
			const centres = loop.members.map((id) => variables.find((v) => v.id === id)!).map((v) => ({ x: v.x + v.w / 2, y: v.y + v.h / 2 }));
			if (centres.length >= 3) expect(insidePolygon(label, centres), `${label.code} inside its loop`).toBe(true);
			for (const v of variables)
				expect(
					label.x + label.r <= v.x || label.x - label.r >= v.x + v.w || label.y + label.r <= v.y || label.y - label.r >= v.y + v.h,
					`${label.code} clear of ${v.text}`
				).toBe(true);
			// …and of every link's sign, which sits at its curve's midpoint.
			for (const l of readElements(doc).filter((e) => e.kind === 'connector')) {
				const [a, b] = [variables.find((v) => v.id === l.from)!, variables.find((v) => v.id === l.to)!];
				const mid = curvedLink(a, b, CURVE).mid;
				expect(Math.hypot(mid.x - label.x, mid.y - label.y), `${label.code} clear of a sign`).toBeGreaterThan(label.r + 20);
			}
		}
		const all = readElements(doc);
		const byId = new Map(all.map((e) => [e.id, e]));
		const frame = frameOf(doc, frameId);
		const exclusions = all.find((e) => isVariable(e) && e.text === 'Exclusions')!;
		expect(describeEl(exclusions, { byId, frame })).toMatch(
			/^Variable: Exclusions; in loops B1 Accountability brake, R2 Stuck at the high end/
		);
		const delayed = all.find(
			(e) =>
				e.kind === 'connector' &&
				byId.get(e.from)?.kind === 'item' &&
				(byId.get(e.from) as { text: string }).text === 'Resource for early intervention'
		)!;
		expect(describeEl(delayed, { byId, frame })).toBe(
			'Link: Resource for early intervention → Needs escalating to crisis, − (opposite direction), with delay'
		);
		expect(analysisFor(frame, byId)).toBe(analysisFor(frame, byId));
	});
});

describe('drawing a diagram', () => {
	it('adds variables and signed links; flipping a sign turns R into B', () => {
		const { doc, frameId } = board();
		const a = addVariable(doc, frameId, { name: 'Exclusions' }, RULES);
		const b = addVariable(doc, frameId, { name: 'Spend on AP' }, RULES);
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

	it('names and highlights a loop', () => {
		const { doc, frameId } = board();
		const [a, b, c] = ['A thing', 'B thing', 'C thing'].map((name) => addVariable(doc, frameId, { name }, RULES));
		link(doc, a, b, '+');
		link(doc, b, c, '-');
		link(doc, c, a, '+');
		const loop = analysisOf(doc, frameId).loops[0];
		nameLoop(doc, frameId, loop.key, 'Our loop');
		expect(analysisOf(doc, frameId).loops[0].name).toBe('Our loop');
		highlightLoop(doc, frameId, loop.key);
		const marked = readElements(doc)
			.filter((e) => e.data.hl === true)
			.map((e) => e.id)
			.sort();
		expect(marked).toEqual([...loop.members, ...loop.links].sort());
		expect(frameOf(doc, frameId).data.highlight).toBe(loop.key);
		highlightLoop(doc, frameId, null);
		expect(readElements(doc).filter((e) => e.data.hl === true)).toEqual([]);
	});

	it('cites only existing notes or other templates’ items as evidence', () => {
		const { doc, frameId } = board();
		const v = addVariable(doc, frameId, { name: 'Exclusions' }, RULES);
		const note = createElement(doc, { kind: 'note', x: 5000, y: 0, text: 'Rising fixed-term exclusions' }, LOCAL, RULES);
		setEvidence(doc, v, [note, note]);
		expect(readElements(doc).find((e) => e.id === v)!.data.evidence).toEqual([note]);
		expect(() => setEvidence(doc, v, ['nothing-here'])).toThrow(/cannot|not a note/);
		expect(() => setEvidence(doc, v, [v])).toThrow();
	});

	it('arranges deterministically, inside the frame, in one undoable step', () => {
		const make = () => {
			const { doc, frameId } = board(true);
			arrange(doc, frameId, RULES);
			const frame = frameOf(doc, frameId);
			return readElements(doc)
				.filter(isVariable)
				.map((v) => [v.text, v.x - frame.x, v.y - frame.y, v.x >= frame.x && v.x + v.w <= frame.x + frame.w]);
		};
		const first = make();
		expect(make()).toEqual(first);
		expect(first.every((row) => row[3] === true)).toBe(true);
	});
});

describe('three peers drawing at once', () => {
	it('converge and see the same loops', () => {
		const { docs, flush } = createPeers(3);
		const frameId = addExercise(docs[0], causalLoopModel, { at: { x: 0, y: 0 }, rules: RULES });
		flush();
		const vars = docs.map((doc, i) => [
			addVariable(doc, frameId, { name: `P${i} cause` }, RULES),
			addVariable(doc, frameId, { name: `P${i} effect` }, RULES)
		]);
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
		const a = addVariable(doc, frameId, { name: 'Exclusions' }, LINKED);
		const b = addVariable(doc, frameId, { name: 'Spend on AP places' }, LINKED);
		const note = createElement(doc, { kind: 'note', x: 5000, y: 5000, text: 'not a variable' }, LOCAL, LINKED);
		// What the connector tool does: a plain connector, typed by the board's link rule.
		const drawn = createElement(doc, { kind: 'connector', from: a, to: b }, LOCAL, LINKED);
		const plain = createElement(doc, { kind: 'connector', from: a, to: note }, LOCAL, LINKED);
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

describe('loop labels stored by older boards', () => {
	it('every client removes them the same way, and only those it may; then nothing is left to do', () => {
		const { docs, flush } = createPeers(2);
		const frameId = addExercise(docs[0], causalLoopModel, { at: { x: 0, y: 0 }, rules: RULES });
		// What "Label loops" and "Keep loop labels…" used to write.
		const label = createElement(
			docs[0],
			{
				kind: 'item',
				template: ID,
				type: LOOP_LABEL,
				x: 300,
				y: 300,
				w: 60,
				h: 60,
				text: 'R1',
				parent: frameId,
				data: { loop: 'a>b' }
			},
			LOCAL,
			RULES
		);
		const typed = createElement(
			docs[0],
			{
				kind: 'item',
				template: ID,
				type: LOOP_LABEL,
				x: 500,
				y: 300,
				w: 60,
				h: 60,
				text: 'our loop',
				parent: frameId,
				data: {}
			},
			LOCAL,
			RULES
		);
		createElement(docs[0], { kind: 'note', x: 9000, y: 9000, text: 'elsewhere' }, LOCAL, RULES);
		// The keeper setting, as the old client wrote it.
		setData(docs[0], frameId, { autoLabel: '12345' });
		flush();
		const counts = docs.map((doc) => tidyLegacyLabels(doc, readElements(doc)));
		flush();
		expect(counts).toEqual([1, 1]);
		for (const doc of docs) {
			expect(readElements(doc).some((e) => e.id === label)).toBe(false);
			expect(
				readElements(doc).some((e) => e.id === typed),
				'a label someone typed stays'
			).toBe(true);
			// The frame is the facilitator's: its old setting is left as it is.
			expect(frameOf(doc, frameId).data.autoLabel).toBe('12345');
			expect(tidyLegacyLabels(doc, readElements(doc))).toBe(0);
		}
		// Someone who may not delete a label (it is locked, say) leaves it.
		const kept = createElement(
			docs[0],
			{
				kind: 'item',
				template: ID,
				type: LOOP_LABEL,
				x: 700,
				y: 300,
				w: 60,
				h: 60,
				text: 'B1',
				parent: frameId,
				data: { loop: 'c>d' }
			},
			LOCAL,
			RULES
		);
		expect(tidyLegacyLabels(docs[0], readElements(docs[0]), (before) => before.id !== kept)).toBe(0);
		expect(tidyLegacyLabels(docs[0], readElements(docs[0]))).toBe(1);
		expect(JSON.stringify(exportContent(docs[1]))).toBe(JSON.stringify(exportContent(docs[0])));
	});
});

describe('the sign keys', () => {
	it('+ and − set the sign of every selected causal link in one change, and ignore anything else', () => {
		const { doc, frameId } = board();
		const [a, b, c] = ['A', 'B', 'C'].map((name) => addVariable(doc, frameId, { name }, LINKED));
		const ab = createElement(doc, { kind: 'connector', from: a, to: b }, LOCAL, LINKED);
		const bc = createElement(doc, { kind: 'connector', from: b, to: c }, LOCAL, LINKED);
		const byId = () => new Map(readElements(doc).map((e) => [e.id, e]));
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		expect(setPolarityOf(doc, [byId().get(ab)!, byId().get(bc)!, byId().get(a)!], '-')).toBe(true);
		expect(transactions).toBe(1);
		expect([byId().get(ab)!.data.polarity, byId().get(bc)!.data.polarity]).toEqual(['-', '-']);
		expect(setPolarityOf(doc, [byId().get(a)!], '+')).toBe(false);
		expect(() => setPolarityOf(doc, [byId().get(ab)!], '×' as '+')).toThrow();
	});
});
