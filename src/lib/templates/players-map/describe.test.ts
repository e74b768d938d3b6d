import { describe as suite, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readElements, type Element, type Frame, type PlacementRules } from '$lib/doc/index.js';
import { composePlacementRule } from '../kit/placement.js';
import { addExercise } from '../kit/seed.js';
import { addPlayer } from './binding.js';
import { describe } from './describe.js';
import { playersMapModel } from './model.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule([playersMapModel]), link: null };

function example() {
	const doc = new Y.Doc();
	const frameId = addExercise(doc, playersMapModel, { example: true, at: { x: 0, y: 0 }, rules: RULES });
	const all = readElements(doc);
	const frame = all.find((e): e is Frame => e.id === frameId)!;
	const byId = new Map<string, Element>(all.map((e) => [e.id, e]));
	const say = (el: Element) => describe(el, { byId, frame });
	return { doc, frameId, all, frame, say };
}

suite(describe, () => {
	it('describes a player with its group, ring and connections', () => {
		const { all, say } = example();
		const senco = all.find((e) => e.kind === 'item' && e.text === 'SENCO')!;
		expect(say(senco)).toBe('Player: SENCO (School), ring 2: The school, 3 connections');
	});

	it('describes a connection in words, with its quality', () => {
		const { all, say } = example();
		const sencoId = all.find((e) => e.kind === 'item' && e.text === 'SENCO')!.id;
		const camhsId = all.find((e) => e.kind === 'item' && e.text === 'CAMHS')!.id;
		const link = all.find((e) => e.kind === 'connector' && e.from === sencoId && e.to === camhsId)!;
		expect(say(link)).toBe('Connection: SENCO refers to CAMHS, working relationship');
	});

	it('describes the frame by its players and rings', () => {
		const { frame, say } = example();
		expect(say(frame)).toBe('System-Players Map frame with 17 players in 5 rings');
	});

	it('names a player with no group "Other" and a blank one "an unnamed player"', () => {
		const { doc, frameId, frame } = example();
		const id = addPlayer(doc, frameId, { name: 'Advocate' }, RULES);
		const all = readElements(doc);
		const el = all.find((e) => e.id === id)!;
		const text = describe(el, { byId: new Map(all.map((e) => [e.id, e])), frame });
		expect(text).toBe('Player: Advocate (Other), ring 3: Local services and settings, 0 connections');
	});
});
