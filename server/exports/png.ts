/**
 * Pictures from SVG with resvg, drawing text with the DejaVu fonts (no system fonts: the same picture on
 * every machine). The pixel size is capped so a board spread over a huge area cannot exhaust memory: a
 * bigger board is drawn smaller, never refused.
 *
 * resvg works synchronously here on purpose: these run in an export worker thread (pool.ts), which is
 * the thread that should do the work (at its lower priority), not libuv's shared pool.
 *
 * Each picture is encoded once. `svgToPng` is resvg's own PNG encoder (a file people download, or a
 * picture in a Word document, which embeds the PNG as it is). `svgToOpaquePng` is for the PDF: an RGB PNG
 * without an alpha channel (the background is white), which pdfkit embeds as it is; with an alpha channel,
 * pdfkit would decode the picture again to split the alpha out and compress both halves anew.
 */
import { Resvg, type RenderedImage } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
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
	let zoom = Math.min(scale, MAX_SIDE / w, MAX_SIDE / h, Math.sqrt(MAX_PIXELS / (w * h)));
	// resvg rounds the picture's sides up to whole pixels, which can take it just over a cap.
	while (
		zoom > 0 &&
		(Math.ceil(w * zoom) > MAX_SIDE || Math.ceil(h * zoom) > MAX_SIDE || Math.ceil(w * zoom) * Math.ceil(h * zoom) > MAX_PIXELS)
	)
		zoom *= 0.999;
	return zoom;
}

/** Words drawn smaller than this many pixels cannot be read. */
export const MIN_TEXT_PX = 4;

const attr = (attrs: string, name: string): number | undefined => {
	const value = new RegExp(`(?:^|\\s)${name}="(-?[\\d.]+)"`).exec(attrs)?.[1];
	return value === undefined ? undefined : Number(value);
};

/**
 * Level of detail for a picture drawn at `zoom`: every `<text>` whose letters would come out smaller than
 * MIN_TEXT_PX becomes a grey line per line of text, as long as the words would be. A board of thousands
 * of notes fits 8 megapixels only with words a couple of pixels high, which no one can read; laying them
 * out is most of resvg's work (several milliseconds a note), so they are drawn as what they look like from
 * afar. Larger text is left alone. Works on the SVGs this project writes: every `<text>` has a numeric
 * `font-size`, its lines are `<tspan>`s with `x` and `y` or `dy` (or it is one line with `x` and `y`),
 * and user text inside is XML-escaped.
 */
export function greekSmallText(svg: string, zoom: number): string {
	return svg.replace(/<text\b([^>]*)>([\s\S]*?)<\/text>/g, (whole, attrs: string, body: string) => {
		const size = attr(attrs, 'font-size') ?? 16;
		if (size * zoom >= MIN_TEXT_PX) return whole;
		const anchor = /\btext-anchor="(middle|end)"/.exec(attrs)?.[1];
		const fill = /\bfill="(#[0-9a-fA-F]{3,8})"/.exec(attrs)?.[1] ?? '#1f2937';
		let x = attr(attrs, 'x') ?? 0;
		let y = attr(attrs, 'y') ?? 0;
		const lines: { x: number; y: number; text: string }[] = [];
		const spans = [...body.matchAll(/<tspan\b([^>]*)>([\s\S]*?)<\/tspan>/g)];
		if (spans.length === 0) lines.push({ x, y, text: body });
		for (const [, spanAttrs, text] of spans) {
			x = attr(spanAttrs, 'x') ?? x;
			y = attr(spanAttrs, 'y') ?? y + (attr(spanAttrs, 'dy') ?? 0);
			lines.push({ x, y, text });
		}
		const r = (v: number) => Math.round(v * 10) / 10;
		return lines
			.map((line) => {
				// Letters: entities count one each, tags none.
				const letters = line.text
					.replace(/<[^>]*>/g, '')
					.replace(/&[#a-zA-Z0-9]+;/g, 'x')
					.trim().length;
				if (letters === 0) return '';
				const w = letters * size * 0.55;
				const left = anchor === 'middle' ? line.x - w / 2 : anchor === 'end' ? line.x - w : line.x;
				return `<rect x="${r(left)}" y="${r(line.y - size * 0.6)}" width="${r(w)}" height="${r(size * 0.45)}" fill="${fill}" fill-opacity="0.35"/>`;
			})
			.join('');
	});
}

/** Rasterises an SVG string at `scale` (within the caps), white behind it. */
function render(svg: string, scale: number): RenderedImage {
	const zoom = zoomFor(svg, scale);
	return new Resvg(greekSmallText(svg, zoom), {
		fitTo: { mode: 'zoom', value: zoom },
		background: '#ffffff',
		font: {
			loadSystemFonts: false,
			fontFiles: [FONT_FILES.regular, FONT_FILES.bold, FONT_FILES.italic],
			defaultFontFamily: FONT_FAMILY,
			sansSerifFamily: FONT_FAMILY
		},
		logLevel: 'off'
	}).render();
}

/** A PNG of `svg` (RGBA, resvg's encoder). */
export function svgToPng(svg: string, scale = 2): Buffer {
	return render(svg, scale).asPng();
}

/** A PNG of `svg` without an alpha channel (opaque RGB), for pdfkit to embed without decoding it. */
export function svgToOpaquePng(svg: string, scale: number): Buffer {
	const image = render(svg, scale);
	return PNG.sync.write(
		{ width: image.width, height: image.height, data: image.pixels } as PNG,
		// Sub filtering: nearly as small as trying every filter per row, at a fraction of the time.
		{ colorType: 2, inputColorType: 6, inputHasAlpha: true, filterType: 1, deflateLevel: 6 }
	);
}

/** Width and height of a PNG, from its header. */
export function pngSize(png: Buffer): { width: number; height: number } {
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
