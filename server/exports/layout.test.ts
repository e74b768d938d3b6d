import { describe, expect, it } from 'vitest';
import type { PrintTable } from '../../src/lib/templates/kit/model.js';
import { blockHeading, blockLines, filledColumns, layoutTable, leastWidth } from './layout.js';
import { createMeasure, unbreakable } from './measure.js';

const measure = createMeasure();
/** Landscape A4 with 15 mm margins, 9 pt table text. */
const A4 = { width: 757, pageHeight: 480, size: 9, pad: 4 };

const plan = (rows: Record<string, string>[]): PrintTable => ({
	title: 'Action plan',
	columns: [
		{ key: 'ref', label: 'Ref', width: 0.2 },
		{ key: 'action', label: 'Action', width: 3 },
		{ key: 'lead', label: 'Lead and agency', width: 1.2 },
		{ key: 'dates', label: 'Dates', width: 0.3 },
		{ key: 'status', label: 'Status', width: 0.3 },
		{ key: 'measure', label: 'Measure of success', width: 2 }
	],
	details: [{ key: 'theme', label: 'Theme' }],
	blockTitle: ['ref', 'action'],
	rows
});

const row = (over: Record<string, string> = {}) => ({
	ref: '1A',
	action: 'Reflective practice sessions with RLA. HKI to draw up a possible rota, fortnightly.',
	lead: 'HKI/JWA',
	dates: 'Start\u00a019\u00a0Sept\u00a02018',
	status: 'In progress',
	measure: 'Better referrals are made',
	theme: 'Behaviour policies',
	...over
});

describe(layoutTable, () => {
	it('prints a table when every column holds its longest word (a date joined by no-break spaces counts as one), sharing the rest of the width', () => {
		const t = plan([row(), row({ ref: '2', action: 'A much longer action '.repeat(8) })]);
		const layout = layoutTable(t, measure, A4);
		expect(layout.mode).toBe('table');
		if (layout.mode !== 'table') return;
		expect(layout.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(A4.width, 5);
		layout.columns.forEach((c, i) => expect(layout.widths[i]).toBeGreaterThanOrEqual(leastWidth(t, c, measure, A4)));
		// "Start 19 Sept 2018" is one unbreakable stretch: the Dates column holds it whole.
		const dates = layout.columns.findIndex((c) => c.key === 'dates');
		expect(layout.widths[dates] - 2 * A4.pad).toBeGreaterThan(measure.width('Start 19 Sept 2018', 9));
		// The action, with the most words and the most weight, gets the most room.
		expect(Math.max(...layout.widths)).toBe(layout.widths[layout.columns.findIndex((c) => c.key === 'action')]);
	});

	it('leaves out the columns nobody filled in', () => {
		const t = plan([row({ measure: '' }), row({ measure: ' ' })]);
		expect(filledColumns(t).map((c) => c.key)).not.toContain('measure');
	});

	it('prints one block per row when the columns cannot each hold their longest word', () => {
		const url = 'https://northshire.example.org/education/inclusion/reports/exclusions-annual-report-2026-final-version.pdf';
		const t = plan([row({ lead: url, measure: url, action: url })]);
		const layout = layoutTable(t, measure, A4);
		expect(layout.mode).toBe('blocks');
		expect(layout.why).toMatch(/longest words/);
	});

	it('prints one block per row when a row would be taller than half a page', () => {
		const long = 'Every school reports its exclusions and what it did before each one to the partnership. '.repeat(14);
		const layout = layoutTable(plan([row({ action: long, measure: long, lead: long })]), measure, A4);
		expect(layout.mode).toBe('blocks');
		expect(layout.why).toMatch(/half a page/);
	});

	it("a row's block: its title from the title columns, every other field and the details as labelled lines", () => {
		const t = plan([row()]);
		expect(blockHeading(t, t.rows[0])).toEqual({
			bold: '1A.',
			plain: 'Reflective practice sessions with RLA. HKI to draw up a possible rota, fortnightly.'
		});
		// A single title column is bold while short, plain when long.
		const one = { ...t, blockTitle: ['action'] };
		expect(blockHeading(one, t.rows[0]).bold).toMatch(/^Reflective/);
		expect(blockHeading(one, { action: 'x '.repeat(150) }).bold).toBe('');
		expect(blockLines(t, t.rows[0])).toEqual([
			['Lead and agency', 'HKI/JWA'],
			['Dates', 'Start\u00a019\u00a0Sept\u00a02018'],
			['Status', 'In progress'],
			['Measure of success', 'Better referrals are made'],
			['Theme', 'Behaviour policies']
		]);
	});
});

describe(unbreakable, () => {
	it('splits at ordinary spaces and line breaks only', () => {
		expect(unbreakable('Start\u00a09\u00a0Jan\u00a02027 and\nHKI/JWA')).toEqual(['Start\u00a09\u00a0Jan\u00a02027', 'and', 'HKI/JWA']);
	});
});
