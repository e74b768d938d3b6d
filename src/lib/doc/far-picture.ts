/**
 * The board's first picture: what the canvas draws zoomed far out (src/lib/canvas/far.ts), in a compact form
 * the server keeps beside its copy of the board and a board page fetches while its scripts load
 * (`GET /api/boards/:id/picture`; src/early-sync.js draws it before the app exists, and the app takes over
 * from it with the same view). Plain notes are rectangles batched by fill colour and connectors straight
 * lines batched by colour, as the far shape draws them; other boxes (frames, template items, text) are
 * outlines until the app draws them. The coordinates are board units, rounded to a tenth.
 */
import { z } from 'zod';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import { boundsOf, edgePoint, rectCenter, type Rect } from '$lib/shared/geometry.js';
import type { Connector, Element } from './schema.js';

/** Drawn far (plain notes as rectangles, no text) below this zoom: src/lib/canvas/scene.ts `isFar`, checked by far-picture.test.ts. */
export const FAR_BELOW_SCALE = 0.2;
/** The colour of a plain connector (src/lib/canvas/render/style.ts CONNECTOR_COLOR, checked by far-picture.test.ts). */
export const PLAIN_LINK_COLOR = '#475569';
/** Room above a frame for its title, which a fit leaves in view (src/lib/canvas/view.ts `boundsOfIds`). */
const FRAME_TITLE = 32;

const Numbers = z.array(z.number().finite()).max(4_000_000);
const Batch = z.tuple([z.string().regex(/^#[0-9a-f]{6}$/i), Numbers]);
export const FarPicture = z
	.object({
		v: z.literal(1),
		/** What the app's zoom to fit frames (every element, frames with their title), or null on an empty board. */
		bounds: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).nullable(),
		farBelow: z.number().positive(),
		/** [fill, [x, y, w, h, x, y, w, h, …]] per note colour. */
		notes: z.array(Batch).max(64),
		/** [stroke, [x1, y1, x2, y2, …]] per connector colour. */
		lines: z.array(Batch).max(64),
		/** [x, y, w, h, …] of every other box, outlined. */
		boxes: Numbers
	})
	.strict();
export type FarPicture = z.infer<typeof FarPicture>;

const tenth = (n: number) => Math.round(n * 10) / 10;

/** The picture of `elements`; `linkColor` is a template connector's colour (null: a plain one). */
export function buildFarPicture(elements: readonly Element[], linkColor: (connector: Connector) => string | null): FarPicture {
	const byId = new Map<string, Element>();
	for (const el of elements) byId.set(el.id, el);
	const notes = new Map<string, number[]>();
	const lines = new Map<string, number[]>();
	const boxes: number[] = [];
	const rects: Rect[] = [];
	const push = (batches: Map<string, number[]>, color: string, ...values: number[]) => {
		let list = batches.get(color);
		if (!list) batches.set(color, (list = []));
		for (const v of values) list.push(tenth(v));
	};
	for (const el of elements) {
		if (el.kind === 'connector') {
			const from = byId.get(el.from);
			const to = byId.get(el.to);
			if (!from || !to || from.kind === 'connector' || to.kind === 'connector' || el.from === el.to) continue;
			const a = edgePoint(from, rectCenter(to));
			const b = edgePoint(to, rectCenter(from));
			push(lines, linkColor(el) ?? PLAIN_LINK_COLOR, a.x, a.y, b.x, b.y);
			continue;
		}
		rects.push(el.kind === 'frame' ? { x: el.x, y: el.y - FRAME_TITLE, w: el.w, h: el.h + FRAME_TITLE } : el);
		if (el.kind === 'note') push(notes, NOTE_COLORS[el.color] ?? NOTE_COLORS.yellow, el.x, el.y, el.w, el.h);
		else boxes.push(tenth(el.x), tenth(el.y), tenth(el.w), tenth(el.h));
	}
	return { v: 1, bounds: boundsOf(rects), farBelow: FAR_BELOW_SCALE, notes: [...notes], lines: [...lines], boxes };
}
