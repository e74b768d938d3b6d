/** A connector: an arrow from the edge of one box to the edge of the other, with an optional label. */
import Konva from 'konva';
import type { Connector } from '$lib/doc/schema.js';
import { connectorPoints } from '../hit-test.js';
import { readable, type ElementRenderer } from './contract.js';
import { CONNECTOR_COLOR, CONNECTOR_LABEL_SIZE, FONT_FAMILY, NOTE_TEXT } from './style.js';

export const connectorRenderer: ElementRenderer<Connector> = {
	create(connector, ctx) {
		const group = new Konva.Group({ name: 'connector' });
		const label = new Konva.Label({ name: 'label', listening: false });
		label.add(
			new Konva.Tag({ fill: '#ffffff', stroke: '#cbd5e1', strokeWidth: 1, cornerRadius: 4, perfectDrawEnabled: false }),
			new Konva.Text({ fontFamily: FONT_FAMILY, fontSize: CONNECTOR_LABEL_SIZE, fill: NOTE_TEXT, padding: 5, perfectDrawEnabled: false })
		);
		group.add(
			new Konva.Arrow({
				name: 'arrow',
				points: [0, 0, 0, 0],
				stroke: CONNECTOR_COLOR,
				fill: CONNECTOR_COLOR,
				strokeWidth: 2,
				pointerLength: 12,
				pointerWidth: 11,
				lineCap: 'round',
				lineJoin: 'round',
				perfectDrawEnabled: false,
				listening: false
			}),
			label
		);
		connectorRenderer.update(group, connector, ctx);
		return group;
	},
	update(group, connector, ctx) {
		const [arrow, label] = group.getChildren() as [Konva.Arrow, Konva.Label];
		const from = ctx.rectOf(connector.from);
		const to = ctx.rectOf(connector.to);
		// A connector whose end is missing (deleted, not yet synced, invalid) is not drawn.
		if (!from || !to) {
			arrow.visible(false);
			label.visible(false);
			return;
		}
		const [a, b] = connectorPoints(from, to);
		arrow.setAttrs({ points: [a.x, a.y, b.x, b.y], visible: true });
		const text = connector.label.trim();
		label.visible(text !== '' && ctx.editingId !== connector.id && readable(CONNECTOR_LABEL_SIZE, ctx));
		if (text) {
			(label.getText() as Konva.Text).text(text);
			label.position({ x: (a.x + b.x) / 2 - label.width() / 2, y: (a.y + b.y) / 2 - label.height() / 2 });
		}
	}
};
