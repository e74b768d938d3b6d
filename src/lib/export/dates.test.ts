import { describe, expect, it } from 'vitest';
import { isoDateIn, localToday, parseIsoDate, ukDate, ukToday } from '$lib/shared/dates.js';

describe(ukDate, () => {
	it('writes dates as UK council papers do', () => {
		expect(ukDate('2027-01-09')).toBe('9 Jan 2027');
		expect(ukDate('2026-12-31')).toBe('31 Dec 2026');
		expect(ukDate('2027-01-09', { long: true })).toBe('9 January 2027');
		expect(ukDate('2027-01-09', { keep: true })).toBe('9\u00a0Jan\u00a02027');
	});

	it('leaves what is not a real date as it was typed', () => {
		expect(ukDate('2027-02-30')).toBe('2027-02-30');
		expect(ukDate('next spring')).toBe('next spring');
		expect(parseIsoDate('2026-13-01')).toBeNull();
		expect(parseIsoDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
	});
});

describe(ukToday, () => {
	it('is the date in the UK, not in UTC: half past midnight in British Summer Time is already tomorrow', () => {
		// 23:30 UTC on 30 June is 00:30 on 1 July in London.
		const late = new Date('2026-06-30T23:30:00Z');
		expect(late.toISOString().slice(0, 10)).toBe('2026-06-30');
		expect(ukToday(late)).toBe('2026-07-01');
		// In winter London is on UTC.
		expect(ukToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
		expect(isoDateIn(new Date('2026-12-31T23:30:00Z'), 'Asia/Tokyo')).toBe('2027-01-01');
	});

	it('localToday reads the local calendar', () => {
		const d = new Date(2027, 0, 9, 0, 15);
		expect(localToday(d)).toBe('2027-01-09');
	});
});
