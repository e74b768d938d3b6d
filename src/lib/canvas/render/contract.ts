/** What a renderer is and what it is given: shared by the registry and every renderer. */
import type Konva from 'konva';
import type { Rect } from '$lib/shared/geometry.js';
import type { Connector, Element } from '$lib/doc/schema.js';
import type { FrameLayout } from '$lib/doc/element-index.js';
import type { ConnectorStyle } from './connector.js';

export interface RenderContext {
	/** Where a box is drawn right now (including a drag or resize in progress); null when it is not there. */
	rectOf(id: string): Rect | null;
	/** The element whose text the in-place editor covers: its renderer hides that text. */
	editingId: string | null;
	/**
	 * The zoom to draw for (banded, see detailScale): skip text smaller than about 4 screen pixels,
	 * which is slow to draw and unreadable anyway.
	 */
	scale: number;
	/**
	 * What is inside a frame: its children and the connectors between two of them (for a renderer that
	 * `watchesContents`, e.g. a frame that labels the loops drawn in it).
	 */
	contentsOf(frameId: string): readonly Element[];
	/**
	 * A frame's boxes (frames aside) and the links between two of them, as the board's element index hands
	 * them out: the same lists the frame's panel and the outline read, once per change.
	 */
	frameContents(frameId: string): FrameLayout;
	/** How this connector is drawn (the canvas's `Renderers.connectorStyle`: a template's typed link). */
	connectorStyle(connector: Connector): ConnectorStyle;
	/**
	 * What the host says about an element beyond the document (`host.annotations`, e.g. the dots a vote
	 * puts on a question card), or undefined. A renderer narrows it to what it expects.
	 */
	annotation(id: string): unknown;
}

/** Whether text of `fontSize` board units is big enough on screen to be worth drawing. */
export function readable(fontSize: number, ctx: RenderContext): boolean {
	return fontSize * ctx.scale >= 4;
}

export interface ElementRenderer<E extends { id: string; kind: string } = { id: string; kind: string }> {
	create(element: E, ctx: RenderContext): Konva.Group;
	update(node: Konva.Group, element: E, ctx: RenderContext): void;
	destroy?(node: Konva.Group): void;
	/** Drawn below every kind that is not background (frames, template backdrops). */
	background?: boolean;
	/** Re-rendered whenever something inside it changes (a child, or a connector between two children). */
	watchesContents?: boolean;
	/**
	 * What the element draws above every other element (a frame's labels over its contents, which links
	 * must not cross), in board coordinates; created, updated, culled and destroyed with the element.
	 */
	front?: {
		create(element: E, ctx: RenderContext): Konva.Group;
		update(node: Konva.Group, element: E, ctx: RenderContext): void;
	};
}
