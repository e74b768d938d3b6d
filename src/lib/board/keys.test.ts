import { describe, expect, it, vi } from 'vitest';
import type { CanvasController } from '$lib/canvas/types.js';
import type { Element } from '$lib/doc/schema.js';
import { handleBoardKey, isTypingTarget, type BoardKeyContext } from './keys.js';

/** A canvas whose every method records its calls. */
function fakeCanvas() {
	const calls: string[] = [];
	const canvas = new Proxy(
		{},
		{ get: (_t, name) => (name === 'then' ? undefined : (..._args: unknown[]) => void calls.push(String(name))) }
	) as CanvasController;
	return { canvas, calls };
}
const el = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, isContentEditable: false, closest: () => null, ...extra });
function key(k: string, target: unknown = el('DIV'), mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) {
	return {
		key: k,
		ctrlKey: false,
		metaKey: false,
		altKey: false,
		shiftKey: false,
		target: target as EventTarget,
		preventDefault: vi.fn(),
		...mods
	};
}
const note = { id: 'n1', kind: 'note' } as unknown as Element;
function context(over: Partial<BoardKeyContext> = {}) {
	const { canvas, calls } = fakeCanvas();
	const ctx: BoardKeyContext = {
		canvas,
		editing: null,
		canEdit: true,
		isMac: false,
		selected: () => [],
		runShortcut: () => false,
		openPanel: vi.fn(),
		selectAll: vi.fn(),
		...over
	};
	return { ctx, calls };
}

describe('the board’s keys', () => {
	it('runs the board’s actions on the canvas and stops the browser’s own', () => {
		const { ctx, calls } = context();
		const e = key('z', el('DIV'), { ctrlKey: true });
		expect(handleBoardKey(e, ctx)).toBe('undo');
		expect(calls).toEqual(['undo']);
		expect(e.preventDefault).toHaveBeenCalled();
		expect(handleBoardKey(key('a', el('DIV'), { ctrlKey: true }), ctx)).toBe('select-all');
		expect(ctx.selectAll).toHaveBeenCalled();
	});

	it('uses Cmd on a Mac', () => {
		const { ctx } = context({ isMac: true });
		expect(handleBoardKey(key('z', el('DIV'), { ctrlKey: true }), ctx)).toBeNull();
		expect(handleBoardKey(key('z', el('DIV'), { metaKey: true }), ctx)).toBe('undo');
	});

	it('leaves keys alone while typing, editing a note, in a side panel, or before the canvas is there', () => {
		const { ctx, calls } = context({ selected: () => [note], runShortcut: () => true });
		expect(handleBoardKey(key('Delete', el('INPUT')), ctx)).toBeNull();
		expect(handleBoardKey(key('Delete', el('DIV', { isContentEditable: true })), ctx)).toBeNull();
		expect(handleBoardKey(key('Delete', el('DIV', { closest: (s: string) => (s === '#side-panel' ? {} : null) })), ctx)).toBeNull();
		expect(handleBoardKey(key('Delete'), { ...ctx, editing: 'n1' })).toBeNull();
		expect(handleBoardKey(key('Delete'), { ...ctx, canvas: null })).toBeNull();
		expect(calls).toEqual([]);
	});

	it('gives a template’s one-key command on its selection the key first', () => {
		const runShortcut = vi.fn((k: string) => k === '-');
		const { ctx, calls } = context({ selected: () => [note], runShortcut });
		expect(handleBoardKey(key('-'), ctx)).toBe('shortcut');
		expect(runShortcut).toHaveBeenCalledWith('-', [note]);
		expect(calls).toEqual([]);
		// With nothing selected the key is the board's (zoom out).
		const bare = context({ runShortcut });
		expect(handleBoardKey(key('-'), bare.ctx)).not.toBe('shortcut');
	});

	it('offers no editing key to someone who may not edit', () => {
		const { ctx, calls } = context({ canEdit: false, selected: () => [note], runShortcut: () => true });
		expect(handleBoardKey(key('Delete'), ctx)).toBeNull();
		expect(handleBoardKey(key('z', el('DIV'), { ctrlKey: true }), ctx)).toBeNull();
		expect(calls).toEqual([]);
	});

	it('knows when someone is typing', () => {
		expect(isTypingTarget(el('TEXTAREA'))).toBe(true);
		expect(isTypingTarget(el('SELECT'))).toBe(true);
		expect(isTypingTarget(el('DIV', { isContentEditable: true }))).toBe(true);
		expect(isTypingTarget(el('BUTTON'))).toBe(false);
		expect(isTypingTarget(null)).toBe(false);
	});
});
