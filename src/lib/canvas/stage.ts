/**
 * The Konva stage and its three layers (Konva warns above five). The stage carries the viewport
 * transform, so every layer draws in board coordinates. The background and its dot grid are the content
 * layer's first shape, not a layer of their own: every canvas on the page costs main-thread time at each
 * frame any of them changes (see hideWhileEmpty), and the content layer is drawn whenever the view moves.
 */
import Konva from 'konva';
import type { Groups, Layers } from './state.js';

export function createStage(container: HTMLDivElement): { stage: Konva.Stage; layers: Layers; groups: Groups } {
	const stage = new Konva.Stage({
		container,
		width: Math.max(1, container.clientWidth),
		height: Math.max(1, container.clientHeight)
	});
	const layers: Layers = {
		content: new Konva.Layer({ listening: false }),
		drag: new Konva.Layer({ listening: false }),
		// Only the transformer's handles listen; everything else in the overlay sets listening: false.
		overlay: new Konva.Layer()
	};
	const groups: Groups = {
		frames: new Konva.Group({ name: 'frames' }),
		items: new Konva.Group({ name: 'items' }),
		fronts: new Konva.Group({ name: 'fronts', listening: false }),
		moving: new Konva.Group({ name: 'moving' }),
		following: new Konva.Group({ name: 'following' }),
		selection: new Konva.Group({ name: 'selection', listening: false }),
		presence: new Konva.Group({ name: 'presence', listening: false }),
		tools: new Konva.Group({ name: 'tools', listening: false })
	};
	layers.content.add(groups.frames, groups.items, groups.fronts);
	layers.drag.add(groups.following, groups.moving);
	layers.overlay.add(groups.selection, groups.tools, groups.presence);
	stage.add(layers.content, layers.drag, layers.overlay);
	return { stage, layers, groups };
}

/**
 * Whether `node` draws anything: visible, and for a group, with something in it that does (a transformer:
 * attached; a rectangle: filled or stroked, not the transformer's invisible proxy).
 */
function draws(node: Konva.Node): boolean {
	if (!node.visible()) return false;
	if (node instanceof Konva.Transformer) return node.nodes().length > 0;
	if (node instanceof Konva.Rect) return node.hasFill() || node.hasStroke();
	return node instanceof Konva.Container ? node.getChildren().some(draws) : true;
}

/**
 * Takes a layer's canvas off the page while it draws nothing (after each drawing of it). Chromium hands
 * every canvas on the page to the compositor again whenever any of them changes (about 0.7 ms for a
 * 1400×900 canvas on a software-rendered page), and the drag layer and the overlay are empty most of the time.
 */
export function hideWhileEmpty(layer: Konva.Layer): () => void {
	const onDraw = () => {
		const el = layer.getNativeCanvasElement();
		const display = layer.getChildren().some(draws) ? '' : 'none';
		if (el.style.display !== display) el.style.display = display;
	};
	layer.on('draw', onDraw);
	onDraw();
	return () => layer.off('draw', onDraw);
}
