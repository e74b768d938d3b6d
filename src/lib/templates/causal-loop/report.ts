/**
 * The causal-loop diagram's part of the workshop report: its variables, signed links and every loop
 * (R or B, with names), in words and as tables, with the picture. domain.md 2: the loops are the point.
 */
import type { Connector, Element } from '$lib/doc/schema.js';
import { isItemOf, type FrameContents, type ReportContext, type ReportPart } from '../kit/model.js';
import { leftOutBecause, typeWords } from './analysis.js';
import { analysisFor, describe, describeLink } from './describe.js';
import { causalLoopSvg } from './export.js';
import { ID, isDelayed, polarityOf, VARIABLE } from './schema.js';

/** Words, not a bare sign: a cell starting with + or − reads as a formula in a spreadsheet. */
const signWords = (p: '+' | '-' | null) => (p === '+' ? 'same way (+)' : p === '-' ? 'opposite ways (−)' : 'no sign yet');

const name = (el: Element | undefined) => (el && 'text' in el ? el.text.trim().replace(/\s+/g, ' ') : '');

export function causalLoopReport(contents: FrameContents, ctx: ReportContext): ReportPart {
	const analysis = analysisFor(contents.frame, ctx.byId);
	const variables = contents.items.filter((i) => isItemOf(i, ID, VARIABLE));
	const links = contents.links.filter((l): l is Connector => l.data.template === ID);
	const loopLine = (l: (typeof analysis.loops)[number]) =>
		`${l.code}${l.name ? ` ${l.name}` : ''} (${typeWords(l.type)}, ${l.members.length} ${l.members.length === 1 ? 'variable' : 'variables'}${l.delayed ? ', with a delay' : ''}): ${l.memberNames.join(' → ')} → ${l.memberNames[0]}`;
	return {
		heading: contents.frame.title || 'Causal-loop diagram',
		intro:
			'Variables joined by signed links: + when the two move the same way, − when they move opposite ways. A loop with an even number of − links reinforces (R); an odd number balances (B).',
		blocks: [
			{ kind: 'heading', text: `Loops (${analysis.loops.length}${analysis.complete ? '' : ', stopped at the cap: there are more'})` },
			analysis.loops.length ? { kind: 'list', items: analysis.loops.map(loopLine) } : { kind: 'paragraph', text: 'No loops yet.' },
			{ kind: 'heading', text: 'Variables' },
			{ kind: 'list', items: variables.map((v) => describe(v, ctx)) },
			{ kind: 'heading', text: 'Links' },
			{ kind: 'list', items: links.map((l) => describeLink(l, ctx)) }
		],
		tables: [
			{
				title: 'Loops',
				columns: [
					{ key: 'loop', label: 'Loop', type: 'text', width: 0.6 },
					{ key: 'name', label: 'Name', type: 'text', width: 1.6 },
					{ key: 'type', label: 'Type', type: 'text', width: 1 },
					{ key: 'length', label: 'Variables', type: 'number', width: 0.7 },
					{ key: 'members', label: 'Members, in order', type: 'text', width: 4 }
				],
				rows: analysis.loops.map((l) => ({
					loop: l.code,
					name: l.name ?? '',
					type: typeWords(l.type),
					length: l.members.length,
					members: l.memberNames.join(' → ')
				}))
			},
			{
				title: 'Causal links',
				columns: [
					{ key: 'from', label: 'From', type: 'text', width: 2 },
					{ key: 'to', label: 'To', type: 'text', width: 2 },
					{ key: 'polarity', label: 'Polarity', type: 'text', width: 0.7 },
					{ key: 'delay', label: 'Delay', type: 'text', width: 0.7 },
					{ key: 'counted', label: 'In the loops', type: 'text', width: 2 }
				],
				rows: links.map((l) => {
					const reason = leftOutBecause(analysis.graph, l.id);
					return {
						from: name(ctx.byId.get(l.from)),
						to: name(ctx.byId.get(l.to)),
						polarity: signWords(polarityOf(l.data)),
						delay: isDelayed(l.data) ? 'yes' : 'no',
						counted: reason ? `no: ${reason}` : 'yes'
					};
				})
			}
		],
		svg: causalLoopSvg(contents)
	};
}
