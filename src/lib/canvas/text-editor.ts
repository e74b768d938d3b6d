/**
 * In-place editing: a DOM <textarea> laid over the element, scaled with the view, in the same font.
 * What is typed goes into the doc through setText (debounced 150 ms, and on close) so collaborators see it
 * live; while the textarea has focus it keeps its own value (a remote edit to the same note shows
 * after closing). Notes and text labels edit their text, frames their title, connectors their label.
 */
import { deleteElements, setText, updateElement } from '$lib/doc/commands.js';
import { MAX_TEXT } from '$lib/doc/schema.js';
import { LOCAL } from '$lib/doc/origins.js';
import { containsPoint, rectCenter } from '$lib/shared/geometry.js';
import type { Canvas, EditPart, EditorSession } from './state.js';
import { connectorPoints } from './hit-test.js';
import { rectOf, renderElement } from './scene.js';
import { boardToScreen, visibleRect } from './viewport.js';
import { centreOnElement } from './view.js';
import { debounce } from './timing.js';
import { fitNote } from './render/note.js';
import { frameTitleRect, frameTitleSize } from './render/frame.js';
import { wrapText } from './render/fit-text.js';
import { measureNormal } from './render/measure.js';
import {
	CONNECTOR_LABEL_SIZE,
	FONT_FAMILY,
	FRAME_TITLE_SIZE,
	NOTE_LINE_HEIGHT,
	NOTE_PADDING,
	NOTE_TEXT,
	SELECTION_COLOR,
	TEXT_LINE_HEIGHT
} from './render/style.js';

const LABELS: Record<string, string> = {
	note: 'Edit note text',
	item: 'Edit text',
	text: 'Edit text',
	frame: 'Edit frame title',
	connector: 'Edit connector label'
};

function partOf(kind: string): EditPart | null {
	if (kind === 'note' || kind === 'text' || kind === 'item') return 'text';
	if (kind === 'frame') return 'title';
	if (kind === 'connector') return 'label';
	return null;
}

function currentValue(canvas: Canvas, id: string): string {
	const el = canvas.scene.elements.get(id);
	if (!el) return '';
	if (el.kind === 'note' || el.kind === 'text' || el.kind === 'item') return el.text;
	if (el.kind === 'frame') return el.title;
	if (el.kind === 'connector') return el.label;
	return '';
}

function write(canvas: Canvas, id: string, part: EditPart, value: string): void {
	if (!canvas.scene.elements.has(id)) return;
	try {
		if (part === 'text') setText(canvas.host.doc, id, value.slice(0, MAX_TEXT));
		else updateElement(canvas.host.doc, id, part === 'title' ? { title: value.slice(0, 200) } : { label: value.slice(0, 200) });
	} catch (error) {
		console.warn('canvas: the text was not saved', error);
	}
}

const IN_PLACE_TEXTAREA: Partial<CSSStyleDeclaration> = {
	position: 'absolute',
	left: '0',
	top: '0',
	margin: '0',
	border: '0',
	padding: '0',
	boxSizing: 'border-box',
	resize: 'none',
	overflow: 'hidden',
	background: 'transparent',
	color: NOTE_TEXT,
	caretColor: NOTE_TEXT,
	fontFamily: FONT_FAMILY,
	whiteSpace: 'pre-wrap',
	overflowWrap: 'break-word',
	transformOrigin: '0 0',
	outline: 'none',
	zIndex: '3'
};

/** In the sheet: 18 px (16 or more keeps phones from zooming the page), a few lines high, scrolling beyond. */
const SHEET_TEXTAREA: Partial<CSSStyleDeclaration> = {
	display: 'block',
	width: '100%',
	minHeight: '5.5rem',
	maxHeight: '35vh',
	margin: '0',
	padding: '0.5rem 0.6rem',
	boxSizing: 'border-box',
	border: '2px solid ' + SELECTION_COLOR,
	borderRadius: '8px',
	resize: 'none',
	overflow: 'auto',
	background: '#ffffff',
	color: NOTE_TEXT,
	caretColor: NOTE_TEXT,
	fontFamily: FONT_FAMILY,
	fontSize: '18px',
	lineHeight: '1.35',
	textAlign: 'left',
	whiteSpace: 'pre-wrap',
	overflowWrap: 'break-word'
};

const SHEET_TITLES: Record<string, string> = {
	note: 'Note',
	item: 'Text',
	text: 'Text',
	frame: 'Frame title',
	connector: 'Connector label'
};

/**
 * The readable editor of a narrow screen: a sheet across the top of the board (above where an on-screen
 * keyboard comes up), with the element's text at 18 px and a Done button; the note itself stays drawn
 * below and shows the text as it is typed.
 */
function makeSheet(kind: string): HTMLElement {
	const sheet = document.createElement('div');
	sheet.className = 'canvas-editor-sheet';
	sheet.setAttribute('role', 'group');
	sheet.setAttribute('aria-label', LABELS[kind] ?? 'Edit text');
	Object.assign(sheet.style, {
		position: 'absolute',
		left: '0.5rem',
		right: '0.5rem',
		top: '0.5rem',
		zIndex: '20',
		background: '#ffffff',
		border: '1px solid #94a3b8',
		borderRadius: '12px',
		boxShadow: '0 8px 24px rgba(15, 23, 42, 0.25)',
		padding: '0.5rem',
		fontFamily: FONT_FAMILY,
		userSelect: 'text',
		webkitUserSelect: 'text'
	} satisfies Partial<CSSStyleDeclaration>);
	const head = document.createElement('div');
	Object.assign(head.style, {
		display: 'flex',
		alignItems: 'center',
		justifyContent: 'space-between',
		gap: '0.5rem',
		marginBottom: '0.4rem'
	});
	const title = document.createElement('span');
	title.textContent = SHEET_TITLES[kind] ?? 'Text';
	Object.assign(title.style, { fontWeight: '700', fontSize: '1rem', color: '#1f2937' });
	const done = document.createElement('button');
	done.type = 'button';
	done.className = 'button primary';
	done.textContent = 'Done';
	done.style.minHeight = '44px';
	head.append(title, done);
	const body = document.createElement('div');
	body.className = 'sheet-body';
	sheet.append(head, body);
	return sheet;
}

/** Opens the editor on an element; false when it cannot be edited (viewer, locked, no text). */
export function openEditor(canvas: Canvas, id: string): boolean {
	const el = canvas.scene.elements.get(id);
	const part = el ? partOf(el.kind) : null;
	if (!el || !part || !canvas.host.canEdit()) return false;
	if (canvas.host.isLocked(id)) {
		canvas.host.refused?.(id);
		return false;
	}
	if (canvas.editing?.id === id) {
		canvas.editing.textarea.focus({ preventScroll: true });
		return true;
	}
	closeEditor(canvas);
	const bounds = rectOf(canvas.scene, id);
	if (bounds && !containsPoint(visibleRect(canvas.viewport, canvas.size), rectCenter(bounds))) centreOnElement(canvas, id, false);

	const sheet = canvas.host.sheetEditor?.() ? makeSheet(el.kind) : null;
	const textarea = document.createElement('textarea');
	textarea.setAttribute('aria-label', LABELS[el.kind]);
	textarea.spellcheck = true;
	textarea.maxLength = part === 'text' ? MAX_TEXT : 200;
	textarea.value = currentValue(canvas, id);
	textarea.rows = 1;
	Object.assign(textarea.style, sheet ? SHEET_TEXTAREA : IN_PLACE_TEXTAREA);

	const save = debounce((value: string) => write(canvas, id, part, value), 150);
	const session: EditorSession = {
		id,
		part,
		textarea,
		sheet,
		flush: () => save.flush(),
		place: () => placeEditor(canvas, session)
	};
	textarea.addEventListener('input', () => {
		save(textarea.value);
		session.place();
	});
	textarea.addEventListener('keydown', (e) => {
		const done =
			e.key === 'Escape' || (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) || (e.key === 'Enter' && !e.shiftKey && part !== 'text');
		if (done) {
			e.preventDefault();
			e.stopPropagation();
			closeEditor(canvas, true);
		}
	});
	// Leaving the editor (or its sheet, whose Done button is part of it) saves and closes it.
	const openedAt = performance.now();
	(sheet ?? textarea).addEventListener('focusout', (e) => {
		const next = (e as FocusEvent).relatedTarget as Node | null;
		if (sheet && next && sheet.contains(next)) return;
		// The tap that opened a sheet ends on the board (not on the editor, as in place): it may not close it.
		if (sheet && next === canvas.container && performance.now() - openedAt < 600) {
			queueMicrotask(() => textarea.focus({ preventScroll: true }));
			return;
		}
		closeEditor(canvas);
	});
	// Pointer events on the editor are for the editor, not the board.
	(sheet ?? textarea).addEventListener('pointerdown', (e) => e.stopPropagation());
	(sheet ?? textarea).addEventListener('wheel', (e) => e.stopPropagation(), { passive: true });

	canvas.editing = session;
	if (sheet) {
		sheet.querySelector('.sheet-body')!.appendChild(textarea);
		sheet.querySelector('button')!.addEventListener('click', () => closeEditor(canvas, true));
		canvas.container.appendChild(sheet);
	} else canvas.container.appendChild(textarea);
	session.place();
	renderElement(canvas, id);
	canvas.layers.content.batchDraw();
	textarea.focus({ preventScroll: true });
	// Renaming a title or label replaces it; text continues where it ends.
	if (part === 'text') textarea.setSelectionRange(textarea.value.length, textarea.value.length);
	else textarea.select();
	canvas.bus.emit('editing', id);
	canvas.events.emit('editingChange', id);
	return true;
}

/** Saves and closes the editor; `focusCanvas` hands keyboard focus back to the board (Escape, Ctrl+Enter). */
export function closeEditor(canvas: Canvas, focusCanvas = false): void {
	const session = canvas.editing;
	if (!session) return;
	canvas.editing = null;
	session.flush();
	const value = session.textarea.value;
	(session.sheet ?? session.textarea).remove();
	const el = canvas.scene.elements.get(session.id);
	renderElement(canvas, session.id);
	canvas.layers.content.batchDraw();
	if (el?.kind === 'text' && canvas.host.canEdit()) {
		try {
			// An emptied text label goes away; otherwise its box grows or shrinks to the text.
			if (value.trim() === '') deleteElements(canvas.host.doc, [el.id], LOCAL, canvas.scene.index);
			else {
				const lines = wrapText(value, el.w, el.fontSize, measureNormal).length;
				const h = Math.max(24, Math.ceil(lines * el.fontSize * TEXT_LINE_HEIGHT));
				if (Math.abs(h - el.h) > 2) updateElement(canvas.host.doc, el.id, { h });
			}
		} catch (error) {
			console.warn('canvas: could not tidy the text label', error);
		}
	}
	if (focusCanvas) canvas.container.focus({ preventScroll: true });
	canvas.bus.emit('editing', null);
	canvas.events.emit('editingChange', null);
}

interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}

/** Puts the textarea over the element: board-unit size, scaled by the view with a CSS transform. */
export function placeEditor(canvas: Canvas, session: EditorSession): void {
	const el = canvas.scene.elements.get(session.id);
	if (!el || session.sheet) return;
	const { textarea } = session;
	const style = textarea.style;
	let box: Box;
	if (el.kind === 'note' || el.kind === 'item') {
		// Template items (players, iceberg notes, cards) edit like a note: centred, fitted text.
		const r = rectOf(canvas.scene, el.id)!;
		const fit = fitNote(textarea.value, r.w, r.h);
		box = { x: r.x + NOTE_PADDING, y: r.y + NOTE_PADDING, w: r.w - 2 * NOTE_PADDING, h: r.h - 2 * NOTE_PADDING };
		const used = Math.max(1, fit.lines.length) * fit.fontSize * NOTE_LINE_HEIGHT;
		Object.assign(style, {
			fontSize: `${fit.fontSize}px`,
			lineHeight: String(NOTE_LINE_HEIGHT),
			textAlign: 'center',
			paddingTop: `${Math.max(0, (box.h - used) / 2)}px`,
			fontWeight: 'normal',
			background: 'transparent',
			borderRadius: '0'
		});
	} else if (el.kind === 'text') {
		const r = rectOf(canvas.scene, el.id)!;
		const lines = wrapText(textarea.value || ' ', r.w, el.fontSize, measureNormal).length;
		box = { x: r.x, y: r.y, w: r.w, h: Math.max(r.h, lines * el.fontSize * TEXT_LINE_HEIGHT + 4) };
		Object.assign(style, {
			fontSize: `${el.fontSize}px`,
			lineHeight: String(TEXT_LINE_HEIGHT),
			textAlign: 'left',
			paddingTop: '0',
			fontWeight: 'normal',
			background: 'rgba(255, 255, 255, 0.85)',
			borderRadius: '2px'
		});
	} else if (el.kind === 'frame') {
		const r = rectOf(canvas.scene, el.id)!;
		const size = frameTitleSize(canvas.scene.detail);
		const title = frameTitleRect({ ...r, title: textarea.value }, canvas.scene.detail);
		box = { x: title.x, y: title.y - 2, w: Math.max(title.w + 40 * (size / FRAME_TITLE_SIZE), Math.min(r.w, 320)), h: title.h + 4 };
		Object.assign(style, {
			fontSize: `${size}px`,
			lineHeight: '1.2',
			textAlign: 'left',
			paddingTop: '2px',
			fontWeight: 'bold',
			background: '#ffffff',
			borderRadius: '4px'
		});
	} else if (el.kind === 'connector') {
		const from = rectOf(canvas.scene, el.from);
		const to = rectOf(canvas.scene, el.to);
		if (!from || !to) return;
		const [a, b] = connectorPoints(from, to);
		const h = CONNECTOR_LABEL_SIZE * 1.3 + 10;
		box = { x: (a.x + b.x) / 2 - 110, y: (a.y + b.y) / 2 - h / 2, w: 220, h };
		Object.assign(style, {
			fontSize: `${CONNECTOR_LABEL_SIZE}px`,
			lineHeight: '1.3',
			textAlign: 'center',
			paddingTop: '5px',
			fontWeight: 'normal',
			background: '#ffffff',
			borderRadius: '4px'
		});
	} else return;
	const v = canvas.viewport;
	const at = boardToScreen(v, box);
	Object.assign(style, {
		width: `${Math.max(20, box.w)}px`,
		height: `${Math.max(16, box.h)}px`,
		transform: `translate(${at.x}px, ${at.y}px) scale(${v.scale})`,
		boxShadow: el.kind === 'note' || el.kind === 'item' ? 'none' : `0 0 0 ${2 / v.scale}px ${SELECTION_COLOR}`
	});
}

/** Keeps an open editor over its element as the view or the element changes; closes it if the element goes. */
export function installEditor(canvas: Canvas): () => void {
	const offViewport = canvas.bus.on('viewport', () => canvas.editing?.place());
	const offOverrides = canvas.bus.on('overrides', () => canvas.editing?.place());
	const offScene = canvas.bus.on('scene', (changed) => {
		const session = canvas.editing;
		if (!session || !changed.has(session.id)) return;
		if (!canvas.scene.elements.has(session.id)) return closeEditor(canvas);
		if (document.activeElement !== session.textarea) session.textarea.value = currentValue(canvas, session.id);
		session.place();
	});
	return () => {
		closeEditor(canvas);
		offViewport();
		offOverrides();
		offScene();
	};
}
