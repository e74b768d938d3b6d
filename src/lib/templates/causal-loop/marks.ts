/**
 * What a diagram shows on top of its variables and links, computed from the document alone so that
 * every screen, the picture and the report agree: a label for each loop ("R1", "B2", and its name),
 * inside the loop; and a warning by each link the analysis leaves out for a reason people should see
 * (a variable linked to itself, the same two linked both + and −). Pure.
 */
import type { BoxElement, Connector } from '$lib/doc/schema.js';
import { selfLoopCurve, SELF_LOOP_HEIGHT, type Point, type Rect } from '$lib/shared/geometry.js';
import type { FrameContents } from '../kit/model.js';
import { analyse, isVariable, type Analysis, type Variable } from './analysis.js';
import { labelRegions, placeLoopLabels, type LoopLabelPlace } from './layout.js';
import { CURVE, curvedLink } from './style.js';

export interface LinkWarning {
	/** The links it is about (a self-link; every link of a contested pair). */
	links: string[];
	kind: 'self' | 'contested';
	/** What the canvas and the picture say, short. */
	text: string;
	/** Centre of the tag, board units. */
	at: Point;
}

export interface DiagramMarks {
	analysis: Analysis;
	labels: LoopLabelPlace[];
	warnings: LinkWarning[];
}

export const SELF_TEXT = '⚠ Linked to itself: not a loop';
export const CONTESTED_TEXT = '⚠ Drawn + and −: not counted';

/** The room a link's sign takes at its midpoint ("+ ‖" at the sign's font size). */
export const SIGN_BOX = 44;
/** Where the sign of a link from `a` to `b` sits (the room it takes at its curve's midpoint). */
export function signBetween(a: Rect, b: Rect): Rect {
	const mid = a === b ? selfLoopCurve(a).mid : curvedLink(a, b, CURVE).mid;
	return { x: mid.x - SIGN_BOX / 2, y: mid.y - SIGN_BOX / 2, w: SIGN_BOX, h: SIGN_BOX };
}
/** How far beyond a bowed link's midpoint a warning sits, so it never covers the link's own sign. */
const OFFSET = 46;

/**
 * The loop labels and warnings of one diagram.
 * @example diagramMarks(contentsOf(frame, elements)).labels.map((l) => l.code)
 */
export function diagramMarks(contents: FrameContents, analysis: Analysis = analyse(contents)): DiagramMarks {
	// Boxes as they are (a box element is a Rect): at 2,000 variables and 10,000 links, copies and maps made
	// here on every change were most of this function's time and garbage.
	const boxes = new Map<string, Rect>();
	const variables = new Map<string, Variable>();
	for (const item of contents.items) {
		if (item.kind === 'frame') continue;
		boxes.set(item.id, item as BoxElement);
		if (isVariable(item)) variables.set(item.id, item);
	}
	// Each link's sign sits at its curve's midpoint: a label must not cover it. Only signs that can be near
	// a label matter: the midpoint of a bowed link lies within its ends' boxes widened by twice the bow, so a
	// link whose widened boxes (and sign) reach no label's region is skipped without working out its curve.
	const signs: Rect[] = [];
	const regions = labelRegions(analysis.loops, boxes);
	const pad = 2 * Math.abs(CURVE) + SIGN_BOX / 2;
	const mayReach = (a: Rect, b: Rect) => {
		const [x0, y0] = [Math.min(a.x, b.x) - pad, Math.min(a.y, b.y) - pad];
		const [x1, y1] = [Math.max(a.x + a.w, b.x + b.w) + pad, Math.max(a.y + a.h, b.y + b.h) + pad];
		return regions.some((g) => x0 < g.x + g.w && x1 > g.x && y0 < g.y + g.h && y1 > g.y);
	};
	if (regions.length > 0)
		for (const link of contents.links) {
			const a = variables.get(link.from);
			const b = variables.get(link.to);
			if (!a || !b) continue;
			if (a !== b && !mayReach(a, b)) continue;
			signs.push(signBetween(a, b));
		}
	const labels = placeLoopLabels(analysis.loops, boxes, contents.frame, signs);
	if (analysis.graph.selfLinks.length === 0 && analysis.graph.contested.length === 0) return { analysis, labels, warnings: [] };
	const byId = new Map(contents.links.map((l) => [l.id, l]));
	return { analysis, labels, warnings: linkWarnings(analysis, variables, byId) };
}

/** The tags by each self-link and contested pair the analysis leaves out, placed by their variables. */
export function linkWarnings(
	analysis: Analysis,
	variables: ReadonlyMap<string, Variable>,
	byId: ReadonlyMap<string, Connector>
): LinkWarning[] {
	const warnings: LinkWarning[] = [];

	for (const id of analysis.graph.selfLinks) {
		const box = variables.get(byId.get(id)?.from ?? '');
		if (box)
			warnings.push({ links: [id], kind: 'self', text: SELF_TEXT, at: { x: selfLoopCurve(box).mid.x, y: box.y - SELF_LOOP_HEIGHT - 30 } });
	}
	const pairs = new Map<string, string[]>();
	for (const id of analysis.graph.contested) {
		const link = byId.get(id);
		if (!link) continue;
		const key = `${link.from}>${link.to}`;
		pairs.set(key, [...(pairs.get(key) ?? []), id]);
	}
	for (const [key, links] of pairs) {
		const [from, to] = key.split('>').map((v) => variables.get(v));
		if (!from || !to) continue;
		const c = curvedLink(from, to, CURVE);
		const len =
			Math.hypot(c.mid.x - (from.x + from.w / 2 + to.x + to.w / 2) / 2, c.mid.y - (from.y + from.h / 2 + to.y + to.h / 2) / 2) || 1;
		const nx = (c.mid.x - (from.x + from.w / 2 + to.x + to.w / 2) / 2) / len;
		const ny = (c.mid.y - (from.y + from.h / 2 + to.y + to.h / 2) / 2) / len;
		warnings.push({ links, kind: 'contested', text: CONTESTED_TEXT, at: { x: c.mid.x + nx * OFFSET, y: c.mid.y + ny * OFFSET } });
	}
	return warnings;
}
