/**
 * Making new elements: the note and text tools (click to place, then type), double-click on empty board
 * (a note), and the frame tool (drag out a rectangle, or click for 800×600). Afterwards the tool goes
 * back to select.
 */
import Konva from 'konva';
import { createElement } from '$lib/doc/commands.js';
import { LOCAL } from '$lib/doc/origins.js';
import { DEFAULT_SIZE, type NoteColor } from '$lib/doc/schema.js';
import { clamp, rectFromPoints, type Point } from '$lib/shared/geometry.js';
import type { Canvas, Gesture, PointerInfo } from './state.js';
import type { Tool } from './types.js';
import { setSelection } from './selection.js';
import { openEditor } from './text-editor.js';
import { DEFAULT_FRAME, MIN_SIZE, SELECTION_COLOR } from './render/style.js';
import { toolCursor, setCursor } from './cursor.js';

const LIMIT = 900_000;

function coord(n: number): number {
	return clamp(Math.round(n), -LIMIT, LIMIT);
}

export function setTool(canvas: Canvas, tool: Tool): void {
	if (canvas.tool === tool) return;
	canvas.gesture?.cancel();
	canvas.gesture = null;
	canvas.tool = tool;
	setCursor(canvas, toolCursor(canvas));
	canvas.events.emit('toolChange', tool);
}

function created(canvas: Canvas, id: string, edit: boolean): void {
	setSelection(canvas, [id]);
	setTool(canvas, 'select');
	canvas.undo.stopCapturing();
	if (edit) openEditor(canvas, id);
}

/** A note centred at `p`, with the editor open. Returns its id, or null when this person may not edit. */
export function createNoteAt(canvas: Canvas, p: Point, edit = true): string | null {
	if (!canvas.host.canEdit()) return null;
	const { w, h } = DEFAULT_SIZE.note;
	const color: NoteColor = canvas.host.defaultNoteColor?.() ?? 'yellow';
	canvas.undo.stopCapturing();
	try {
		const id = createElement(
			canvas.host.doc,
			{
				kind: 'note',
				x: coord(p.x - w / 2),
				y: coord(p.y - h / 2),
				text: '',
				color,
				createdBy: canvas.host.me.id
			},
			LOCAL,
			canvas.host.placement,
			canvas.scene.index
		);
		created(canvas, id, edit);
		return id;
	} catch (error) {
		console.warn('canvas: could not create the note', error);
		return null;
	}
}

/** A text label centred at `p`, with the editor open. */
export function createTextAt(canvas: Canvas, p: Point, edit = true): string | null {
	if (!canvas.host.canEdit()) return null;
	const { w, h } = DEFAULT_SIZE.text;
	canvas.undo.stopCapturing();
	try {
		const id = createElement(
			canvas.host.doc,
			{
				kind: 'text',
				x: coord(p.x - w / 2),
				y: coord(p.y - h / 2),
				text: '',
				createdBy: canvas.host.me.id
			},
			LOCAL,
			canvas.host.placement,
			canvas.scene.index
		);
		created(canvas, id, edit);
		return id;
	} catch (error) {
		console.warn('canvas: could not create the text', error);
		return null;
	}
}

/** Note or text tool: a click (or tap) places one; a drag pans instead. */
export function startPlace(canvas: Canvas, start: PointerInfo, kind: 'note' | 'text', pan: () => Gesture): Gesture {
	let fallback: Gesture | null = null;
	return {
		move(p) {
			if (fallback) return fallback.move(p);
			if (Math.hypot(p.screen.x - start.screen.x, p.screen.y - start.screen.y) > 6) {
				fallback = pan();
				fallback.move(p);
			}
		},
		up(p) {
			if (fallback) return fallback.up(p);
			if (kind === 'note') createNoteAt(canvas, p.board);
			else createTextAt(canvas, p.board);
		},
		cancel() {
			fallback?.cancel();
		}
	};
}

/** Frame tool: drag out the frame; a click makes an 800×600 frame centred on the pointer. */
export function startFrame(canvas: Canvas, start: PointerInfo): Gesture {
	let preview: Konva.Rect | null = null;
	const remove = () => {
		preview?.destroy();
		preview = null;
		canvas.layers.overlay.batchDraw();
	};
	return {
		move(p) {
			if (!preview) {
				if (Math.hypot(p.screen.x - start.screen.x, p.screen.y - start.screen.y) < 6) return;
				preview = new Konva.Rect({
					stroke: SELECTION_COLOR,
					strokeWidth: 1.5,
					strokeScaleEnabled: false,
					dash: [8, 6],
					fill: 'rgba(255,255,255,0.6)',
					listening: false
				});
				canvas.groups.tools.add(preview);
			}
			const r = rectFromPoints(start.board, p.board);
			preview.setAttrs({ x: r.x, y: r.y, width: r.w, height: r.h });
			canvas.layers.overlay.batchDraw();
		},
		up(p) {
			const dragged = preview !== null;
			remove();
			if (!canvas.host.canEdit()) return;
			const min = MIN_SIZE.frame;
			const r = dragged
				? rectFromPoints(start.board, p.board)
				: { x: p.board.x - DEFAULT_FRAME.w / 2, y: p.board.y - DEFAULT_FRAME.h / 2, w: DEFAULT_FRAME.w, h: DEFAULT_FRAME.h };
			canvas.undo.stopCapturing();
			try {
				const id = createElement(
					canvas.host.doc,
					{
						kind: 'frame',
						x: coord(r.x),
						y: coord(r.y),
						w: Math.min(20_000, Math.max(min.w, Math.round(r.w))),
						h: Math.min(20_000, Math.max(min.h, Math.round(r.h))),
						title: 'Frame',
						createdBy: canvas.host.me.id
					},
					LOCAL,
					canvas.host.placement,
					canvas.scene.index
				);
				created(canvas, id, true);
			} catch (error) {
				console.warn('canvas: could not create the frame', error);
			}
		},
		cancel: remove
	};
}
