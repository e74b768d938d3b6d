import { describe, expect, it } from 'vitest';
import { isFramed, suggestFraming } from './framing.js';

describe(isFramed, () => {
	it('accepts the two openings of the method, in any case, and the seeds\' "On <theme>," lead-in', () => {
		expect(isFramed('How might we include families early on?')).toBe(true);
		expect(isFramed('  what if every school had a link worker?')).toBe(true);
		expect(isFramed('On the system being difficult to navigate, how might we embed threshold models?')).toBe(true);
	});
	it('refuses statements and near misses', () => {
		expect(isFramed('Share practice between schools')).toBe(false);
		expect(isFramed('How can we share practice?')).toBe(false);
		expect(isFramed('How mighty we are')).toBe(false);
		expect(isFramed('')).toBe(false);
	});
});

describe(suggestFraming, () => {
	it('turns a statement into a "How might we" question', () => {
		expect(suggestFraming('Share practice between schools.')).toBe('How might we share practice between schools?');
		expect(suggestFraming('We should give parents a named contact')).toBe('How might we give parents a named contact?');
		expect(suggestFraming('How can we reduce exclusions')).toBe('How might we reduce exclusions?');
	});
	it('keeps acronyms and a lead-in', () => {
		expect(suggestFraming('SENCOs meet monthly')).toBe('How might we SENCOs meet monthly?');
		expect(suggestFraming('On thresholds, agree one model')).toBe('On thresholds, how might we agree one model?');
	});
	it('has nothing to suggest for framed or empty text', () => {
		expect(suggestFraming('What if we tried?')).toBeNull();
		expect(suggestFraming('   ')).toBeNull();
	});
});
