/**
 * Board actions as values (after Excalidraw): one list feeds the keyboard shortcuts (`actionFor` in
 * Board.svelte) and the help panel, so those two can never disagree. The toolbar (ui/Toolbar.svelte) does
 * not use it yet: it lists its tools and their keys itself, so a changed shortcut must change there too.
 */
import type { CanvasController, Tool } from '$lib/canvas/types.js';
import type { BoardPanel } from './board-state.svelte.js';

export interface ActionContext {
	canvas: CanvasController;
	canEdit: boolean;
	openPanel(panel: BoardPanel): void;
	selectAll(): void;
}

export interface Action {
	id: string;
	label: string;
	/** How the shortcut is shown in the help panel. */
	keys: string;
	/** Matches a keydown; `mod` is Ctrl on Windows/Linux and Cmd on macOS. */
	match(e: KeyboardEvent, mod: boolean): boolean;
	/** Only for people who may edit. */
	edits?: boolean;
	run(ctx: ActionContext, event?: KeyboardEvent): void;
	group: 'Tools' | 'Edit' | 'Arrange' | 'View' | 'Help';
}

const key = (k: string) => (e: KeyboardEvent, mod: boolean) => !mod && !e.altKey && e.key.toLowerCase() === k;
const modKey =
	(k: string, shift = false) =>
	(e: KeyboardEvent, mod: boolean) =>
		mod && e.shiftKey === shift && e.key.toLowerCase() === k;
const tool = (id: Tool, label: string, k: string, edits = true): Action => ({
	id: `tool-${id}`,
	label,
	keys: k.toUpperCase(),
	match: key(k),
	edits,
	run: (ctx) => ctx.canvas.setTool(id),
	group: 'Tools'
});

export const ACTIONS: Action[] = [
	tool('select', 'Select and move', 'v', false),
	tool('hand', 'Pan the board', 'h', false),
	tool('note', 'Sticky note', 'n'),
	tool('text', 'Text', 't'),
	tool('frame', 'Frame', 'f'),
	tool('connector', 'Connector', 'c'),
	{ id: 'undo', label: 'Undo my last change', keys: 'Ctrl+Z', match: modKey('z'), edits: true, run: (c) => c.canvas.undo(), group: 'Edit' },
	{
		id: 'redo',
		label: 'Redo',
		keys: 'Ctrl+Shift+Z or Ctrl+Y',
		match: (e, mod) => modKey('z', true)(e, mod) || modKey('y')(e, mod),
		edits: true,
		run: (c) => c.canvas.redo(),
		group: 'Edit'
	},
	{ id: 'copy', label: 'Copy', keys: 'Ctrl+C', match: modKey('c'), run: (c) => void c.canvas.copy(), group: 'Edit' },
	{ id: 'cut', label: 'Cut', keys: 'Ctrl+X', match: modKey('x'), edits: true, run: (c) => void c.canvas.cut(), group: 'Edit' },
	{ id: 'paste', label: 'Paste', keys: 'Ctrl+V', match: modKey('v'), edits: true, run: (c) => void c.canvas.paste(), group: 'Edit' },
	{ id: 'duplicate', label: 'Duplicate', keys: 'Ctrl+D', match: modKey('d'), edits: true, run: (c) => c.canvas.duplicate(), group: 'Edit' },
	{
		id: 'delete',
		label: 'Delete',
		keys: 'Delete or Backspace',
		match: (e, mod) => !mod && (e.key === 'Delete' || e.key === 'Backspace'),
		edits: true,
		run: (c) => c.canvas.deleteSelection(),
		group: 'Edit'
	},
	{ id: 'select-all', label: 'Select all', keys: 'Ctrl+A', match: modKey('a'), run: (c) => c.selectAll(), group: 'Edit' },
	{
		id: 'edit-text',
		label: 'Edit the selected note',
		keys: 'Enter',
		match: (e, mod) => !mod && e.key === 'Enter',
		edits: true,
		run: (c) => {
			const [only] = [...c.canvas.selection];
			if (c.canvas.selection.size === 1 && only) c.canvas.editText(only);
		},
		group: 'Edit'
	},
	{
		id: 'deselect',
		label: 'Clear selection',
		keys: 'Escape',
		match: (e) => e.key === 'Escape',
		run: (c) => c.canvas.select([]),
		group: 'Edit'
	},
	{
		id: 'front',
		label: 'Bring to front',
		keys: ']',
		match: (e, mod) => !mod && e.key === ']',
		edits: true,
		run: (c) => c.canvas.bringToFront(),
		group: 'Arrange'
	},
	{
		id: 'back',
		label: 'Send to back',
		keys: '[',
		match: (e, mod) => !mod && e.key === '[',
		edits: true,
		run: (c) => c.canvas.sendToBack(),
		group: 'Arrange'
	},
	...(
		[
			['ArrowLeft', -1, 0, 'left'],
			['ArrowRight', 1, 0, 'right'],
			['ArrowUp', 0, -1, 'up'],
			['ArrowDown', 0, 1, 'down']
		] as const
	).map(([k, dx, dy, word]): Action => ({
		id: `nudge-${word}`,
		label: `Move selection ${word} (Shift: further)`,
		keys: k.replace('Arrow', '') === 'Left' ? 'Arrow keys' : '',
		match: (e, mod) => !mod && !e.altKey && e.key === k,
		edits: true,
		run: (c, e) => c.canvas.nudge(dx * (e?.shiftKey ? 50 : 10), dy * (e?.shiftKey ? 50 : 10)),
		group: 'Arrange'
	})),
	{
		id: 'zoom-in',
		label: 'Zoom in',
		keys: '+',
		match: (e, mod) => !mod && (e.key === '+' || e.key === '='),
		run: (c) => c.canvas.zoomIn(),
		group: 'View'
	},
	{
		id: 'zoom-out',
		label: 'Zoom out',
		keys: '−',
		match: (e, mod) => !mod && (e.key === '-' || e.key === '_'),
		run: (c) => c.canvas.zoomOut(),
		group: 'View'
	},
	{
		id: 'zoom-fit',
		label: 'Zoom to fit everything',
		keys: 'Shift+1',
		match: (e) => e.shiftKey && (e.key === '!' || e.code === 'Digit1'),
		run: (c) => c.canvas.zoomToFit(),
		group: 'View'
	},
	{
		id: 'zoom-selection',
		label: 'Zoom to the selection (a frame: the whole exercise)',
		keys: 'Shift+2',
		match: (e) => e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === '@' || e.key === '"' || e.code === 'Digit2'),
		run: (c) => c.canvas.zoomToFit(c.canvas.selection.size > 0 ? c.canvas.selection : undefined),
		group: 'View'
	},
	{
		id: 'zoom-reset',
		label: 'Zoom to 100%',
		keys: 'Shift+0',
		match: (e) => e.shiftKey && (e.key === ')' || e.code === 'Digit0'),
		run: (c) => c.canvas.resetZoom(),
		group: 'View'
	},
	{
		id: 'outline',
		label: 'Open the outline view',
		keys: 'Alt+O',
		match: (e) => e.altKey && e.code === 'KeyO',
		run: (c) => c.openPanel('outline'),
		group: 'View'
	},
	{ id: 'help', label: 'Keyboard shortcuts', keys: '?', match: (e) => e.key === '?', run: (c) => c.openPanel('help'), group: 'Help' }
];

/** The action a keydown asks for, if any (ignoring typing in inputs). */
export function actionFor(e: KeyboardEvent, canEdit: boolean, isMac: boolean): Action | null {
	const target = e.target as HTMLElement | null;
	// Enter and Space belong to the focused control (a button, a link such as the skip link, a summary).
	if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON|A|SUMMARY)$/.test(target.tagName))) {
		if (!/^(BUTTON|A|SUMMARY)$/.test(target.tagName) || e.key === 'Enter' || e.key === ' ') return null;
	}
	const mod = isMac ? e.metaKey : e.ctrlKey;
	const action = ACTIONS.find((a) => a.match(e, mod));
	if (!action || (action.edits && !canEdit)) return null;
	return action;
}
