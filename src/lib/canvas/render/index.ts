/**
 * Renderers by element kind: plain objects that map one element to Konva nodes. The scene calls
 * `create` once, `update` on every change, `destroy` on removal; a renderer never writes the doc and
 * never keeps its own state beyond its nodes.
 *
 * Which renderer draws which kind is a `Renderers` value the host hands the canvas when it mounts
 * (`host.renderers`, built with `createRenderers`): the core kinds, and whatever the templates add.
 * Nothing is registered in a module, so two canvases on one page draw with their own.
 *
 * The root group's `visible` belongs to the scene (off-screen culling): hide children instead.
 */
import type { Connector } from '$lib/doc/schema.js';
import { noteRenderer } from './note.js';
import { textRenderer } from './text.js';
import { frameRenderer } from './frame.js';
import { connectorRenderer, type ConnectorStyle } from './connector.js';
import type { ElementRenderer } from './contract.js';

export type { RenderContext, ElementRenderer } from './contract.js';
export { readable } from './contract.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRenderer = ElementRenderer<any>;

/** What draws the elements of one canvas: a renderer per kind, and the style of each connector. */
export interface Renderers {
	/** The renderer of a kind; undefined: not drawn. */
	of(kind: string): AnyRenderer | undefined;
	/** The style the templates give this connector (empty for a plain one). */
	connectorStyle(connector: Connector): ConnectorStyle;
}

/** The core kinds: sticky notes, text labels, frames and connectors. */
export const CORE_RENDERERS: Readonly<Record<string, AnyRenderer>> = {
	note: noteRenderer,
	text: textRenderer,
	frame: frameRenderer,
	connector: connectorRenderer
};

const PLAIN: ConnectorStyle = {};

/**
 * The renderers of one canvas: the core kinds, replaced or extended by `kinds`, and connectors styled by
 * `connectorStyle` (null: a plain connector).
 * @example mountCanvas(div, { ...host, renderers: createRenderers({ kinds: { item: itemRenderer } }) })
 */
export function createRenderers(
	options: { kinds?: Readonly<Record<string, AnyRenderer>>; connectorStyle?: (connector: Connector) => ConnectorStyle | null } = {}
): Renderers {
	const byKind = new Map(Object.entries({ ...CORE_RENDERERS, ...options.kinds }));
	const style = options.connectorStyle;
	return {
		of: (kind) => byKind.get(kind),
		connectorStyle: (connector) => style?.(connector) ?? PLAIN
	};
}
