import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { wrapLines, xmlEscape } from './text.js';
import { defaultFieldValue, fieldPatch, isSelectField, type Field } from './model.js';

const type = {
	data: z.object({ who: z.string().max(10).optional(), due: z.iso.date().optional(), status: z.enum(['a', 'b']).optional() }) as never
};
const who: Field = { key: 'who', label: 'Who', input: 'text' };
const due: Field = { key: 'due', label: 'Due date', input: 'date' };
const status: Field = {
	key: 'status',
	label: 'Status',
	options: [
		{ value: 'a', label: 'A' },
		{ value: 'b', label: 'B' }
	]
};

describe(fieldPatch, () => {
	it('sets, trims and clears a typed field, and refuses what the item type does not accept', () => {
		expect(fieldPatch(type, {}, who, '  SENCO ')).toEqual({ ok: true, patch: { who: 'SENCO' } });
		expect(fieldPatch(type, { who: 'SENCO' }, who, '')).toEqual({ ok: true, patch: { who: undefined } });
		expect(fieldPatch(type, {}, due, '2026-02-30')).toMatchObject({ ok: false, message: expect.stringMatching(/^Due date: /) });
		expect(fieldPatch(type, {}, who, 'far too long a name')).toMatchObject({ ok: false });
		expect(fieldPatch(type, {}, status, 'b')).toEqual({ ok: true, patch: { status: 'b' } });
	});
	it('knows selects from inputs and what a new element gets', () => {
		expect([isSelectField(status), isSelectField(who)]).toEqual([true, false]);
		expect([defaultFieldValue(status), defaultFieldValue(due)]).toEqual(['a', undefined]);
	});
});

describe(wrapLines, () => {
	it('keeps every word, breaking only words longer than a line', () => {
		const text = 'Early identification of risk of exclusion ' + 'x'.repeat(50);
		const lines = wrapLines(text, 200, 20);
		expect(lines.every((l) => l.length <= Math.floor(200 / (20 * 0.57)))).toBe(true);
		expect(lines.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
		expect(xmlEscape(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
	});
});
