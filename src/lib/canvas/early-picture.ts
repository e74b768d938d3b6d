/**
 * The board's first picture, drawn by src/early-sync.js before the app existed (from
 * `GET /api/boards/:id/picture`, src/lib/doc/far-picture.ts): the canvas takes it over when it mounts. It keeps
 * the picture in place, over its own still-empty layers, starts at the view the picture was drawn at (so the
 * board does not move when the canvas's own drawing replaces it), and removes it once it has drawn the board,
 * when its size changes, or after PICTURE_TIMEOUT_MS whatever happens (a board that never arrives).
 */
import type { Canvas } from './state.js';
import type { Viewport } from './types.js';

const KEY = Symbol.for('convene.early-picture');
const PICTURE_TIMEOUT_MS = 15_000;

/** What early-sync.js leaves at `window[KEY]`: its canvas, the view it drew (origin at the canvas's top-left) and where it is. */
export interface EarlyPicture {
	canvas: HTMLCanvasElement;
	view: Viewport;
	left: number;
	top: number;
	notesDrawn: number;
}

function isPicture(value: unknown): value is EarlyPicture {
	const p = value as Partial<EarlyPicture> | null;
	const v = p?.view;
	return (
		!!p &&
		typeof HTMLCanvasElement !== 'undefined' &&
		p.canvas instanceof HTMLCanvasElement &&
		!!v &&
		[v.x, v.y, v.scale, p.left, p.top].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
		v.scale > 0
	);
}

/**
 * The first picture if early-sync.js drew one, once; afterwards (and when there is none) null, and a picture
 * arriving later is not drawn (early-sync.js checks the same key).
 */
export function takeEarlyPicture(): EarlyPicture | null {
	if (typeof window === 'undefined') return null;
	const slot = window as unknown as Record<symbol, unknown>;
	const found = slot[KEY];
	slot[KEY] = 'taken';
	if (!isPicture(found)) return null;
	if (!found.canvas.isConnected) return null;
	return found;
}

/** Puts `picture` over the canvas's container; returns the view, in the container's coordinates, that it shows. */
export function placePicture(container: HTMLElement, picture: EarlyPicture): Viewport {
	const box = container.getBoundingClientRect();
	const dx = picture.left - box.left;
	const dy = picture.top - box.top;
	Object.assign(picture.canvas.style, { position: 'absolute', left: `${dx}px`, top: `${dy}px`, zIndex: '' });
	container.append(picture.canvas);
	const { x, y, scale } = picture.view;
	return { x: x - dx / scale, y: y - dy / scale, scale };
}

/** Removes the picture once the canvas has drawn the board, or on a resize; returns the cleanup. */
export function installEarlyPicture(canvas: Canvas, picture: EarlyPicture): () => void {
	const { content } = canvas.layers;
	const remove = () => {
		clearTimeout(timer);
		content.off('draw.picture');
		offResize();
		picture.canvas.remove();
	};
	const timer = setTimeout(remove, PICTURE_TIMEOUT_MS);
	content.on('draw.picture', () => {
		if (canvas.scene.elements.size > 0) remove();
	});
	const offResize = canvas.bus.on('resize', remove);
	return remove;
}
