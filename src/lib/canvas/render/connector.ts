/** A connector: an arrow from the edge of one box to the edge of the other, with an optional label. */
import Konva from 'konva';
import type { Connector } from '$lib/doc/schema.js';
import { connectorPoints } from '../hit-test.js';
import { readable, type ElementRenderer } from './contract.js';
import { CONNECTOR_COLOR, CONNECTOR_LABEL_SIZE, FONT_FAMILY, NOTE_TEXT } from './style.js';

/**
 * How a typed connection looks. Types must differ by more than colour (WCAG 1.4.1): dash pattern,
 * width and a text label carry the meaning; colour only adds to it.
 */
export interface ConnectorStyle {
	color?: string;
	width?: number;
	dash?: number[];
	/** Shown when the connector has no label of its own (e.g. "refers to", "+"). */
	label?: string;
	/** Whether to draw the arrowhead (false for symmetric relations). */
	arrow?: boolean;
}

const styleResolvers: ((connector: Connector) => ConnectorStyle | null)[] = [];

/** Adds a resolver (templates style their own connectors); returns the function that removes it. */
export function registerConnectorStyle(resolve: (connector: Connector) => ConnectorStyle | null): () => void {
	styleResolvers.push(resolve);
	return () => {
		const i = styleResolvers.indexOf(resolve);
		if (i >= 0) styleResolvers.splice(i, 1);
	};
}

function styleOf(connector: Connector): ConnectorStyle {
	for (const resolve of styleResolvers) {
		const style = resolve(connector);
		if (style) return style;
	}
	return {};
}

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
		const style = styleOf(connector);
		const color = style.color ?? CONNECTOR_COLOR;
		arrow.setAttrs({
			points: [a.x, a.y, b.x, b.y],
			visible: true,
			stroke: color,
			fill: color,
			strokeWidth: style.width ?? 2,
			dash: style.dash ?? [],
			pointerLength: style.arrow === false ? 0 : 12,
			pointerWidth: style.arrow === false ? 0 : 11
		});
		const text = connector.label.trim() || style.label?.trim() || '';
		label.visible(text !== '' && ctx.editingId !== connector.id && readable(CONNECTOR_LABEL_SIZE, ctx));
		if (text) {
			(label.getText() as Konva.Text).text(text);
			label.position({ x: (a.x + b.x) / 2 - label.width() / 2, y: (a.y + b.y) / 2 - label.height() / 2 });
		}
	}
};
