/**
 * The action plan on the canvas: the title and header row as frame chrome, each row as a table row with
 * its key fields (ref, theme, action, lead, dates, status in words with a mark). A row too short for its
 * words is clipped here and marked "more…"; the table view and the exports show everything.
 */
import Konva from 'konva';
import type { Frame, Item } from '$lib/doc/schema.js';
import type { ElementRenderer } from '$lib/canvas/index.js';
import { readable } from '$lib/canvas/render/contract.js';
import type { ChromeRenderer, TemplateRenderer } from '../kit/client.js';
import { wrapLines } from '../kit/text.js';
import { rowCells, STATUS_FILL } from './cells.js';
import { FONT } from './export.js';
import { CELL_PAD, cellRects, HEADER_H, LINE, MARGIN, SIZES, TITLE_H } from './layout.js';
import { rowOf } from './rows.js';
import { ACTION } from './schema.js';

const INK = '#1f2937';

export const chrome: ChromeRenderer = {
	create(frame, ctx) {
		const group = new Konva.Group({ name: 'plan-chrome', listening: false });
		chrome.update(group, frame, ctx);
		return group;
	},
	update(group, frame: Frame, ctx) {
		const key = [frame.w, frame.title, ctx.scale].join('|');
		if (group.getAttr('convene:key') === key) return;
		group.setAttr('convene:key', key);
		group.destroyChildren();
		const rowW = frame.w - 2 * MARGIN;
		let size: number = SIZES.title;
		let title = wrapLines(frame.title || 'Action plan', rowW, size, true);
		while (size > 14 && title.length * size * LINE > TITLE_H - 36) title = wrapLines(frame.title || 'Action plan', rowW, --size, true);
		const common = { listening: false, perfectDrawEnabled: false };
		group.add(
			new Konva.Text({
				...common,
				x: MARGIN,
				y: 24,
				text: title.join('\n'),
				fontSize: size,
				fontStyle: 'bold',
				fontFamily: FONT,
				fill: INK,
				lineHeight: LINE,
				wrap: 'none',
				visible: readable(size, ctx)
			})
		);
		group.add(new Konva.Rect({ ...common, x: MARGIN, y: TITLE_H, width: rowW, height: HEADER_H - 8, fill: '#334155' }));
		for (const c of cellRects(rowW))
			group.add(
				new Konva.Text({
					...common,
					x: MARGIN + c.x + CELL_PAD,
					y: TITLE_H + 12,
					text: c.label,
					fontSize: SIZES.header,
					fontStyle: 'bold',
					fontFamily: FONT,
					fill: '#ffffff',
					visible: readable(SIZES.header, ctx)
				})
			);
	}
};

export const rowRenderer: ElementRenderer<Item> = {
	create(item, ctx) {
		const group = new Konva.Group({ name: 'plan-row' });
		group.add(new Konva.Group({ name: 'cells', listening: false }));
		rowRenderer.update(group, item, ctx);
		return group;
	},
	update(group, item, ctx) {
		group.position({ x: item.x, y: item.y });
		const cellsGroup = group.getChildren()[0] as Konva.Group;
		const key = JSON.stringify([item.text, item.data, item.w, item.h, ctx.scale, ctx.editingId === item.id]);
		if (cellsGroup.getAttr('convene:key') === key) return;
		cellsGroup.setAttr('convene:key', key);
		cellsGroup.destroyChildren();
		const row = rowOf(item, 0);
		const { cells, height } = rowCells(row, item.w);
		const common = { listening: false, perfectDrawEnabled: false };
		cellsGroup.add(new Konva.Rect({ ...common, width: item.w, height: item.h, fill: '#ffffff', stroke: '#64748b', strokeWidth: 1.5 }));
		const words = new Konva.Group({ ...common, clip: { x: 0, y: 0, width: item.w, height: item.h - (height > item.h ? 18 : 0) } });
		for (const c of cells) {
			if (c.key === 'status')
				cellsGroup.add(
					new Konva.Rect({
						...common,
						x: c.x,
						width: c.w,
						height: item.h,
						fill: STATUS_FILL[row.status],
						stroke: '#64748b',
						strokeWidth: 1
					})
				);
			else if (c.x > 0) cellsGroup.add(new Konva.Line({ ...common, points: [c.x, 0, c.x, item.h], stroke: '#cbd5e1', strokeWidth: 1 }));
			const hidden = c.key === 'action' && ctx.editingId === item.id;
			words.add(
				new Konva.Text({
					...common,
					x: c.x + CELL_PAD,
					y: CELL_PAD,
					text: c.lines.join('\n'),
					fontSize: SIZES.cell,
					fontStyle: c.bold ? 'bold' : 'normal',
					fontFamily: FONT,
					fill: INK,
					lineHeight: LINE,
					wrap: 'none',
					visible: !hidden && readable(SIZES.cell, ctx)
				})
			);
		}
		cellsGroup.add(words);
		if (height > item.h)
			cellsGroup.add(
				new Konva.Text({
					...common,
					x: item.w - 60,
					y: item.h - 18,
					text: 'more…',
					fontSize: 14,
					fontStyle: 'bold',
					fontFamily: FONT,
					fill: INK
				})
			);
	}
};

export const renderer: TemplateRenderer = { chrome, items: { [ACTION]: rowRenderer } };
