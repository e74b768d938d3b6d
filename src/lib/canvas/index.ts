/**
 * The canvas's one door: mount it, and (for templates) register renderers for more element kinds.
 * Konva lives only in this folder and in template renderers.
 */
export { mountCanvas } from './mount.js';
export { registerRenderer, getRenderer, type ElementRenderer, type RenderContext } from './render/index.js';
export { registerConnectorStyle, type ConnectorStyle } from './render/connector.js';
export { frameRenderer } from './render/frame.js';
export { noteRenderer } from './render/note.js';
export type { CanvasController, CanvasEvents, CanvasHost, Tool, Viewport } from './types.js';
export { MIN_SCALE, MAX_SCALE } from './viewport.js';
