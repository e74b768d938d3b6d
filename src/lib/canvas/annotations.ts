/**
 * Annotations: what the host knows about elements beyond the content document (the dots a vote puts on
 * question cards come from the server). The host hands a source in when the canvas mounts
 * (`host.annotations`); renderers read it through `RenderContext.annotation`, and when it changes for
 * some elements, only their nodes are redrawn.
 */
import type { Canvas } from './state.js';
import { renderContext, renderElement } from './scene.js';

/** A source of annotations by element id. */
export interface Annotations {
	get(id: string): unknown;
	/** Hears which ids' annotations changed; returns the function that stops listening. */
	onChange(listener: (ids: ReadonlySet<string>) => void): () => void;
}

/** A source the host sets from its own state: `set` tells listeners only the ids whose value changed. */
export interface AnnotationStore<T> extends Annotations {
	get(id: string): T | undefined;
	/** Replaces every annotation (an id left out has none). */
	set(next: ReadonlyMap<string, T>): void;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * An annotation store; `same` decides whether a value changed (by default: equal as JSON).
 * @example const dots = createAnnotations<CardDots>(); $effect(() => dots.set(board.votes.cardDots))
 */
export function createAnnotations<T>(same: (a: T, b: T) => boolean = sameJson): AnnotationStore<T> {
	let current: ReadonlyMap<string, T> = new Map();
	const listeners = new Set<(ids: ReadonlySet<string>) => void>();
	return {
		get: (id) => current.get(id),
		set(next) {
			const changed = new Set<string>();
			for (const [id, value] of next) {
				const before = current.get(id);
				if (before === undefined || !same(before, value)) changed.add(id);
			}
			for (const id of current.keys()) if (!next.has(id)) changed.add(id);
			current = next;
			if (changed.size > 0) for (const listener of [...listeners]) listener(changed);
		},
		onChange(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		}
	};
}

/** Redraws the nodes of elements whose annotations change (nodes not built yet read them when built). */
export function installAnnotations(canvas: Canvas): () => void {
	const source = canvas.host.annotations;
	if (!source) return () => {};
	return source.onChange((ids) => {
		if (canvas.destroyed) return;
		const ctx = renderContext(canvas);
		let drawn = false;
		for (const id of ids) {
			if (!canvas.scene.nodes.has(id)) continue;
			renderElement(canvas, id, ctx);
			drawn = true;
		}
		if (!drawn) return;
		canvas.layers.content.batchDraw();
		if (canvas.drag) canvas.layers.drag.batchDraw();
	});
}
