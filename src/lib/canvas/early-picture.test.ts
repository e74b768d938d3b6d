/**
 * The board's first picture and the canvas agree: the picture is drawn only at zooms where the canvas draws
 * plain notes and connectors far (rectangles and lines, src/lib/canvas/far.ts), in the canvas's colours.
 */
import { describe, expect, it } from 'vitest';
import { buildFarPicture, FAR_BELOW_SCALE, PLAIN_LINK_COLOR } from '$lib/doc/far-picture.js';
import { Element } from '$lib/doc/schema.js';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import { isFar } from './scene.js';
import type { Scene } from './state.js';
import { detailScale, DETAIL_STEPS, MAX_SCALE, MIN_SCALE } from './viewport.js';
import { CONNECTOR_COLOR } from './render/style.js';

const farAt = (scale: number) => isFar({ detail: detailScale(scale) } as Scene);

describe("the first picture's agreement with the canvas", () => {
	it('is drawn exactly where the canvas draws far', () => {
		const scales = [MIN_SCALE, ...DETAIL_STEPS, MAX_SCALE].flatMap((s) => [s * 0.999, s, s * 1.001]);
		for (const s of scales) expect(farAt(s), `scale ${s}`).toBe(s < FAR_BELOW_SCALE);
	});

	it("strokes plain connectors in the canvas's colour", () => {
		expect(PLAIN_LINK_COLOR).toBe(CONNECTOR_COLOR);
	});

	it('leaves out what the far canvas does not draw: connectors to connectors, to nothing, to themselves', () => {
		const el = (e: Record<string, unknown>) => Element.parse({ index: 'a0', parent: null, createdBy: 'p', ...e });
		const picture = buildFarPicture(
			[
				el({ kind: 'note', id: 'aaa', x: 0.04, y: 0, w: 200, h: 160, color: 'green', text: '' }),
				el({ kind: 'note', id: 'bbb', x: 0, y: 400.26, w: 200, h: 160, color: 'orange', text: '' }),
				el({ kind: 'connector', id: 'a-b', from: 'aaa', to: 'bbb' }),
				el({ kind: 'connector', id: 'to-connector', from: 'aaa', to: 'a-b' }),
				el({ kind: 'connector', id: 'to-nothing', from: 'aaa', to: 'gone' }),
				el({ kind: 'connector', id: 'self', from: 'aaa', to: 'aaa' })
			],
			() => null
		);
		expect(picture.notes).toEqual([
			[NOTE_COLORS.green, [0, 0, 200, 160]],
			[NOTE_COLORS.orange, [0, 400.3, 200, 160]]
		]);
		expect(picture.lines).toEqual([[CONNECTOR_COLOR, [100, 160, 100, 400.3]]]);
		expect(picture.bounds).toEqual({ x: 0, y: 0, w: 200.04, h: 560.26 });
	});
});
