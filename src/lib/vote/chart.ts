/**
 * The results chart's geometry (pure, d3-scale): feasibility across, desirability up, viability as
 * the dot's area; labels placed greedily where they overlap neither another label nor the plot's edge,
 * else dropped to the rank number (the full text is in the dot's <title> and in the table).
 */
import { scaleLinear, scaleSqrt } from 'd3-scale';
import type { RankedQuestion } from './rank.js';

export const CHART = { width: 640, height: 460, top: 34, right: 40, bottom: 56, left: 60, font: 13 } as const;
/** Label length before "…": shorter on a phone-width chart. */
export const labelChars = (width: number) => (width < 480 ? 16 : 30);

export interface ChartPoint {
	id: string;
	x: number;
	y: number;
	r: number;
	label: string;
	/** Where the label's text starts and its anchor. */
	lx: number;
	ly: number;
	anchor: 'start' | 'end' | 'middle';
	full: string;
	northStar: boolean;
	row: RankedQuestion;
}

export interface ChartModel {
	points: ChartPoint[];
	xTicks: { value: number; at: number }[];
	yTicks: { value: number; at: number }[];
	plot: { x: number; y: number; w: number; h: number };
	width: number;
	height: number;
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const textWidth = (s: string) => s.length * CHART.font * 0.56;

interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Lays out the chart for `rows` (those with no dots at all are left off: they would pile up at 0, 0),
 * `width` units wide (the pixels it is shown at, so type stays 13 px on a phone too).
 * @example chartModel(rankQuestions(questions, results.tallies), 640)
 */
export function chartModel(rows: readonly RankedQuestion[], width: number = CHART.width): ChartModel {
	width = Math.max(280, Math.min(900, Math.round(width)));
	const height = Math.round(Math.min(CHART.height, Math.max(300, width * 0.85)));
	const plot = { x: CHART.left, y: CHART.top, w: width - CHART.left - CHART.right, h: height - CHART.top - CHART.bottom };
	const shown = rows.filter((r) => r.total > 0);
	const x = scaleLinear()
		.domain([0, Math.max(1, ...shown.map((r) => r.feasibility))])
		.nice()
		.range([plot.x, plot.x + plot.w]);
	const y = scaleLinear()
		.domain([0, Math.max(1, ...shown.map((r) => r.desirability))])
		.nice()
		.range([plot.y + plot.h, plot.y]);
	const r = scaleSqrt()
		.domain([0, Math.max(1, ...shown.map((q) => q.viability))])
		.range([5, 24]);
	const integer = (t: number) => Number.isInteger(t);
	// Questions at the same spot are spread round it a little, so each stays visible.
	const seen = new Map<string, number>();
	const placed: Box[] = [];
	const points: ChartPoint[] = [];
	for (const row of [...shown].sort((a, b) => a.rank.total - b.rank.total)) {
		const key = `${row.feasibility}:${row.desirability}`;
		const n = seen.get(key) ?? 0;
		seen.set(key, n + 1);
		const angle = n * 2.4;
		const cx = x(row.feasibility) + (n ? Math.cos(angle) * 10 * Math.sqrt(n) : 0);
		const cy = y(row.desirability) + (n ? Math.sin(angle) * 10 * Math.sqrt(n) : 0);
		const radius = r(row.viability);
		placed.push({ x: cx - radius, y: cy - radius, w: 2 * radius, h: 2 * radius });
		points.push({
			id: row.id,
			x: cx,
			y: cy,
			r: radius,
			label: '',
			lx: cx,
			ly: cy,
			anchor: 'middle',
			full: row.text,
			northStar: row.northStar,
			row
		});
	}
	for (const p of points) {
		const long = `${p.row.rank.total}. ${truncate(p.full, labelChars(width))}`;
		const h = CHART.font + 2;
		const candidates: { lx: number; ly: number; anchor: ChartPoint['anchor']; box: Box; text: string }[] = [];
		for (const text of [long, String(p.row.rank.total)]) {
			const w = textWidth(text);
			candidates.push(
				{ lx: p.x + p.r + 4, ly: p.y + 4, anchor: 'start', box: { x: p.x + p.r + 4, y: p.y - h / 2, w, h }, text },
				{ lx: p.x - p.r - 4, ly: p.y + 4, anchor: 'end', box: { x: p.x - p.r - 4 - w, y: p.y - h / 2, w, h }, text },
				{ lx: p.x, ly: p.y - p.r - 5, anchor: 'middle', box: { x: p.x - w / 2, y: p.y - p.r - 5 - h, w, h }, text },
				{ lx: p.x, ly: p.y + p.r + h, anchor: 'middle', box: { x: p.x - w / 2, y: p.y + p.r + 2, w, h }, text }
			);
		}
		const inside = (b: Box) => b.x >= 0 && b.x + b.w <= width && b.y >= 0 && b.y + b.h <= plot.y + plot.h;
		// A label may overlap its own dot's box (it starts at the edge), never another's or another label.
		const own = placed.find((b) => Math.abs(b.x + b.w / 2 - p.x) < 0.01 && Math.abs(b.y + b.h / 2 - p.y) < 0.01);
		const pick = candidates.find((c) => inside(c.box) && !placed.some((b) => b !== own && overlaps(b, c.box)));
		if (pick) {
			Object.assign(p, { label: pick.text, lx: pick.lx, ly: pick.ly, anchor: pick.anchor });
			placed.push(pick.box);
		}
	}
	return {
		points,
		xTicks: x
			.ticks(Math.min(8, x.domain()[1]))
			.filter(integer)
			.map((value) => ({ value, at: x(value) })),
		yTicks: y
			.ticks(Math.min(8, y.domain()[1]))
			.filter(integer)
			.map((value) => ({ value, at: y(value) })),
		plot,
		width,
		height
	};
}
