import { describe, expect, it } from 'vitest';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import { contrast, DOT_COLORS, HEAD_FILL, HEADER_FILL, INK, MUTED, STAR, WARN } from './palette.js';
import { CATEGORY_COLORS } from './example.js';

describe('palette', () => {
	it('gives every dot a white letter at AA contrast', () => {
		for (const color of Object.values(DOT_COLORS)) expect(contrast(color, '#ffffff')).toBeGreaterThanOrEqual(4.5);
	});
	it('keeps dark text readable on every fill it is drawn on', () => {
		for (const fill of [HEADER_FILL, HEAD_FILL, ...Object.values(CATEGORY_COLORS).map((c) => NOTE_COLORS[c])]) {
			expect(contrast(INK, fill)).toBeGreaterThanOrEqual(4.5);
			expect(contrast(WARN, fill)).toBeGreaterThanOrEqual(4.5);
			expect(contrast(STAR, fill)).toBeGreaterThanOrEqual(4.5);
			expect(contrast(MUTED, fill)).toBeGreaterThanOrEqual(4.5);
		}
		expect(contrast(MUTED, HEADER_FILL)).toBeGreaterThanOrEqual(4.5);
	});
});
