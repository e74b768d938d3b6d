/** A board with one Iceberg on it and the real placement rule, for this folder's tests. */
import * as Y from 'yjs';
import { readElement, readElements, setPlacementRule, type BoxElement, type Frame } from '$lib/doc/index.js';
import { composePlacementRule } from '../kit/placement.js';
import { addExercise } from '../kit/seed.js';
import { icebergModel } from './model.js';

export function icebergBoard(example = false, doc = new Y.Doc()) {
	setPlacementRule(doc, composePlacementRule([icebergModel]));
	const frameId = addExercise(doc, icebergModel, { example, at: { x: 100, y: 50 } });
	return {
		doc,
		frameId,
		frame: () => readElement(doc, frameId) as Frame,
		get: (id: string) => readElement(doc, id) as BoxElement,
		byText: (text: string) => readElements(doc).find((e) => 'text' in e && e.text === text) as BoxElement
	};
}
