/**
 * A small overview in the bottom-right corner: every box as a rectangle, and the visible area.
 * Click or drag on it to move the view. A plain <canvas> (no Konva stage): it is a picture with a
 * pointer convenience, hidden from assistive technology (keyboard users have the outline view) and
 * hidden on narrow screens, where it would cover the board.
 */
import { NOTE_COLORS } from '$lib/shared/colors.js';
import { boundsOf, type Point, type Rect } from '$lib/shared/geometry.js';
import type { Canvas } from './state.js';
import { drawOrder } from './scene.js';
import { deviceRegion, redrawRegion } from './far-regions.js';
import { compareByIndex } from '$lib/shared/order.js';
import type { Element } from '$lib/doc/schema.js';
import { centreOn, visibleRect } from './viewport.js';
import { setView } from './view.js';
import { frameTask } from './timing.js';
import { SELECTION_COLOR } from './render/style.js';

export const MINIMAP_SIZE = { width: 180, height: 120 };
/** Below this container width the minimap is hidden. */
export const MINIMAP_MIN_WIDTH = 600;

export interface MinimapMapping {
	scale: number;
	/** Board point at the minimap's top-left. */
	x: number;
	y: number;
}

/** The board area the minimap shows: the content and the view together, padded, centred in the map. */
export function minimapMapping(content: Rect | null, view: Rect, size = MINIMAP_SIZE): MinimapMapping {
	const world = boundsOf(content ? [content, view] : [view])!;
	const pad = Math.max(world.w, world.h) * 0.06;
	const w = world.w + 2 * pad;
	const h = world.h + 2 * pad;
	const scale = Math.min(size.width / w, size.height / h);
	return {
		scale,
		x: world.x - pad - (size.width / scale - w) / 2,
		y: world.y - pad - (size.height / scale - h) / 2
	};
}

export function minimapToBoard(m: MinimapMapping, p: Point): Point {
	return { x: m.x + p.x / m.scale, y: m.y + p.y / m.scale };
}

/**
 * Whether the boxes' `bounds` still hold after boxes changed only within the `dirty` regions (each changed
 * box's bounds before and after, `scene.mapDirty`): when every region lies strictly inside, no changed box
 * made an edge or held one, so the bounds need not be found again by walking every box.
 * @example boundsHold({ x: 0, y: 0, w: 100, h: 100 }, [{ x: 10, y: 10, w: 5, h: 5 }]) // true
 */
export function boundsHold(bounds: Rect | null, dirty: readonly Rect[] | 'all'): boolean {
	if (!bounds || dirty === 'all') return false;
	return dirty.every((r) => r.x > bounds.x && r.y > bounds.y && r.x + r.w < bounds.x + bounds.w && r.y + r.h < bounds.y + bounds.h);
}

const SCENE_REDRAW_MS = 1000;

export function installMinimap(canvas: Canvas): () => void {
	const el = document.createElement('canvas');
	el.setAttribute('aria-hidden', 'true');
	el.className = 'convene-minimap';
	Object.assign(el.style, {
		position: 'absolute',
		right: '12px',
		bottom: '12px',
		width: `${MINIMAP_SIZE.width}px`,
		height: `${MINIMAP_SIZE.height}px`,
		borderRadius: '8px',
		background: 'rgba(255, 255, 255, 0.94)',
		boxShadow: '0 1px 3px rgba(15, 23, 42, 0.25)',
		cursor: 'pointer',
		touchAction: 'none',
		zIndex: '2'
	} satisfies Partial<CSSStyleDeclaration>);
	canvas.container.appendChild(el);
	let mapping: MinimapMapping | null = null;
	let frozen: MinimapMapping | null = null;

	// The boxes' picture, kept while the board and the mapping stay the same (a pan redraws only the view's
	// rectangle over it), and the boxes' bounds for the scene version they were taken at.
	let picture: { bitmap: HTMLCanvasElement; key: string } | null = null;
	let content: { version: number; bounds: Rect | null } | null = null;

	const contentBounds = (): Rect | null => {
		if (content && (content.version === canvas.scene.version || boundsHold(content.bounds, canvas.scene.mapDirty))) {
			content.version = canvas.scene.version;
			return content.bounds;
		}
		let x1 = Infinity;
		let y1 = Infinity;
		let x2 = -Infinity;
		let y2 = -Infinity;
		for (const e of canvas.scene.elements.values()) {
			if (e.kind === 'connector') continue;
			x1 = Math.min(x1, e.x);
			y1 = Math.min(y1, e.y);
			x2 = Math.max(x2, e.x + e.w);
			y2 = Math.max(y2, e.y + e.h);
		}
		const bounds = x1 === Infinity ? null : { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
		content = { version: canvas.scene.version, bounds };
		return bounds;
	};

	/** Frames first, as drawn; then every other box, one path per colour (a big board has thousands). */
	const drawBoxes = (ctx: CanvasRenderingContext2D, m: MinimapMapping, elements: readonly Element[]) => {
		const byColor = new Map<string, number[]>();
		for (const e of elements) {
			if (e.kind === 'connector') continue;
			const x = (e.x - m.x) * m.scale;
			const y = (e.y - m.y) * m.scale;
			const w = Math.max(1, e.w * m.scale);
			const h = Math.max(1, e.h * m.scale);
			if (e.kind === 'frame') {
				ctx.fillStyle = '#ffffff';
				ctx.strokeStyle = '#94a3b8';
				ctx.lineWidth = 1;
				ctx.fillRect(x, y, w, h);
				ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
			} else {
				const color = e.kind === 'note' || e.kind === 'item' ? (NOTE_COLORS[e.color] ?? NOTE_COLORS.yellow) : '#9ca3af';
				let list = byColor.get(color);
				if (!list) byColor.set(color, (list = []));
				list.push(x, y, w, h);
			}
		}
		for (const [color, r] of byColor) {
			ctx.beginPath();
			for (let i = 0; i < r.length; i += 4) ctx.rect(r[i], r[i + 1], r[i + 2], r[i + 3]);
			ctx.fillStyle = color;
			ctx.fill();
		}
	};

	const draw = () => {
		if (canvas.destroyed || el.style.display === 'none') return;
		const ratio = Math.min(3, window.devicePixelRatio || 1);
		if (el.width !== MINIMAP_SIZE.width * ratio) {
			el.width = MINIMAP_SIZE.width * ratio;
			el.height = MINIMAP_SIZE.height * ratio;
		}
		const ctx = el.getContext('2d');
		if (!ctx) return;
		const view = visibleRect(canvas.viewport, canvas.size);
		const m = frozen ?? minimapMapping(contentBounds(), view);
		mapping = m;
		// Drawn whole for a new mapping; otherwise only where boxes changed (scene.mapDirty), clipped.
		const { scene } = canvas;
		const key = `${m.x},${m.y},${m.scale},${ratio}`;
		if (!picture || picture.key !== key || scene.mapDirty === 'all') {
			const bitmap = picture?.bitmap ?? document.createElement('canvas');
			bitmap.width = el.width;
			bitmap.height = el.height;
			const b = bitmap.getContext('2d');
			if (!b) return;
			b.setTransform(ratio, 0, 0, ratio, 0, 0);
			b.clearRect(0, 0, MINIMAP_SIZE.width, MINIMAP_SIZE.height);
			drawBoxes(b, m, drawOrder(scene));
			picture = { bitmap, key };
		} else if (scene.mapDirty.length > 0) {
			const b = picture.bitmap.getContext('2d');
			if (!b) return;
			for (const dirty of scene.mapDirty) {
				const px = deviceRegion(dirty, m, ratio, picture.bitmap.width, picture.bitmap.height, 1);
				if (!px) continue;
				const ids = scene.grid.near(dirty);
				const boxes: Element[] = [];
				for (const id of ids) {
					const e = scene.elements.get(id);
					if (e && e.kind !== 'connector') boxes.push(e);
				}
				// Frames below the rest, larger frames below smaller ones, as drawn on the board.
				const area = (e: Element) => (e.kind === 'frame' ? -e.w * e.h : Infinity);
				boxes.sort((a, c) => area(a) - area(c) || compareByIndex(a, c));
				redrawRegion(b, px, () => {
					b.setTransform(ratio, 0, 0, ratio, 0, 0);
					drawBoxes(b, m, boxes);
				});
			}
		}
		scene.mapDirty = [];
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.clearRect(0, 0, el.width, el.height);
		ctx.drawImage(picture.bitmap, 0, 0);
		ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
		const [vx, vy, vw, vh] = [
			(view.x - m.x) * m.scale,
			(view.y - m.y) * m.scale,
			Math.max(1, view.w * m.scale),
			Math.max(1, view.h * m.scale)
		];
		ctx.fillStyle = 'rgba(37, 99, 235, 0.08)';
		ctx.fillRect(vx, vy, vw, vh);
		ctx.strokeStyle = SELECTION_COLOR;
		ctx.lineWidth = 1.5;
		ctx.strokeRect(vx, vy, vw, vh);
	};
	const task = frameTask(draw);

	const moveTo = (e: PointerEvent) => {
		if (!mapping) return;
		const r = el.getBoundingClientRect();
		const board = minimapToBoard(mapping, { x: e.clientX - r.left, y: e.clientY - r.top });
		setView(canvas, centreOn(canvas.viewport, board, canvas.size), { user: true });
	};
	const down = (e: PointerEvent) => {
		if (e.button !== 0) return;
		e.preventDefault();
		e.stopPropagation();
		// Keep the mapping still while dragging, or the map would slide under the pointer.
		frozen = mapping;
		el.setPointerCapture(e.pointerId);
		moveTo(e);
	};
	const move = (e: PointerEvent) => {
		if (frozen) moveTo(e);
	};
	const up = () => {
		frozen = null;
		task.schedule();
	};
	el.addEventListener('pointerdown', down);
	el.addEventListener('pointermove', move);
	el.addEventListener('pointerup', up);
	el.addEventListener('pointercancel', up);

	const fitScreen = () => {
		el.style.display = canvas.size.width < MINIMAP_MIN_WIDTH ? 'none' : 'block';
		task.schedule();
	};
	fitScreen();
	// Changes to the board redraw the map at most about once a second (someone moving notes on a big board
	// would otherwise redraw thousands of boxes for each move); moving the view redraws it every frame.
	let sceneTimer: ReturnType<typeof setTimeout> | null = null;
	const sceneChanged = () => {
		sceneTimer ??= setTimeout(() => {
			sceneTimer = null;
			task.schedule();
		}, SCENE_REDRAW_MS);
	};
	const offs = [
		canvas.bus.on('scene', sceneChanged),
		canvas.bus.on('viewport', () => task.schedule()),
		canvas.bus.on('resize', fitScreen),
		() => sceneTimer && clearTimeout(sceneTimer)
	];
	return () => {
		task.cancel();
		for (const off of offs) off();
		el.remove();
	};
}
