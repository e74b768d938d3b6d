/**
 * What the canvas needs from its host (the board page). The canvas knows the content document and
 * awareness, nothing of templates, Svelte or the network.
 */
import type { EarlyPicture } from './early-picture.js';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceUser } from '$lib/doc/presence.js';
import type { NoteColorName } from '$lib/shared/colors.js';
import type { ElementIndex } from '$lib/doc/element-index.js';
import type { PlacementRules } from '$lib/doc/placement.js';
import type { Renderers } from './render/index.js';
import type { Annotations } from './annotations.js';

export type Tool = 'select' | 'hand' | 'note' | 'text' | 'frame' | 'connector';

export interface Viewport {
	/** Board coordinate at the top-left of the visible area. */
	x: number;
	y: number;
	scale: number;
}

export interface CanvasHost {
	/** The board's `content` document. */
	doc: Y.Doc;
	/** Optional: the live element index of `doc` the host already keeps (else the canvas keeps its own). */
	elements?: ElementIndex;
	/**
	 * Optional: what draws each element kind (`createRenderers`: the core kinds plus the templates'); the
	 * core kinds only when absent. Read once, when the canvas mounts.
	 */
	renderers?: Renderers;
	/**
	 * Optional: what the host knows about elements beyond the document (vote dots on question cards),
	 * which renderers read through `RenderContext.annotation`; a change redraws only the ids it names.
	 */
	annotations?: Annotations;
	/**
	 * The board's rules for where elements land and what drawn links mean (a note dropped into a causal-loop
	 * frame becomes a variable): every create, move, paste and duplicate applies them (`NO_PLACEMENT`: none).
	 */
	placement: PlacementRules;
	/** Awareness of the `content` connection; the canvas writes cursor, selection, drag and viewport into it. */
	awareness: Awareness;
	me: PresenceUser;
	/** False for viewers, and for everyone while the facilitator has locked the board. */
	canEdit(): boolean;
	/** True for an element this person may not change (locked, in a locked frame, structure, someone else's). */
	isLocked(id: string): boolean;
	/** Optional: someone tried to move or edit an element they may not change; the host says why. */
	refused?(id: string): void;
	/** Optional: the ids a facilitator locked (badged on the canvas), and a way to hear when they change. */
	lockedIds?(): ReadonlySet<string>;
	onLocksChange?(listener: () => void): () => void;
	/**
	 * Optional: screen pixels along each edge that the host's floating controls cover (a toolbar on the
	 * left): fitting leaves them out, so nothing fitted into view sits under a control.
	 */
	insets?(): { top: number; right: number; bottom: number; left: number };
	/**
	 * Optional: edit text in a readable sheet (a wide box at the top of the board, 16 px or more) instead of
	 * in place, where a note's text at a phone's zoom would be a few pixels high. Asked each time an editor opens.
	 */
	sheetEditor?(): boolean;
	/** Optional: the colour of notes this person creates (e.g. their agency's); yellow when absent. */
	defaultNoteColor?(): NoteColorName;
	/**
	 * Optional: the board's first picture, drawn before the app existed (`takeEarlyPicture`): the canvas starts at
	 * its view and removes it once it has drawn the board itself.
	 */
	picture?: EarlyPicture | null;
}

export interface CanvasEvents {
	selectionChange: (ids: ReadonlySet<string>) => void;
	viewportChange: (viewport: Viewport) => void;
	toolChange: (tool: Tool) => void;
	/** The in-place editor opened (id) or closed (null). */
	editingChange: (id: string | null) => void;
}

export interface CanvasController {
	readonly selection: ReadonlySet<string>;
	readonly tool: Tool;
	readonly viewport: Viewport;
	setTool(tool: Tool): void;
	select(ids: Iterable<string>): void;
	zoomIn(): void;
	zoomOut(): void;
	/** Fits every element (or the given ones) into view. */
	zoomToFit(ids?: Iterable<string>): void;
	resetZoom(): void;
	setViewport(viewport: Viewport, animate?: boolean): void;
	/** Pans so the element is centred (used by the outline view and search). */
	centreOn(id: string): void;
	/** Opens the in-place text editor on a note or text label. */
	editText(id: string): void;
	/** Copies the selection to the clipboard (JSON, in memory and the system clipboard). */
	copy(): Promise<void>;
	cut(): Promise<void>;
	paste(): Promise<void>;
	duplicate(): void;
	deleteSelection(): void;
	bringToFront(): void;
	sendToBack(): void;
	/** Moves the selection by (dx, dy) board units (arrow keys). */
	nudge(dx: number, dy: number): void;
	undo(): void;
	redo(): void;
	canUndo(): boolean;
	canRedo(): boolean;
	/** A PNG of the visible board or of given elements (for exports and screenshots). */
	toDataURL(options?: { pixelRatio?: number }): string;
	on<K extends keyof CanvasEvents>(event: K, handler: CanvasEvents[K]): () => void;
	/** Re-reads the container size (call on resize). */
	resize(): void;
	destroy(): void;
}
