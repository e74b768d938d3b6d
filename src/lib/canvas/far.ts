/**
 * Far zoom (level of detail): zoomed out so far that no note text is readable, plain notes and
 * connectors are drawn by one shape, a rectangle per note batched by colour and one path per connector
 * colour, instead of a Konva group each. A big board then redraws in a few milliseconds when one note
 * moves. Template items, frames and whatever is being dragged keep their own nodes.
 */
import Konva from 'konva';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import type { Canvas } from './state.js';
import { drawnFar, isFar, rectOf } from './scene.js';
import { connectorPoints } from './hit-test.js';
import { CONNECTOR_COLOR } from './render/style.js';

/** The shape that draws far elements; one per canvas, between frames and items. */
export function createFarShape(canvas: Canvas): Konva.Shape {
	const shape = new Konva.Shape({
		name: 'far',
		listening: false,
		perfectDrawEnabled: false,
		sceneFunc(context) {
			const { scene } = canvas;
			const counted = shape as Konva.Shape & { notesDrawn?: number };
			counted.notesDrawn = 0;
			if (!isFar(scene)) return;
			const c = (context as unknown as { _context: CanvasRenderingContext2D })._context;
			const notes = new Map<string, number[]>();
			const lines = new Map<string, number[]>();
			for (const id of scene.shown) {
				const el = scene.elements.get(id);
				if (!drawnFar(el)) continue;
				// Being dragged: drawn by its own node in the drag layer.
				if (scene.nodes.get(id)?.getParent() !== canvas.groups.items) continue;
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
			counted.notesDrawn = n;
		}
	});
	return shape;
}
