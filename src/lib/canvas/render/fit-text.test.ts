import { describe, expect, it } from 'vitest';
import { fitText, wrapText, type Measure } from './fit-text.js';

/** Every character is 0.5 em wide: easy to reason about. */
const measure: Measure = (text, size) => text.length * size * 0.5;
const note = { width: 172, height: 132, maxSize: 24, minSize: 11, lineHeight: 1.25 };

describe(wrapText, () => {
	it('wraps at word boundaries within the width', () => {
		// At 10px each character is 5px: 60px holds 12 characters.
		expect(wrapText('Parents feel unheard by schools', 60, 10, measure)).toEqual(['Parents feel', 'unheard by', 'schools']);
	});

	it('keeps line breaks and empty lines', () => {
		expect(wrapText('one\n\ntwo', 100, 10, measure)).toEqual(['one', '', 'two']);
	});

	it('breaks a word that is wider than the box', () => {
		const lines = wrapText('abcdefghijklmnopqrstuvwxyz', 50, 10, measure);
		expect(lines).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
		for (const line of lines) expect(measure(line, 10)).toBeLessThanOrEqual(50);
	});
});

describe(fitText, () => {
	it('uses the largest size for short text', () => {
		expect(fitText('Hi', note, measure)).toEqual({ fontSize: 24, lines: ['Hi'], overflow: false });
	});

	it('shrinks longer text until it fits', () => {
		const text = 'Young people wait months for a CAMHS appointment and schools do not hear back';
		const fit = fitText(text, note, measure);
		expect(fit.fontSize).toBeLessThan(24);
		expect(fit.fontSize).toBeGreaterThanOrEqual(11);
		expect(fit.overflow).toBe(false);
		expect(fit.lines.length * fit.fontSize * 1.25).toBeLessThanOrEqual(note.height);
		for (const line of fit.lines) expect(measure(line, fit.fontSize)).toBeLessThanOrEqual(note.width);
		// One size up would not have fitted.
		const bigger = wrapText(text, note.width, fit.fontSize + 1, measure);
		expect(bigger.length * (fit.fontSize + 1) * 1.25).toBeGreaterThan(note.height);
	});

	it('stops at the smallest size and reports overflow', () => {
		const fit = fitText('word '.repeat(400), note, measure);
		expect(fit).toMatchObject({ fontSize: 11, overflow: true });
	});

	it('treats empty text as fitting', () => {
		expect(fitText('', note, measure)).toMatchObject({ fontSize: 24, overflow: false });
	});
});
