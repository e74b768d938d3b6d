import { describe, expect, it } from 'vitest';
import { intersects, type Rect } from '$lib/shared/geometry.js';
import { arrangeInRings, candidates, pointIn, rebandPoint, ringAt, ringGeometry, ringLabelRects, slotInRing } from './layout.js';
import { DEFAULT_RINGS, PLAYER_SIZE } from './schema.js';

const frame = { x: 100, y: 50, w: 2200, h: 1400 };
const g = ringGeometry(frame, 5);
const names = [...DEFAULT_RINGS];
const centre = (r: Rect) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

describe(ringAt, () => {
	it('puts the centre in ring 0 and each band in its ring, from the inside out', () => {
		expect(ringAt(g, { x: g.cx, y: g.cy })).toBe(0);
		for (let k = 0; k < 5; k++) {
			expect(ringAt(g, pointIn(g, k, 0.5, 0))).toBe(k);
			expect(ringAt(g, pointIn(g, k, 0.5, 2))).toBe(k);
		}
	});

	it('changes ring exactly at the boundary ellipses, horizontally and vertically', () => {
		const boundary = g.rx * (2 / 5);
		expect(ringAt(g, { x: g.cx + boundary - 1, y: g.cy })).toBe(1);
		expect(ringAt(g, { x: g.cx + boundary + 1, y: g.cy })).toBe(2);
		const vertical = g.ry * (3 / 5);
		expect(ringAt(g, { x: g.cx, y: g.cy - vertical + 1 })).toBe(2);
		expect(ringAt(g, { x: g.cx, y: g.cy - vertical - 1 })).toBe(3);
	});

	it('counts the frame corners and the legend column as the outermost ring', () => {
		expect(ringAt(g, { x: frame.x + 5, y: frame.y + 5 })).toBe(4);
		expect(ringAt(g, { x: frame.x + frame.w - 50, y: frame.y + frame.h / 2 })).toBe(4);
	});

	it('scales with the number of rings', () => {
		const three = ringGeometry(frame, 3);
		expect(ringAt(three, pointIn(three, 2, 0.5, 1))).toBe(2);
		expect(ringAt(three, { x: frame.x, y: frame.y })).toBe(2);
	});
});

describe(slotInRing, () => {
	it('finds a place in every ring, inside the frame and clear of the ring names', () => {
		for (let ring = 0; ring < 5; ring++) {
			const at = slotInRing(g, names, ring, PLAYER_SIZE, []);
			const rect = { ...at, ...PLAYER_SIZE };
			expect(ringAt(g, centre(rect))).toBe(ring);
			expect(rect.x >= frame.x && rect.y >= frame.y && rect.x + rect.w <= frame.x + frame.w && rect.y + rect.h <= frame.y + frame.h).toBe(
				true
			);
			for (const label of ringLabelRects(g, names)) expect(intersects(rect, label)).toBe(false);
		}
	});

	it('avoids what is already there', () => {
		const first = { ...slotInRing(g, names, 2, PLAYER_SIZE, []), ...PLAYER_SIZE };
		const second = { ...slotInRing(g, names, 2, PLAYER_SIZE, [first]), ...PLAYER_SIZE };
		expect(intersects(first, second)).toBe(false);
		expect(ringAt(g, centre(second))).toBe(2);
	});
});

describe(arrangeInRings, () => {
	// Twenty players piled up at a few spots, some on top of one another.
	const pile = Array.from({ length: 20 }, (_, i) => {
		const ring = 1 + (i % 4);
		const c = pointIn(g, ring, 0.5, (i % 3) * 0.2);
		return { id: `p${String(i).padStart(2, '0')}`, x: c.x - 95, y: c.y - 42, ...PLAYER_SIZE };
	});

	it('keeps every player in its ring', () => {
		const out = arrangeInRings(g, names, pile);
		for (const p of pile) expect(ringAt(g, centre({ ...out.get(p.id)!, ...PLAYER_SIZE })), p.id).toBe(ringAt(g, centre(p)));
	});

	it('leaves no two players overlapping, nor any on a ring name', () => {
		const out = arrangeInRings(g, names, pile);
		const rects = pile.map((p) => ({ ...out.get(p.id)!, ...PLAYER_SIZE }));
		for (let i = 0; i < rects.length; i++) {
			for (let j = i + 1; j < rects.length; j++) expect(intersects(rects[i], rects[j]), `${pile[i].id} / ${pile[j].id}`).toBe(false);
			for (const label of ringLabelRects(g, names)) expect(intersects(rects[i], label)).toBe(false);
		}
	});

	it('is deterministic, whatever order the players come in', () => {
		const a = arrangeInRings(g, names, pile);
		const b = arrangeInRings(g, names, [...pile].reverse());
		expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
	});

	it('keeps clear of obstacles', () => {
		const spot = candidates(g, 1, PLAYER_SIZE)[0].rect;
		const out = arrangeInRings(g, names, pile, [spot]);
		for (const p of pile) expect(intersects({ ...out.get(p.id)!, ...PLAYER_SIZE }, spot)).toBe(false);
	});
});

describe(rebandPoint, () => {
	it('keeps a point in its ring when rings are added, and moves a lost ring into the new outermost', () => {
		const six = ringGeometry(frame, 6);
		const three = ringGeometry(frame, 3);
		for (let k = 0; k < 5; k++) expect(ringAt(six, rebandPoint(g, six, pointIn(g, k, 0.4, 1)))).toBe(k);
		expect(ringAt(three, rebandPoint(g, three, pointIn(g, 4, 0.5, 1)))).toBe(2);
		expect(ringAt(three, rebandPoint(g, three, pointIn(g, 1, 0.5, 1)))).toBe(1);
	});
});
