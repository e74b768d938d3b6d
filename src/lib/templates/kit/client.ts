/**
 * The client half of a template: how its frame scaffolding, items and connectors are drawn, and the
 * side panel it offers (prompts, analysis). `defineTemplate` joins it to the pure model.
 */
import type Konva from 'konva';
import type * as Y from 'yjs';
import type { Component } from 'svelte';
import type { Connector, Element, Frame, Item } from '$lib/doc/schema.js';
import type { ConnectorStyle, ElementRenderer, RenderContext } from '$lib/canvas/index.js';
import type { TemplateModel } from './model.js';

/** Scaffolding inside a template frame (rings, bands, column headers), in the frame's own coordinates. */
export interface ChromeRenderer {
	create(frame: Frame, ctx: RenderContext): Konva.Group;
	update(group: Konva.Group, frame: Frame, ctx: RenderContext): void;
}

export interface TemplateRenderer {
	chrome?: ChromeRenderer;
	/** Renderers for the template's item types; types without one are drawn like sticky notes. */
	items?: Record<string, ElementRenderer<Item>>;
	/** How this template's connectors (data.template === id) are drawn. */
	linkStyle?(connector: Connector): ConnectorStyle | null;
}

export interface PanelProps {
	frame: Frame;
	/** Every element on the board (the panel picks its frame's contents). */
	elements: Element[];
	/** The board's content document, for the template's own commands. */
	doc: Y.Doc;
	canEdit: boolean;
	/** Whether the person is a facilitator (who may, e.g., accept a question's wording as it is). */
	isFacilitator?: boolean;
	/** Selects an element and brings it into view. */
	show(id: string): void;
}

/** A one-key command on the selection (e.g. P flips a causal link's sign); listed in the help panel. */
export interface TemplateShortcut {
	/** A single lower-case letter, pressed without modifiers; must not clash with the board's own keys. */
	key: string;
	label: string;
	/** Acts on the selected elements it concerns; returns false when none of them are its own. */
	run(doc: Y.Doc, selected: readonly Element[]): boolean;
}

export interface Template extends TemplateModel {
	renderer: TemplateRenderer;
	/** The template's side panel: prompts, analysis, settings. */
	Panel?: Component<PanelProps>;
	shortcuts?: readonly TemplateShortcut[];
	/**
	 * Keeps what this browser tab was asked to keep up to date (e.g. loop labels in their loops), called
	 * shortly after the board changes. Must write only when something is out of date.
	 */
	maintain?(doc: Y.Doc, elements: readonly Element[]): void;
}

/** Joins a template's pure model with its renderer and panel. */
export function defineTemplate<M extends TemplateModel>(
	model: M,
	client: { renderer: TemplateRenderer; Panel?: Component<PanelProps>; shortcuts?: readonly TemplateShortcut[]; maintain?: Template['maintain'] }
): M & Template {
	return { ...model, ...client };
}
