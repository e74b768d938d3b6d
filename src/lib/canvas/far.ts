/**
 * Far zoom (level of detail): zoomed out so far that no note text is readable, plain notes and
 * connectors are drawn by one shape, a rectangle per note batched by colour and one path per connector
 * colour, from the scene's elements in view, instead of a Konva group each (they have no nodes out here:
 * scene.ts builds none for them). Template items, frames and whatever is being dragged keep their own nodes.
 *
 * The shape keeps its drawing as a bitmap (one canvas the size of the layer's): while the view stays put,
 * a change redraws only the regions it touched (the places a note left and entered, `scene.farDirty`),
 * and the shape copies the bitmap; rasterising thousands of rectangles and lines again for one moved
 * note was most of a remote move's cost. A new view or detail band, or a wider canvas, draws it whole; a
 * narrower one (a side panel opening beside it) keeps the drawing and shows the part still in view.
 */
import Konva from 'konva';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import type { Rect } from '$lib/shared/geometry.js';
import { intersects } from '$lib/shared/geometry.js';
import type { Canvas } from './state.js';
import { drawnFar, isFar, markFar, rectOf } from './scene.js';
import { connectorPoints } from './hit-test.js';
import { CONNECTOR_COLOR } from './render/style.js';
import { deviceRegion, MAX_DIRTY, redrawRegion } from './far-regions.js';

/** Draws the far elements among `ids` (board coordinates; the context carries the view's transform). */
function drawElements(canvas: Canvas, c: CanvasRenderingContext2D, ids: Iterable<string>, within: Rect | null): number {
	const { scene } = canvas;
	const notes = new Map<string, number[]>();
	const lines = new Map<string, number[]>();
	for (const id of ids) {
		const el = scene.elements.get(id);
		if (!drawnFar(el) || !scene.shown.has(id)) continue;
		// Being dragged: drawn by its own node in the drag layer. (Most have no node at all out here.)
		const node = scene.nodes.get(id);
		if (node && node.getParent() !== canvas.groups.items) continue;
		if (within) {
			const bounds = scene.grid.get(id);
			if (bounds && !intersects(bounds, within)) continue;
		}
		if (el!.kind === 'note') {
			const r = rectOf(scene, id);
			if (!r) continue;
			const color = NOTE_COLORS[el!.color] ?? NOTE_COLORS.yellow;
			let list = notes.get(color);
			if (!list) notes.set(color, (list = []));
			list.push(r.x, r.y, r.w, r.h);
		} else if (el!.kind === 'connector') {
			const from = rectOf(scene, el!.from);
			const to = rectOf(scene, el!.to);
			if (!from || !to || el!.from === el!.to) continue;
			const [a, b] = connectorPoints(from, to);
			const color = scene.renderers.connectorStyle(el!).color ?? CONNECTOR_COLOR;
			let list = lines.get(color);
			if (!list) lines.set(color, (list = []));
			list.push(a.x, a.y, b.x, b.y);
		}
	}
	// About one screen pixel, whatever the zoom.
	c.lineWidth = 1 / canvas.viewport.scale;
	for (const [color, p] of lines) {
		c.beginPath();
		for (let i = 0; i < p.length; i += 4) {
			c.moveTo(p[i], p[i + 1]);
			c.lineTo(p[i + 2], p[i + 3]);
		}
		c.strokeStyle = color;
		c.stroke();
	}
	let n = 0;
	for (const [color, p] of notes) {
		c.beginPath();
		for (let i = 0; i < p.length; i += 4) c.rect(p[i], p[i + 1], p[i + 2], p[i + 3]);
		c.fillStyle = color;
		c.fill();
		n += p.length / 4;
	}
	return n;
}

/** The shape that draws far elements; one per canvas, between frames and items. */
export function createFarShape(canvas: Canvas): Konva.Shape {
	// This canvas's bitmap of the far drawing, what it was drawn for (the view, not the size), and how much of
	// it is kept up to date: a narrower canvas (a side panel opening) shows the same view cropped, so it keeps
	// the bitmap and copies its corner instead of drawing every note again; a wider one draws it whole.
	let cache: { bitmap: HTMLCanvasElement; key: string; notes: number; width: number; height: number } | null = null;
	const shape = new Konva.Shape({
		name: 'far',
		listening: false,
		perfectDrawEnabled: false,
		sceneFunc(context) {
			const { scene } = canvas;
			const counted = shape as Konva.Shape & { notesDrawn?: number };
			counted.notesDrawn = 0;
			if (!isFar(scene)) {
				cache = null;
				scene.farDirty = [];
				return;
			}
			const c = (context as unknown as { _context: CanvasRenderingContext2D })._context;
			const target = c.canvas;
			const ratio = context.getCanvas().getPixelRatio();
			const v = canvas.viewport;
			const key = `${v.x},${v.y},${v.scale},${scene.detail},${ratio}`;
			const fits = cache !== null && target.width <= cache.width && target.height <= cache.height;
			const whole = !cache || !fits || cache.key !== key || scene.farDirty === 'all' || scene.farDirty.length > MAX_DIRTY;
			if (!cache || (whole && (cache.bitmap.width !== target.width || cache.bitmap.height !== target.height))) {
				const bitmap = cache?.bitmap ?? document.createElement('canvas');
				bitmap.width = target.width;
				bitmap.height = target.height;
				cache = { bitmap, key, notes: 0, width: target.width, height: target.height };
			}
			// Only the part in view is kept up to date from here on (a change redraws its regions within it).
			cache.width = target.width;
			cache.height = target.height;
			const b = cache.bitmap.getContext('2d');
			if (!b) return;
			const toBoard = () => b.setTransform(ratio * v.scale, 0, 0, ratio * v.scale, -v.x * v.scale * ratio, -v.y * v.scale * ratio);
			if (whole) {
				b.setTransform(1, 0, 0, 1, 0, 0);
				b.clearRect(0, 0, target.width, target.height);
				toBoard();
				cache.notes = drawElements(canvas, b, scene.shown, null);
				cache.key = key;
			} else {
				for (const dirty of scene.farDirty as Rect[]) {
					const px = deviceRegion(dirty, v, ratio, target.width, target.height);
					if (!px) continue;
					redrawRegion(b, px, () => {
						toBoard();
						drawElements(canvas, b, scene.grid.near(dirty), dirty);
					});
				}
			}
			scene.farDirty = [];
			c.save();
			c.setTransform(1, 0, 0, 1, 0, 0);
			c.drawImage(cache.bitmap, 0, 0, target.width, target.height, 0, 0, target.width, target.height);
			c.restore();
			counted.notesDrawn = cache.notes;
		}
	});
	// A live resize draws the box where the transformer has it: the far drawing follows it whole.
	canvas.bus.on('overrides', () => markFar(canvas.scene, 'all'));
	return shape;
}
