import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readElements, type Frame, type PlacementRules } from '$lib/doc/index.js';
import { composePlacementRule } from '../kit/placement.js';
import { blockStrings, contentsOf } from '../kit/model.js';
import { addExercise } from '../kit/seed.js';
import { causalLoopModel } from './model.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule([causalLoopModel]), link: null };

describe('the causal-loop report part', () => {
	it('lists every loop of the worked example with its type and members, every link with its sign, and the picture', () => {
		const doc = new Y.Doc();
		const frameId = addExercise(doc, causalLoopModel, { example: true, at: { x: 0, y: 0 }, rules: RULES });
		const elements = readElements(doc);
		const frame = elements.find((e): e is Frame => e.id === frameId)!;
		const contents = contentsOf(frame, elements);
		const part = causalLoopModel.report!(contents, { byId: new Map(elements.map((e) => [e.id, e])), frame, elements, votes: new Map() });
		const loops = part.tables.find((t) => t.title === 'Loops')!;
		expect(loops.rows.map((r) => `${r.loop} ${r.name} ${r.type}`)).toEqual([
			'B1 Accountability brake balancing',
			'B2 Gatekeeping balancing',
			'R1 Sanctions–absence vicious cycle reinforcing',
			'R2 Stuck at the high end reinforcing'
		]);
		expect(loops.rows[3].members).toBe('Exclusions → Spend on AP places → Resource for early intervention → Needs escalating to crisis');
		const links = part.tables.find((t) => t.title === 'Causal links')!;
		expect(links.rows).toHaveLength(contents.links.length);
		expect(links.rows.every((r) => /^(same way \(\+\)|opposite ways \(−\))$/.test(String(r.polarity)))).toBe(true);
		const words = part.blocks.flatMap(blockStrings).join('\n');
		expect(words).toContain('R2 Stuck at the high end (reinforcing, 4 variables');
		expect(part.svg).toMatch(/^<svg/);
	});
});
