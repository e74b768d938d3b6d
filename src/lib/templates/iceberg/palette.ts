/**
 * The Iceberg's colours and type sizes, shared by the canvas chrome, the SVG export and the contrast
 * test. Every band is pale enough for the one dark ink: the contrast test checks at least 4.5:1 (WCAG AA
 * for normal text) for every text colour on every band it is drawn on.
 */
export const INK = '#0f172a';
/** Secondary text, used only on the header fill (the column caption, the line under the title). */
export const INK_SOFT = '#1e3a5f';

export const HEADER_FILL = '#f8fafc';
export const SKY = '#e0f2fe';
/** Layers 2, 3, 4: deepening water, each still AA under INK. */
export const WATER = ['#b3dcf2', '#7cbde4', '#4a9fd4'] as const;
/** Band fill of each layer (1-based index: BANDS[layer - 1]). */
export const BANDS = [SKY, ...WATER] as const;

export const WATERLINE = '#0369a1';
export const ICE_FILL = 'rgba(255, 255, 255, 0.42)';
export const ICE_STROKE = 'rgba(255, 255, 255, 0.9)';
export const GRID_LINE = 'rgba(15, 23, 42, 0.3)';

/** Type sizes in board units, chosen to read on a projector at "fit the frame" zoom. */
export const SIZES = {
	title: 40,
	headerLine: 20,
	column: 34,
	caption: 20,
	layer: 30,
	prompt: 20,
	heading: 26
} as const;

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

function channel(hex: string, i: number): number {
	const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
	return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
	return 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 1) + 0.0722 * channel(hex, 2);
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}
