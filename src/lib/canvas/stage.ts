/**
 * The Konva stage and its four layers (Konva warns above five). The stage carries the viewport
 * transform, so every layer draws in board coordinates.
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
		chrome: new Konva.Layer({ listening: false }),
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
	stage.add(layers.chrome, layers.content, layers.drag, layers.overlay);
	return { stage, layers, groups };
}
