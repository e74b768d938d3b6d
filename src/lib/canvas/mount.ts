/**
 * `mountCanvas`: builds the stage, wires the modules of this folder to one `Canvas` state, projects the
 * doc, and returns the controller the board drives. Everything it sets up, `destroy` takes down.
 */
import { installLocks } from './locks.js';
import { installAnnotations } from './annotations.js';
import { createUndoManager } from '$lib/doc/undo.js';
import { ElementIndex } from '$lib/doc/element-index.js';
import type { CanvasController, CanvasEvents, CanvasHost } from './types.js';
import type { Canvas, InternalEvents } from './state.js';
import { createEmitter } from './events.js';
import { createStage, hideWhileEmpty } from './stage.js';
import { applyDetail, createScene, stopScene, syncScene } from './scene.js';
import { detailScale } from './viewport.js';
import { createFarShape } from './far.js';
import { createPublisher } from './awareness.js';
import { installGrid } from './grid.js';
import { installSelection, setSelection } from './selection.js';
import { installTransformer, refreshTransformer } from './transform.js';
import { installPresence } from './presence.js';
import { installEditor, openEditor } from './text-editor.js';
import { installMinimap } from './minimap.js';
import { installPointer } from './pointer.js';
import { installWheel } from './wheel.js';
import { installKeys } from './keys.js';
import { setTool } from './create-tool.js';
import {
	animateView,
	applyView,
	cancelViewTimers,
	installBitmap,
	centreOnElement,
	resetZoomView,
	setView,
	zoomStepView,
	zoomToFitView
} from './view.js';
import {
	copySelection,
	cutSelection,
	deleteSelection,
	duplicateSelection,
	nudgeSelection,
	pasteClipboard,
	reorderSelection,
	undoRedo
} from './actions.js';
import { clearMeasureCache } from './render/measure.js';
import { createRenderers } from './render/index.js';
import { clearNoteFits } from './render/note.js';
import { setCursor, toolCursor } from './cursor.js';
import { installEarlyPicture, placePicture } from './early-picture.js';

function prepareContainer(container: HTMLDivElement): () => void {
	const before = {
		role: container.getAttribute('role'),
		label: container.getAttribute('aria-label'),
		roledescription: container.getAttribute('aria-roledescription'),
		tabindex: container.getAttribute('tabindex')
	};
	container.setAttribute('role', 'application');
	container.setAttribute('aria-label', 'Board canvas');
	container.setAttribute('aria-roledescription', 'whiteboard');
	if (!container.hasAttribute('tabindex')) container.tabIndex = 0;
	if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
	Object.assign(container.style, { overflow: 'hidden', touchAction: 'none', userSelect: 'none', webkitUserSelect: 'none' });
	return () => {
		for (const [name, value] of [
			['role', before.role],
			['aria-label', before.label],
			['aria-roledescription', before.roledescription],
			['tabindex', before.tabindex]
		] as const) {
			if (value === null) container.removeAttribute(name);
			else container.setAttribute(name, value);
		}
	};
}

/**
 * Mounts the whiteboard canvas into `container` for the host's content doc and awareness.
 * @example const canvas = mountCanvas(div, { doc, awareness, me, canEdit: () => true, isLocked: () => false })
 */
export function mountCanvas(container: HTMLDivElement, host: CanvasHost): CanvasController {
	const restoreContainer = prepareContainer(container);
	const { stage, layers, groups } = createStage(container);
	// The host's live element index (the board page shares its own), or one of the canvas's own.
	const ownIndex = host.elements ? null : new ElementIndex(host.doc);
	const index = host.elements ?? ownIndex!;
	const canvas: Canvas = {
		host,
		container,
		stage,
		layers,
		groups,
		scene: createScene(index, host.renderers ?? createRenderers()),
		events: createEmitter<CanvasEvents>(),
		bus: createEmitter<InternalEvents>(),
		undo: createUndoManager(host.doc),
		publish: createPublisher(host.awareness, host.me),
		viewport: { x: 0, y: 0, scale: 1 },
		viewFrames: { frame: null, animation: null, target: null },
		transform: null,
		size: { width: stage.width(), height: stage.height() },
		tool: 'select',
		selection: new Set(),
		editing: null,
		drag: null,
		gesture: null,
		spaceHeld: false,
		pointer: null,
		lastClick: null,
		viewportTouched: false,
		clipboard: { text: null, pasteCount: 0 },
		destroyed: false
	};
	// Far out, plain notes and connectors are drawn by one shape, between frames and items.
	const far = createFarShape(canvas);
	layers.content.add(far);
	far.zIndex(1);
	// Board origin near the top-left until there is content to fit.
	canvas.viewport = { x: -canvas.size.width / 2, y: -canvas.size.height / 2, scale: 1 };
	applyView(canvas);
	// The first picture of the board stays in view until this canvas has drawn it, and the first fit is its view.
	const picture = host.picture ? { view: placePicture(container, host.picture), remove: installEarlyPicture(canvas, host.picture) } : null;

	const cleanups: (() => void)[] = [
		installBitmap(canvas),
		installGrid(canvas),
		hideWhileEmpty(layers.drag),
		hideWhileEmpty(layers.overlay),
		installSelection(canvas),
		installTransformer(canvas),
		installEditor(canvas),
		installPresence(canvas),
		installMinimap(canvas),
		installLocks(canvas),
		installAnnotations(canvas),
		installPointer(canvas),
		installWheel(canvas),
		installKeys(canvas)
	];

	// Closing or hiding the tab mid-sentence must not lose the last keystrokes waiting on the debounce:
	// write them into the doc (and so into IndexedDB) at once.
	const flushTyping = () => canvas.editing?.flush();
	const onVisibility = () => document.visibilityState === 'hidden' && flushTyping();
	window.addEventListener('pagehide', flushTyping);
	document.addEventListener('visibilitychange', onVisibility);
	cleanups.push(() => {
		window.removeEventListener('pagehide', flushTyping);
		document.removeEventListener('visibilitychange', onVisibility);
	});

	const fitFirstContent = () => {
		if (!canvas.viewportTouched && canvas.scene.elements.size > 0) {
			canvas.viewportTouched = true;
			if (picture) setView(canvas, picture.view);
			else zoomToFitView(canvas, undefined, false);
			// Build the first nodes for the zoom they are seen at, not at 100% and again.
			applyDetail(canvas, detailScale(canvas.viewport.scale));
		}
	};
	syncScene(canvas, 'all', fitFirstContent);
	cleanups.push(
		index.onChange((ids) => {
			if (canvas.destroyed) return;
			// Fit the first content into view before its nodes are built, so what is built first is what is seen.
			syncScene(canvas, ids, fitFirstContent);
		}),
		() => stopScene(canvas.scene),
		() => picture?.remove(),
		() => ownIndex?.destroy()
	);

	const resize = () => {
		if (canvas.destroyed) return;
		const width = Math.max(1, container.clientWidth);
		const height = Math.max(1, container.clientHeight);
		if (width === canvas.size.width && height === canvas.size.height) return;
		let narrowed = width <= canvas.size.width && height <= canvas.size.height;
		canvas.size = { width, height };
		stage.size({ width, height });
		// The first size can be a placeholder (a 1 px tall container before layout): until someone moves the view
		// or there is content to fit, keep the origin in the middle of the real size.
		if (!canvas.viewportTouched && canvas.scene.elements.size === 0) {
			canvas.viewport = { x: -width / 2, y: -height / 2, scale: 1 };
			narrowed = false;
		}
		applyView(canvas, false, narrowed);
		canvas.bus.emit('resize', canvas.size);
		canvas.bus.emit('viewport', canvas.viewport);
	};
	if (typeof ResizeObserver !== 'undefined') {
		const observer = new ResizeObserver(() => resize());
		observer.observe(container);
		cleanups.push(() => observer.disconnect());
	}
	// Web fonts change text widths: measure again once they are in.
	const fonts = typeof document !== 'undefined' ? document.fonts : undefined;
	if (fonts) {
		const refit = () => {
			if (canvas.destroyed) return;
			clearMeasureCache();
			clearNoteFits();
			for (const node of [...canvas.scene.nodes.values(), ...canvas.scene.fronts.values()]) node.destroy();
			canvas.scene.nodes.clear();
			canvas.scene.fronts.clear();
			canvas.scene.elements.clear();
			canvas.scene.attached.clear();
			canvas.scene.grid.clear();
			canvas.scene.shown.clear();
			canvas.scene.seen.clear();
			canvas.scene.drawn = null;
			syncScene(canvas, 'all');
		};
		fonts.addEventListener('loadingdone', refit);
		cleanups.push(() => fonts.removeEventListener('loadingdone', refit));
	}
	setCursor(canvas, toolCursor(canvas));

	const controller: CanvasController = {
		get selection() {
			return new Set(canvas.selection);
		},
		get tool() {
			return canvas.tool;
		},
		get viewport() {
			return { ...canvas.viewport };
		},
		setTool: (tool) => setTool(canvas, tool),
		select(ids) {
			setSelection(canvas, ids);
			refreshTransformer(canvas);
		},
		zoomIn: () => zoomStepView(canvas, 1),
		zoomOut: () => zoomStepView(canvas, -1),
		zoomToFit(ids) {
			canvas.viewportTouched = true;
			zoomToFitView(canvas, ids);
		},
		resetZoom: () => resetZoomView(canvas),
		setViewport(viewport, animate) {
			canvas.viewportTouched = true;
			if (animate) animateView(canvas, viewport);
			else setView(canvas, viewport);
		},
		centreOn(id) {
			canvas.viewportTouched = true;
			centreOnElement(canvas, id);
		},
		editText(id) {
			if (!canvas.selection.has(id)) setSelection(canvas, [id]);
			openEditor(canvas, id);
		},
		copy: () => copySelection(canvas),
		cut: () => cutSelection(canvas),
		paste: () => pasteClipboard(canvas),
		duplicate: () => duplicateSelection(canvas),
		deleteSelection: () => deleteSelection(canvas),
		bringToFront: () => reorderSelection(canvas, 'front'),
		sendToBack: () => reorderSelection(canvas, 'back'),
		nudge: (dx, dy) => nudgeSelection(canvas, dx, dy),
		undo: () => undoRedo(canvas, 'undo'),
		redo: () => undoRedo(canvas, 'redo'),
		canUndo: () => host.canEdit() && canvas.undo.undoStack.length > 0,
		canRedo: () => host.canEdit() && canvas.undo.redoStack.length > 0,
		toDataURL(options) {
			const pixelRatio = options?.pixelRatio ?? 2;
			// The picture is of the board's content on white: without the background and its dots (grid.ts).
			const grid = layers.content.findOne('.grid');
			grid?.visible(false);
			let drawn: HTMLCanvasElement;
			try {
				drawn = layers.content.toCanvas({ x: 0, y: 0, width: canvas.size.width, height: canvas.size.height, pixelRatio });
			} finally {
				grid?.visible(true);
			}
			const out = document.createElement('canvas');
			out.width = drawn.width;
			out.height = drawn.height;
			const ctx = out.getContext('2d');
			if (!ctx) return drawn.toDataURL('image/png');
			ctx.fillStyle = '#ffffff';
			ctx.fillRect(0, 0, out.width, out.height);
			ctx.drawImage(drawn, 0, 0);
			return out.toDataURL('image/png');
		},
		on: (event, handler) => canvas.events.on(event, handler),
		resize,
		destroy() {
			if (canvas.destroyed) return;
			for (const cleanup of cleanups.reverse()) {
				try {
					cleanup();
				} catch (error) {
					console.error('canvas: cleanup failed', error);
				}
			}
			canvas.destroyed = true;
			cancelViewTimers(canvas);
			canvas.publish.cancel();
			canvas.undo.destroy();
			canvas.events.clear();
			canvas.bus.clear();
			stage.destroy();
			restoreContainer();
		}
	};
	return controller;
}
