/**
 * The workshop report as Markdown. Text people typed is escaped twice over: HTML's & < > become
 * entities (so no tag or script reaches a renderer), and Markdown's own punctuation is
 * backslash-escaped (so a note cannot start a heading, a link or a table of its own).
 */
import type { Report } from '../../src/lib/export/report.js';
import { reportTables } from '../../src/lib/export/report.js';
import type { ExportTable } from '../../src/lib/templates/kit/model.js';

/** Escapes text for Markdown: HTML entities first, then Markdown punctuation; line breaks become spaces. */
export function md(text: string): string {
	return text
		.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
		.replace(/\s*\r?\n\s*/g, ' ')
		.replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
		.replace(/^(\s*)([-+=])/, '$1\\$2')
		.replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

function table(t: ExportTable): string[] {
	const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : md(v));
	return [
		`| ${t.columns.map((c) => md(c.label)).join(' | ')} |`,
		`| ${t.columns.map((c) => (c.type === 'number' ? '---:' : '---')).join(' | ')} |`,
		...t.rows.map((r) => `| ${t.columns.map((c) => cell(r[c.key])).join(' | ')} |`)
	];
}

export function reportMarkdown(report: Report): string {
	const out: string[] = [`# ${md(report.title)}`, '', `Workshop report, ${report.date}.`, ''];
	const p = report.participation;
	out.push('## Who took part', '');
	if (p.people === 0) out.push('Nobody has joined this board yet.', '');
	else {
		out.push(`${p.people} ${p.people === 1 ? 'person' : 'people'} took part:`, '');
		for (const a of p.byAgency) out.push(`- ${md(a.agency)}: ${a.people}`);
		out.push('');
		if (p.names) {
			out.push('### Names', '');
			for (const m of p.names) out.push(`- ${md(m.name)} (${md(m.agency)}, ${m.role})`);
			out.push('');
		}
	}
	if (report.votes.length) {
		out.push('## Vote results', '');
		const votes = reportTables(report).find((t) => t.title === 'Vote results');
		if (votes) out.push(...table(votes), '');
	}
	for (const part of report.parts) {
		out.push(`## ${md(part.heading)}`, '');
		if (part.intro) out.push(md(part.intro), '');
		for (const block of part.blocks) {
			if (block.kind === 'heading') out.push(`### ${md(block.text)}`, '');
			else if (block.kind === 'paragraph') out.push(md(block.text), '');
			else out.push(...block.items.map((i) => `- ${md(i)}`), '');
		}
		for (const t of part.tables) out.push(`**${md(t.title)}**`, '', ...table(t), '');
	}
	if (report.loose.length) {
		out.push('## Outside the exercises', '');
		out.push(...report.loose.map((l) => `- ${md(l)}`), '');
	}
	return out.join('\n');
}
