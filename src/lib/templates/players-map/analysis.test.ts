import { describe, expect, it } from 'vitest';
import type { Connector, Element, Frame, Item } from '$lib/doc/schema.js';
import { contentsOf } from '../kit/model.js';
import { analyseMap } from './analysis.js';
import { playersMapModel } from './model.js';

const frame = {
	kind: 'frame',
	id: 'map',
	index: 'a0',
	parent: null,
	data: {},
	x: 0,
	y: 0,
	w: 2200,
	h: 1400,
	title: 'Map',
	template: 'players-map'
} as Frame;
const player = (id: string, text: string, ring: number): Item => ({
	kind: 'item',
	id,
	index: 'a1',
	parent: 'map',
	data: { group: 'school', ring },
	x: 0,
	y: 0,
	w: 190,
	h: 84,
	template: 'players-map',
	type: 'player',
	text,
	color: 'yellow'
});
const link = (id: string, from: string, to: string, quality = 'working', type = 'refers-to'): Connector => ({
	kind: 'connector',
	id,
	index: 'a2',
	parent: null,
	from,
	to,
	label: '',
	data: { template: 'players-map', type, quality }
});

describe(analyseMap, () => {
	const elements: Element[] = [
		frame,
		player('sen', 'SENCO', 2),
		player('cam', 'CAMHS', 3),
		player('eps', 'Educational psychologist', 3),
		player('par', 'Parents/carers', 1),
		player('dfe', 'DfE', 4),
		link('l1', 'sen', 'cam'),
		link('l2', 'sen', 'eps', 'strong'),
		link('l3', 'cam', 'par', 'strained', 'depends-on'),
		link('l4', 'par', 'sen', 'weak')
	];
	const result = analyseMap(contentsOf(frame, elements));

	it('ranks the most connected players, ties in board order', () => {
		expect(result.mostConnected.map((p) => [p.name, p.connections])).toEqual([
			['SENCO', 3],
			['CAMHS', 2],
			['Parents/carers', 2],
			['Educational psychologist', 1]
		]);
	});

	it('lists players with no connection', () => {
		expect(result.unconnected.map((p) => p.name)).toEqual(['DfE']);
	});

	it('counts players per ring, with the ring names', () => {
		expect(result.perRing).toEqual([
			{ ring: 0, name: 'Young person', count: 0 },
			{ ring: 1, name: 'Family and peers', count: 1 },
			{ ring: 2, name: 'The school', count: 1 },
			{ ring: 3, name: 'Local services and settings', count: 2 },
			{ ring: 4, name: 'Strategic and national', count: 1 }
		]);
	});

	it('lists strained connections in words', () => {
		expect(result.strained).toEqual([{ id: 'l3', from: 'cam', to: 'par', text: 'CAMHS depends on Parents/carers' }]);
		expect(result.players).toBe(5);
		expect(result.connections).toBe(4);
	});

	it('finds something to say about the worked example', () => {
		const seed = playersMapModel.example({ x: 0, y: 0 });
		const f = seed.elements[0] as Frame;
		const els = seed.elements.map((e) => (e.kind === 'item' ? { ...e, parent: f.id } : e));
		const a = analyseMap(contentsOf(f, els));
		expect(a.players).toBeGreaterThanOrEqual(15);
		expect(a.connections).toBeGreaterThanOrEqual(10);
		expect(a.strained.length).toBeGreaterThanOrEqual(1);
		expect(a.mostConnected[0].connections).toBeGreaterThanOrEqual(3);
	});
});
