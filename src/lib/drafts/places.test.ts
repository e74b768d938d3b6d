import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, readElements, type Frame } from '$lib/doc/index.js';
import { TEMPLATE_MODELS } from '$lib/templates/models.js';
import { addExercise } from '$lib/templates/kit/seed.js';
import { decodePlace, defaultPlace, describePlace, encodePlace, frameForPhase, placeGroups } from './places.js';

function boardWith(...ids: string[]) {
	const doc = new Y.Doc();
	const frames = ids.map((id) =>
		addExercise(
			doc,
			TEMPLATE_MODELS.find((m) => m.id === id)!
		)
	);
	return { doc, frames, elements: () => readElements(doc) };
}
const agenda = (phases: string[], current: number | null) => ({ phases, current });

describe('places for private notes', () => {
	it('offers every exercise in reading order, with its cells, columns or rings', () => {
		const { elements, frames } = boardWith('players-map', 'iceberg', 'how-might-we', 'causal-loop');
		const groups = placeGroups(elements(), TEMPLATE_MODELS);
		expect(groups.map((g) => g.label)).toEqual([
			'System-Players Map',
			'The Iceberg',
			'How might we… (Energy for change)',
			'Causal-loop diagram'
		]);
		expect(groups[1].options).toHaveLength(8);
		expect(groups[1].options[7]).toEqual({ value: `${frames[1]}/layer-4-barriers`, label: 'Mental Models: Barriers' });
		expect(groups[2].options.map((o) => o.label)).toHaveLength(3);
		// One section: the exercise itself is the choice.
		expect(groups[3].options).toEqual([{ value: `${frames[3]}/`, label: 'Causal-loop diagram' }]);
	});

	it('round-trips a place through a select value', () => {
		expect(decodePlace(encodePlace({ frame: 'abc123', section: 'layer-2-drivers' }))).toEqual({
			frame: 'abc123',
			section: 'layer-2-drivers'
		});
		expect(decodePlace(encodePlace({ frame: 'abc123', section: null }))).toEqual({ frame: 'abc123', section: null });
		expect(decodePlace(encodePlace(null))).toBe(null);
	});

	it('defaults to the exercise the current phase names, with its first section', () => {
		const { elements, frames } = boardWith('players-map', 'iceberg', 'how-might-we', 'theory-of-change');
		expect(frameForPhase('Iceberg', elements(), TEMPLATE_MODELS)?.id).toBe(frames[1]);
		expect(frameForPhase('How might we…?', elements(), TEMPLATE_MODELS)?.id).toBe(frames[2]);
		expect(frameForPhase('System players', elements(), TEMPLATE_MODELS)?.id).toBe(frames[0]);
		expect(frameForPhase('Theory of change', elements(), TEMPLATE_MODELS)?.id).toBe(frames[3]);
		expect(frameForPhase('Coffee', elements(), TEMPLATE_MODELS)).toBe(null);
		expect(defaultPlace(elements(), TEMPLATE_MODELS, agenda(['System players', 'Iceberg'], 1), null)).toEqual({
			frame: frames[1],
			section: 'layer-1-drivers'
		});
	});

	it('without a matching phase, defaults to the frame in view, else to no place', () => {
		const { elements, frames } = boardWith('iceberg', 'how-might-we');
		const hmw = elements().find((e): e is Frame => e.id === frames[1])!;
		const centre = { x: hmw.x + hmw.w / 2, y: hmw.y + hmw.h / 2 };
		expect(defaultPlace(elements(), TEMPLATE_MODELS, agenda(['Welcome', 'Vote'], 1), centre)).toEqual({
			frame: frames[1],
			section: 'within'
		});
		expect(defaultPlace(elements(), TEMPLATE_MODELS, agenda([], null), { x: -99_999, y: 0 })).toBe(null);
	});

	it('says where a note is meant to go, and when its exercise has gone', () => {
		const { doc, elements, frames } = boardWith('iceberg');
		const plain = createElement(doc, { kind: 'frame', x: -2000, y: 0, w: 600, h: 400, title: 'Parking lot' });
		expect(describePlace({ frame: frames[0], section: 'layer-3-barriers' }, elements(), TEMPLATE_MODELS)).toEqual({
			label: 'The Iceberg › Underlying Structures: Barriers',
			gone: false
		});
		expect(describePlace({ frame: plain, section: null }, elements(), TEMPLATE_MODELS)).toEqual({ label: 'Parking lot', gone: false });
		expect(describePlace({ frame: 'gone-frame', section: null }, elements(), TEMPLATE_MODELS).gone).toBe(true);
		expect(describePlace(null, elements(), TEMPLATE_MODELS)).toEqual({ label: 'Where the facilitator puts it', gone: false });
	});
});
