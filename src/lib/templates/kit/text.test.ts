import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { fitLines, wrapLines, xmlEscape } from './text.js';

describe('text for pictures', () => {
	it('escapes markup and drops the characters XML 1.0 forbids, so typed text never breaks an SVG', () => {
		const typed = 'Tom & Jerry <script>\u0001\u001f"quoted"\'';
		expect(xmlEscape(typed)).toBe('Tom &amp; Jerry &lt;script&gt;&quot;quoted&quot;&apos;');
		expect(XMLValidator.validate(`<svg><text>${xmlEscape(typed)}</text></svg>`)).toBe(true);
	});

	it('wraps without dropping anything, and fits a card with a visible "…" when it must stop', () => {
		const text = 'Parents feel unheard at transition meetings between primary and secondary schools';
		expect(wrapLines(text, 200, 20).join(' ')).toBe(text);
		const fitted = fitLines(text, 200, 20, 2);
		expect(fitted).toHaveLength(2);
		expect(fitted[1].endsWith('…')).toBe(true);
		expect(fitLines('Short', 200, 20, 2)).toEqual(['Short']);
	});
});
