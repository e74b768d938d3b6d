import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createElement, LOCAL, moveBy, readElements, type Connector, type Frame, type Item, type PlacementRules } from '$lib/doc/index.js';
import { intersects } from '$lib/shared/geometry.js';
import { composePlacementRule } from '../kit/placement.js';
import { addExercise } from '../kit/seed.js';
import { addPlayer, arrange, connectPlayers, setConnection, setRings } from './binding.js';
import { pointIn, ringAt } from './layout.js';
import { geometryOf, playersMapModel } from './model.js';
import { ringsOf } from './schema.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule([playersMapModel]), link: null };

function board(example = false) {
	const doc = new Y.Doc();
	const frameId = addExercise(doc, playersMapModel, { example, at: { x: 0, y: 0 }, rules: RULES });
	const frame = () => readElements(doc).find((e): e is Frame => e.id === frameId)!;
	const item = (id: string) => readElements(doc).find((e): e is Item => e.id === id)!;
	const players = () => readElements(doc).filter((e): e is Item => e.kind === 'item' && e.parent === frameId);
	return { doc, frameId, frame, item, players };
}

describe('ring placement', () => {
	it('gives a dropped player the ring it lands in, and changes it when it is moved across a ring', () => {
		const { doc, frame, item } = board();
		const g = geometryOf(frame());
		const at = pointIn(g, 2, 0.5, 0);
		const id = createElement(
			doc,
			{
				kind: 'item',
				template: 'players-map',
				type: 'player',
				x: at.x - 95,
				y: at.y - 42,
				w: 190,
				h: 84,
				text: 'SENCO',
				data: { group: 'school' }
			},
			LOCAL,
			RULES
		);
		expect(item(id).data.ring).toBe(2);
		const inner = pointIn(g, 1, 0.5, 0);
		moveBy(doc, [id], inner.x - at.x, inner.y - at.y, LOCAL, RULES);
		expect(item(id).data.ring).toBe(1);
		expect(item(id).data.group).toBe('school');
	});

	it('gives sticky notes a ring too, but not text labels', () => {
		const { doc, frame } = board();
		const c = pointIn(geometryOf(frame()), 3, 0.5, 1);
		const note = createElement(doc, { kind: 'note', x: c.x - 100, y: c.y - 80, text: 'Who is missing?' }, LOCAL, RULES);
		const text = createElement(doc, { kind: 'text', x: c.x, y: c.y, text: 'A heading' }, LOCAL, RULES);
		const els = readElements(doc);
		expect(els.find((e) => e.id === note)!.data.ring).toBe(3);
		expect(els.find((e) => e.id === text)!.data.ring).toBeUndefined();
	});

	it('clears the ring when a player leaves the map', () => {
		const { doc, frameId, item } = board();
		const id = addPlayer(doc, frameId, { name: 'CAMHS', group: 'health' }, RULES);
		moveBy(doc, [id], 5000, 0, LOCAL, RULES);
		expect(item(id).parent).toBeNull();
		expect(item(id).data.ring).toBeUndefined();
	});
});

describe(addPlayer, () => {
	it("puts a palette player in its group's ring, at a free place, as one undoable change", () => {
		const { doc, frameId, item } = board();
		const undo = new Y.UndoManager(doc.getMap('elements'), { trackedOrigins: new Set([LOCAL]) });
		const a = addPlayer(doc, frameId, { name: 'SENCO', group: 'school' }, RULES);
		const b = addPlayer(doc, frameId, { name: 'Headteacher', group: 'school' }, RULES);
		expect(item(a).data).toEqual({ group: 'school', ring: 2 });
		expect(item(a).color).toBe('yellow');
		expect(intersects(item(a), item(b))).toBe(false);
		undo.stopCapturing();
		const c = addPlayer(doc, frameId, { name: 'DfE', group: 'strategic', ring: 4 }, RULES);
		expect(item(c).data.ring).toBe(4);
		undo.undo();
		expect(readElements(doc).some((e) => e.id === c)).toBe(false);
	});

	it('rejects an empty name or an unknown group', () => {
		const { doc, frameId } = board();
		expect(() => addPlayer(doc, frameId, { name: '  ', group: 'school' }, RULES)).toThrow();
		expect(() => addPlayer(doc, frameId, { name: 'X', group: 'aliens' as never }, RULES)).toThrow();
	});
});

describe('connections', () => {
	it('connects two players with a type and quality, and changes them', () => {
		const { doc, frameId } = board();
		const a = addPlayer(doc, frameId, { name: 'SENCO', group: 'school' }, RULES);
		const b = addPlayer(doc, frameId, { name: 'CAMHS', group: 'health' }, RULES);
		const link = connectPlayers(doc, a, b, { type: 'refers-to', quality: 'working' });
		const read = () => readElements(doc).find((e): e is Connector => e.id === link)!;
		expect(playersMapModel.linkData!.safeParse(read().data).success).toBe(true);
		setConnection(doc, link, { quality: 'strained' });
		expect(read().data).toEqual({ template: 'players-map', type: 'refers-to', quality: 'strained' });
		expect(() => setConnection(doc, link, { quality: 'awful' as never })).toThrow();
		expect(() => connectPlayers(doc, a, a, { type: 'other', quality: 'weak' })).toThrow();
	});
});

describe(setRings, () => {
	it('renames rings and keeps every player in its ring when one is added', () => {
		const { doc, frameId, frame, players } = board(true);
		const before = new Map(players().map((p) => [p.id, p.data.ring]));
		setRings(doc, frameId, [...ringsOf(frame()), 'National'], RULES);
		expect(ringsOf(frame())).toHaveLength(6);
		for (const p of players()) expect(p.data.ring, p.text).toBe(before.get(p.id));
	});

	it('moves players of a removed ring into the new outermost one', () => {
		const { doc, frameId, frame, players } = board(true);
		setRings(doc, frameId, ['Young person', 'Family and peers', 'School and local services'], RULES);
		const g = geometryOf(frame());
		for (const p of players()) {
			expect(p.data.ring).toBeLessThanOrEqual(2);
			expect(ringAt(g, { x: p.x + p.w / 2, y: p.y + p.h / 2 })).toBe(p.data.ring);
		}
	});

	it('refuses fewer than 3 or more than 6 rings, or blank names', () => {
		const { doc, frameId } = board();
		expect(() => setRings(doc, frameId, ['a', 'b'], RULES)).toThrow();
		expect(() => setRings(doc, frameId, ['a', 'b', 'c', 'd', 'e', 'f', 'g'], RULES)).toThrow();
		expect(() => setRings(doc, frameId, ['a', ' ', 'c'], RULES)).toThrow();
	});
});

describe(arrange, () => {
	it('spreads piled-up players without overlaps, each staying in its ring, in one transaction', () => {
		const { doc, frameId, frame, players } = board(true);
		const g = geometryOf(frame());
		// Pile every player of ring 3 on one spot.
		const spot = pointIn(g, 3, 0.5, 0.3);
		for (const p of players().filter((p) => p.data.ring === 3)) moveBy(doc, [p.id], spot.x - 95 - p.x, spot.y - 42 - p.y, LOCAL, RULES);
		const rings = new Map(players().map((p) => [p.id, p.data.ring]));
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		arrange(doc, frameId, RULES);
		expect(transactions).toBe(1);
		const after = players();
		for (const p of after) expect(p.data.ring, p.text).toBe(rings.get(p.id));
		for (let i = 0; i < after.length; i++)
			for (let j = i + 1; j < after.length; j++) expect(intersects(after[i], after[j]), `${after[i].text} / ${after[j].text}`).toBe(false);
		const once = JSON.stringify(after.map((p) => [p.x, p.y]));
		arrange(doc, frameId, RULES);
		expect(JSON.stringify(players().map((p) => [p.x, p.y]))).toBe(once);
	});
});

describe('living beside other templates', () => {
	it("keeps a player's group when another template places by a key named 'group'", () => {
		const doc = new Y.Doc();
		const other = { ...playersMapModel, id: 'other-template', placementKeys: ['group', 'layer'], assign: () => null };
		const rules: PlacementRules = { placement: composePlacementRule([playersMapModel, other]), link: null };
		const frameId = addExercise(doc, playersMapModel, { example: true, at: { x: 0, y: 0 }, rules: rules });
		const players = readElements(doc).filter((e): e is Item => e.kind === 'item' && e.parent === frameId);
		expect(players.every((p) => typeof p.data.group === 'string' && p.data.group !== 'other')).toBe(true);
		const id = addPlayer(doc, frameId, { name: 'Police', group: 'justice' }, rules);
		moveBy(doc, [id], 30, 30, LOCAL, rules);
		expect(readElements(doc).find((e) => e.id === id)!.data.group).toBe('justice');
	});
});
