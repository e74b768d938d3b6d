/**
 * Word wrapping and font-size fitting for sticky notes. Pure: the caller passes a `measure` function
 * (a canvas `measureText` in the browser, a fake in tests), so the same code decides what Konva draws
 * and what the in-place editor shows.
 */

/** Width of `text` at `fontSize`, in the same units as the box. */
export type Measure = (text: string, fontSize: number) => number;

export interface FitOptions {
	width: number;
	height: number;
	maxSize: number;
	minSize: number;
	lineHeight: number;
}

export interface Fit {
	fontSize: number;
	lines: string[];
	/** True when even the smallest size does not fit (the renderer ends the text with an ellipsis). */
	overflow: boolean;
}

/** Breaks a word wider than `width` into pieces that fit (at least one character each). */
function breakWord(word: string, width: number, fontSize: number, measure: Measure): string[] {
	const pieces: string[] = [];
	let piece = '';
	for (const ch of Array.from(word)) {
		if (piece && measure(piece + ch, fontSize) > width) {
			pieces.push(piece);
			piece = ch;
		} else piece += ch;
	}
	if (piece) pieces.push(piece);
	return pieces;
}

/**
 * Greedy word wrap. Line breaks in the text are kept; runs of spaces collapse to one between words.
 * @example wrapText('Parents feel unheard', 120, 16, measure) // ['Parents feel', 'unheard']
 */
export function wrapText(text: string, width: number, fontSize: number, measure: Measure): string[] {
	const lines: string[] = [];
	const space = measure(' ', fontSize);
	for (const paragraph of text.split('\n')) {
		const words = paragraph.split(/[ \t]+/).filter((w) => w.length > 0);
		if (words.length === 0) {
			lines.push('');
			continue;
		}
		let line = '';
		let lineWidth = 0;
		for (const word of words) {
			const w = measure(word, fontSize);
			if (line && lineWidth + space + w <= width) {
				line += ' ' + word;
				lineWidth += space + w;
				continue;
			}
			if (line) lines.push(line);
			if (w <= width) {
				line = word;
				lineWidth = w;
			} else {
				const pieces = breakWord(word, width, fontSize, measure);
				lines.push(...pieces.slice(0, -1));
				line = pieces[pieces.length - 1] ?? '';
				lineWidth = measure(line, fontSize);
			}
		}
		lines.push(line);
	}
	return lines;
}

/**
 * The largest whole font size from `maxSize` down to `minSize` at which the wrapped text fits the box.
 * @example fitText(note.text, { width: 172, height: 132, maxSize: 24, minSize: 11, lineHeight: 1.25 }, measure)
 */
export function fitText(text: string, options: FitOptions, measure: Measure): Fit {
	const { width, height, maxSize, minSize, lineHeight } = options;
	if (text.trim() === '') return { fontSize: maxSize, lines: text.split('\n').map(() => ''), overflow: false };
	let lines: string[] = [];
	for (let size = maxSize; size >= minSize; size--) {
		lines = wrapText(text, width, size, measure);
		if (lines.length * size * lineHeight <= height) return { fontSize: size, lines, overflow: false };
	}
	return { fontSize: minSize, lines, overflow: true };
}
