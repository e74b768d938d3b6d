/** A board with one Iceberg on it and the real placement rule, for this folder's tests. */
import * as Y from 'yjs';
import { readElement, readElements, type BoxElement, type Frame, type PlacementRules } from '$lib/doc/index.js';
import { composePlacementRule } from '../kit/placement.js';
import { addExercise } from '../kit/seed.js';
import { icebergModel } from './model.js';

/** The board's rules, as the board page makes them (placement only). */
export const RULES: PlacementRules = { placement: composePlacementRule([icebergModel]), link: null };

export function icebergBoard(example = false, doc = new Y.Doc()) {
	const frameId = addExercise(doc, icebergModel, { example, at: { x: 100, y: 50 }, rules: RULES });
	return {
		doc,
		frameId,
		frame: () => readElement(doc, frameId) as Frame,
		get: (id: string) => readElement(doc, id) as BoxElement,
		byText: (text: string) => readElements(doc).find((e) => 'text' in e && e.text === text) as BoxElement
	};
}
