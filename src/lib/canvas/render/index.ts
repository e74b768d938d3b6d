/**
 * Renderers by element kind: plain objects that map one element to Konva nodes. The scene calls
 * `create` once, `update` on every change, `destroy` on removal; a renderer never writes the doc and
 * never keeps its own state beyond its nodes. Templates register theirs with `registerRenderer`.
 *
 * The root group's `visible` belongs to the scene (off-screen culling): hide children instead.
 */
import { noteRenderer } from './note.js';
import { textRenderer } from './text.js';
import { frameRenderer } from './frame.js';
import { connectorRenderer } from './connector.js';

export type { RenderContext, ElementRenderer } from './contract.js';
export { readable } from './contract.js';
import type { ElementRenderer } from './contract.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const renderers = new Map<string, ElementRenderer<any>>();

/**
 * Registers (or replaces) the renderer for a kind; returns the function that removes it.
 * @example registerRenderer('variable', { create, update })
 */
export function registerRenderer<E extends { id: string; kind: string }>(kind: string, renderer: ElementRenderer<E>): () => void {
	renderers.set(kind, renderer);
	return () => {
		if (renderers.get(kind) === renderer) renderers.delete(kind);
	};
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function getRenderer(kind: string): ElementRenderer<any> | undefined {
	return renderers.get(kind);
}

registerRenderer('note', noteRenderer);
registerRenderer('text', textRenderer);
registerRenderer('frame', frameRenderer);
registerRenderer('connector', connectorRenderer);
