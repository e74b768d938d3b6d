import { describe, expect, it } from 'vitest';
import { compareIds, flatField, parseReadReply, replayStart } from './stream-entries.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe(compareIds, () => {
	it('orders by time, then by sequence, beyond 2^53', () => {
		expect(compareIds('1-0', '2-0')).toBeLessThan(0);
		expect(compareIds('5-10', '5-9')).toBeGreaterThan(0);
		expect(compareIds('18446744073709551615-1', '18446744073709551615-0')).toBeGreaterThan(0);
		expect(compareIds('7-7', '7-7')).toBe(0);
	});

	it('refuses what is not a stream id', () => {
		expect(() => compareIds('1-0', '*')).toThrow();
	});
});

describe(replayStart, () => {
	it('steps back in time from the tail, never below zero', () => {
		expect(replayStart('1700000010000-3', 10_000)).toBe('1700000000000-0');
		expect(replayStart('5000-0', 10_000)).toBe('0-0');
		expect(replayStart('1700000010000-3', 0)).toBe('1700000010000-3');
	});
});

describe(parseReadReply, () => {
	it('unpacks entries and flags the malformed ones without dropping their ids', () => {
		const reply = [
			[
				b('k'),
				[
					[b('1-0'), [b('from'), b('abc'), b('update'), Buffer.from([0, 1, 255])]],
					[b('2-0'), [b('from'), b('abc')]],
					[b('3-0'), [b('from')]],
					[b('4-0'), 'not fields']
				]
			]
		];
		const [batch] = parseReadReply(reply);
		expect(batch.key).toBe('k');
		expect(batch.entries.map((e) => e.id)).toEqual(['1-0', '2-0', '3-0', '4-0']);
		const first = batch.entries[0];
		expect(first.problem).toBeUndefined();
		if (first.problem === undefined) expect([...first.update]).toEqual([0, 1, 255]);
		expect(batch.entries.slice(1).every((e) => typeof e.problem === 'string')).toBe(true);
	});

	it('treats a timeout as nothing and a wrong shape as untrustworthy', () => {
		expect(parseReadReply(null)).toEqual([]);
		expect(() => parseReadReply('OK')).toThrow();
		expect(() => parseReadReply([[b('k'), [[b('not-an-id'), []]]]])).toThrow();
		expect(() => parseReadReply([['k', []]])).toThrow();
	});
});

describe(flatField, () => {
	it('reads a field from a flat name/value reply', () => {
		expect(flatField(['length', 3, 'max-deleted-entry-id', '0-0'], 'max-deleted-entry-id')).toBe('0-0');
		expect(flatField(['length', 3], 'missing')).toBeUndefined();
		expect(flatField('nope', 'length')).toBeUndefined();
	});
});
