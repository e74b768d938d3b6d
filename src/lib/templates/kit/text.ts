/**
 * Text helpers shared by the canvas and the SVG export, so both wrap a card the same way. There is no
 * font measurement outside the browser, so wrapping uses an average glyph width that errs wide (lines
 * come out a little short rather than overflowing).
 */

/** Escapes text for XML content and attribute values; drops the characters XML 1.0 forbids outright. */
export function xmlEscape(text: string): string {
	return (
		text
			// eslint-disable-next-line no-control-regex -- dropping control characters is the point
			.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
			.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
	);
}

/** The average width of a glyph, as a fraction of the font size. */
export const GLYPH = 0.57;
export const GLYPH_BOLD = 0.66;

/**
 * Splits text into lines of at most `width` units at `size`; a word longer than a line is broken.
 * Nothing is dropped: every character of `text` (bar runs of spaces) is in the lines.
 * @example wrapLines('Early identification of risk of exclusion', 200, 20)
 */
export function wrapLines(text: string, width: number, size: number, bold = false, glyph = bold ? GLYPH_BOLD : GLYPH): string[] {
	const max = Math.max(1, Math.floor(width / (size * glyph)));
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (let word of paragraph.split(/\s+/).filter(Boolean)) {
			while (word.length > max) {
				if (line) lines.push(line);
				lines.push(word.slice(0, max));
				word = word.slice(max);
				line = '';
			}
			if (!line) line = word;
			else if (line.length + 1 + word.length <= max) line += ` ${word}`;
			else {
				lines.push(line);
				line = word;
			}
		}
		lines.push(line);
	}
	return lines;
}

/**
 * Texts too long for their card in a picture, printed whole in a key under it: a picture never cuts a
 * label without saying so, and no label ends in "…". Make one per picture.
 */
export interface PictureKey {
	readonly entries: string[];
}

export function pictureKey(): PictureKey {
	return { entries: [] };
}

/** Greedy word wrap at `perLine` characters; a word longer than a line stays whole on its own line. */
function wordLines(text: string, perLine: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.trim().split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (next.length <= perLine || !line) line = next;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	return lines;
}

/**
 * Text for a fixed-size card in a picture: wrapped to `width` at `size`, in at most `max` lines, words
 * never broken. When it needs more (or a word is wider than the card), the card shows the whole words
 * that fit followed by a marker such as "[2]", and the key gets the whole text as its entry 2.
 * @example cardLines('Parents feel unheard at transition meetings', 180, 20, 2, key)
 */
export function cardLines(text: string, width: number, size: number, max: number, key: PictureKey, glyph = 0.55): string[] {
	const perLine = Math.max(4, Math.floor(width / (size * glyph)));
	const all = wordLines(text, perLine);
	if (all.length <= Math.max(1, max) && all.every((l) => l.length <= perLine)) return all;
	key.entries.push(text.trim().replace(/\s+/g, ' '));
	const marker = `[${key.entries.length}]`;
	// The words that fit in `max` lines with the marker after them.
	const words = text.trim().split(/\s+/).filter(Boolean);
	for (let n = words.length - 1; n >= 0; n--) {
		const lines = wordLines([...words.slice(0, n), marker].join(' '), perLine);
		if (lines.length <= Math.max(1, max) && lines.every((l) => l.length <= perLine)) return lines;
	}
	return [marker];
}

/**
 * The key under a picture: "Key: text too long for its card", then each entry whole, wrapped to
 * `width`. Returns the SVG to append at `(x, y)` and the height it takes (0 when the key is empty).
 */
export function keySvg(
	key: PictureKey,
	x: number,
	y: number,
	width: number,
	size: number,
	fill: string,
	glyph = 0.55
): { svg: string; height: number } {
	if (key.entries.length === 0) return { svg: '', height: 0 };
	const lineH = size * 1.3;
	const r = (v: number) => Math.round(v * 10) / 10;
	const out: string[] = [
		`<text x="${r(x)}" y="${r(y + size)}" font-size="${size}" font-weight="bold" fill="${fill}">Key: the whole text of cards marked [n]</text>`
	];
	let at = y + size + lineH * 0.6;
	key.entries.forEach((entry, i) => {
		const lines = wrapLines(`[${i + 1}] ${entry}`, width, size, false, glyph);
		for (const line of lines) {
			at += lineH;
			out.push(`<text x="${r(x)}" y="${r(at)}" font-size="${size}" fill="${fill}">${xmlEscape(line)}</text>`);
		}
	});
	return { svg: out.join(''), height: at - y + lineH };
}
