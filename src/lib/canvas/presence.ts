/**
 * Other people on the board: their cursors (pointer and name tag in their colour), their selections
 * (outlines in their colour) and their drags in progress (a ghost of what they are moving).
 * Awareness states are untrusted and go through readPresence; rendering is coalesced to one per frame.
 */
import Konva from 'konva';
import { readPresence, type Presence } from '$lib/doc/presence.js';
import { isBox } from '$lib/doc/schema.js';
import type { Canvas } from './state.js';
import { ensureNode, rectOf } from './scene.js';
import { frameTask } from './timing.js';
import { FONT_FAMILY } from './render/style.js';

const POINTER_PATH = 'M0 0 L0 17 L4.6 12.8 L8 19.6 L11 18.2 L7.7 11.6 L13.6 11.6 Z';

interface Remote {
	cursor: Konva.Group;
	selection: Konva.Group;
	selectionKey: string;
	ghost: Konva.Group;
	ghostKey: string;
	/** The drag this ghost was hidden for, because the drop already reached the doc. */
	staleDrag: string | null;
}

function makeCursor(p: Presence): Konva.Group {
	const group = new Konva.Group({ listening: false });
	group.add(
		new Konva.Path({ data: POINTER_PATH, fill: p.user.color, stroke: '#ffffff', strokeWidth: 1.5, lineJoin: 'round', listening: false })
	);
	const label = new Konva.Label({ x: 12, y: 20, listening: false });
	label.add(
		new Konva.Tag({ fill: p.user.color, cornerRadius: 4, listening: false }),
		new Konva.Text({
			text: p.user.name.slice(0, 32) || 'Someone',
			fontFamily: FONT_FAMILY,
			fontSize: 12,
			fontStyle: 'bold',
			fill: '#ffffff',
			padding: 4,
			listening: false
		})
	);
	group.add(label);
	return group;
}

function dragKey(p: Presence): string {
	return p.drag ? `${p.drag.ids.join(',')}|${p.drag.dx}|${p.drag.dy}` : '';
}

export function installPresence(canvas: Canvas): () => void {
	const { awareness } = canvas.host;
	const remotes = new Map<number, Remote>();
	const layer = canvas.groups.presence;

	const render = () => {
		if (canvas.destroyed) return;
		const presences = readPresence(awareness.getStates() as Map<number, Record<string, unknown>>, awareness.clientID);
		const scale = canvas.viewport.scale;
		for (const [clientId, remote] of remotes) {
			if (presences.has(clientId)) continue;
			remote.cursor.destroy();
			remote.selection.destroy();
			remote.ghost.destroy();
			remotes.delete(clientId);
		}
		for (const [clientId, p] of presences) {
			let remote = remotes.get(clientId);
			if (!remote || remote.cursor.getAttr('userKey') !== `${p.user.name}|${p.user.color}`) {
				remote?.cursor.destroy();
				const cursor = makeCursor(p);
				cursor.setAttr('userKey', `${p.user.name}|${p.user.color}`);
				if (!remote) {
					remote = {
						cursor,
						selection: new Konva.Group({ listening: false }),
						selectionKey: '',
						ghost: new Konva.Group({ listening: false }),
						ghostKey: '',
						staleDrag: null
					};
					layer.add(remote.ghost, remote.selection);
					remotes.set(clientId, remote);
				} else remote.cursor = cursor;
				layer.add(cursor);
			}
			// Cursor: constant size on screen.
			remote.cursor.visible(!!p.cursor);
			if (p.cursor) remote.cursor.setAttrs({ x: p.cursor.x, y: p.cursor.y, scaleX: 1 / scale, scaleY: 1 / scale });
			remote.cursor.moveToTop();
			drawSelection(canvas, remote, p);
			drawGhost(canvas, remote, p);
		}
		canvas.layers.overlay.batchDraw();
	};

	const task = frameTask(render);
	/** Whether anyone else has something selected or is dragging (raw states: only to decide whether to render). */
	const othersSelectOrDrag = () => {
		for (const [clientId, state] of awareness.getStates()) {
			if (clientId === awareness.clientID) continue;
			const s = state as { selection?: unknown; drag?: unknown };
			if ((Array.isArray(s.selection) && s.selection.length > 0) || s.drag) return true;
		}
		for (const remote of remotes.values()) if (remote.selection.hasChildren() || remote.ghost.hasChildren()) return true;
		return false;
	};
	const onChange = () => task.schedule();
	awareness.on('change', onChange);
	const offScene = canvas.bus.on('scene', (changed) => {
		// A drop that reached the doc before the drag cleared: hide the ghost rather than show it twice moved.
		for (const remote of remotes.values()) {
			if (
				remote.ghostKey &&
				remote.ghostKey
					.split('|')[0]
					.split(',')
					.some((id) => changed.has(id))
			) {
				remote.staleDrag = remote.ghostKey;
				remote.ghost.visible(false);
			}
		}
		// Cursors are in board coordinates: only others' selections and drags follow the elements. Without
		// any, a change on the board leaves presence (and the overlay) as drawn.
		if (othersSelectOrDrag()) task.schedule();
	});
	const offViewport = canvas.bus.on('viewport', () => task.schedule());
	render();
	return () => {
		task.cancel();
		awareness.off('change', onChange);
		offScene();
		offViewport();
		for (const remote of remotes.values()) {
			remote.cursor.destroy();
			remote.selection.destroy();
			remote.ghost.destroy();
		}
		remotes.clear();
	};
}

function drawSelection(canvas: Canvas, remote: Remote, p: Presence): void {
	const key = `${p.selection.join(',')}|${dragKey(p)}|${canvas.scene.version}|${canvas.viewport.scale}`;
	if (key === remote.selectionKey) return;
	remote.selectionKey = key;
	remote.selection.destroyChildren();
	const dragged = new Set(p.drag?.ids ?? []);
	const gap = 5 / canvas.viewport.scale;
	let first = true;
	for (const id of p.selection) {
		const el = canvas.scene.elements.get(id);
		if (!el || !isBox(el)) continue;
		const r = rectOf(canvas.scene, id)!;
		const dx = dragged.has(id) ? p.drag!.dx : 0;
		const dy = dragged.has(id) ? p.drag!.dy : 0;
		remote.selection.add(
			new Konva.Rect({
				x: r.x + dx - gap,
				y: r.y + dy - gap,
				width: r.w + 2 * gap,
				height: r.h + 2 * gap,
				stroke: p.user.color,
				strokeWidth: 2,
				strokeScaleEnabled: false,
				cornerRadius: 4 / canvas.viewport.scale,
				listening: false
			})
		);
		if (first) {
			// Whose selection this is, small, at the top-right corner.
			first = false;
			const s = 1 / canvas.viewport.scale;
			const tag = new Konva.Label({ x: r.x + dx + r.w + gap, y: r.y + dy - gap, scaleX: s, scaleY: s, listening: false });
			tag.add(
				new Konva.Tag({ fill: p.user.color, cornerRadius: 3, pointerDirection: 'none', listening: false }),
				new Konva.Text({
					text: p.user.name.slice(0, 24),
					fontFamily: FONT_FAMILY,
					fontSize: 11,
					fill: '#ffffff',
					padding: 3,
					listening: false
				})
			);
			tag.offsetX(tag.width());
			tag.offsetY(tag.height());
			remote.selection.add(tag);
		}
	}
}

function drawGhost(canvas: Canvas, remote: Remote, p: Presence): void {
	const key = dragKey(p);
	if (!key) {
		remote.ghost.destroyChildren();
		remote.ghostKey = '';
		remote.staleDrag = null;
		return;
	}
	const ids = p.drag!.ids.join(',');
	if (remote.ghostKey.split('|')[0] !== ids || remote.ghost.getChildren().length === 0) {
		remote.ghost.destroyChildren();
		for (const id of p.drag!.ids) {
			const el = canvas.scene.elements.get(id);
			if (!el || !isBox(el)) continue;
			// Far out or off screen the element may have no node yet: the ghost needs one to copy.
			const node = ensureNode(canvas, id);
			if (!node) continue;
			const clone = node.clone({ listening: false, visible: true }) as Konva.Group;
			remote.ghost.add(clone);
		}
	}
	remote.ghostKey = key;
	remote.ghost.setAttrs({ x: p.drag!.dx, y: p.drag!.dy, opacity: 0.55 });
	remote.ghost.visible(remote.staleDrag !== key);
}
