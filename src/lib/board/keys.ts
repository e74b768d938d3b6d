/**
 * The board page's keys as a plain function: a template's one-key command on the selection first (− on a
 * causal link sets its sign, not the zoom), then the board's actions (actions.ts). Nothing here reads the DOM
 * beyond the event's target, so unit tests drive it with plain objects.
 */
import type { CanvasController } from '$lib/canvas/types.js';
import type { Element } from '$lib/doc/schema.js';
import { actionFor } from './actions.js';
import type { BoardPanel } from './board-state.svelte.js';

/** The part of a key event the board reads. */
export type BoardKeyEvent = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target' | 'preventDefault'>;

/** Someone is typing here: a text field, a select, or something contenteditable. */
export function isTypingTarget(target: unknown): boolean {
	const el = target as (Partial<HTMLElement> & { tagName?: string }) | null | undefined;
	if (!el) return false;
	return el.isContentEditable === true || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName ?? '');
}

export interface BoardKeyContext {
	canvas: CanvasController | null;
	/** The id of the note being edited on the canvas, if any. */
	editing: string | null;
	canEdit: boolean;
	isMac: boolean;
	/** The selected elements. */
	selected(): Element[];
	/** Runs a template's shortcut for `key` on `selected`; true when one ran. */
	runShortcut(key: string, selected: Element[]): boolean;
	openPanel(panel: BoardPanel): void;
	selectAll(): void;
}

/** Handles one keydown on the board page; returns what it did ('shortcut', an action's id, or null: nothing). */
export function handleBoardKey(e: BoardKeyEvent, ctx: BoardKeyContext): string | null {
	const canvas = ctx.canvas;
	if (!canvas || ctx.editing) return null;
	const target = e.target as (Partial<HTMLElement> & { closest?: (s: string) => unknown }) | null;
	// Keys in a side panel belong to the panel.
	if (target?.closest?.('#side-panel')) return null;
	if (ctx.canEdit && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(target)) {
		const selected = ctx.selected();
		if (selected.length > 0 && ctx.runShortcut(e.key.toLowerCase(), selected)) {
			e.preventDefault();
			return 'shortcut';
		}
	}
	const action = actionFor(e as KeyboardEvent, ctx.canEdit, ctx.isMac);
	if (!action) return null;
	e.preventDefault();
	action.run({ canvas, canEdit: ctx.canEdit, openPanel: ctx.openPanel, selectAll: ctx.selectAll }, e as KeyboardEvent);
	return action.id;
}
