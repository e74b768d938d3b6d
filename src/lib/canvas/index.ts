/**
 * The canvas's one door: mount it with what it draws by (`createRenderers`: the core kinds plus the
 * templates') and what the host knows beyond the document (`createAnnotations`, e.g. vote dots).
 * Konva lives only in this folder and in template renderers.
 */
export { mountCanvas } from './mount.js';
export { takeEarlyPicture } from './early-picture.js';
export { createRenderers, CORE_RENDERERS, type ElementRenderer, type RenderContext, type Renderers } from './render/index.js';
export { createAnnotations, type Annotations, type AnnotationStore } from './annotations.js';
export type { ConnectorStyle } from './render/connector.js';
export { frameRenderer } from './render/frame.js';
export { noteRenderer } from './render/note.js';
export type { CanvasController, CanvasEvents, CanvasHost, Tool, Viewport } from './types.js';
export { MIN_SCALE, MAX_SCALE } from './viewport.js';
