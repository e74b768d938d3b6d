import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { cardLines, keySvg, pictureKey, wrapLines, xmlEscape } from './text.js';

describe('text for pictures', () => {
	it('escapes markup and drops the characters XML 1.0 forbids, so typed text never breaks an SVG', () => {
		const typed = 'Tom & Jerry <script>\u0001\u001f"quoted"\'';
		expect(xmlEscape(typed)).toBe('Tom &amp; Jerry &lt;script&gt;&quot;quoted&quot;&apos;');
		expect(XMLValidator.validate(`<svg><text>${xmlEscape(typed)}</text></svg>`)).toBe(true);
	});

	it('wraps without dropping anything; a card too small shows whole words and a marker, and the key prints the text whole', () => {
		const text = 'Parents feel unheard at transition meetings between primary and secondary schools';
		expect(wrapLines(text, 200, 20).join(' ')).toBe(text);
		const key = pictureKey();
		expect(cardLines('Short', 200, 20, 2, key)).toEqual(['Short']);
		expect(key.entries).toEqual([]);
		const fitted = cardLines(text, 200, 20, 2, key);
		expect(fitted).toHaveLength(2);
		expect(fitted[1]).toMatch(/ \[1\]$/);
		expect(fitted.join(' ')).not.toContain('…');
		// Every word shown is whole: the shown words are the text's first words.
		const shown = fitted.join(' ').replace(/ \[1\]$/, '');
		expect(text.startsWith(shown)).toBe(true);
		expect(key.entries).toEqual([text]);
		// A word wider than the card is not broken: it goes to the key.
		expect(cardLines('https://example.org/a-very-long-address-for-evidence', 100, 20, 3, key)).toEqual(['[2]']);
		const drawn = keySvg(key, 0, 0, 400, 16, '#000');
		expect(drawn.height).toBeGreaterThan(0);
		expect(XMLValidator.validate(`<svg>${drawn.svg}</svg>`)).toBe(true);
		expect(drawn.svg.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toContain('secondary schools');
		expect(keySvg(pictureKey(), 0, 0, 400, 16, '#000')).toEqual({ svg: '', height: 0 });
	});
});
