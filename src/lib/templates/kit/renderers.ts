/**
 * What draws every template on the canvas, handed to `mountCanvas` as `host.renderers`: items drawn by
 * their template's renderer (or as notes), template frames with their scaffolding and, while empty, one
 * line saying how to start; what they show of their contents (loop labels) above every element; typed
 * connectors in their template's style.
 */
import Konva from 'konva';
import {
	createRenderers,
	frameRenderer,
	noteRenderer,
	type ElementRenderer,
	type Renderers,
	type RenderContext
} from '$lib/canvas/index.js';
import type { Frame, Item } from '$lib/doc/schema.js';
import type { Template } from './client.js';
import { hintLook } from './hint.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The start hint: a pill with one line, sized to the frame so it reads when the frame fills the screen. */
function hintGroup(): Konva.Group {
	const group = new Konva.Group({ name: 'start-hint', listening: false });
	group.add(
		new Konva.Rect({
			name: 'pill',
			fill: '#ffffff',
			stroke: '#1d4ed8',
			strokeWidth: 2,
			dash: [10, 6],
			perfectDrawEnabled: false,
			listening: false
		}),
		new Konva.Text({
			name: 'text',
			fontFamily: FONT,
			fill: '#1e3a8a',
			fontStyle: 'bold',
			align: 'center',
			verticalAlign: 'middle',
			wrap: 'none',
			perfectDrawEnabled: false,
			listening: false
		})
	);
	return group;
}

function updateHint(group: Konva.Group, template: Template, frame: Frame, empty: boolean): void {
	group.visible(empty);
	if (!empty) return;
	const at = template.renderer.hintAt?.(frame) ?? { x: frame.w / 2, y: frame.h / 2 };
	const look = hintLook(template.startHint, frame.w);
	const [pill, text] = group.getChildren() as [Konva.Rect, Konva.Text];
	text.setAttrs({
		text: template.startHint,
		fontSize: look.fontSize,
		x: at.x - look.w / 2,
		y: at.y - look.h / 2,
		width: look.w,
		height: look.h
	});
	pill.setAttrs({
		x: at.x - look.w / 2,
		y: at.y - look.h / 2,
		width: look.w,
		height: look.h,
		cornerRadius: look.h / 2,
		strokeWidth: Math.max(2, look.fontSize / 12)
	});
}

/**
 * The renderers of a canvas that shows these templates (the core kinds, with items and frames drawn by them).
 * @example mountCanvas(div, { ...host, renderers: templateRenderers(TEMPLATES) })
 */
export function templateRenderers(templates: readonly Template[]): Renderers {
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

	/** The frame's own layers: chrome (only when the frame or the zoom changed), contents and hint (always). */
	const drawTemplate = (group: Konva.Group, frame: Frame, ctx: RenderContext) => {
		const template = frame.template ? byId.get(frame.template) : undefined;
		if (!template) return;
		const contents = ctx.contentsOf(frame.id);
		const empty = !contents.some((e) => e.kind !== 'connector');
		const layer = group.findOne('.chrome') as Konva.Group | undefined;
		const seen = group.getAttr('convene:drawn') as { frame: Frame; scale: number; editing: string | null } | undefined;
		if (template.renderer.chrome && layer && (seen?.frame !== frame || seen.scale !== ctx.scale || seen.editing !== ctx.editingId))
			template.renderer.chrome.update(layer, frame, ctx);
		group.setAttr('convene:drawn', { frame, scale: ctx.scale, editing: ctx.editingId });
		const hint = group.findOne('.start-hint') as Konva.Group | undefined;
		if (hint) updateHint(hint, template, frame, empty);
	};

	const frames: ElementRenderer<Frame> = {
		background: true,
		watchesContents: true,
		create(frame, ctx) {
			const group = frameRenderer.create(frame, ctx);
			const template = frame.template ? byId.get(frame.template) : undefined;
			if (template) {
				const { chrome } = template.renderer;
				if (chrome) group.add(chrome.create(frame, ctx).name('chrome').listening(false) as Konva.Group);
				group.add(hintGroup());
				group.setAttr('convene:drawn', { frame, scale: ctx.scale, editing: ctx.editingId });
				const hint = group.findOne('.start-hint') as Konva.Group;
				updateHint(hint, template, frame, !ctx.contentsOf(frame.id).some((e) => e.kind !== 'connector'));
			}
			return group;
		},
		update(group, frame, ctx) {
			frameRenderer.update(group, frame, ctx);
			drawTemplate(group, frame, ctx);
		},
		// What a template shows of a frame's contents (loop labels) goes above every element, so no link
		// crosses it; in the frame's own coordinates, like the chrome.
		front: {
			create(frame, ctx) {
				const group = new Konva.Group({ name: 'frame-front', x: frame.x, y: frame.y, listening: false });
				const contents = frame.template ? byId.get(frame.template)?.renderer.contents : undefined;
				if (contents) group.add(contents.create(frame, ctx.contentsOf(frame.id), ctx).name('contents').listening(false) as Konva.Group);
				return group;
			},
			update(group, frame, ctx) {
				group.position({ x: frame.x, y: frame.y });
				const contents = frame.template ? byId.get(frame.template)?.renderer.contents : undefined;
				const overlay = group.findOne('.contents') as Konva.Group | undefined;
				if (contents && overlay) contents.update(overlay, frame, ctx.contentsOf(frame.id), ctx);
			}
		}
	};

	return createRenderers({
		kinds: { item: items, frame: frames },
		connectorStyle(connector) {
			const template = connector.data.template;
			return typeof template === 'string' ? (byId.get(template)?.renderer.linkStyle?.(connector) ?? null) : null;
		}
	});
}
