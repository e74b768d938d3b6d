import { describe, expect, it } from 'vitest';
import { followView, isNarrow, landingRect, readableView } from './phone-view.js';
import { presenterTarget } from './presenter.js';
import { READABLE_SCALE, boardToScreen } from '$lib/canvas/viewport.js';
import type { Element } from '$lib/doc/schema.js';

const frame = (id: string, x: number, title: string, template: string | null = null) =>
	({
		id,
		kind: 'frame',
		index: 'a0',
		parent: null,
		data: {},
		x,
		y: 0,
		w: 2000,
		h: 1500,
		title,
		template,
		locked: false
	}) as unknown as Element;
const elements = [frame('players', 0, 'System players'), frame('iceberg', 2400, 'The Iceberg'), frame('hmw', 4800, 'How might we')];
const phone = { width: 390, height: 760 };
const laptop = { width: 1400, height: 840 };

describe(landingRect, () => {
	it('lands on the exercise the current phase names', () => {
		const rect = landingRect(elements, { phases: ['System players', 'Iceberg'], current: 1 }, [], true);
		expect(rect).toMatchObject({ x: 2400, w: 2000 });
	});

	it('without a phase: the first exercise on a phone, the whole board (null) on a laptop', () => {
		const none = { phases: [], current: null };
		expect(landingRect(elements, none, [], true)).toMatchObject({ x: 0 });
		expect(landingRect(elements, none, [], false)).toBeNull();
	});
});

describe(readableView, () => {
	it('keeps a phone at a readable zoom, and fits a laptop whole', () => {
		const rect = { x: 2400, y: -32, w: 2000, h: 1532 };
		expect(readableView(rect, phone).scale).toBe(READABLE_SCALE);
		expect(readableView(rect, laptop).scale).toBeLessThan(READABLE_SCALE);
		expect(isNarrow(phone.width)).toBe(true);
	});
});

describe(followView, () => {
	it('shows a phone the middle of what the facilitator sees, readable; a laptop all of it', () => {
		const rect = { x: 0, y: 0, w: 6000, h: 3000 };
		const v = followView(rect, phone);
		expect(v.scale).toBe(READABLE_SCALE);
		const middle = boardToScreen(v, { x: 3000, y: 1500 });
		expect(middle.x).toBeCloseTo(195);
		expect(middle.y).toBeCloseTo(380);
		expect(followView(rect, laptop).scale).toBeCloseTo(1400 / 6000);
	});

	it('on a phone, shows the exercise where the facilitator is looking rather than empty board between', () => {
		const frames = [
			{ x: 0, y: 0, w: 2000, h: 1500 },
			{ x: 2400, y: 0, w: 2000, h: 1500 }
		];
		// The whole board, a little taller than the frames: its middle (2200, 1000) is between them, nearer the second.
		const v = followView({ x: 0, y: -500, w: 4600, h: 3000 }, phone, undefined, frames);
		expect(v.scale).toBe(READABLE_SCALE);
		const corner = boardToScreen(v, { x: 2400, y: -32 });
		expect(corner.x).toBeCloseTo(12);
		expect(corner.y).toBeCloseTo(12);
	});
});

describe(presenterTarget, () => {
	const agenda = { phases: ['System players', 'Iceberg'], current: 1 };
	it('follows the facilitator while they lead, else the current exercise, else the whole board', () => {
		const follow = { by: 'alex', name: 'Alex', rect: { x: 10, y: 20, w: 300, h: 200 } };
		expect(presenterTarget(follow, elements, agenda, [])).toEqual({ kind: 'follow', rect: follow.rect });
		expect(presenterTarget(null, elements, agenda, [])).toMatchObject({ kind: 'exercise', id: 'iceberg' });
		expect(presenterTarget(null, elements, { phases: [], current: null }, [])).toBeNull();
	});
});
