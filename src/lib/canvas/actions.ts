/**
 * What the board's shortcuts and menus call through the controller: clipboard, duplicate, delete,
 * z-order, nudge, undo and redo. Each checks permission (canEdit, locks) and is one named command.
 */
import { LOCAL } from '$lib/doc/origins.js';
import {
	bringToFront,
	createElement,
	deleteElements,
	duplicate,
	insertCopies,
	moveBy,
	selectionWithContents,
	sendToBack
} from '$lib/doc/commands.js';
import { readElement } from '$lib/doc/read.js';
import { DEFAULT_SIZE, MAX_TEXT, isBox, type Element } from '$lib/doc/schema.js';
import type { Canvas } from './state.js';
import { editableSelection, rootsOf, selectionInOrder, setSelection } from './selection.js';
import { pasteOffset, parseClipboard, serializeElements } from './clipboard.js';
import { visibleRect } from './viewport.js';
import { rectCenter } from '$lib/shared/geometry.js';

function selectInserted(canvas: Canvas, ids: string[]): void {
	const inserted = ids.map((id) => readElement(canvas.host.doc, id)).filter((e): e is Element => e !== null);
	setSelection(canvas, rootsOf(inserted));
}

export async function copySelection(canvas: Canvas): Promise<void> {
	const ids = selectionInOrder(canvas);
	if (ids.length === 0) return;
	const text = serializeElements(selectionWithContents(canvas.host.doc, ids, canvas.scene.index));
	canvas.clipboard = { text, pasteCount: 0 };
	try {
		await navigator.clipboard?.writeText(text);
	} catch {
		// No permission or no secure context: the in-memory copy still pastes on this board.
	}
}

export async function cutSelection(canvas: Canvas): Promise<void> {
	if (editableSelection(canvas).length === 0) return;
	await copySelection(canvas);
	deleteSelection(canvas);
}

async function readSystemClipboard(): Promise<string | null> {
	try {
		return (await navigator.clipboard?.readText()) ?? null;
	} catch {
		return null;
	}
}

/**
 * Pastes our elements (from the system clipboard when it holds them, else from memory) at the pointer
 * or beside the originals; plain text from elsewhere becomes a new note.
 */
export async function pasteClipboard(canvas: Canvas): Promise<void> {
	if (!canvas.host.canEdit()) return;
	const system = await readSystemClipboard();
	if (canvas.destroyed) return;
	let elements = system ? parseClipboard(system) : null;
	if (elements && system !== canvas.clipboard.text) canvas.clipboard = { text: system, pasteCount: 0 };
	if (!elements && canvas.clipboard.text && (!system || system.trim() === '' || system === canvas.clipboard.text)) {
		elements = parseClipboard(canvas.clipboard.text);
	}
	const view = visibleRect(canvas.viewport, canvas.size);
	if (!elements) {
		const text = system?.trim();
		if (!text) return;
		const at = canvas.pointer ?? rectCenter(view);
		const { w, h } = DEFAULT_SIZE.note;
		try {
			const id = createElement(
				canvas.host.doc,
				{
					kind: 'note',
					x: Math.round(at.x - w / 2),
					y: Math.round(at.y - h / 2),
					text: text.slice(0, MAX_TEXT),
					color: canvas.host.defaultNoteColor?.() ?? 'yellow',
					createdBy: canvas.host.me.id
				},
				LOCAL,
				canvas.host.placement,
				canvas.scene.index
			);
			setSelection(canvas, [id]);
		} catch (error) {
			console.warn('canvas: could not paste that text', error);
		}
		return;
	}
	canvas.clipboard.pasteCount++;
	const offset = pasteOffset(elements, { pointer: canvas.pointer, view, count: canvas.clipboard.pasteCount });
	canvas.undo.stopCapturing();
	try {
		selectInserted(
			canvas,
			insertCopies(canvas.host.doc, elements, offset.x, offset.y, {
				by: canvas.host.me.id,
				rules: canvas.host.placement,
				elements: canvas.scene.index
			})
		);
	} catch (error) {
		console.warn('canvas: could not paste', error);
	}
	canvas.undo.stopCapturing();
}

export function duplicateSelection(canvas: Canvas): void {
	if (!canvas.host.canEdit() || canvas.selection.size === 0) return;
	canvas.undo.stopCapturing();
	selectInserted(
		canvas,
		duplicate(canvas.host.doc, selectionInOrder(canvas), {
			by: canvas.host.me.id,
			rules: canvas.host.placement,
			elements: canvas.scene.index
		})
	);
	canvas.undo.stopCapturing();
}

export function deleteSelection(canvas: Canvas): void {
	const ids = editableSelection(canvas);
	// Say why what this person may not change stays (locked, someone else's): silence looks like a fault.
	if (ids.length < canvas.selection.size && canvas.host.canEdit())
		canvas.host.refused?.([...canvas.selection].find((id) => !ids.includes(id))!);
	if (ids.length === 0) return;
	canvas.undo.stopCapturing();
	deleteElements(canvas.host.doc, ids, LOCAL, canvas.scene.index);
	canvas.undo.stopCapturing();
	setSelection(
		canvas,
		[...canvas.selection].filter((id) => canvas.scene.elements.has(id))
	);
}

export function reorderSelection(canvas: Canvas, where: 'front' | 'back'): void {
	const ids = editableSelection(canvas);
	if (ids.length === 0) return;
	const ordered = selectionInOrder(canvas).filter((id) => ids.includes(id));
	canvas.undo.stopCapturing();
	if (where === 'front') bringToFront(canvas.host.doc, ordered, LOCAL, canvas.scene.index);
	else sendToBack(canvas.host.doc, ordered, LOCAL, canvas.scene.index);
}

export function nudgeSelection(canvas: Canvas, dx: number, dy: number): void {
	if (canvas.drag || !Number.isFinite(dx) || !Number.isFinite(dy)) return;
	const ids = editableSelection(canvas).filter((id) => {
		const el = canvas.scene.elements.get(id);
		return !!el && isBox(el);
	});
	if (ids.length === 0) return;
	// Quick repeated nudges merge into one undo step (the undo manager's capture timeout).
	moveBy(canvas.host.doc, ids, dx, dy, LOCAL, canvas.host.placement, canvas.scene.index);
}

/**
 * Undo or redo my own last change, then select what it touched and still exists (what came back, or
 * what moved back), so the person sees what happened; when nothing it touched is left, the old selection
 * keeps only what still exists.
 */
export function undoRedo(canvas: Canvas, direction: 'undo' | 'redo'): void {
	if (!canvas.host.canEdit() || canvas.drag) return;
	canvas.gesture?.cancel();
	canvas.gesture = null;
	const touched = new Set<string>();
	const off = canvas.bus.on('scene', (ids) => ids.forEach((id) => touched.add(id)));
	try {
		if (direction === 'undo') canvas.undo.undo();
		else canvas.undo.redo();
	} finally {
		off();
	}
	const present = [...touched].map((id) => canvas.scene.elements.get(id)).filter((e): e is Element => !!e);
	if (present.length > 0) setSelection(canvas, rootsOf(present));
	else
		setSelection(
			canvas,
			[...canvas.selection].filter((id) => canvas.scene.elements.has(id))
		);
}
