/**
 * What a phone (any narrow screen) sees of the board: where joining lands (the current exercise, at a
 * zoom where notes keep their text), what following the facilitator shows there, and "Show on the
 * board" from a panel that covers the whole screen. Pure helpers plus two small installers the board
 * page calls once; the canvas knows nothing of agendas or panels.
 */
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { CanvasController, Viewport } from '$lib/canvas/types.js';
import { fitBounds, MIN_SCALE, NO_INSETS, READABLE_SCALE, readableFit, type Insets, type Size } from '$lib/canvas/viewport.js';
import { readAgenda, readFollow, type Agenda } from '$lib/doc/control.js';
import type { ElementIndex } from '$lib/doc/element-index.js';
import type { Element, Frame } from '$lib/doc/schema.js';
import { frameForPhase } from '$lib/drafts/places.js';
import type { TemplateModel } from '$lib/templates/kit/model.js';
import type { Rect } from '$lib/shared/geometry.js';

/** Below this width a side panel covers the whole board (Board.svelte's breakpoint) and views keep text readable. */
export const NARROW_WIDTH = 700;

export function isNarrow(width: number): boolean {
	return width < NARROW_WIDTH;
}

/** Room above a frame for its title (view.ts draws titles 32 board units above the frame at most). */
const TITLE_ROOM = 32;

function withTitle(frame: Rect): Rect {
	return { x: frame.x, y: frame.y - TITLE_ROOM, w: frame.w, h: frame.h + TITLE_ROOM };
}

/**
 * The board area someone joining should land on: the exercise the agenda's current phase names, else (on
 * a narrow screen, where the whole board would be blank cards) the first exercise in reading order, else
 * null (the canvas fits everything).
 */
export function landingRect(elements: readonly Element[], agenda: Agenda, models: readonly TemplateModel[], narrow: boolean): Rect | null {
	const phase = agenda.current === null ? null : agenda.phases[agenda.current];
	const named = phase ? frameForPhase(phase, elements, models) : null;
	if (named) return withTitle(named);
	if (!narrow) return null;
	const first = elements.filter((e): e is Frame => e.kind === 'frame').sort((a, b) => a.x - b.x || a.y - b.y)[0];
	return first ? withTitle(first) : null;
}

/**
 * The view showing `rect` on this screen: whole when it fits at a readable zoom (or the screen is wide),
 * else at READABLE_SCALE from its top-left corner.
 */
export function readableView(rect: Rect, size: Size, insets: Insets = NO_INSETS, maxScale = 1): Viewport {
	if (!isNarrow(size.width)) return fitBounds(rect, size, 48, maxScale, insets);
	return readableFit(rect, size, { insets, maxScale, minScale: READABLE_SCALE });
}

/**
 * Following: what the facilitator sees, fitted to this screen. A wide screen gets it whole, at any zoom; a
 * phone never goes below READABLE_SCALE (the facilitator's whole board on a phone would be blank cards):
 * it shows the exercise (of `frames`) where the facilitator is looking, the one under the middle of their
 * view or else the nearest, from its top-left corner; with no exercise there, the middle of their view.
 */
export function followView(rect: Rect, size: Size, insets: Insets = NO_INSETS, frames: readonly Rect[] = []): Viewport {
	const whole = fitBounds(rect, size, 0, 8);
	if (!isNarrow(size.width) || whole.scale >= READABLE_SCALE) return whole;
	const cx = rect.x + rect.w / 2;
	const cy = rect.y + rect.h / 2;
	const distance = (f: Rect) => Math.hypot(Math.max(f.x - cx, 0, cx - f.x - f.w), Math.max(f.y - cy, 0, cy - f.y - f.h));
	const seen = frames.filter((f) => f.x < rect.x + rect.w && rect.x < f.x + f.w && f.y < rect.y + rect.h && rect.y < f.y + f.h);
	const nearest = [...seen].sort((a, b) => distance(a) - distance(b) || a.w * a.h - b.w * b.h)[0];
	if (nearest) return readableFit(withTitle(nearest), size, { insets, minScale: READABLE_SCALE });
	const scale = Math.max(READABLE_SCALE, MIN_SCALE);
	return { x: cx - size.width / (2 * scale), y: cy - size.height / (2 * scale), scale };
}

/**
 * Where "Bring everyone here" takes this screen, once: the facilitator's view fitted to it, and on a phone
 * that would go below a readable zoom, the middle of their view at READABLE_SCALE ("here" is the spot they
 * look at, not the corner of an exercise, which following shows).
 */
export function summonView(rect: Rect, size: Size, insets: Insets = NO_INSETS): Viewport {
	return followView(rect, size, insets);
}

/**
 * Screen pixels the floating controls marked `data-covers` (siblings of the canvas) take from each edge:
 * each counts against the edge it is nearest to, e.g. the toolbar on the left, or at the bottom on a phone.
 */
export function controlInsets(container: HTMLElement): Insets {
	const box = container.getBoundingClientRect();
	const insets = { ...NO_INSETS };
	if (box.width < 1 || box.height < 1) return insets;
	for (const el of container.parentElement?.querySelectorAll<HTMLElement>('[data-covers]') ?? []) {
		const r = el.getBoundingClientRect();
		if (r.width < 1 || r.height < 1) continue;
		const gaps = { left: r.left - box.left, right: box.right - r.right, top: r.top - box.top, bottom: box.bottom - r.bottom };
		// `data-covers="top"` names the edge a control belongs to (one in a corner is nearly as close to two edges);
		// a bare `data-covers` takes the nearest.
		const named = el.dataset.covers;
		const edge =
			named === 'top' || named === 'bottom' || named === 'left' || named === 'right'
				? named
				: (Object.keys(gaps) as (keyof Insets)[]).reduce((a, b) => (gaps[b] < gaps[a] ? b : a));
		const extent =
			edge === 'left'
				? r.right - box.left
				: edge === 'right'
					? box.right - r.left
					: edge === 'top'
						? r.bottom - box.top
						: box.bottom - r.top;
		insets[edge] = Math.max(insets[edge], Math.min(extent, (edge === 'left' || edge === 'right' ? box.width : box.height) / 3));
	}
	return insets;
}

/**
 * The controller the board's panels use: on a narrow screen, where an open panel covers the whole board,
 * "Show on the board" (centreOn, zoomToFit of given ids) closes the panel first and shows the element at a
 * readable zoom. Everything else is the canvas's own.
 */
export function showingOnPhones(
	canvas: CanvasController,
	options: { size(): Size; insets(): Insets; rectOf(id: string): Rect | null; panelOpen(): boolean; closePanel(): void }
): CanvasController {
	const readable = (ids: readonly string[]): boolean => {
		const size = options.size();
		if (!isNarrow(size.width)) return false;
		const rects = ids.map((id) => options.rectOf(id)).filter((r): r is Rect => r !== null);
		if (rects.length === 0) return false;
		if (options.panelOpen()) options.closePanel();
		const x = Math.min(...rects.map((r) => r.x));
		const y = Math.min(...rects.map((r) => r.y));
		const bounds = { x, y, w: Math.max(...rects.map((r) => r.x + r.w)) - x, h: Math.max(...rects.map((r) => r.y + r.h)) - y };
		canvas.setViewport(readableView(bounds, size, options.insets(), 2), true);
		return true;
	};
	const wrapped: CanvasController = Object.create(canvas);
	wrapped.centreOn = (id) => {
		if (!readable([id])) canvas.centreOn(id);
	};
	wrapped.zoomToFit = (ids) => {
		if (ids === undefined || !readable([...ids])) canvas.zoomToFit(ids);
	};
	return wrapped;
}

/**
 * Joining lands on the current exercise: once the board's content and the facilitator's control document
 * have both arrived, shows `landingRect` at a readable zoom, unless "follow me" is on (following decides
 * the view then) or the person already moved the view themselves. Returns a function that stops waiting.
 */
export function landOnExercise(
	canvas: CanvasController,
	deps: {
		/** The board's live element index (read, not re-read from the doc: the first landing is on the first-render path). */
		elements: ElementIndex;
		control: Y.Doc;
		controlProvider: WebsocketProvider;
		container: HTMLElement;
		models: readonly TemplateModel[];
		size(): Size;
		insets(): Insets;
	}
): () => void {
	let done = false;
	const stops: (() => void)[] = [];
	const stop = () => {
		done = true;
		stops.splice(0).forEach((s) => s());
	};
	const touched = () => stop();
	for (const type of ['pointerdown', 'wheel', 'keydown'] as const) {
		deps.container.addEventListener(type, touched, { passive: true });
		stops.push(() => deps.container.removeEventListener(type, touched));
	}
	const tryLanding = () => {
		if (done || !deps.controlProvider.synced) return;
		const elements = deps.elements.all();
		if (elements.length === 0) return;
		if (readFollow(deps.control)) return stop();
		const size = deps.size();
		const rect = landingRect(elements, readAgenda(deps.control), deps.models, isNarrow(size.width));
		stop();
		if (rect) canvas.setViewport(readableView(rect, size, deps.insets()), false);
	};
	stops.push(deps.elements.onChange(() => queueMicrotask(tryLanding)));
	const onSync = () => queueMicrotask(tryLanding);
	deps.controlProvider.on('sync', onSync);
	stops.push(() => deps.controlProvider.off('sync', onSync));
	queueMicrotask(tryLanding);
	return stop;
}
