/**
 * Two boards open in one page (the board and a second board, or a board and its presenter view) each
 * mount a canvas with what it needs: its renderers, its annotations (vote dots), its placement rules.
 * Nothing is registered in a module, so one canvas's inputs never leak into the other's drawing or edits.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createElement,
	LOCAL,
	moveBy,
	NO_PLACEMENT,
	readElement,
	readElements,
	type Connector,
	type Element,
	type PlacementRules
} from '$lib/doc/index.js';
import { ElementIndex } from '$lib/doc/element-index.js';
import { createAnnotations, createRenderers, frameRenderer, type Renderers } from '$lib/canvas/index.js';
import { createScene, renderContext } from '$lib/canvas/scene.js';
import type { Canvas } from '$lib/canvas/state.js';
import type { Annotations } from '$lib/canvas/annotations.js';
import { defineTemplate } from '$lib/templates/kit/client.js';
import { templateRenderers } from '$lib/templates/kit/renderers.js';
import { causalLoopModel } from '$lib/templates/causal-loop/model.js';
import { placementRules } from '$lib/templates/kit/placement.js';
import { addExercise } from '$lib/templates/kit/seed.js';
import { renderer as causalLoopRenderer } from '$lib/templates/causal-loop/renderer.js';
import { howMightWeModel } from '$lib/templates/how-might-we/model.js';
import { renderer as howMightWeRenderer, type CardDots } from '$lib/templates/how-might-we/renderer.js';

const causalLoop = defineTemplate(causalLoopModel, { renderer: causalLoopRenderer });
const howMightWe = defineTemplate(howMightWeModel, { renderer: howMightWeRenderer });

/** The state `mountCanvas` builds from its host, as far as the scene reads it (no DOM needed). */
function mounted(doc: Y.Doc, renderers: Renderers, annotations?: Annotations): Canvas {
	const index = new ElementIndex(doc);
	return { scene: createScene(index, renderers), editing: null, host: { doc, annotations } } as unknown as Canvas;
}

/** A board with a frame and a connector between two notes, typed as a causal-loop link. */
function board() {
	const doc = new Y.Doc();
	const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 400, h: 300, title: 'A' });
	const a = createElement(doc, { kind: 'note', x: 600, y: 0, text: 'Waiting lists' });
	const b = createElement(doc, { kind: 'note', x: 900, y: 0, text: 'Referrals' });
	const link = createElement(doc, { kind: 'connector', from: a, to: b, data: { template: 'causal-loop', polarity: '+' } });
	const el = (id: string) => readElements(doc).find((e) => e.id === id) as Element;
	return { doc, frame, a, b, link, el };
}

const dots = (f: number): CardDots => ({ counts: { feasibility: f, desirability: 0, viability: 0 }, whose: 'mine' });

describe('what a canvas is given when it mounts', () => {
	it('two canvases draw with their own renderers: templates given to one never reach the other', () => {
		const one = board();
		const two = board();
		const withTemplates = mounted(one.doc, templateRenderers([causalLoop, howMightWe]));
		const plain = mounted(two.doc, createRenderers());

		// Frames: the template kit's frame (watches its contents, draws scaffolding) only where it was given.
		expect(withTemplates.scene.renderers.of('frame')).not.toBe(frameRenderer);
		expect(withTemplates.scene.renderers.of('frame')?.watchesContents).toBe(true);
		expect(plain.scene.renderers.of('frame')).toBe(frameRenderer);
		// Template items are drawn only by a canvas given the templates.
		expect(withTemplates.scene.renderers.of('item')).toBeDefined();
		expect(plain.scene.renderers.of('item')).toBeUndefined();

		// A causal link's sign and curve: the template's style on one canvas, a plain line on the other.
		const ctxOne = renderContext(withTemplates);
		const ctxTwo = renderContext(plain);
		expect(ctxOne.connectorStyle(one.el(one.link) as Connector)).toMatchObject({ label: '+' });
		expect(ctxOne.connectorStyle(one.el(one.link) as Connector).curve).toBeGreaterThan(0);
		expect(ctxTwo.connectorStyle(two.el(two.link) as Connector)).toEqual({});
	});

	it('two canvases read their own vote dots, and a change names only the cards whose dots changed', () => {
		const one = board();
		const two = board();
		const dotsOne = createAnnotations<CardDots>();
		const dotsTwo = createAnnotations<CardDots>();
		const canvasOne = mounted(one.doc, templateRenderers([howMightWe]), dotsOne);
		const canvasTwo = mounted(two.doc, templateRenderers([howMightWe]), dotsTwo);
		const heardOne: string[][] = [];
		const heardTwo: string[][] = [];
		dotsOne.onChange((ids) => heardOne.push([...ids].sort()));
		dotsTwo.onChange((ids) => heardTwo.push([...ids].sort()));

		dotsOne.set(
			new Map([
				[one.a, dots(1)],
				[one.b, dots(2)]
			])
		);
		expect(renderContext(canvasOne).annotation(one.a)).toEqual(dots(1));
		expect(renderContext(canvasTwo).annotation(one.a)).toBeUndefined();
		expect(renderContext(canvasTwo).annotation(two.a)).toBeUndefined();
		expect(heardOne).toEqual([[one.a, one.b].sort()]);
		expect(heardTwo).toEqual([]);

		// The same dots again (a new Map from the vote's state): nothing to redraw. One card changes: only it.
		dotsOne.set(
			new Map([
				[one.a, dots(1)],
				[one.b, dots(2)]
			])
		);
		dotsOne.set(
			new Map([
				[one.a, dots(1)],
				[one.b, dots(3)]
			])
		);
		// A card loses its dots.
		dotsOne.set(new Map([[one.b, dots(3)]]));
		expect(heardOne).toEqual([[one.a, one.b].sort(), [one.b], [one.a]]);
		expect(renderContext(canvasOne).annotation(one.a)).toBeUndefined();
		expect(heardTwo).toEqual([]);
	});

	it('two boards place elements by the rules their own canvas was given, whatever the other was given', () => {
		// Both boards hold a causal-loop frame; one page shows them side by side.
		const ruled = new Y.Doc();
		const bare = new Y.Doc();
		const rules: PlacementRules = placementRules([causalLoopModel]);
		const hostOf = (doc: Y.Doc, placement: PlacementRules) => ({ doc, placement });
		const one = hostOf(ruled, rules);
		const two = hostOf(bare, NO_PLACEMENT);
		const frameOne = addExercise(one.doc, causalLoopModel, { at: { x: 0, y: 0 }, rules: one.placement });
		const frameTwo = addExercise(two.doc, causalLoopModel, { at: { x: 0, y: 0 }, rules: two.placement });
		const centre = (doc: Y.Doc, id: string) => {
			const f = readElement(doc, id) as Element & { x: number; y: number; w: number; h: number };
			return { x: f.x + f.w / 2 - 100, y: f.y + f.h / 2 - 80 };
		};
		// What the canvas does on a double-click: createElement with its host's placement rules.
		const a = createElement(one.doc, { kind: 'note', ...centre(one.doc, frameOne), text: 'Exclusions' }, LOCAL, one.placement);
		const b = createElement(two.doc, { kind: 'note', ...centre(two.doc, frameTwo), text: 'Exclusions' }, LOCAL, two.placement);
		expect(readElement(one.doc, a)).toMatchObject({ kind: 'item', type: 'variable', parent: frameOne });
		expect(readElement(two.doc, b)).toMatchObject({ kind: 'note', parent: frameTwo });
		// And on a drag: out of the frame the variable is a note again, by its own board's rules.
		moveBy(one.doc, [a], 20_000, 0, LOCAL, one.placement);
		moveBy(two.doc, [b], 20_000, 0, LOCAL, two.placement);
		expect(readElement(one.doc, a)?.kind).toBe('note');
		expect(readElement(two.doc, b)?.kind).toBe('note');
	});
});
