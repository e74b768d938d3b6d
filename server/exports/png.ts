/**
 * PNG from SVG with resvg, drawing text with the DejaVu fonts (no system fonts: the same picture on
 * every machine). The pixel size is capped so a board spread over a huge area cannot exhaust memory.
 */
import { renderAsync } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES } from './fonts.js';

/** At most this many pixels on a side and in all. */
export const MAX_SIDE = 6000;
export const MAX_PIXELS = 8_000_000;

function sizeOf(svg: string): { w: number; h: number } {
	const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
	const w = Number(/\bwidth="([\d.]+)"/.exec(root)?.[1] ?? 800);
	const h = Number(/\bheight="([\d.]+)"/.exec(root)?.[1] ?? 600);
	return { w: w > 0 ? w : 800, h: h > 0 ? h : 600 };
}

/** The zoom that draws `svg` at `scale` (2 is crisp on a projector) within the caps. */
export function zoomFor(svg: string, scale: number): number {
	const { w, h } = sizeOf(svg);
	return Math.min(scale, MAX_SIDE / w, MAX_SIDE / h, Math.sqrt(MAX_PIXELS / (w * h)));
}

/**
 * Rasterises an SVG string; white behind it. resvg renders on libuv's thread pool, so a big picture
 * does not stall the live sync of other boards on this process.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
	const image = await renderAsync(svg, {
		fitTo: { mode: 'zoom', value: zoomFor(svg, scale) },
		background: '#ffffff',
		font: {
			loadSystemFonts: false,
			fontFiles: [FONT_FILES.regular, FONT_FILES.bold, FONT_FILES.italic],
			defaultFontFamily: FONT_FAMILY,
			sansSerifFamily: FONT_FAMILY
		},
		logLevel: 'off'
	});
	return image.asPng();
}

/** Width and height of a PNG, from its header. */
export function pngSize(png: Buffer): { width: number; height: number } {
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
