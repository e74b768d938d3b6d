/**
 * How a causal-loop diagram looks, shared by the canvas renderer and the SVG export so the two agree.
 * Meaning is never colour alone: a link's sign is its label ("+" / "−") and its line (solid / dashed),
 * a delay is "‖" in the label, the highlighted loop is thicker as well as purple.
 */
import { edgePoint, rectCenter, type Point, type Rect } from '$lib/shared/geometry.js';
import type { JsonValue } from '$lib/doc/schema.js';
import { isDelayed, polarityOf, signText } from './schema.js';

export const INK = '#1f2937';
export const VARIABLE_FILL = '#ffffff';
export const VARIABLE_STROKE = '#475569';
export const LINK_COLOR = '#334155';
/** Violet 700: 7.9:1 on white. */
export const HIGHLIGHT = '#6d28d9';
export const LOOP_FILL = '#f1f5f9';
export const VARIABLE_FONT = 20;
export const BADGE_FONT = 13;
export const LOOP_FONT = 26;
export const LOOP_NAME_FONT = 18;
/** A left-out link's tag: dark orange on pale orange (9.6:1), with "⚠" in its words. */
export const WARN_FILL = '#fff7ed';
export const WARN_STROKE = '#c2410c';
export const WARN_INK = '#7c2d12';
/** A link's sign is its meaning: as large as a variable's name, on the canvas and in the SVG. */
export const SIGN_FONT = 20;
/** How far (board units) a link's midpoint bows out: A→B and B→A bow to opposite sides. */
export const CURVE = 48;

export const PLUS_DASH: number[] = [];
export const MINUS_DASH = [14, 9];

export interface LinkLook {
	color: string;
	width: number;
	dash: number[];
	label: string;
	arrow: true;
	curve: number;
}

/** "+", "−", "+ ‖" (delayed); "?" for a link with no sign yet. */
export function linkLabel(data: Record<string, JsonValue>): string {
	const polarity = polarityOf(data);
	const sign = polarity ? signText(polarity) : '?';
	return isDelayed(data) ? `${sign} ‖` : sign;
}

export function linkLook(data: Record<string, JsonValue>): LinkLook {
	const highlighted = data.hl === true;
	return {
		color: highlighted ? HIGHLIGHT : LINK_COLOR,
		width: highlighted ? 6 : 2.5,
		dash: polarityOf(data) === '-' ? MINUS_DASH : PLUS_DASH,
		label: linkLabel(data),
		arrow: true,
		curve: CURVE
	};
}

/**
 * A bowed link from box `a` to box `b`: a quadratic curve whose midpoint is `curve` units to the right (travelling a→b)
 * of the line between the centres, starting and ending on the boxes' edges (so it never hides under them).
 */
export function curvedLink(a: Rect, b: Rect, curve: number): { start: Point; control: Point; end: Point; mid: Point } {
	const ca = rectCenter(a);
	const cb = rectCenter(b);
	const len = Math.hypot(cb.x - ca.x, cb.y - ca.y) || 1;
	const nx = (ca.y - cb.y) / len;
	const ny = (cb.x - ca.x) / len;
	// A quadratic's midpoint is halfway between the chord's midpoint and the control point.
	const control = { x: (ca.x + cb.x) / 2 + 2 * curve * nx, y: (ca.y + cb.y) / 2 + 2 * curve * ny };
	const start = edgePoint(a, control);
	const end = edgePoint(b, control);
	const mid = { x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x, y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y };
	return { start, control, end, mid };
}
