/**
 * The "How might we" board on the canvas: the frame's chrome (header with the intro and the criteria
 * for energy, three column heads) and question cards. A card shows its wording flag (dashed border and
 * "⚠ Not a 'How might we' question" until reworded or accepted), how much evidence it cites, and vote
 * dots: F, D, V discs (colour and letter) with counts. Dots come from outside the content document
 * (the vote lives on the server): the board hands them to the canvas as annotations (`CardDots` by
 * question id), read here through `RenderContext.annotation`; the canvas redraws a card when its dots change.
 */
import Konva from 'konva';
import type { Frame, Item } from '$lib/doc/schema.js';
import type { Criterion } from '$lib/doc/votes.js';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import type { ElementRenderer, RenderContext } from '$lib/canvas/index.js';
import type { ChromeRenderer, TemplateRenderer } from '../kit/client.js';
import { isFramed } from './framing.js';
import { geometry } from './layout.js';
import {
	COLUMN_FILL,
	COLUMN_STROKE,
	DOT_COLORS,
	DOT_LETTERS,
	FONT,
	HEAD_FILL,
	HEADER_FILL,
	INK,
	MUTED,
	SIZES,
	STAR,
	WARN
} from './palette.js';
import { categoryNames, ENERGY_CRITERIA, ENERGY_LEAD, FRAMING, INTRO, QUESTION, questionData } from './schema.js';

const LINE = 1.25;
const CRITERIA: readonly Criterion[] = ['feasibility', 'desirability', 'viability'];
const DOT_RADIUS = 20;
/** Room the dot row takes at the bottom of a card. */
const DOT_ROW = 2 * DOT_RADIUS + 12;
const readable = (size: number, ctx: RenderContext) => size * ctx.scale >= 4;

/** What a card shows of the vote: the viewer's own dots while results are hidden, everyone's once revealed. */
export interface CardDots {
	counts: Record<Criterion, number>;
	/** 'mine' while hidden, 'all' once results are visible. */
	whose: 'mine' | 'all';
	/** In the top 3 of all three criteria (src/lib/vote/rank.ts), once results are visible. */
	northStar?: boolean;
}

/** The card's dots, if the host annotated it with some (anything else is not ours to draw). */
function dotsOf(item: Item, ctx: RenderContext): CardDots | undefined {
	const value = ctx.annotation(item.id) as Partial<CardDots> | null | undefined;
	return value && typeof value === 'object' && value.counts && (value.whose === 'mine' || value.whose === 'all')
		? (value as CardDots)
		: undefined;
}

function text(attrs: Konva.TextConfig): Konva.Text {
	return new Konva.Text({ fontFamily: FONT, fill: INK, lineHeight: LINE, perfectDrawEnabled: false, listening: false, ...attrs });
}

function build(group: Konva.Group, frame: Frame, ctx: RenderContext): void {
	group.destroyChildren();
	const g = geometry({ x: 0, y: 0, w: frame.w, h: frame.h });
	const names = categoryNames(frame.data);
	const rect = (r: { x: number; y: number; w: number; h: number }, fill: string, stroke?: string) =>
		new Konva.Rect({
			x: r.x,
			y: r.y,
			width: r.w,
			height: r.h,
			fill,
			stroke,
			strokeWidth: stroke ? 2 : 0,
			perfectDrawEnabled: false,
			listening: false
		});
	group.add(rect(g.header, HEADER_FILL));
	const title = text({
		name: 'title',
		x: g.intro.x,
		y: 24,
		width: g.intro.w,
		text: frame.title,
		fontSize: SIZES.title,
		fontStyle: 'bold',
		wrap: 'word',
		visible: readable(SIZES.title, ctx) && ctx.editingId !== frame.id
	});
	const intro = text({
		x: g.intro.x,
		y: 24 + title.height() + 10,
		width: g.intro.w,
		height: g.header.h - title.height() - 44,
		text: `${INTRO}\n${FRAMING}`,
		fontSize: SIZES.intro,
		wrap: 'word',
		ellipsis: true,
		visible: readable(SIZES.intro, ctx)
	});
	const head = text({
		x: g.guidance.x,
		y: 24,
		width: g.guidance.w,
		text: 'Criteria for energy',
		fontSize: SIZES.guidanceHead,
		fontStyle: 'bold',
		visible: readable(SIZES.guidanceHead, ctx)
	});
	const list = text({
		x: g.guidance.x,
		y: 24 + SIZES.guidanceHead * 1.6,
		width: g.guidance.w,
		height: g.header.h - 60,
		text: `${ENERGY_LEAD}\n${ENERGY_CRITERIA.map((c) => `•  ${c}`).join('\n')}`,
		fontSize: SIZES.guidance,
		fill: INK,
		wrap: 'word',
		ellipsis: true,
		visible: readable(SIZES.guidance, ctx)
	});
	group.add(title, intro, head, list);
	for (const column of g.columns) {
		group.add(rect(column.rect, COLUMN_FILL, COLUMN_STROKE), rect(column.head, HEAD_FILL, COLUMN_STROKE));
		group.add(
			text({
				x: column.head.x + 12,
				y: column.head.y,
				width: column.head.w - 24,
				height: column.head.h,
				text: names[column.category],
				fontSize: SIZES.column,
				fontStyle: 'bold',
				align: 'center',
				verticalAlign: 'middle',
				wrap: 'none',
				ellipsis: true,
				visible: readable(SIZES.column, ctx)
			})
		);
	}
}

function chromeKey(frame: Frame, ctx: RenderContext): string {
	const names = categoryNames(frame.data);
	return [frame.w, frame.h, frame.title, names.within, names.across, names.sectors, ctx.scale, ctx.editingId === frame.id].join('|');
}

export const chrome: ChromeRenderer = {
	create(frame, ctx) {
		const group = new Konva.Group({ name: 'hmw-chrome', listening: false });
		chrome.update(group, frame, ctx);
		return group;
	},
	update(group, frame, ctx) {
		const key = chromeKey(frame, ctx);
		if (group.getAttr('convene:key') === key) return;
		group.setAttr('convene:key', key);
		build(group, frame, ctx);
	}
};

/** A font size that lets the question fit: long questions (the seeds' are 200+ characters) get smaller type. */
export function cardFontSize(text: string, w: number, h: number): number {
	for (let size = 24; size > 12; size--) {
		const perLine = Math.max(4, Math.floor((w - 28) / (size * 0.56)));
		// Word wrapping wastes the end of most lines: count one line more than the characters need.
		const lines = Math.ceil(text.length / perLine) + 1;
		if (lines * size * LINE <= h) return size;
	}
	return 12;
}

/** Dot discs in a row along the card's bottom-left (a presence label may sit at the top-right). */
function drawDots(group: Konva.Group, item: Item, ctx: RenderContext): void {
	const holder = group.findOne('.dots') as Konva.Group;
	holder.destroyChildren();
	const entry = dotsOf(item, ctx);
	if (!entry) return;
	const r = DOT_RADIUS;
	let x = 14;
	const y = item.h - 10 - r;
	for (const c of CRITERIA) {
		const count = entry.counts[c];
		if (!count) continue;
		const disc = new Konva.Circle({
			x: x + r,
			y,
			radius: r,
			fill: DOT_COLORS[c],
			stroke: entry.whose === 'mine' ? '#ffffff' : INK,
			strokeWidth: 2,
			perfectDrawEnabled: false,
			listening: false
		});
		const letter = text({
			x,
			y: y - r,
			width: 2 * r,
			height: 2 * r,
			text: DOT_LETTERS[c],
			fontSize: SIZES.dot,
			fontStyle: 'bold',
			fill: '#ffffff',
			align: 'center',
			verticalAlign: 'middle',
			wrap: 'none',
			visible: readable(SIZES.dot, ctx)
		});
		const label = text({ text: `×${count}`, fontSize: SIZES.dot, fontStyle: 'bold', wrap: 'none', visible: readable(SIZES.dot, ctx) });
		label.position({ x: x + 2 * r + 4, y: y - label.height() / 2 });
		holder.add(disc, letter, label);
		x += 2 * r + 4 + label.width() + 12;
	}
	if (holder.getChildren().length) {
		const who = text({
			text: entry.whose === 'mine' ? 'your dots' : 'all dots',
			fontSize: SIZES.badge,
			fill: MUTED,
			wrap: 'none',
			visible: readable(SIZES.badge, ctx)
		});
		who.position({ x, y: y - who.height() / 2 });
		holder.add(who);
	}
}

export const questionRenderer: ElementRenderer<Item> = {
	create(item, ctx) {
		const group = new Konva.Group({ name: 'hmw-question' });
		group.add(
			new Konva.Rect({ name: 'shadow', y: 3, cornerRadius: 6, fill: 'rgba(15,23,42,0.12)', perfectDrawEnabled: false, listening: false }),
			new Konva.Rect({ name: 'body', cornerRadius: 6, perfectDrawEnabled: false, listening: false }),
			text({ name: 'text', x: 14, y: 12, wrap: 'word', ellipsis: true }),
			text({ name: 'badge', x: 14, fontSize: SIZES.badge, fontStyle: 'bold', wrap: 'none', ellipsis: true }),
			new Konva.Group({ name: 'dots', listening: false })
		);
		questionRenderer.update(group, item, ctx);
		return group;
	},
	update(group, item, ctx) {
		group.position({ x: item.x, y: item.y });
		const [shadow, body, words, badge] = group.getChildren() as [Konva.Rect, Konva.Rect, Konva.Text, Konva.Text];
		const data = questionData(item.data);
		const warn = item.text.trim() !== '' && !isFramed(item.text) && !data.accepted;
		const evidence = data.evidence?.length ?? 0;
		const dots = dotsOf(item, ctx);
		const hasDots = dots !== undefined;
		const star = dots?.whose === 'all' && dots.northStar === true;
		const foot = (warn || evidence || star ? 24 : 0) + (hasDots ? DOT_ROW : 0);
		shadow.size({ width: item.w, height: item.h });
		body.setAttrs({
			width: item.w,
			height: item.h,
			fill: NOTE_COLORS[item.color] ?? NOTE_COLORS.yellow,
			stroke: warn ? WARN : 'rgba(15,23,42,0.25)',
			strokeWidth: warn ? 4 : 1,
			dash: warn ? [12, 7] : []
		});
		const size = cardFontSize(item.text, item.w, item.h - 24 - foot);
		words.setAttrs({
			text: item.text || 'How might we…?',
			opacity: item.text ? 1 : 0.6,
			fontSize: size,
			width: Math.max(1, item.w - 28),
			height: Math.max(1, item.h - 24 - foot),
			visible: ctx.editingId !== item.id && readable(size, ctx)
		});
		const flags = [star ? '★ North star' : '', warn ? '⚠ Not a "How might we"' : '', evidence ? `${evidence} evidence` : '']
			.filter(Boolean)
			.join(' · ');
		badge.setAttrs({
			text: flags,
			y: item.h - 10 - SIZES.badge * LINE - (hasDots ? DOT_ROW : 0),
			fill: warn ? WARN : star ? STAR : MUTED,
			width: Math.max(1, item.w - 28),
			visible: !!flags && readable(SIZES.badge, ctx)
		});
		drawDots(group, item, ctx);
	},
	destroy(group) {
		group.destroy();
	}
};

export const renderer: TemplateRenderer = {
	chrome,
	items: { [QUESTION]: questionRenderer }
};
