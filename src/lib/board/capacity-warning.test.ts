import { describe, expect, it } from 'vitest';
import { capacityWarning } from './capacity-warning.js';

describe('capacityWarning', () => {
	it('says nothing below 80% or before the server has said', () => {
		expect(capacityWarning(null)).toBeNull();
		expect(capacityWarning({ percent: 79, maxMb: 64 })).toBeNull();
	});
	it('warns at each step with the share and the cap', () => {
		expect(capacityWarning({ percent: 80, maxMb: 64 })).toMatchObject({ step: 80 });
		expect(capacityWarning({ percent: 93, maxMb: 64 })?.step).toBe(90);
		expect(capacityWarning({ percent: 93, maxMb: 64 })?.text).toContain('93% full (of 64 MB)');
	});
	it('says plainly when the board is full and that downloads still work', () => {
		const full = capacityWarning({ percent: 97, maxMb: 0.5 });
		expect(full?.step).toBe(95);
		expect(full?.text).toMatch(/full \(97% of 0\.5 MB\): changes that do not fit are not kept/);
		expect(full?.text).toContain('Downloads still work');
	});
});
