/**
 * Far zoom (level of detail): zoomed out so far that no note text is readable, plain notes and
 * connectors are drawn by one shape, a rectangle per note batched by colour and one path per connector
 * colour, from the scene's elements in view, instead of a Konva group each (they have no nodes out here:
 * scene.ts builds none for them). Template items, frames and whatever is being dragged keep their own nodes.
 *
 * The shape keeps its drawing as a bitmap (one canvas the size of the layer's): while the view stays put,
 * a change redraws only the regions it touched (the places a note left and entered, `scene.farDirty`),
 * and the shape copies the bitmap; rasterising thousands of rectangles and lines again for one moved
 * note was most of a remote move's cost. A new view or detail band, or a wider canvas, draws it whole; a
 * narrower one (a side panel opening beside it) keeps the drawing and shows the part still in view.
 */
import Konva from 'konva';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import type { Rect } from '$lib/shared/geometry.js';
import { intersects } from '$lib/shared/geometry.js';
import type { Canvas } from './state.js';
import type { Viewport } from './types.js';
import { paintGrid } from './grid.js';
import { drawnFar, isFar, markFar, rectOf } from './scene.js';
import { connectorPoints } from './hit-test.js';
import { CONNECTOR_COLOR } from './render/style.js';
import { deviceRegion, MAX_DIRTY, patchArea, redrawRegion } from './far-regions.js';

/** Draws the far elements among `ids` (board coordinates; the context carries the view's transform). */
function drawElements(
	canvas: Canvas,
	c: CanvasRenderingContext2D,
	ids: Iterable<string>,
	within: Rect | null,
	scale = canvas.viewport.scale
): number {
	const { scene } = canvas;
	const notes = new Map<string, number[]>();
	const lines = new Map<string, number[]>();
	for (const id of ids) {
		const el = scene.elements.get(id);
		if (!drawnFar(el) || !scene.shown.has(id)) continue;
		// Being dragged: drawn by its own node in the drag layer. (Most have no node at all out here.)
		const node = scene.nodes.get(id);
		if (node && node.getParent() !== canvas.groups.items) continue;
		if (within) {
			const bounds = scene.grid.get(id);
			if (bounds && !intersects(bounds, within)) continue;
		}
		if (el!.kind === 'note') {
			const r = rectOf(scene, id);
			if (!r) continue;
			const color = NOTE_COLORS[el!.color] ?? NOTE_COLORS.yellow;
			let list = notes.get(color);
			if (!list) notes.set(color, (list = []));
			list.push(r.x, r.y, r.w, r.h);
		} else if (el!.kind === 'connector') {
			const from = rectOf(scene, el!.from);
			const to = rectOf(scene, el!.to);
			if (!from || !to || el!.from === el!.to) continue;
			const [a, b] = connectorPoints(from, to);
			const color = scene.renderers.connectorStyle(el!).color ?? CONNECTOR_COLOR;
			let list = lines.get(color);
			if (!list) lines.set(color, (list = []));
			list.push(a.x, a.y, b.x, b.y);
		}
	}
	// About one screen pixel, whatever the zoom.
	c.lineWidth = 1 / scale;
	for (const [color, p] of lines) {
		c.beginPath();
		for (let i = 0; i < p.length; i += 4) {
			c.moveTo(p[i], p[i + 1]);
			c.lineTo(p[i + 2], p[i + 3]);
		}
		c.strokeStyle = color;
		c.stroke();
	}
	let n = 0;
	for (const [color, p] of notes) {
		c.beginPath();
		for (let i = 0; i < p.length; i += 4) c.rect(p[i], p[i + 1], p[i + 2], p[i + 3]);
		c.fillStyle = color;
		c.fill();
		n += p.length / 4;
	}
	return n;
}

/** What the far bitmap was drawn for and how much of it is kept up to date (see createFarShape). */
interface FarCache {
	bitmap: HTMLCanvasElement;
	key: string;
	notes: number;
	width: number;
	height: number;
}

const viewKey = (canvas: Canvas, ratio: number) => {
	const v = canvas.viewport;
	return `${v.x},${v.y},${v.scale},${canvas.scene.detail},${ratio}`;
};

/**
 * Brings the bitmap up to date for a target of `width` × `height` device pixels: whole for a new view,
 * band or wider target (or too many changes), else only the regions that changed (`scene.farDirty`).
 */
function updateBitmap(canvas: Canvas, kept: FarCache | null, width: number, height: number, ratio: number): FarCache | null {
	const { scene } = canvas;
	const v = canvas.viewport;
	const key = viewKey(canvas, ratio);
	let cache = kept;
	const fits = cache !== null && width <= cache.width && height <= cache.height;
	const whole = !cache || !fits || cache.key !== key || scene.farDirty === 'all' || scene.farDirty.length > MAX_DIRTY;
	if (!cache || (whole && (cache.bitmap.width !== width || cache.bitmap.height !== height))) {
		const bitmap = cache?.bitmap ?? document.createElement('canvas');
		bitmap.width = width;
		bitmap.height = height;
		cache = { bitmap, key, notes: 0, width, height };
	}
	// Only the part in view is kept up to date from here on (a change redraws its regions within it).
	cache.width = width;
	cache.height = height;
	const b = cache.bitmap.getContext('2d');
	if (!b) return null;
	const toBoard = () => b.setTransform(ratio * v.scale, 0, 0, ratio * v.scale, -v.x * v.scale * ratio, -v.y * v.scale * ratio);
	if (whole) {
		b.setTransform(1, 0, 0, 1, 0, 0);
		b.clearRect(0, 0, width, height);
		toBoard();
		cache.notes = drawElements(canvas, b, scene.shown, null);
		cache.key = key;
	} else {
		for (const dirty of scene.farDirty as Rect[]) {
			const px = deviceRegion(dirty, v, ratio, width, height);
			if (!px) continue;
			redrawRegion(b, px, () => {
				toBoard();
				drawElements(canvas, b, scene.grid.near(dirty), dirty);
			});
		}
	}
	scene.farDirty = [];
	return cache;
}

/** The shape that draws far elements; one per canvas, between frames and items. */
export function createFarShape(canvas: Canvas): Konva.Shape {
	// This canvas's bitmap of the far drawing, what it was drawn for (the view, not the size), and how much of
	// it is kept up to date: a narrower canvas (a side panel opening) shows the same view cropped, so it keeps
	// the bitmap and copies its corner instead of drawing every note again; a wider one draws it whole.
	let cache: FarCache | null = null;
	// Whether the last drawing was onto the layer's own canvas (not a picture of it, e.g. toDataURL).
	let onScreen = false;
	const shape = new Konva.Shape({
		name: 'far',
		listening: false,
		perfectDrawEnabled: false,
		sceneFunc(context) {
			const { scene } = canvas;
			const counted = shape as Konva.Shape & { notesDrawn?: number };
			const c = (context as unknown as { _context: CanvasRenderingContext2D })._context;
			onScreen = c.canvas === canvas.layers.content.getNativeCanvasElement();
			counted.notesDrawn = 0;
			if (!isFar(scene)) {
				cache = null;
				scene.farDirty = [];
				return;
			}
			const target = c.canvas;
			cache = updateBitmap(canvas, cache, target.width, target.height, context.getCanvas().getPixelRatio());
			if (!cache) return;
			c.save();
			c.setTransform(1, 0, 0, 1, 0, 0);
			c.drawImage(cache.bitmap, 0, 0, target.width, target.height, 0, 0, target.width, target.height);
			c.restore();
			counted.notesDrawn = cache.notes;
		}
	});
	// A live resize draws the box where the transformer has it: the far drawing follows it whole.
	canvas.bus.on('overrides', () => markFar(canvas.scene, 'all'));
	installPatch(
		canvas,
		shape,
		() => cache,
		() => onScreen
	);
	return shape;
}

/**
 * A change of far-drawn elements only (`syncScene` emits 'farChange': another person moved a note) does not
 * draw the content layer again. Chromium copies a whole canvas each time it changes, or is drawn from after
 * a change (a 1400×900 layer: about 3.5 ms a move on a software-rendered page, whatever was drawn on it), so
 * the changed regions are painted afresh on a small patch canvas laid over the layer instead: the board's
 * background and dots, and the far elements there. The patch grows to cover every region changed since the
 * layer was last drawn, and the far bitmap is left to catch up (that one region) when the layer is next drawn.
 * When the patch would cover too much, when a node of the content layer (a frame, a template item, a front)
 * is drawn where it lies, or when the view, size or band is not the bitmap's, the layer is drawn whole
 * instead. Drawing the layer hides the patch; a view change or a resize first paints the patched region
 * into the layer (during a zoom the layer's drawing is scaled, not drawn again, so it must hold it).
 */
function installPatch(canvas: Canvas, shape: Konva.Shape, getCache: () => FarCache | null, drawnOnScreen: () => boolean): void {
	const layer = canvas.layers.content;
	let el: HTMLCanvasElement | null = null;
	let shown: Rect | null = null;
	let placed: Rect | null = null;
	let frame: number | null = null;
	const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

	/** The board rectangle under device pixels `px` at view `v`. */
	const boardOf = (px: Rect, v: Viewport, ratio: number): Rect => {
		const k = v.scale * ratio;
		return { x: v.x + px.x / k, y: v.y + px.y / k, w: px.w / k, h: px.h / k };
	};
	/** Paints the far elements over device pixels `px` of a context whose pixel (0, 0) is the layer's `origin`. */
	const paintFar = (c: CanvasRenderingContext2D, px: Rect, v: Viewport, ratio: number, origin: { x: number; y: number }) => {
		const k = v.scale * ratio;
		const board = boardOf(px, v, ratio);
		c.setTransform(k, 0, 0, k, -v.x * k - origin.x, -v.y * k - origin.y);
		drawElements(canvas, c, canvas.scene.grid.near(board), board, v.scale);
		return board;
	};
	const hide = () => {
		shown = null;
		if (el) el.style.display = 'none';
	};
	/** The far bitmap has not drawn what the patch shows: it redraws that region at the layer's next drawing. */
	const catchUp = () => {
		const at = canvas.scene.bitmap.drawnAt;
		if (shown && at) markFar(canvas.scene, boardOf(shown, at, layer.getCanvas().getPixelRatio()));
	};
	/** Paints the patched region into the layer's canvas (at the view it was drawn at) and hides the patch. */
	const settle = () => {
		const at = canvas.scene.bitmap.drawnAt;
		const c = layer.getNativeCanvasElement().getContext('2d');
		if (shown && at && c) {
			c.save();
			c.setTransform(1, 0, 0, 1, 0, 0);
			c.beginPath();
			c.rect(shown.x, shown.y, shown.w, shown.h);
			c.clip();
			const ratio = layer.getCanvas().getPixelRatio();
			const k = at.scale * ratio;
			c.setTransform(k, 0, 0, k, -at.x * k, -at.y * k);
			paintGrid(c, at.scale, boardOf(shown, at, ratio));
			paintFar(c, shown, at, ratio, { x: 0, y: 0 });
			c.restore();
		}
		catchUp();
		hide();
	};
	/** Whether a node of the content layer (not the far shape) is drawn over device pixels `px`. */
	const nodesOver = (px: Rect, ratio: number): boolean => {
		for (const child of layer.getChildren()) {
			if (child === shape || child.name() === 'grid' || !child.isVisible()) continue;
			const nodes = child instanceof Konva.Group ? child.getChildren() : [child];
			for (const node of nodes) {
				if (!node.isVisible()) continue;
				const r = node.getClientRect();
				if (intersects({ x: r.x * ratio, y: r.y * ratio, w: r.width * ratio, h: r.height * ratio }, px)) return true;
			}
		}
		return false;
	};
	/** Shows the far drawing's changes on the patch; false when the layer must be drawn whole instead. */
	const patch = (): boolean => {
		const { scene } = canvas;
		const cache = getCache();
		const target = layer.getNativeCanvasElement();
		const ratio = layer.getCanvas().getPixelRatio();
		const v = canvas.viewport;
		if (!isFar(scene) || !cache || scene.farDirty === 'all') return false;
		if (cache.key !== viewKey(canvas, ratio) || cache.width !== target.width || cache.height !== target.height) return false;
		if (target.style.transform || scene.bitmap.rest) return false;
		const regions: Rect[] = [];
		for (const dirty of scene.farDirty) {
			const px = deviceRegion(dirty, v, ratio, target.width, target.height);
			if (px) regions.push(px);
		}
		const area = patchArea(shown, regions, target.width, target.height);
		if (area === false || (area && nodesOver(area, ratio))) return false;
		// The bitmap catches up with the patched region when the layer is next drawn (catchUp); off-screen changes need nothing.
		if (!area) {
			scene.farDirty = [];
			return true;
		}
		if (!el) {
			el = document.createElement('canvas');
			el.setAttribute('aria-hidden', 'true');
			Object.assign(el.style, { position: 'absolute', pointerEvents: 'none', margin: '0', padding: '0', border: '0' });
		}
		if (el.previousElementSibling !== target) target.after(el);
		if (el.width !== area.w || el.height !== area.h) {
			el.width = area.w;
			el.height = area.h;
		}
		// Only what moved: a style written (even unchanged) costs a style and layout pass.
		if (!placed || !sameRect(placed, area) || el.style.display === 'none') {
			Object.assign(el.style, {
				display: '',
				left: `${area.x / ratio}px`,
				top: `${area.y / ratio}px`,
				width: `${area.w / ratio}px`,
				height: `${area.h / ratio}px`
			});
			placed = area;
		}
		const c = el.getContext('2d');
		if (!c) return false;
		const k = v.scale * ratio;
		c.setTransform(k, 0, 0, k, -v.x * k - area.x, -v.y * k - area.y);
		paintGrid(c, v.scale, boardOf(area, v, ratio));
		paintFar(c, area, v, ratio, area);
		scene.farDirty = [];
		shown = area;
		return true;
	};
	canvas.bus.on('farChange', () => {
		if (frame !== null || canvas.destroyed) return;
		frame = requestAnimationFrame(() => {
			frame = null;
			// A whole drawing is on its way (it draws the changes too), or the patch cannot show them.
			if (canvas.destroyed || (layer as unknown as { _waitingForDraw: boolean })._waitingForDraw) return;
			if (!patch()) layer.draw();
		});
	});
	layer.on('beforeDraw', catchUp);
	// A picture of the layer (toDataURL draws it onto another canvas) leaves the screen as it is, patch included.
	layer.on('draw', () => drawnOnScreen() && hide());
	canvas.bus.on('viewport', settle);
	canvas.bus.on('resize', settle);
	shape.on('destroy', () => {
		if (frame !== null) cancelAnimationFrame(frame);
		el?.remove();
	});
}
