/**
 * An action plan's part of the report and of the table exports.
 *
 * Documents (PDF, DOCX, Markdown) print it as a committee reads a plan on paper (domain.md 3.A, 3.B,
 * 3.G): a table of ref, action, lead and agency, dates (UK: "9 Jan 2027"), status in words and measure
 * of success, with every other field as labelled details under its row (the renderer prints one block
 * per action instead when the rows are too long for a table). Spreadsheets (XLSX, CSV) get the full
 * "Action plan" table, one typed column per field in the order of 3.G (dates ISO yyyy-mm-dd, empty as
 * null), and a table of the dated progress updates. Nothing is shortened.
 */
import type { Element } from '$lib/doc/schema.js';
import { ukDate } from '$lib/shared/dates.js';
import type { ExportTable, FrameContents, PrintTable, ReportContext, ReportPart } from '../kit/model.js';
import { rowsOf, type ActionRow } from './rows.js';
import { statusLabel } from './schema.js';

export const PLAN_COLUMNS: ExportTable['columns'] = [
	{ key: 'ref', label: 'Ref', type: 'text', width: 0.6 },
	{ key: 'theme', label: 'Theme', type: 'text', width: 1.5 },
	{ key: 'action', label: 'Action', type: 'text', width: 3 },
	{ key: 'purpose', label: 'Purpose', type: 'text', width: 2 },
	{ key: 'lead', label: 'Lead and agency', type: 'text', width: 1.4 },
	{ key: 'involved', label: 'Who is involved', type: 'text', width: 1.4 },
	{ key: 'start', label: 'Start date', type: 'date' },
	{ key: 'due', label: 'Due date', type: 'date' },
	{ key: 'milestones', label: 'Milestones and cadence', type: 'text', width: 1.4 },
	{ key: 'measure', label: 'Measure of success', type: 'text', width: 2 },
	{ key: 'status', label: 'Status', type: 'text' },
	{ key: 'updates', label: 'Progress updates', type: 'text', width: 2.5 },
	{ key: 'review', label: 'Review date', type: 'date' },
	{ key: 'question', label: 'From question', type: 'text', width: 1.5 },
	{ key: 'card', label: 'From theory-of-change card', type: 'text', width: 1.5 }
];

/** The columns a committee reads across; the rest are details under each row. */
export const PRINT_COLUMNS: PrintTable['columns'] = [
	{ key: 'ref', label: 'Ref', width: 0.2 },
	{ key: 'action', label: 'Action', width: 3 },
	{ key: 'lead', label: 'Lead and agency', width: 1.2 },
	{ key: 'dates', label: 'Dates', width: 0.3 },
	{ key: 'status', label: 'Status', width: 0.3 },
	{ key: 'measure', label: 'Measure of success', width: 2 }
];

export const PRINT_DETAILS: NonNullable<PrintTable['details']> = [
	{ key: 'theme', label: 'Theme' },
	{ key: 'purpose', label: 'Purpose' },
	{ key: 'involved', label: 'Who is involved' },
	{ key: 'milestones', label: 'Milestones and cadence' },
	{ key: 'updates', label: 'Progress updates' },
	{ key: 'question', label: 'From the question' },
	{ key: 'card', label: 'From the theory-of-change card' }
];

function words(id: string, byId: ReadonlyMap<string, Element>): string {
	if (!id) return '';
	const el = byId.get(id);
	return el && 'text' in el ? el.text : '(no longer on the board)';
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A row's dates for print, one per line, each line kept whole (no-break spaces): "Start 9 Jan 2027". */
export function datesCell(row: Pick<ActionRow, 'start' | 'due' | 'review'>): string {
	const lines: string[] = [];
	const line = (label: string, iso: string) => lines.push(`${label}\u00a0${ukDate(iso, { keep: true })}`);
	if (row.start) line('Start', row.start);
	if (row.due) line('Due', row.due);
	if (row.review) line('Review', row.review);
	return lines.join('\n');
}

/** The plan as documents print it: every field of every row, in words. */
export function planPrintTable(rows: readonly ActionRow[], byId: ReadonlyMap<string, Element>): PrintTable {
	return {
		title: 'Action plan',
		columns: PRINT_COLUMNS,
		details: PRINT_DETAILS,
		blockTitle: ['ref', 'action'],
		rows: rows.map((r) => ({
			ref: r.ref,
			action: r.action.trim() || '(no action written yet)',
			lead: r.lead,
			dates: datesCell(r),
			status: capital(statusLabel(r.status)),
			measure: r.measure,
			theme: r.theme,
			purpose: r.purpose,
			involved: r.involved,
			milestones: r.milestones,
			updates: r.updates.map((u) => `${ukDate(u.date, { keep: true })}: ${u.text}`).join('\n'),
			question: words(r.fromQuestion, byId),
			card: words(r.fromCard, byId)
		}))
	};
}

export function actionPlanReport(contents: FrameContents, ctx: ReportContext): ReportPart {
	const rows = rowsOf(contents);
	const date = (v: string) => (v ? v : null);
	const table: ExportTable = {
		title: 'Action plan',
		columns: PLAN_COLUMNS,
		rows: rows.map((r) => ({
			ref: r.ref,
			theme: r.theme,
			action: r.action,
			purpose: r.purpose,
			lead: r.lead,
			involved: r.involved,
			start: date(r.start),
			due: date(r.due),
			milestones: r.milestones,
			measure: r.measure,
			status: statusLabel(r.status),
			updates: r.updates.map((u) => `${u.date}: ${u.text}`).join('\n'),
			review: date(r.review),
			question: words(r.fromQuestion, ctx.byId),
			card: words(r.fromCard, ctx.byId)
		}))
	};
	const updates: ExportTable = {
		title: 'Progress updates',
		columns: [
			{ key: 'ref', label: 'Ref', type: 'text', width: 0.6 },
			{ key: 'action', label: 'Action', type: 'text', width: 3 },
			{ key: 'date', label: 'Date', type: 'date' },
			{ key: 'update', label: 'Update', type: 'text', width: 4 }
		],
		rows: rows.flatMap((r) => r.updates.map((u) => ({ ref: r.ref, action: r.action, date: u.date, update: u.text })))
	};
	const counts = new Map<string, number>();
	for (const r of rows) counts.set(statusLabel(r.status), (counts.get(statusLabel(r.status)) ?? 0) + 1);
	const summary = rows.length
		? `${rows.length} action${rows.length === 1 ? '' : 's'}: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}.`
		: 'No actions yet.';
	const others = contents.items.filter((i) => !rows.some((r) => r.id === i.id) && 'text' in i && i.text.trim());
	return {
		heading: contents.frame.title || 'Action plan',
		intro:
			'Who will do what, by when, and how we will know it is working: the actions agreed at the workshop, with their leads, dates, status and progress.',
		blocks: [
			{ kind: 'paragraph', text: summary },
			...(rows.length ? [{ kind: 'table' as const, table: planPrintTable(rows, ctx.byId) }] : []),
			...(others.length
				? [
						{ kind: 'heading' as const, text: 'Also in the plan' },
						{ kind: 'list' as const, items: others.map((o) => ('text' in o ? o.text.trim() : '')) }
					]
				: [])
		],
		tables: updates.rows.length ? [table, updates] : [table]
		// No picture in the documents: the board's plan drawn small would only repeat the table above it
		// (the picture is still a download of its own, `exportSvg`).
	};
}
