/**
 * The players map on the canvas: the rings and legend as frame chrome (not listening, in the frame's
 * own coordinates), each player as a chip showing its name and its group's label, and connections
 * styled by quality (width and dash, not colour alone) and labelled with their type.
 */
import Konva from 'konva';
import type { Frame, Item } from '$lib/doc/schema.js';
import type { ElementRenderer } from '$lib/canvas/index.js';
import { readable } from '$lib/canvas/render/contract.js';
import { FONT_FAMILY, NOTE_SHADOW } from '$lib/canvas/render/style.js';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import type { ChromeRenderer, TemplateRenderer } from '../kit/client.js';
import { CENTRE_LABEL_SIZE, RING_LABEL_SIZE, RING_MARGIN, ringGeometry, ringLabelRects, ringRadii } from './layout.js';
import { groupInfo, GROUPS } from './palette.js';
import { ID, QUALITIES, ringsOf } from './schema.js';
import {
	CHIP_BADGE_SIZE,
	CHIP_NAME_SIZE,
	CHIP_PAD,
	CHIP_STROKE,
	CHIP_TEXT,
	LEGEND_TEXT,
	linkLook,
	QUALITY_LOOK,
	RING_STROKE,
	RING_TEXT,
	ringFill
} from './style.js';

const text = (attrs: Konva.TextConfig) =>
	new Konva.Text({ fontFamily: FONT_FAMILY, perfectDrawEnabled: false, listening: false, ...attrs });

function drawRings(group: Konva.Group, frame: Frame): void {
	const names = ringsOf(frame);
	const g = ringGeometry({ x: 0, y: 0, w: frame.w, h: frame.h }, names.length);
	for (let k = names.length - 1; k >= 0; k--) {
		const { rx, ry } = ringRadii(g, k);
		group.add(
			new Konva.Ellipse({
				x: g.cx,
				y: g.cy,
				radiusX: rx,
				radiusY: ry,
				fill: ringFill(k),
				stroke: RING_STROKE,
				strokeWidth: 2,
				perfectDrawEnabled: false,
				listening: false
			})
		);
	}
	ringLabelRects(g, names).forEach((r, k) => {
		const size = k === 0 ? CENTRE_LABEL_SIZE : RING_LABEL_SIZE;
		group.add(
			text({
				x: r.x,
				y: r.y,
				width: r.w,
				height: r.h,
				text: names[k],
				fontSize: size,
				fontStyle: 'bold',
				fill: RING_TEXT,
				align: 'center',
				verticalAlign: 'middle',
				wrap: 'none',
				ellipsis: true
			})
		);
	});
	if (g.legend.w > 0) drawLegend(group, { x: g.legend.x + 10, y: 40, w: g.legend.w - 40 });
}

/** The key: what each line style means and what the chip labels are. */
function drawLegend(group: Konva.Group, at: { x: number; y: number; w: number }): void {
	let y = at.y;
	const heading = (s: string) => {
		group.add(text({ x: at.x, y, text: s, fontSize: 24, fontStyle: 'bold', fill: LEGEND_TEXT }));
		y += 40;
	};
	heading('Relationship quality');
	for (const q of QUALITIES) {
		const look = QUALITY_LOOK[q.value];
		group.add(
			new Konva.Line({
				points: [at.x, y + 12, at.x + 90, y + 12],
				stroke: look.color,
				strokeWidth: look.width,
				dash: look.dash,
				lineCap: 'round',
				listening: false
			})
		);
		group.add(
			text({
				x: at.x + 104,
				y,
				width: at.w - 104,
				text: q.value === 'strained' ? `${q.label} (red, dashed, labelled)` : `${q.label} (${look.note})`,
				fontSize: 20,
				fill: LEGEND_TEXT,
				lineHeight: 1.2
			})
		);
		y += q.value === 'strained' ? 56 : 36;
	}
	y += 10;
	group.add(
		text({
			x: at.x,
			y,
			width: at.w,
			text: 'Each line is labelled with its type, e.g. "refers to".',
			fontSize: 18,
			fill: LEGEND_TEXT,
			lineHeight: 1.3
		})
	);
	y += 64;
	heading('Player groups');
	for (const info of GROUPS) {
		group.add(
			new Konva.Rect({
				x: at.x,
				y,
				width: 30,
				height: 24,
				cornerRadius: 5,
				fill: NOTE_COLORS[info.color],
				stroke: CHIP_STROKE,
				strokeWidth: 1,
				listening: false
			})
		);
		const line = text({
			x: at.x + 42,
			y: y + 1,
			width: at.w - 42,
			text: info.short === info.label ? info.label : `${info.short}: ${info.label}`,
			fontSize: 18,
			fill: LEGEND_TEXT,
			lineHeight: 1.25,
			wrap: 'word'
		});
		group.add(line);
		y += Math.max(34, line.height() + 12);
	}
}

export const chrome: ChromeRenderer = {
	create(frame, ctx) {
		const group = new Konva.Group({ listening: false });
		chrome.update(group, frame, ctx);
		return group;
	},
	update(group, frame) {
		// Rebuilt only when what it shows changes (size or ring names), not on every move.
		const key = `${frame.w}|${frame.h}|${ringsOf(frame).join('|')}`;
		if (group.getAttr('convene:key') === key) return;
		group.setAttr('convene:key', key);
		group.destroyChildren();
		drawRings(group, frame);
	}
};

export const playerRenderer: ElementRenderer<Item> = {
	create(item, ctx) {
		const group = new Konva.Group({ name: 'player' });
		group.add(
			new Konva.Rect({ name: 'shadow', y: 3, cornerRadius: 12, fill: NOTE_SHADOW, perfectDrawEnabled: false, listening: false }),
			new Konva.Rect({
				name: 'body',
				cornerRadius: 12,
				stroke: CHIP_STROKE,
				strokeWidth: 1.5,
				perfectDrawEnabled: false,
				listening: false
			}),
			new Konva.Rect({
				name: 'badge',
				x: CHIP_PAD,
				y: 8,
				height: CHIP_BADGE_SIZE + 8,
				cornerRadius: 6,
				fill: '#ffffff',
				stroke: CHIP_STROKE,
				strokeWidth: 1,
				perfectDrawEnabled: false,
				listening: false
			}),
			text({ name: 'group', x: CHIP_PAD + 6, y: 12, fontSize: CHIP_BADGE_SIZE, fontStyle: 'bold', fill: CHIP_TEXT, wrap: 'none' }),
			text({
				name: 'text',
				x: CHIP_PAD,
				fontSize: CHIP_NAME_SIZE,
				fill: CHIP_TEXT,
				align: 'center',
				verticalAlign: 'middle',
				lineHeight: 1.15,
				wrap: 'word',
				ellipsis: true
			})
		);
		playerRenderer.update(group, item, ctx);
		return group;
	},
	update(group, item, ctx) {
		group.position({ x: item.x, y: item.y });
		const [shadow, body, badge, label, name] = group.getChildren() as [Konva.Rect, Konva.Rect, Konva.Rect, Konva.Text, Konva.Text];
		shadow.size({ width: item.w, height: item.h });
		// The group decides the colour (however the player was added); the badge says the group in words.
		body.setAttrs({ width: item.w, height: item.h, fill: NOTE_COLORS[groupInfo(item.data.group).color] ?? NOTE_COLORS.yellow });
		const showBadge = readable(CHIP_BADGE_SIZE, ctx);
		label.setAttrs({ text: groupInfo(item.data.group).short, visible: showBadge });
		badge.setAttrs({ width: Math.min(item.w - 2 * CHIP_PAD, label.width() + 12), visible: showBadge });
		const top = 8 + CHIP_BADGE_SIZE + 12;
		name.setAttrs({
			text: item.text,
			y: top,
			width: Math.max(1, item.w - 2 * CHIP_PAD),
			height: Math.max(1, item.h - top - 6),
			visible: ctx.editingId !== item.id && readable(CHIP_NAME_SIZE, ctx)
		});
	}
};

export const renderer: TemplateRenderer = {
	chrome,
	// Over the outer ring's lower band: the centre holds the young person's label, the top band the ring names.
	hintAt: (frame) => ({ x: ringGeometry({ ...frame, x: 0, y: 0 }, ringsOf(frame).length).cx, y: frame.h - RING_MARGIN - 46 }),
	items: { player: playerRenderer },
	linkStyle(connector) {
		if (connector.data.template !== ID) return null;
		const look = linkLook(connector.data);
		return { color: look.color, width: look.width, dash: look.dash, label: look.label, arrow: look.arrow };
	}
};
