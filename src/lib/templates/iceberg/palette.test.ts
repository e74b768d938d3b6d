import { describe, expect, it } from 'vitest';
import { BANDS, contrast, HEADER_FILL, INK, INK_SOFT } from './palette.js';

describe('Iceberg colours', () => {
	it('keeps every text colour at WCAG AA (4.5:1) on every band it is drawn on', () => {
		for (const band of [HEADER_FILL, ...BANDS]) expect(contrast(INK, band), `ink on ${band}`).toBeGreaterThanOrEqual(4.5);
		// The softer ink is only used in the header (the line under the title, the column caption).
		expect(contrast(INK_SOFT, HEADER_FILL)).toBeGreaterThanOrEqual(4.5);
	});

	it('deepens: each water band is darker than the one above', () => {
		const ratios = BANDS.map((b) => contrast('#ffffff', b));
		for (let i = 1; i < ratios.length; i++) expect(ratios[i]).toBeGreaterThan(ratios[i - 1]);
	});

	it('computes contrast like WCAG', () => {
		expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
	});
});
