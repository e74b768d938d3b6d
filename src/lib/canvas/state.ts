/**
 * The state one mounted canvas holds, shared by the modules of this folder. Modules are free functions
 * that take the `Canvas` (the tldraw policy): no module keeps its own hidden copy of board state.
 * The Y.Doc is the truth for elements; this holds only what is local and transient.
 */
import type Konva from 'konva';
import type * as Y from 'yjs';
import type { Element } from '$lib/doc/schema.js';
import type { Point, Rect } from '$lib/shared/geometry.js';
import type { CanvasEvents, CanvasHost, Tool, Viewport } from './types.js';
import type { Emitter } from './events.js';
import type { Size } from './viewport.js';
import type { HitShape } from './hit-test.js';
import type { ElementIndex } from '$lib/doc/element-index.js';
import type { CullGrid } from './cull-grid.js';
import type { Renderers } from './render/index.js';

export interface Layers {
	/**
	 * The board's background and dot grid (its first shape, grid.ts), then the elements of the document;
	 * hit-testing is ours (hit-test.ts), so this never listens.
	 */
	content: Konva.Layer;
	/** Nodes being dragged, so a drag redraws only them. */
	drag: Konva.Layer;
	/** Selection outlines, the transformer, marquee, tool previews and other people's presence. */
	overlay: Konva.Layer;
}

export interface Groups {
	/** Frames (background renderers), below everything else. */
	frames: Konva.Group;
	items: Konva.Group;
	/** Above every element: what renderers draw in `front` (a frame's loop labels). */
	fronts: Konva.Group;
	/** In the drag layer: translated by the drag offset. */
	moving: Konva.Group;
	/** In the drag layer: connectors with one end moving, redrawn each frame. */
	following: Konva.Group;
	selection: Konva.Group;
	presence: Konva.Group;
	tools: Konva.Group;
}

export interface Scene {
	/** The live element index the scene follows (given by the host, or the canvas's own). */
	index: ElementIndex;
	/** What draws each kind (the host's, or the core kinds only). */
	renderers: Renderers;
	/** The last valid state of each element, as read from the doc. */
	elements: Map<string, Element>;
	/** Each drawn element's bounds, by grid cell: culling looks only at the cells in view. */
	grid: CullGrid;
	/** Ids of the elements in view now (built or, far out, drawn by the far shape; everything else is hidden or not built). */
	shown: Set<string>;
	/** Built nodes by id → the cull pass (`tick`) that last saw them in view: beyond a budget the oldest are released. */
	seen: Map<string, number>;
	/** Counts cull passes. */
	tick: number;
	/** Only elements in view have nodes (built lazily; see node-budget.ts). */
	nodes: Map<string, Konva.Group>;
	/** Nodes drawn above every element, by element id (see ElementRenderer.front). */
	fronts: Map<string, Konva.Group>;
	/** Box id → ids of connectors that end on it. */
	attached: Map<string, Set<string>>;
	/** Where a box is drawn right now while a drag or resize is in progress (not yet in the doc). */
	overrides: Map<string, Rect>;
	sorted: Element[] | null;
	/** Background kinds first (largest area first), then the rest by index: the order nodes are drawn (ids; kept until the order changes). */
	drawn: string[] | null;
	/** Bumped on every change, so caches (hit shapes, presence) know when to rebuild. */
	version: number;
	/** The banded zoom the nodes are rendered for (see detailScale); nodes out of view catch up when they come into it. */
	detail: number;
	/** Pending switch to another detail band (one per zoom gesture, once the zoom rests). */
	detailTimer: ReturnType<typeof setTimeout> | null;
	/** Board regions the far drawing's bitmap must redraw (what changed there), or 'all' (far.ts). */
	farDirty: Rect[] | 'all';
	/** The same for the minimap's picture of the boxes (minimap.ts): where boxes changed since it was drawn. */
	mapDirty: Rect[] | 'all';
	/**
	 * During a zoom gesture the content layer's bitmap is scaled (a CSS transform) instead of redrawn:
	 * `drawnAt` is the viewport it was last drawn at, `rest` the redraw once the zoom rests (view.ts).
	 */
	bitmap: { drawnAt: Viewport | null; rest: ReturnType<typeof setTimeout> | null };
	hits: { version: number; shapes: HitShape[] } | null;
}

export interface PointerInfo {
	/** CSS pixels relative to the container. */
	screen: Point;
	board: Point;
	event: PointerEvent;
}

/** One pointer interaction in progress (pan, marquee, drag, frame drawing, connecting). */
export interface Gesture {
	move(p: PointerInfo): void;
	up(p: PointerInfo): void;
	cancel(): void;
}

export interface DragSession {
	/** What was asked to move (selected, unlocked boxes). */
	roots: string[];
	/** Roots plus the contents of moving frames. */
	moving: Set<string>;
	/** Connectors with both ends moving: they travel with the moving group. */
	carried: Set<string>;
	/** Connectors with one end moving: redrawn each frame. */
	following: Set<string>;
	dx: number;
	dy: number;
}

export type EditPart = 'text' | 'title' | 'label';

export interface EditorSession {
	id: string;
	part: EditPart;
	textarea: HTMLTextAreaElement;
	/** The readable sheet holding the textarea (host.sheetEditor), or null when editing in place. */
	sheet: HTMLElement | null;
	/** Writes what is typed so far into the doc. */
	flush(): void;
	/** Moves and sizes the textarea over the element. */
	place(): void;
}

export interface InternalEvents {
	viewport: (viewport: Viewport) => void;
	/** After the nodes of changed elements were updated. */
	scene: (ids: ReadonlySet<string>) => void;
	/** Only elements the far drawing draws changed, and none has a node: far.ts shows the change. */
	farChange: () => void;
	/** Live positions (drag, resize) changed. */
	overrides: () => void;
	selection: (ids: ReadonlySet<string>) => void;
	editing: (id: string | null) => void;
	drag: (active: boolean) => void;
	resize: (size: Size) => void;
}

/** The resize handles of the one selected box (transform.ts). */
export interface TransformState {
	transformer: Konva.Transformer;
	/** The invisible rectangle the transformer works on (the element's group also holds shadows and titles). */
	proxy: Konva.Rect;
	id: string | null;
	active: boolean;
}

/** What this client tells others through awareness (throttled inside). */
export interface Publisher {
	cursor(point: Point | null): void;
	selection(ids: ReadonlySet<string>): void;
	drag(drag: { ids: string[]; dx: number; dy: number } | null): void;
	viewport(viewport: Viewport): void;
	cancel(): void;
}

export interface Canvas {
	readonly host: CanvasHost;
	readonly container: HTMLDivElement;
	readonly stage: Konva.Stage;
	readonly layers: Layers;
	readonly groups: Groups;
	readonly scene: Scene;
	/** The controller's public events. */
	readonly events: Emitter<CanvasEvents>;
	/** Events between the modules of this folder. */
	readonly bus: Emitter<InternalEvents>;
	readonly undo: Y.UndoManager;
	readonly publish: Publisher;
	viewport: Viewport;
	/** Pending animation frames of the view (view.ts): the once-a-frame viewportChange, an animated move and where it ends. */
	readonly viewFrames: { frame: number | null; animation: number | null; target: Viewport | null };
	/** The resize handles, while installed (transform.ts). */
	transform: TransformState | null;
	size: Size;
	tool: Tool;
	selection: Set<string>;
	editing: EditorSession | null;
	drag: DragSession | null;
	gesture: Gesture | null;
	/** Space is held: the select tool pans. */
	spaceHeld: boolean;
	/** Board position of the pointer while it is over the canvas (paste goes there). */
	pointer: Point | null;
	lastClick: { time: number; screen: Point; id: string | null } | null;
	/** The person has moved the view; until then the first content to arrive is fitted into view. */
	viewportTouched: boolean;
	clipboard: { text: string | null; pasteCount: number };
	destroyed: boolean;
}
