/**
 * Text measurement with a shared 2D context. Widths are measured once per (style, word) at 100 px and
 * scaled, which is close enough for wrapping (we leave a little slack) and keeps fitting hundreds of
 * notes cheap.
 */
import { FONT_FAMILY } from './style.js';
import type { Measure } from './fit-text.js';

let context: CanvasRenderingContext2D | null = null;
const widths = new Map<string, number>();
const MAX_CACHE = 20_000;

function getContext(): CanvasRenderingContext2D | null {
	if (!context && typeof document !== 'undefined') context = document.createElement('canvas').getContext('2d');
	return context;
}

/** Width of `text` at `fontSize` px in our font (bold when `weight` is 'bold'). */
export function measureText(text: string, fontSize: number, weight: 'normal' | 'bold' = 'normal'): number {
	const key = weight + '|' + text;
	let w = widths.get(key);
	if (w === undefined) {
		const ctx = getContext();
		if (ctx) {
			ctx.font = `${weight} 100px ${FONT_FAMILY}`;
			w = ctx.measureText(text).width;
		} else w = text.length * 55;
		if (widths.size > MAX_CACHE) widths.clear();
		widths.set(key, w);
	}
	return (w * fontSize) / 100;
}

export const measureNormal: Measure = (text, size) => measureText(text, size, 'normal');

/** Forget measured widths (after web fonts load). */
export function clearMeasureCache(): void {
	widths.clear();
}
