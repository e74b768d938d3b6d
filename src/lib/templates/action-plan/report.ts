/**
 * An action plan's part of the report and of the table exports: the "Action plan" table with typed
 * columns in the order of domain.md 3.G (dates as 'date', ISO yyyy-mm-dd, empty as null), a table of
 * the dated progress updates, every row in words, and the picture.
 */
import type { Element } from '$lib/doc/schema.js';
import type { ExportTable, FrameContents, ReportContext, ReportPart } from '../kit/model.js';
import { rowWords } from './describe.js';
import { actionPlanSvg } from './export.js';
import { rowsOf } from './rows.js';
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

function words(id: string, byId: ReadonlyMap<string, Element>): string {
	if (!id) return '';
	const el = byId.get(id);
	return el && 'text' in el ? el.text : '(no longer on the board)';
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
	const summary = rows.length ? `${rows.length} action${rows.length === 1 ? '' : 's'}: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}.` : 'No actions yet.';
	return {
		heading: contents.frame.title || 'Action plan',
		intro: 'Who will do what, by when, and how we will know it is working: the actions agreed at the workshop, with their leads, dates, status and progress.',
		blocks: [{ kind: 'paragraph', text: summary }, ...(rows.length ? [{ kind: 'list' as const, items: rows.map((r) => rowWords(r, ctx.byId)) }] : [])],
		tables: updates.rows.length ? [table, updates] : [table],
		svg: actionPlanSvg(contents)
	};
}
