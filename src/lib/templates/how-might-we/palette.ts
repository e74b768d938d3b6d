/**
 * How a "How might we" board looks, shared by the canvas and the SVG export so the two agree. Dots are
 * told apart by colour AND by letter (F, D, V); every colour here carries white or dark ink at 4.5:1 or
 * more (palette.test.ts).
 */
import type { Criterion } from '$lib/doc/votes.js';

export const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';
export const INK = '#1f2937';
export const MUTED = '#475569';
export const HEADER_FILL = '#eef2ff';
export const HEAD_FILL = '#e2e8f0';
export const COLUMN_FILL = '#f8fafc';
export const COLUMN_STROKE = '#cbd5e1';
export const WARN = '#9a3412';
/** The north star mark: amber 900, 7:1 and more on every card fill. */
export const STAR = '#78350f';
export const SIZES = { title: 44, intro: 24, guidanceHead: 28, guidance: 24, column: 32, card: 20, badge: 16, dot: 20 } as const;

/** Dot colours: dark enough for a white letter (≥ 4.5:1). */
export const DOT_COLORS: Record<Criterion, string> = {
	feasibility: '#1d4ed8',
	desirability: '#be185d',
	viability: '#047857'
};
export const DOT_LETTERS: Record<Criterion, string> = { feasibility: 'F', desirability: 'D', viability: 'V' };

/** WCAG relative luminance contrast of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
	const lum = (hex: string) => {
		const [r, g, bl] = [1, 3, 5]
			.map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
			.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
		return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
	};
	const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
	return (x + 0.05) / (y + 0.05);
}
