/** A connector: an arrow from the edge of one box to the edge of the other, with an optional label. */
import Konva from 'konva';
import type { Connector } from '$lib/doc/schema.js';
import { edgePoint, rectCenter, selfLoopCurve, type Point, type Rect } from '$lib/shared/geometry.js';
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
	/**
	 * Bows the line into a quadratic curve whose midpoint sits `curve` board units to the right of the
	 * straight line, seen travelling from → to (so A→B and B→A bow apart). Ends stay on the boxes'
	 * edges, aimed at the control point; the label sits on the curve's midpoint.
	 */
	curve?: number;
	/** Font size of the label in board units (default CONNECTOR_LABEL_SIZE): bigger where the label is the meaning, e.g. a link's sign. */
	labelSize?: number;
}

/** The ends, control point and midpoint of a connector bowed by `curve` (see ConnectorStyle.curve). */
export function curvedPoints(from: Rect, to: Rect, curve: number): { a: Point; control: Point; b: Point; mid: Point } {
	const cf = rectCenter(from);
	const ct = rectCenter(to);
	const len = Math.hypot(ct.x - cf.x, ct.y - cf.y) || 1;
	// A quadratic's midpoint is halfway between the chord's midpoint and the control point.
	const control = { x: (cf.x + ct.x) / 2 + (2 * curve * (cf.y - ct.y)) / len, y: (cf.y + ct.y) / 2 + (2 * curve * (ct.x - cf.x)) / len };
	const a = edgePoint(from, control);
	const b = edgePoint(to, control);
	return { a, control, b, mid: { x: (a.x + 2 * control.x + b.x) / 4, y: (a.y + 2 * control.y + b.y) / 4 } };
}

/**
 * The points a connector is drawn along: [a, b] for a straight one, or a cubic Bézier's four points for a
 * bowed one and for a box linked to itself (draw with `bezier: true`).
 */
export function connectorPath(connector: Connector, from: Rect, to: Rect, style: ConnectorStyle): number[] {
	const bow = style.curve;
	let curve: { a: Point; control: Point; b: Point } | null = null;
	if (connector.from === connector.to) curve = selfLoopCurve(from);
	else if (bow) curve = curvedPoints(from, to, bow);
	if (!curve) {
		const [a, b] = connectorPoints(from, to);
		return [a.x, a.y, b.x, b.y];
	}
	// The cubic equal to the quadratic (Konva's `bezier` takes cubic control points).
	const c1 = { x: curve.a.x + (2 / 3) * (curve.control.x - curve.a.x), y: curve.a.y + (2 / 3) * (curve.control.y - curve.a.y) };
	const c2 = { x: curve.b.x + (2 / 3) * (curve.control.x - curve.b.x), y: curve.b.y + (2 / 3) * (curve.control.y - curve.b.y) };
	return [curve.a.x, curve.a.y, c1.x, c1.y, c2.x, c2.y, curve.b.x, curve.b.y];
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
		const style = ctx.connectorStyle(connector);
		const color = style.color ?? CONNECTOR_COLOR;
		// A box linked to itself is an arch over its top edge; a styled link may bow (see ConnectorStyle.curve).
		const points = connectorPath(connector, from, to, style);
		const mid: Point =
			connector.from === connector.to
				? selfLoopCurve(from).mid
				: style.curve
					? curvedPoints(from, to, style.curve).mid
					: { x: (points[0] + points[2]) / 2, y: (points[1] + points[3]) / 2 };
		arrow.setAttrs({
			points,
			bezier: !!style.curve || connector.from === connector.to,
			visible: true,
			stroke: color,
			fill: color,
			strokeWidth: style.width ?? 2,
			dash: style.dash ?? [],
			pointerLength: style.arrow === false ? 0 : 12,
			pointerWidth: style.arrow === false ? 0 : 11
		});
		const text = connector.label.trim() || style.label?.trim() || '';
		const labelSize = style.labelSize ?? CONNECTOR_LABEL_SIZE;
		label.visible(text !== '' && ctx.editingId !== connector.id && readable(labelSize, ctx));
		if (text) {
			const textNode = label.getText() as Konva.Text;
			if (textNode.fontSize() !== labelSize) textNode.fontSize(labelSize);
			textNode.text(text);
			label.position({ x: mid.x - label.width() / 2, y: mid.y - label.height() / 2 });
		}
	}
};
