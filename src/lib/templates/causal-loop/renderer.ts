/**
 * The diagram on the canvas: a one-line key as frame chrome, variables as white rounded boxes (with the
 * number of pieces of evidence they cite), loop labels as discs, and causal links bowed (so two-way
 * pairs never overlap), solid for +, dashed for −, labelled with their sign and "‖" for a delay. The
 * highlighted loop is thicker as well as violet.
 */
import Konva from 'konva';
import type { Item } from '$lib/doc/schema.js';
import type { ElementRenderer } from '$lib/canvas/index.js';
import { readable } from '$lib/canvas/render/contract.js';
import { FONT_FAMILY } from '$lib/canvas/render/style.js';
import type { ChromeRenderer, ContentsRenderer, TemplateRenderer } from '../kit/client.js';
import { liveMarks } from './live-marks.js';
import { liveAnalysis } from './live.js';
import { isLoopAnalyses, type LoopsNow } from './offthread.js';
import { LOOP_NAME_W } from './layout.js';
import { ID, LOOP_LABEL, settingsOf, VARIABLE, VariableData } from './schema.js';
import {
	BADGE_FONT,
	HIGHLIGHT,
	INK,
	linkLook,
	LOOP_FILL,
	LOOP_FONT,
	LOOP_NAME_FONT,
	SIGN_FONT,
	VARIABLE_FILL,
	VARIABLE_FONT,
	VARIABLE_STROKE,
	WARN_FILL,
	WARN_INK,
	WARN_STROKE
} from './style.js';

const text = (attrs: Konva.TextConfig) =>
	new Konva.Text({ fontFamily: FONT_FAMILY, fill: INK, perfectDrawEnabled: false, listening: false, ...attrs });
const KEY =
	'Key:  + solid line: the two move the same way   ·   − dashed line: opposite ways   ·   ‖ after a delay   ·   R reinforcing loop, B balancing loop';

export const chrome: ChromeRenderer = {
	create(frame, ctx) {
		const group = new Konva.Group({ name: 'causal-loop-chrome', listening: false });
		group.add(text({ name: 'key', x: 20, y: 18, fontSize: 18, wrap: 'none', ellipsis: true }));
		chrome.update(group, frame, ctx);
		return group;
	},
	update(group, frame, ctx) {
		(group.findOne('.key') as Konva.Text).setAttrs({ text: KEY, width: Math.max(1, frame.w - 40), visible: readable(18, ctx) });
	}
};

export const variableRenderer: ElementRenderer<Item> = {
	create(item, ctx) {
		const group = new Konva.Group({ name: 'cl-variable' });
		group.add(
			new Konva.Rect({ name: 'body', cornerRadius: 14, fill: VARIABLE_FILL, perfectDrawEnabled: false, listening: false }),
			text({
				name: 'text',
				x: 10,
				fontSize: VARIABLE_FONT,
				align: 'center',
				verticalAlign: 'middle',
				lineHeight: 1.2,
				wrap: 'word',
				ellipsis: true
			}),
			text({ name: 'badge', x: 10, fontSize: BADGE_FONT, align: 'center', wrap: 'none' })
		);
		variableRenderer.update(group, item, ctx);
		return group;
	},
	update(group, item, ctx) {
		group.position({ x: item.x, y: item.y });
		const [body, name, badge] = group.getChildren() as [Konva.Rect, Konva.Text, Konva.Text];
		const highlighted = item.data.hl === true;
		body.setAttrs({ width: item.w, height: item.h, stroke: highlighted ? HIGHLIGHT : VARIABLE_STROKE, strokeWidth: highlighted ? 6 : 2 });
		const evidence = VariableData.safeParse(item.data).data?.evidence?.length ?? 0;
		const room = evidence ? BADGE_FONT + 8 : 0;
		name.setAttrs({
			text: item.text,
			y: 4,
			width: Math.max(1, item.w - 20),
			height: Math.max(1, item.h - 8 - room),
			visible: ctx.editingId !== item.id && readable(VARIABLE_FONT, ctx)
		});
		badge.setAttrs({
			text: evidence ? `${evidence} evidence` : '',
			y: item.h - BADGE_FONT - 8,
			width: Math.max(1, item.w - 20),
			visible: evidence > 0 && readable(BADGE_FONT, ctx)
		});
	}
};

export const loopLabelRenderer: ElementRenderer<Item> = {
	create(item, ctx) {
		const group = new Konva.Group({ name: 'cl-loop-label' });
		group.add(
			new Konva.Circle({ name: 'disc', fill: LOOP_FILL, stroke: INK, strokeWidth: 2, perfectDrawEnabled: false, listening: false }),
			text({ name: 'text', fontSize: LOOP_FONT, fontStyle: 'bold', align: 'center', verticalAlign: 'middle', wrap: 'none', ellipsis: true })
		);
		loopLabelRenderer.update(group, item, ctx);
		return group;
	},
	update(group, item, ctx) {
		group.position({ x: item.x, y: item.y });
		const [disc, label] = group.getChildren() as [Konva.Circle, Konva.Text];
		disc.setAttrs({ x: item.w / 2, y: item.h / 2, radius: Math.min(item.w, item.h) / 2 });
		label.setAttrs({ text: item.text, width: item.w, height: item.h, visible: ctx.editingId !== item.id && readable(LOOP_FONT, ctx) });
	}
};

/** How much bigger loop labels are drawn when the view is zoomed far out, so a phone showing the whole diagram can read them. */
export function labelGrowth(scale: number): number {
	return Math.min(2.5, Math.max(1, 0.55 / scale));
}

/**
 * The live loop labels and warnings, drawn from the diagram on every screen (see marks.ts): each loop's
 * code in a disc inside the loop, its name under it; a tag by each self-link and contested pair.
 * Rebuilt only when what it shows changes.
 */
export const marksRenderer: ContentsRenderer = {
	create(frame, contents, ctx) {
		const group = new Konva.Group({ name: 'cl-marks', listening: false });
		marksRenderer.update(group, frame, contents, ctx);
		return group;
	},
	update(group, frame, _contents, ctx) {
		// The board's lists of the frame's contents, shared with the panel and the outline (one per change).
		const diagram = { frame, ...ctx.frameContents(frame.id) };
		// The board's loops searched in a worker (the frame's annotation, offthread.ts), or here when there is none.
		const worker = ctx.annotation(frame.id);
		const analysis: LoopsNow = isLoopAnalyses(worker) ? worker.analysis(diagram) : liveAnalysis(diagram);
		const marks = liveMarks(diagram, analysis);
		const grow = labelGrowth(ctx.scale);
		const highlight = settingsOf(frame.data).highlight ?? null;
		// Said on the diagram too: the loops are being updated, or there are more than are listed.
		const status = analysis.pending
			? 'Updating the loops…'
			: analysis.complete
				? ''
				: `Showing the first ${analysis.loops.length} loops found: there are more`;
		const key = JSON.stringify([frame.x, frame.y, grow, ctx.scale, highlight, status, marks.labels, marks.warnings]);
		if (group.getAttr('convene:key') === key) return;
		group.setAttr('convene:key', key);
		group.destroyChildren();
		if (status) {
			const tag = new Konva.Label({ name: 'cl-status', x: 20, y: 46, listening: false });
			tag.setAttr('status', analysis.pending ? 'pending' : 'capped');
			tag.add(
				new Konva.Tag({ fill: 'rgba(255,255,255,0.92)', cornerRadius: 6, perfectDrawEnabled: false }),
				text({ text: status, fontSize: 16 * Math.min(grow, 1.6), fontStyle: 'italic', padding: 4, wrap: 'none' })
			);
			tag.visible(readable(16 * Math.min(grow, 1.6), ctx));
			group.add(tag);
		}
		for (const label of marks.labels) {
			const r = label.r * grow;
			const badge = new Konva.Group({ name: 'cl-loop-badge', x: label.x - frame.x, y: label.y - frame.y, listening: false });
			badge.setAttrs({ loopCode: label.code, loopKey: label.key, loopName: label.name ?? '' });
			badge.add(
				new Konva.Circle({
					radius: r,
					fill: LOOP_FILL,
					stroke: label.key === highlight ? HIGHLIGHT : INK,
					strokeWidth: (label.key === highlight ? 6 : 2.5) * grow,
					perfectDrawEnabled: false,
					listening: false
				}),
				text({
					name: 'code',
					text: label.code,
					x: -r,
					y: -r,
					width: 2 * r,
					height: 2 * r,
					fontSize: LOOP_FONT * grow,
					fontStyle: 'bold',
					align: 'center',
					verticalAlign: 'middle',
					wrap: 'none'
				})
			);
			if (label.name && readable(LOOP_NAME_FONT * grow, ctx)) {
				const w = LOOP_NAME_W * grow;
				const name = text({
					name: 'name',
					text: label.name,
					x: -w / 2,
					y: r + 6 * grow,
					width: w,
					fontSize: LOOP_NAME_FONT * grow,
					fontStyle: 'bold',
					align: 'center',
					wrap: 'word',
					ellipsis: true,
					height: LOOP_NAME_FONT * grow * 2.5,
					padding: 2
				});
				const back = new Konva.Rect({
					x: -Math.min(w, name.getTextWidth() + 16 * grow) / 2,
					y: r + 4 * grow,
					width: Math.min(w, name.getTextWidth() + 16 * grow),
					height: Math.min(name.height(), name.textArr.length * LOOP_NAME_FONT * grow * 1.2 + 8 * grow),
					fill: 'rgba(255,255,255,0.92)',
					cornerRadius: 6,
					listening: false
				});
				badge.add(back, name);
			}
			group.add(badge);
		}
		for (const warning of marks.warnings) {
			const size = 17 * Math.min(grow, 1.6);
			const tag = new Konva.Label({ name: 'cl-warning', x: warning.at.x - frame.x, y: warning.at.y - frame.y, listening: false });
			tag.setAttrs({ warning: warning.kind, links: warning.links.join(' ') });
			tag.add(
				new Konva.Tag({ fill: WARN_FILL, stroke: WARN_STROKE, strokeWidth: 2, cornerRadius: 6, perfectDrawEnabled: false }),
				text({ text: warning.text, fontSize: size, fill: WARN_INK, fontStyle: 'bold', padding: 6, wrap: 'none' })
			);
			tag.offsetX(tag.width() / 2);
			tag.offsetY(tag.height() / 2);
			tag.visible(readable(size, ctx));
			group.add(tag);
		}
	}
};

export const renderer: TemplateRenderer = {
	chrome,
	contents: marksRenderer,
	items: { [VARIABLE]: variableRenderer, [LOOP_LABEL]: loopLabelRenderer },
	linkStyle(connector) {
		if (connector.data.template !== ID) return null;
		const look = linkLook(connector.data);
		return {
			color: look.color,
			width: look.width,
			dash: look.dash,
			label: look.label,
			arrow: look.arrow,
			curve: look.curve,
			labelSize: SIGN_FONT
		};
	}
};
