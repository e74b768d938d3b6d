/**
 * Puts every template on the canvas: items drawn by their template's renderer (or as notes), template
 * frames with their scaffolding, typed connectors in their template's style.
 */
import type Konva from 'konva';
import { frameRenderer, noteRenderer, registerConnectorStyle, registerRenderer, type ElementRenderer } from '$lib/canvas/index.js';
import type { Frame, Item } from '$lib/doc/schema.js';
import type { Template } from './client.js';

/** Registers the renderers; returns the function that removes them. */
export function installTemplates(templates: readonly Template[]): () => void {
	const byId = new Map(templates.map((t) => [t.id, t]));
	const itemRenderer = (item: Item): ElementRenderer<Item> =>
		byId.get(item.template)?.renderer.items?.[item.type] ?? (noteRenderer as unknown as ElementRenderer<Item>);

	const items: ElementRenderer<Item> = {
		create(item, ctx) {
			const group = itemRenderer(item).create(item, ctx);
			group.setAttr('convene:renderer', `${item.template}/${item.type}`);
			return group;
		},
		update(group, item, ctx) {
			itemRenderer(item).update(group, item, ctx);
		},
		destroy(group) {
			group.destroy();
		}
	};

	const frames: ElementRenderer<Frame> = {
		background: true,
		create(frame, ctx) {
			const group = frameRenderer.create(frame, ctx);
			const chrome = frame.template ? byId.get(frame.template)?.renderer.chrome : undefined;
			if (chrome) {
				const layer = chrome.create(frame, ctx);
				layer.name('chrome');
				layer.listening(false);
				group.add(layer);
			}
			return group;
		},
		update(group, frame, ctx) {
			frameRenderer.update(group, frame, ctx);
			const chrome = frame.template ? byId.get(frame.template)?.renderer.chrome : undefined;
			const layer = group.findOne('.chrome') as Konva.Group | undefined;
			if (chrome && layer) chrome.update(layer, frame, ctx);
		}
	};

	const offs = [
		registerRenderer('item', items),
		registerRenderer('frame', frames),
		registerConnectorStyle((connector) => {
			const template = connector.data.template;
			return typeof template === 'string' ? (byId.get(template)?.renderer.linkStyle?.(connector) ?? null) : null;
		})
	];
	return () => {
		offs.forEach((off) => off());
		registerRenderer('frame', frameRenderer);
	};
}
