/**
 * Text helpers shared by the canvas and the SVG export, so both wrap a card the same way. There is no
 * font measurement outside the browser, so wrapping uses an average glyph width that errs wide (lines
 * come out a little short rather than overflowing).
 */

/** Escapes text for XML content and attribute values; drops the characters XML 1.0 forbids outright. */
export function xmlEscape(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
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
 * Text for a fixed-size card in a picture: wrapped to `width`, at most `max` lines, the last one ending
 * in a visible "…" when there is more (the report carries the whole text). Words longer than a line end
 * in "…" too.
 * @example fitLines('Parents feel unheard at transition meetings', 180, 20, 2)
 */
export function fitLines(text: string, width: number, size: number, max = Infinity, glyph = 0.55): string[] {
	const perLine = Math.max(4, Math.floor(width / (size * glyph)));
	const lines: string[] = [];
	let line = '';
	for (const word of text.trim().split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (next.length <= perLine) line = next;
		else {
			if (line) lines.push(line);
			line = word.length > perLine ? `${word.slice(0, perLine - 1)}…` : word;
		}
	}
	if (line) lines.push(line);
	return lines.length > max ? [...lines.slice(0, max - 1), `${lines[max - 1].slice(0, perLine - 1)}…`] : lines;
}
