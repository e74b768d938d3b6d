/**
 * The client half of a template: how its frame scaffolding, items and connectors are drawn, and the
 * side panel it offers (prompts, analysis). `defineTemplate` joins it to the pure model.
 */
import type Konva from 'konva';
import type * as Y from 'yjs';
import type { Component } from 'svelte';
import type { Connector, Element, Frame, Item } from '$lib/doc/schema.js';
import type { PlacementRules } from '$lib/doc/placement.js';
import type { FrameLayout } from '$lib/doc/element-index.js';
import type { ConnectorStyle, ElementRenderer, RenderContext } from '$lib/canvas/index.js';
import type { TemplateModel } from './model.js';
import type { DownloadFormat, ExportOptions } from '$lib/export/links.js';

/** Scaffolding inside a template frame (rings, bands, column headers), in the frame's own coordinates. */
export interface ChromeRenderer {
	create(frame: Frame, ctx: RenderContext): Konva.Group;
	update(group: Konva.Group, frame: Frame, ctx: RenderContext): void;
}

/**
 * What a frame shows of its contents (a causal-loop diagram's loop labels), in the frame's own
 * coordinates, redrawn whenever something in the frame changes. Never listens: it is a projection.
 */
export interface ContentsRenderer {
	create(frame: Frame, contents: readonly Element[], ctx: RenderContext): Konva.Group;
	update(group: Konva.Group, frame: Frame, contents: readonly Element[], ctx: RenderContext): void;
}

export interface TemplateRenderer {
	chrome?: ChromeRenderer;
	/** Drawn above the chrome from the frame's contents (e.g. loop labels), kept live as people draw. */
	contents?: ContentsRenderer;
	/** Where the one-line start hint of an empty frame is centred (frame coordinates; default: the middle). */
	hintAt?(frame: Frame): { x: number; y: number };
	/** Renderers for the template's item types; types without one are drawn like sticky notes. */
	items?: Record<string, ElementRenderer<Item>>;
	/** How this template's connectors (data.template === id) are drawn. */
	linkStyle?(connector: Connector): ConnectorStyle | null;
}

export interface PanelProps {
	frame: Frame;
	/** Every element on the board (the panel picks its frame's contents). */
	elements: Element[];
	/**
	 * The frame's boxes and the links between them as the board hands them out (the same lists the canvas
	 * and the outline read, once per change), for a panel that works on them: no need to pick them out of
	 * `elements` again.
	 */
	contents?: FrameLayout;
	/** The board's content document, for the template's own commands. */
	doc: Y.Doc;
	/** The board's placement rules, for the template's commands that place elements (`placementRules` in kit/placement.ts). */
	placement: PlacementRules;
	canEdit: boolean;
	/** Whether the person is a facilitator (who may, e.g., accept a question's wording as it is). */
	isFacilitator?: boolean;
	/** Whether the person may add or change exercises' frames (facilitators, or everyone once a facilitator allows it). */
	canChangeStructure?: boolean;
	/** Selects an element and brings it into view. */
	show(id: string): void;
	/**
	 * What the host knows about an element beyond the document (as the canvas's `RenderContext.annotation`:
	 * the loop worker's analyses on causal-loop frames), or undefined. A panel narrows it to what it expects.
	 */
	annotation?(id: string): unknown;
	/** The address of one of the server's exports of this board (docs/api.md), for download buttons. */
	exportUrl?(format: DownloadFormat, options?: ExportOptions): string;
}

/** A template's full-screen table of its frame (the action plan's), opened as a modal dialog. */
export interface TableProps {
	frame: Frame;
	elements: Element[];
	doc: Y.Doc;
	/** The board's placement rules, for the template's commands that place elements (`placementRules` in kit/placement.ts). */
	placement: PlacementRules;
	canEdit: boolean;
	exportUrl?(format: DownloadFormat, options?: ExportOptions): string;
	onclose(): void;
}

/**
 * A one-key command on the selection (e.g. P flips a causal link's sign); listed in the help panel, and
 * offered as a button on the selection bar (for phones) when it has a `button` and `applies`.
 */
export interface TemplateShortcut {
	/** One character pressed without Ctrl, Cmd or Alt ('p', '+', '-'). While it applies to the selection it comes before the board's own key (so − on a causal link sets its sign instead of zooming out). */
	key: string;
	/** Other keys that do the same ('=' for '+', which needs Shift on many keyboards). */
	also?: readonly string[];
	label: string;
	/** The short text of its button on the selection bar ('−', 'Delay ‖'). */
	button?: string;
	/** Whether it would act on this selection (shows its button). */
	applies?(selected: readonly Element[]): boolean;
	/** Whether what it sets is already so for the whole selection (its button shows as pressed). */
	pressed?(selected: readonly Element[]): boolean;
	/** Acts on the selected elements it concerns; returns false when none of them are its own. */
	run(doc: Y.Doc, selected: readonly Element[]): boolean;
}

export interface Template extends TemplateModel {
	renderer: TemplateRenderer;
	/** The template's side panel: prompts, analysis, settings. */
	Panel?: Component<PanelProps>;
	/** The template's table view (one step from the Exercises panel), if it has one. */
	Table?: Component<TableProps>;
	shortcuts?: readonly TemplateShortcut[];
	/**
	 * Upkeep of the template's own data, called on every client that may edit shortly after the board
	 * changes (e.g. removing the loop labels older boards stored, now drawn live). Every client runs it,
	 * so it must depend only on the document, write the same values everywhere, and write nothing when
	 * nothing is out of date. Use the SYSTEM origin: nobody's undo should hold it. Leave out what `allow`
	 * refuses (this person may not change it: the server would refuse it, again on every change).
	 */
	maintain?(doc: Y.Doc, elements: readonly Element[], allow: (before: Element, after: Element | null) => boolean): void;
}

/** Joins a template's pure model with its renderer and panel. */
export function defineTemplate<M extends TemplateModel>(
	model: M,
	client: {
		renderer: TemplateRenderer;
		Panel?: Component<PanelProps>;
		Table?: Component<TableProps>;
		shortcuts?: readonly TemplateShortcut[];
		maintain?: Template['maintain'];
	}
): M & Template {
	return { ...model, ...client };
}
