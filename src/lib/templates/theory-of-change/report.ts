/**
 * A theory of change's part of the workshop report: the background, then each column (in the order
 * the canvas shows them) with its definition and a print table of its cards (the card, its fields,
 * what it leads to; the question it came from as a detail under its row), so a reader on A4 reads
 * across. One table of every card with every field for spreadsheets; the picture. Card names are
 * never shortened here.
 */
import { rectCenter } from '$lib/shared/geometry.js';
import type { Element } from '$lib/doc/schema.js';
import type { ExportTable, FrameContents, PrintTable, ReportContext, ReportPart } from '../kit/model.js';
import { isCard } from './describe.js';
import { theoryOfChangeSvg } from './export.js';
import { columnAt, tocGeometry } from './layout.js';
import { accountableLabel, ACTIVITY, backgroundOf, columnOfType, COLUMNS, fieldLines, ID, OUTCOME } from './schema.js';

type Card = Extract<Element, { kind: 'item' }>;

const INTRO =
	'A theory of change allows you to describe how you expect your work to lead to the outcomes you want to see and the difference you are hoping to make. Its five components, left to right: Activities, Moderating factors, Mediating mechanisms, Outcomes, Aim(s).';

/** Cards by column, each column top to bottom. */
export function cardsByColumn(contents: FrameContents): Card[][] {
	const columns: Card[][] = COLUMNS.map(() => []);
	for (const el of contents.items) {
		if (!isCard(el)) continue;
		// A card's type is the column it sits in (placement keeps them the same), so grouping by type is by column.
		columns[COLUMNS.findIndex((c) => c.type === el.type)].push(el);
	}
	for (const col of columns) col.sort((a, b) => a.y - b.y || a.x - b.x);
	return columns;
}

/** A card's whole text on one line, for "leads to" (never shortened: this is the report). */
function fullName(el: Element | undefined): string {
	if (!el || !('text' in el)) return 'a missing card';
	return el.text.trim().replace(/\s+/g, ' ') || 'an empty card';
}

/** The question a card came from, with its votes and rank once the vote is revealed. */
function questionWords(card: Card, ctx: ReportContext): string | null {
	if (typeof card.data.fromQuestion !== 'string') return null;
	const q = ctx.byId.get(card.data.fromQuestion);
	const text = q && 'text' in q ? q.text.trim() : typeof card.data.questionText === 'string' ? card.data.questionText : '';
	const votes = ctx.votes.get(card.data.fromQuestion);
	const rank = ctx.ranks?.get(card.data.fromQuestion);
	const tally = votes
		? ` (votes: feasibility ${votes.feasibility}, desirability ${votes.desirability}, viability ${votes.viability}${rank ? `; rank ${rank.rank.total}${rank.northStar ? ', a north star' : ''}` : ''})`
		: '';
	return `“${text}”${tally}`;
}

/** The print columns of one kind of card: the card, its own fields, what it leads to. */
function printColumns(type: string, label: string): PrintTable['columns'] {
	const fields = type === ACTIVITY ? ['Who', 'When', 'Outputs'] : type === OUTCOME ? ['Measure', 'Timeframe', 'Accountable'] : [];
	return [
		{ key: 'group', label: 'Sub-heading', width: 0.8 },
		{ key: 'card', label, width: 3 },
		...fields.map((f) => ({ key: f.toLowerCase(), label: f, width: 1.2 })),
		{ key: 'leadsTo', label: 'Leads to', width: 2 }
	];
}

export function theoryOfChangeReport(contents: FrameContents, ctx: ReportContext): ReportPart {
	const { frame, links } = contents;
	const columns = cardsByColumn(contents);
	const byId = new Map(contents.items.map((i) => [i.id, i]));
	const isCardId = (id: string) => {
		const el = byId.get(id);
		return !!el && isCard(el);
	};
	const arrows = links.filter((l) => l.data.template === ID || (isCardId(l.from) && isCardId(l.to)));
	const leadsTo = (id: string) => arrows.filter((l) => l.from === id).map((l) => fullName(byId.get(l.to)));
	const blocks: ReportPart['blocks'][number][] = [];
	const background = backgroundOf(frame.data);
	if (background) {
		blocks.push({ kind: 'heading', text: 'Background' });
		for (const para of background.split('\n').filter((p) => p.trim())) blocks.push({ kind: 'paragraph', text: para.trim() });
	}
	COLUMNS.forEach((column, i) => {
		blocks.push({ kind: 'heading', text: column.name });
		blocks.push({ kind: 'paragraph', text: column.definition });
		const cards = columns[i];
		if (cards.length === 0) {
			blocks.push({ kind: 'paragraph', text: `No ${column.name.toLowerCase()} yet.` });
			return;
		}
		blocks.push({
			kind: 'table',
			table: {
				title: column.name,
				columns: printColumns(column.type, column.cardLabel),
				details: [{ key: 'question', label: 'From the question' }],
				blockTitle: ['card'],
				rows: cards.map((card) => ({
					group: typeof card.data.group === 'string' ? card.data.group : '',
					card: card.text.trim() || 'an empty card',
					...Object.fromEntries(fieldLines(card.type, card.data).map(([k, v]) => [k.toLowerCase(), v])),
					leadsTo: leadsTo(card.id).join('\n'),
					question: questionWords(card, ctx) ?? ''
				}))
			}
		});
	});
	const table: ExportTable = {
		title: 'Theory of change',
		columns: [
			{ key: 'column', label: 'Column', type: 'text' },
			{ key: 'group', label: 'Sub-heading', type: 'text' },
			{ key: 'card', label: 'Card', type: 'text', width: 4 },
			{ key: 'who', label: 'Who', type: 'text' },
			{ key: 'when', label: 'When', type: 'text' },
			{ key: 'outputs', label: 'Outputs', type: 'text' },
			{ key: 'measure', label: 'Measure', type: 'text' },
			{ key: 'timeframe', label: 'Timeframe', type: 'text' },
			{ key: 'accountable', label: 'Accountable', type: 'text' },
			{ key: 'leadsTo', label: 'Leads to', type: 'text', width: 3 },
			{ key: 'question', label: 'From question', type: 'text', width: 2 }
		],
		rows: columns.flat().map((card) => {
			const s = (v: unknown) => (typeof v === 'string' ? v : '');
			const q = typeof card.data.fromQuestion === 'string' ? ctx.byId.get(card.data.fromQuestion) : undefined;
			return {
				column: columnOfType(card.type)!.name,
				group: s(card.data.group),
				card: card.text,
				who: s(card.data.who),
				when: s(card.data.when),
				outputs: s(card.data.outputs),
				measure: s(card.data.measure),
				timeframe: s(card.data.timeframe),
				accountable: accountableLabel(card.data.accountable) ?? '',
				leadsTo: leadsTo(card.id).join('; '),
				question: q && 'text' in q ? q.text : s(card.data.questionText)
			};
		})
	};
	// Cards dragged into another kind's column are reported where their kind belongs; say so.
	const g = tocGeometry(frame, background);
	const misplaced = columns.flat().filter((c) => COLUMNS[columnAt(g, rectCenter(c))].type !== c.type);
	if (misplaced.length)
		blocks.push({
			kind: 'paragraph',
			text: `Note: ${misplaced.length} card${misplaced.length === 1 ? ' sits' : 's sit'} in another column on the board and ${misplaced.length === 1 ? 'is' : 'are'} listed under ${misplaced.length === 1 ? 'its' : 'their'} own kind here.`
		});
	return { heading: frame.title || 'Theory of change', intro: INTRO, blocks, tables: [table], svg: theoryOfChangeSvg(contents) };
}
