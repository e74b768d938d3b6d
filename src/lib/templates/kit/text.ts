/**
 * Text helpers shared by the canvas and the SVG export, so both wrap a card the same way. There is no
 * font measurement outside the browser, so wrapping uses an average glyph width that errs wide (lines
 * come out a little short rather than overflowing).
 */

/** Escapes text for XML content and attribute values. */
export function xmlEscape(text: string): string {
	return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The average width of a glyph, as a fraction of the font size. */
export const GLYPH = 0.57;
export const GLYPH_BOLD = 0.66;

/**
 * Splits text into lines of at most `width` units at `size`; a word longer than a line is broken.
 * Nothing is dropped: every character of `text` (bar runs of spaces) is in the lines.
 * @example wrapLines('Early identification of risk of exclusion', 200, 20)
 */
export function wrapLines(text: string, width: number, size: number, bold = false): string[] {
	const max = Math.max(1, Math.floor(width / (size * (bold ? GLYPH_BOLD : GLYPH))));
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
