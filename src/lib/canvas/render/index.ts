/**
 * Renderers by element kind: plain objects that map one element to Konva nodes. The scene calls
 * `create` once, `update` on every change, `destroy` on removal; a renderer never writes the doc and
 * never keeps its own state beyond its nodes. Templates register theirs with `registerRenderer`.
 *
 * The root group's `visible` belongs to the scene (off-screen culling): hide children instead.
 */
import type Konva from 'konva';
import type { Rect } from '$lib/shared/geometry.js';
import { noteRenderer } from './note.js';
import { textRenderer } from './text.js';
import { frameRenderer } from './frame.js';
import { connectorRenderer } from './connector.js';

export interface RenderContext {
	/** Where a box is drawn right now (including a drag or resize in progress); null when it is not there. */
	rectOf(id: string): Rect | null;
	/** The element whose text the in-place editor covers: its renderer hides that text. */
	editingId: string | null;
}

export interface ElementRenderer<E extends { id: string; kind: string } = { id: string; kind: string }> {
	create(element: E, ctx: RenderContext): Konva.Group;
	update(node: Konva.Group, element: E, ctx: RenderContext): void;
	destroy?(node: Konva.Group): void;
	/** Drawn below every kind that is not background (frames, template backdrops). */
	background?: boolean;
}

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
