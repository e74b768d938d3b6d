/**
 * The contract every template passes (run from each template's `contract.test.ts`):
 * [TC1] its seed and its worked example parse, frame first, with valid settings, item data and link data;
 * [TC2] they round-trip through a Y.Doc and the JSON export unchanged;
 * [TC3] what placement says matches what the example stores (the example is where it claims to be);
 * [TC4] three peers adding and moving elements at once converge, with placement data consistent;
 * [TC5] describe gives plain words for every element;
 * [TC6] every section offers a free slot inside the frame, and an element added there belongs to it;
 * [TC7] its SVG picture, if it has one, is well-formed XML holding every item's text, with markup escaped;
 * [TC8] a sticky note made in any section is what `adopt` says (the template's own element, with that
 *       section's data); moved out of the frame it is a plain note again, moved back the element again;
 * [TC9] settling (`placementFixes`) changes nothing on its seed and example, and a board whose frame
 *       holds plain notes from before settles the same way on three peers settling at once.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createElement,
	DEFAULT_SIZE,
	exportContent,
	importContent,
	moveBy,
	placementFixes,
	readElement,
	readElements,
	settlePlacement,
	LOCAL,
	type BoxElement,
	type PlacementRules,
	type Element,
	type Frame,
	isBox
} from '$lib/doc/index.js';
import { createPeers } from '$lib/doc/test-peers.js';
import { containsPoint, rectCenter } from '$lib/shared/geometry.js';
import type { TemplateModel } from './model.js';
import { composeLinkRule, composePlacementRule, placementRules } from './placement.js';
import { addExercise } from './seed.js';
import { XMLValidator } from 'fast-xml-parser';
import { contentsOf } from './model.js';

function boardWith(model: TemplateModel, example: boolean): { doc: Y.Doc; frame: Frame; rules: PlacementRules } {
	const doc = new Y.Doc();
	const rules = placementRules([model]);
	const frameId = addExercise(doc, model, { example, at: { x: 0, y: 0 }, rules });
	const frame = readElements(doc).find((e) => e.id === frameId) as Frame;
	return { doc, frame, rules };
}

function checkSeedShape(model: TemplateModel, elements: Element[]) {
	expect(elements[0].kind).toBe('frame');
	const frame = elements[0] as Frame;
	expect(frame.template).toBe(model.id);
	expect(model.settings.safeParse(frame.data).success).toBe(true);
	const types = new Map(model.itemTypes.map((t) => [t.type, t]));
	for (const el of elements) {
		if (el.kind === 'item') {
			expect(el.template).toBe(model.id);
			const type = types.get(el.type);
			expect(type, `item type ${el.type}`).toBeDefined();
			const parsed = type!.data.safeParse(el.data);
			expect(parsed.success, `${el.type} data ${JSON.stringify(el.data)}: ${parsed.error?.message}`).toBe(true);
		}
		if (el.kind === 'connector' && model.linkData) {
			const parsed = model.linkData.safeParse(el.data);
			expect(parsed.success, `link data ${JSON.stringify(el.data)}: ${parsed.error?.message}`).toBe(true);
		}
	}
}

export function describeTemplateContract(model: TemplateModel) {
	describe(`${model.id} satisfies the template contract`, () => {
		it('[TC1] seed and example parse, frame first, with valid settings and data', () => {
			for (const seed of [model.seed({ x: 0, y: 0 }), model.example({ x: 100, y: 50 })]) checkSeedShape(model, seed.elements);
			for (const example of [true, false])
				checkSeedShape(
					model,
					readElements(boardWith(model, example).doc).sort((a) => (a.kind === 'frame' ? -1 : 1))
				);
		});

		it('[TC2] round-trips through a Y.Doc and the JSON export unchanged', () => {
			const { doc } = boardWith(model, true);
			const json = JSON.parse(JSON.stringify(exportContent(doc)));
			const copy = new Y.Doc();
			importContent(copy, json);
			expect(exportContent(copy)).toEqual(exportContent(doc));
			const replica = new Y.Doc();
			Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
			expect(exportContent(replica)).toEqual(exportContent(doc));
		});

		it('[TC3] the example stores what placement computes', () => {
			const { doc, frame } = boardWith(model, true);
			const inFrame = readElements(doc).filter((e) => isBox(e) && e.kind !== 'frame' && e.parent === frame.id);
			expect(inFrame.length).toBeGreaterThan(0);
			for (const el of inFrame) {
				if (!isBox(el)) continue;
				const patch = model.assign(el, frame) ?? {};
				for (const [key, value] of Object.entries(patch)) expect(el.data[key], `${el.id}.${key}`).toEqual(value);
			}
		});

		it('[TC4] three peers adding and moving at once converge, with placement consistent', () => {
			const { docs, flush } = createPeers(3);
			const rules = placementRules([model]);
			const frameId = addExercise(docs[0], model, { example: true, at: { x: 0, y: 0 }, rules });
			flush();
			const frame = readElements(docs[0]).find((e) => e.id === frameId) as Frame;
			const sections = model.sections(frame);
			const type = model.itemTypes[0];
			docs.forEach((doc, i) => {
				const section = sections[i % sections.length];
				const at = section.slot(type.size, []);
				createElement(
					doc,
					{ kind: 'item', template: model.id, type: type.type, ...at, ...type.size, text: `peer ${i}`, data: section.data },
					LOCAL,
					rules
				);
				const someone = readElements(doc).find((e) => isBox(e) && e.kind !== 'frame' && e.parent === frameId)!;
				moveBy(doc, [someone.id], 37 * (i + 1), -23 * (i + 1), LOCAL, rules);
			});
			flush();
			const first = JSON.stringify(exportContent(docs[0]));
			for (const doc of docs) expect(JSON.stringify(exportContent(doc))).toBe(first);
			for (const el of readElements(docs[0])) {
				if (!isBox(el) || el.kind === 'frame' || el.parent !== frameId) continue;
				const patch = model.assign(el, frame) ?? {};
				for (const [key, value] of Object.entries(patch)) if (value !== undefined) expect(el.data[key], `${el.id}.${key}`).toEqual(value);
			}
		});

		it('[TC5] describe gives plain words for every element', () => {
			const { doc, frame } = boardWith(model, true);
			const all = readElements(doc);
			const byId = new Map(all.map((e) => [e.id, e]));
			for (const el of all) {
				const words = model.describe(el, { byId, frame });
				expect(words.trim().length, el.id).toBeGreaterThan(2);
				expect(words).not.toMatch(/undefined|null|\[object/);
			}
		});

		it('[TC6] every section has a free slot inside the frame, and what is added there belongs to it', () => {
			const { doc, frame, rules } = boardWith(model, false);
			for (const type of model.itemTypes) {
				for (const section of model.sections(frame)) {
					const at = section.slot(type.size, []);
					const id = createElement(
						doc,
						{ kind: 'item', template: model.id, type: type.type, ...at, ...type.size, text: section.label, data: section.data },
						LOCAL,
						rules
					);
					const el = readElements(doc).find((e) => e.id === id)!;
					expect(isBox(el) && containsPoint(frame, rectCenter(el)), `${section.id} slot inside the frame`).toBe(true);
					expect(isBox(el) && section.contains(el), `${section.id} contains what was added there`).toBe(true);
				}
			}
		});

		it.skipIf(!model.exportSvg)('[TC7] its SVG is well-formed, holds every item, and escapes markup', () => {
			const { doc, frame, rules } = boardWith(model, true);
			const type = model.itemTypes[0];
			const section = model.sections(frame)[0];
			const slot = section.slot(type.size, []);
			const text = '<script>alert(1)</script> & co';
			createElement(
				doc,
				{ kind: 'item', template: model.id, type: type.type, ...slot, ...type.size, text, data: section.data },
				LOCAL,
				rules
			);
			const svg = model.exportSvg!(contentsOf(frame, readElements(doc)));
			expect(XMLValidator.validate(svg)).toBe(true);
			expect(svg).not.toContain('<script>');
			expect(svg).toContain('&lt;script&gt;');
			const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
			for (const el of contentsOf(frame, readElements(doc)).items) {
				if (!('text' in el) || !el.text.trim()) continue;
				// Long words may wrap mid-word; the first few letters are always together.
				const firstWord = escapeXml(el.text.trim().split(/\s+/)[0].slice(0, 8));
				expect(svg, el.text).toContain(firstWord);
			}
		});

		it('[TC8] a note made in a section is what adopt says; out of the frame a plain note, back in the element again', () => {
			const { doc, frame, rules } = boardWith(model, false);
			const away = frame.w + 5000;
			for (const section of model.sections(frame)) {
				const at = section.slot(DEFAULT_SIZE.note, []);
				const id = createElement(doc, { kind: 'note', ...at, text: section.label }, LOCAL, rules);
				const made = readElement(doc, id) as BoxElement;
				const adoption = model.adopt?.({ ...made, kind: 'note' } as BoxElement, frame) ?? null;
				const expected = adoption ? { kind: 'item', template: model.id, type: adoption.type } : { kind: 'note' };
				expect(made, section.id).toMatchObject({ ...expected, parent: frame.id });
				expect(section.contains(made), `${section.id} holds the note made there`).toBe(true);
				for (const [key, value] of Object.entries(section.data)) expect(made.data[key], `${section.id}.${key}`).toEqual(value);
				moveBy(doc, [id], away, 0, LOCAL, rules);
				const outside = readElement(doc, id) as BoxElement;
				expect(outside.kind, `${section.id}: out of the frame`).toBe('note');
				expect(outside.parent).toBeNull();
				for (const key of model.placementKeys) expect(outside.data[key], `${section.id}: ${key} cleared outside`).toBeUndefined();
				moveBy(doc, [id], -away, 0, LOCAL, rules);
				expect(readElement(doc, id), `${section.id}: back in`).toMatchObject({ ...expected, parent: frame.id });
			}
		});

		it('[TC9] settling changes nothing on the seed and example, and settles plain notes alike on three peers at once', () => {
			for (const example of [false, true]) {
				const { doc } = boardWith(model, example);
				expect(placementFixes(readElements(doc), composePlacementRule([model]), composeLinkRule([model])), `example: ${example}`).toEqual(
					[]
				);
			}
			const { docs, flush } = createPeers(3);
			// An older client wrote plain notes into every section (without the board's rules).
			const frameId = addExercise(docs[0], model, { at: { x: 0, y: 0 } });
			const frame = readElement(docs[0], frameId) as Frame;
			const notes = model
				.sections(frame)
				.map((section, i) =>
					createElement(docs[0], { kind: 'note', ...section.slot(DEFAULT_SIZE.note, []), text: `note ${i}`, parent: frameId })
				);
			flush();
			const rules = placementRules([model]);
			const counts = docs.map((doc) => settlePlacement(doc, rules));
			flush();
			const first = JSON.stringify(exportContent(docs[0]));
			for (const doc of docs) expect(JSON.stringify(exportContent(doc))).toBe(first);
			for (const doc of docs) expect(settlePlacement(doc, rules), 'settled: nothing left to do').toBe(0);
			const rule = composePlacementRule([model]);
			for (const id of notes) {
				const el = readElement(docs[0], id) as BoxElement;
				const adoption = model.adopt?.({ ...el, kind: 'note' } as BoxElement, frame) ?? null;
				expect(el.kind === 'item' ? el.type : 'note', id).toBe(adoption ? adoption.type : 'note');
				expect(rule(el, frame)?.identity === undefined || el.kind === rule(el, frame)?.identity?.kind).toBe(true);
			}
			if (model.adopt) expect(counts[0]).toBeGreaterThan(0);
		});
	});
}
