/**
 * Building seeds and putting them on a board. Seeds use placeholder ids ("s1", "s2"…); `addExercise`
 * inserts them with fresh ids through `insertCopies`, which also parents items to the new frame and
 * applies placement, so a seeded player gets its ring exactly as a dropped one would.
 */
import type * as Y from 'yjs';
import { Element, type JsonValue, type NoteColor } from '$lib/doc/schema.js';
import { insertCopies, readElements, SYSTEM, type PlacementRules } from '$lib/doc/index.js';
import { boundsOf, type Point } from '$lib/shared/geometry.js';
import { indicesAbove } from '$lib/shared/order.js';
import type { Seed, TemplateModel } from './model.js';

type Data = Record<string, JsonValue>;

/** Collects seed elements with placeholder ids. */
export function seedBuilder(template: string) {
	let n = 0;
	const elements: Element[] = [];
	const nextId = () => `s${++n}x`;
	const add = (raw: Record<string, unknown>) => {
		const element = Element.parse({ ...raw, id: nextId(), index: 'a0' });
		elements.push(element);
		return element.id;
	};
	return {
		elements,
		frame(rect: { x: number; y: number; w: number; h: number }, title: string, data: Data = {}) {
			return add({ kind: 'frame', ...rect, title, template, data });
		},
		item(
			type: string,
			rect: { x: number; y: number; w: number; h: number },
			text: string,
			data: Data = {},
			color: NoteColor = 'yellow',
			parent: string | null = null
		) {
			return add({ kind: 'item', template, type, ...rect, text, data, color, parent });
		},
		note(
			rect: { x: number; y: number; w: number; h: number },
			text: string,
			color: NoteColor = 'yellow',
			parent: string | null = null,
			data: Data = {}
		) {
			return add({ kind: 'note', ...rect, text, color, parent, data });
		},
		link(from: string, to: string, data: Data = {}, label = '') {
			return add({ kind: 'connector', from, to, label, data: { template, ...data } });
		},
		/** The seed, drawn in the order it was built (later elements above earlier ones). */
		done(): Seed {
			const indices = indicesAbove(null, elements.length);
			return { elements: elements.map((e, i) => ({ ...e, index: indices[i] })) };
		}
	};
}

/** Where the next exercise goes: to the right of everything on the board, top-aligned. */
export function nextExerciseOrigin(doc: Y.Doc): Point {
	const boxes = readElements(doc).filter((e) => e.kind !== 'connector') as { x: number; y: number; w: number; h: number }[];
	const bounds = boundsOf(boxes);
	return bounds ? { x: Math.round(bounds.x + bounds.w + 160), y: Math.round(bounds.y) } : { x: 0, y: 0 };
}

/**
 * Adds a template frame (empty, or with its worked example) next to what is on the board; returns the
 * new frame's id. Its elements become what the board's `rules` make of them where they land.
 * @example addExercise(doc, playersMap, { example: true, rules })
 */
export function addExercise(
	doc: Y.Doc,
	model: TemplateModel,
	options: { example?: boolean; at?: Point; origin?: unknown; rules?: PlacementRules } = {}
): string {
	const at = options.at ?? nextExerciseOrigin(doc);
	const seed = options.example ? model.example(at) : model.seed(at);
	// The frame holds this version of the template's data (src/lib/templates/kit/migrate.ts).
	const elements = seed.elements.map((e) => (e.kind === 'frame' && e.template === model.id ? { ...e, templateVersion: model.version } : e));
	const ids = insertCopies(doc, elements, 0, 0, { origin: options.origin ?? SYSTEM, rules: options.rules });
	const frameIndex = seed.elements.findIndex((e) => e.kind === 'frame');
	return ids[frameIndex];
}
