import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, exportContent, readElements, LOCAL, type PlacementRules } from '../../src/lib/doc/index.js';
import { createPeers } from '../../src/lib/doc/test-peers.js';
import { TEMPLATE_MODELS } from '../../src/lib/templates/models.js';
import { composePlacementRule } from '../../src/lib/templates/kit/placement.js';
import { addExercise } from '../../src/lib/templates/kit/seed.js';
import { checkImport, contentUpdate } from './import.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule(TEMPLATE_MODELS), link: null };

function exportOf(doc: Y.Doc, title = 'Northshire') {
	return {
		format: 'convene-board',
		version: 1,
		exportedAt: new Date(0).toISOString(),
		board: { id: 'abc12345', title, createdAt: 0 },
		content: exportContent(doc)
	};
}

function fullBoard(doc = new Y.Doc()) {
	for (const model of TEMPLATE_MODELS) {
		addExercise(doc, model, { example: true, rules: RULES });
		addExercise(doc, model, { rules: RULES });
	}
	return doc;
}

describe(checkImport, () => {
	it('accepts every template, seeded and worked example, as two people left it', () => {
		const { docs, flush } = createPeers(2);
		fullBoard(docs[0]);
		flush();
		const frame = readElements(docs[1]).find((e) => e.kind === 'frame')!;
		createElement(docs[1], { kind: 'note', x: frame.x + 30, y: frame.y + 30, parent: frame.id, text: 'Added by B' }, LOCAL, RULES);
		createElement(docs[0], { kind: 'text', x: -500, y: -500, text: 'Loose text by A' }, LOCAL, RULES);
		flush();
		const checked = checkImport(exportOf(docs[1]), TEMPLATE_MODELS);
		expect(checked.ok ? [] : checked.problems).toEqual([]);
	});

	it('builds the whole content in memory: applying it gives an equal document', () => {
		const doc = fullBoard();
		const checked = checkImport(exportOf(doc), TEMPLATE_MODELS);
		if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
		const copy = new Y.Doc();
		Y.applyUpdate(copy, contentUpdate(checked.board));
		expect(exportContent(copy)).toEqual(exportContent(doc));
	});

	it('lists every problem with its path, not only the first', () => {
		const doc = fullBoard();
		const file = exportOf(doc);
		const els = file.content.elements as Record<string, unknown>[];
		const frame = els.findIndex((e) => e.kind === 'frame');
		const a = els.findIndex((e) => e.kind === 'item');
		const b = els.findIndex((e, i) => e.kind === 'item' && i !== a);
		els[a].parent = els[b].id; // an item is not a frame
		els[frame].parent = els[frame].id; // its own parent
		const checked = checkImport(file, TEMPLATE_MODELS);
		expect(checked.ok).toBe(false);
		const paths = checked.ok ? [] : checked.problems.map((p) => p.path);
		expect(paths).toContain(`content.elements.${a}.parent`);
		expect(paths).toContain(`content.elements.${frame}.parent`);
	});

	it('reports shape and reference problems together', () => {
		const doc = new Y.Doc();
		const a = createElement(doc, { kind: 'note', x: 0, y: 0, text: 'A' }, LOCAL, RULES);
		const b = createElement(doc, { kind: 'note', x: 300, y: 0, text: 'B' }, LOCAL, RULES);
		createElement(doc, { kind: 'connector', from: a, to: b }, LOCAL, RULES);
		const file = exportOf(doc);
		const els = file.content.elements as Record<string, unknown>[];
		els[0].x = 'left';
		els.push({ ...els[2], id: 'dangling-1', to: 'nowhere-1' });
		const checked = checkImport(file, TEMPLATE_MODELS);
		expect(checked.ok ? [] : checked.problems.map((p) => p.path)).toEqual(['content.elements.0.x', 'content.elements.3.to']);
	});

	it('finds frames nested in a circle', () => {
		const doc = new Y.Doc();
		const f1 = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 100, h: 100 }, LOCAL, RULES);
		const f2 = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 100, h: 100, parent: f1 }, LOCAL, RULES);
		const file = exportOf(doc);
		(file.content.elements.find((e) => e.id === f1) as { parent: string | null }).parent = f2;
		const checked = checkImport(file, TEMPLATE_MODELS);
		expect(checked.ok ? [] : checked.problems.map((p) => p.message)).toContain('its frames sit inside each other in a circle');
	});

	it('caps the list of problems for a file that is wrong everywhere', () => {
		const file = {
			format: 'convene-board',
			version: 1,
			board: { title: 'x' },
			content: { version: 1, elements: Array.from({ length: 300 }, () => ({ kind: 'note' })) }
		};
		const checked = checkImport(file, TEMPLATE_MODELS);
		expect(checked.ok).toBe(false);
		if (!checked.ok) {
			expect(checked.problems).toHaveLength(101);
			expect(checked.problems[100].message).toMatch(/^and \d+ more problems$/);
		}
	});
});
