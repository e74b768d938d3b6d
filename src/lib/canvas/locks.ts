/**
 * A lock badge on every element and frame a facilitator has locked, so people see before they try what the
 * server will refuse. Drawn on the overlay in board coordinates at a constant screen size, like the selection.
 */
import Konva from 'konva';
import type { Canvas } from './state.js';
import { rectOf } from './scene.js';
import { frameTask } from './timing.js';

/** The badge's size on screen, in pixels (a 44 px target is not needed: it is not a control). */
const SIZE = 22;

function badge(x: number, y: number, scale: number): Konva.Group {
	const s = SIZE / scale;
	const group = new Konva.Group({ x: x - s - 4 / scale, y: y + 4 / scale, listening: false, name: 'lock-badge' });
	group.add(new Konva.Rect({ width: s, height: s, cornerRadius: s / 4, fill: '#1f2937', opacity: 0.92 }));
	// A padlock: the body and the shackle, in white, drawn in a 16-unit box.
	const u = s / 16;
	group.add(new Konva.Rect({ x: 4 * u, y: 7.5 * u, width: 8 * u, height: 6 * u, cornerRadius: u, fill: '#fff' }));
	group.add(new Konva.Arc({ x: 8 * u, y: 7.5 * u, innerRadius: 2 * u, outerRadius: 3.3 * u, angle: 180, rotation: 180, fill: '#fff' }));
	return group;
}

/** Installs the badges; the host says which ids are locked and when that changes. */
export function installLocks(canvas: Canvas): () => void {
	const { host } = canvas;
	if (!host.lockedIds) return () => {};
	const group = new Konva.Group({ name: 'locks', listening: false });
	canvas.layers.overlay.add(group);
	const draw = () => {
		if (canvas.destroyed) return;
		group.destroyChildren();
		const scale = canvas.viewport.scale;
		for (const id of host.lockedIds!()) {
			const rect = rectOf(canvas.scene, id);
			if (rect) group.add(badge(rect.x + rect.w, rect.y, scale));
		}
		canvas.layers.overlay.batchDraw();
	};
	const task = frameTask(draw);
	let lastScale = canvas.viewport.scale;
	const offs = [
		// A change elsewhere on the board leaves the badges as they are (and the overlay undrawn).
		canvas.bus.on('scene', (changed) => {
			const locked = host.lockedIds!();
			if (group.getChildren().length !== locked.size || [...changed].some((id) => locked.has(id))) task.schedule();
		}),
		canvas.bus.on('overrides', () => task.schedule()),
		canvas.bus.on('viewport', (v) => {
			if (v.scale !== lastScale) task.schedule();
			lastScale = v.scale;
		}),
		host.onLocksChange?.(() => task.schedule()) ?? (() => {})
	];
	task.schedule();
	return () => {
		task.cancel();
		for (const off of offs) off();
		group.destroy();
	};
}
