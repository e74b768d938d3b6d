/**
 * The workshop report as Markdown: plain text a person reads in the raw file (many open it in a text
 * editor), which also renders safely.
 *
 * No HTML entities: "Events & Experiences" stays as typed. What people typed is made inert with
 * CommonMark backslash escapes, and only where Markdown would act on it: `\<` before what would start
 * an HTML tag, `\&` before what would read as an entity, `\` before emphasis, code, link and
 * strikethrough marks, and before what would start a heading, list, quote or rule at the start of a line.
 * Print tables become one list item per row (the columns a committee reads, then the details), because a
 * pipe table with long cells cannot be read raw.
 */
import { chapters, reportDateLine, type Report } from '../../src/lib/export/report.js';
import type { PrintTable, ReportBlock } from '../../src/lib/templates/kit/model.js';
import { blockHeading, blockLines, filledColumns } from './layout.js';

/**
 * Escapes typed text for Markdown without entities; line breaks become spaces. `atStart`: the text
 * begins a block (a paragraph or a list item), where "- ", "# ", "> " or "1." would start one.
 */
export function md(text: string, atStart = true): string {
	const inline = text
		.replace(/\s*\r?\n\s*/g, ' ')
		.replace(/\u00a0/g, ' ')
		.replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
		.replace(/<(?=[A-Za-z/!?])/g, '\\<')
		.replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
	return atStart ? inline.replace(/^(\s*)([-+=#>])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2') : inline;
}

/** One line per row when every value is short; otherwise the row's title, then its fields as a nested list. */
function printTable(t: PrintTable): string[] {
	const columns = filledColumns(t);
	const out: string[] = [];
	for (const row of t.rows) {
		const heading = blockHeading(t, row);
		const title = [heading.bold ? `**${md(heading.bold, false)}**` : '', md(heading.plain, false)].filter(Boolean).join(' ');
		// A cell's own lines (a row's dates, its dated updates) read as one line, joined by semicolons.
		const lines = blockLines(t, row, columns).map(([label, value]) => `${md(label)}: ${md(value.replace(/\s*\n\s*/g, '; '), false)}`);
		if (lines.every((l) => l.length <= 60) && lines.length <= 6) out.push(`- ${title}${lines.length ? ` — ${lines.join('; ')}` : ''}`);
		else out.push(`- ${title}`, ...lines.map((l) => `  - ${l}`));
	}
	return [...out, ''];
}

function blocks(list: readonly ReportBlock[]): string[] {
	const out: string[] = [];
	for (const block of list) {
		if (block.kind === 'heading') out.push(`${block.level === 3 ? '####' : '###'} ${md(block.text)}`, '');
		else if (block.kind === 'paragraph') out.push(md(block.text), '');
		else if (block.kind === 'list') out.push(...block.items.map((i) => `- ${md(i)}`), '');
		else out.push(...printTable(block.table));
	}
	return out;
}

export function reportMarkdown(report: Report): string {
	const parts = chapters(report);
	const out: string[] = [`# ${md(report.title)}`, '', `${reportDateLine(report)}.`, '', '## Contents', ''];
	out.push(...parts.map((c) => `- ${md(c.heading)}`), '');
	for (const c of parts) {
		out.push(`## ${md(c.heading)}`, '');
		if (c.intro) out.push(md(c.intro), '');
		out.push(...blocks(c.blocks));
	}
	return out.join('\n');
}
