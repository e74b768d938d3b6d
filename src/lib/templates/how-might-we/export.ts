/**
 * The "How might we" board's part of the exports: a standalone SVG of one frame (header, criteria for
 * energy, the three columns, the cards with their flags) and its report part (questions by column, each
 * with its rank once votes are revealed; for spreadsheets, the ranked table). The ranks are the report's
 * one ranking (`ctx.ranks`), so this part never orders a tie differently from "The agreed priorities".
 * Pure; every piece of user text is XML-escaped.
 */
import type { Item, Note } from '$lib/doc/schema.js';
import { NOTE_COLORS } from '$lib/shared/colors.js';
import { byRankThenText, rankQuestions } from '$lib/vote/rank.js';
import { isItemOf, type ExportTable, type FrameContents, type ReportContext, type ReportPart } from '../kit/model.js';
import { cardLines, keySvg, pictureKey, xmlEscape as xml, type PictureKey } from '../kit/text.js';
import { isFramed } from './framing.js';
import { geometry } from './layout.js';
import { COLUMN_FILL, COLUMN_STROKE, FONT, HEAD_FILL, HEADER_FILL, INK, MUTED, SIZES, WARN } from './palette.js';
import {
	CATEGORIES,
	categoryNames,
	ENERGY_CRITERIA,
	ENERGY_LEAD,
	FRAMING,
	ID,
	INTRO,
	QUESTION,
	questionData,
	type Category
} from './schema.js';

const LINE = 1.25;

export { xmlEscape as xml } from '../kit/text.js';

const n = (v: number) => String(Math.round(v * 10) / 10);

/** A card's lines in this picture: the kit's `cardLines` at this template's glyph width (too long: a marker and the key). */
export function wrapLines(s: string, width: number, size: number, max = Infinity, key: PictureKey = pictureKey()): string[] {
	return cardLines(s, width, size, max, key, 0.55);
}

function block(x: number, y: number, lines: readonly string[], size: number, attrs: string): string {
	return lines
		.map((l, i) => `<text x="${n(x)}" y="${n(y + size + i * size * LINE)}" font-size="${size}" ${attrs}>${xml(l)}</text>`)
		.join('');
}

/** The frame's questions, in reading order. */
export function questionsOf(contents: FrameContents): Item[] {
	return contents.items
		.filter((i): i is Item => isItemOf(i, ID, QUESTION))
		.sort((a, b) => Math.round(a.y / 40) - Math.round(b.y / 40) || a.x - b.x);
}

function card(el: Item | Note, ox: number, oy: number, key: PictureKey): string {
	const x = el.x - ox;
	const y = el.y - oy;
	const data = questionData(el.data);
	const warn = isItemOf(el, ID, QUESTION) && el.text.trim() !== '' && !isFramed(el.text) && !data.accepted;
	const evidence = data.evidence?.length ?? 0;
	const foot = warn || evidence ? SIZES.badge * 1.6 : 0;
	const pad = 14;
	let size: number = SIZES.card;
	let lines = wrapLines(el.text, el.w - 2 * pad, size);
	while (size > 12 && lines.length * size * LINE > el.h - 2 * pad - foot) lines = wrapLines(el.text, el.w - 2 * pad, --size);
	const fit = Math.max(1, Math.floor((el.h - 2 * pad - foot) / (size * LINE)));
	lines = wrapLines(el.text, el.w - 2 * pad, size, fit, key);
	const fill = NOTE_COLORS[el.color] ?? NOTE_COLORS.yellow;
	const badges = [warn ? '⚠ Not a "How might we" question' : '', evidence ? `${evidence} evidence` : ''].filter(Boolean).join(' · ');
	return [
		'<g>',
		`<rect x="${n(x)}" y="${n(y)}" width="${n(el.w)}" height="${n(el.h)}" rx="6" fill="${fill}" stroke="${warn ? WARN : '#94a3b8'}" stroke-width="${warn ? 3 : 1}"${warn ? ' stroke-dasharray="10 6"' : ''}/>`,
		block(x + pad, y + pad - 4, lines, size, `fill="${INK}"`),
		badges
			? `<text x="${n(x + pad)}" y="${n(y + el.h - pad + 2)}" font-size="${SIZES.badge}" fill="${warn ? WARN : MUTED}" font-weight="bold">${xml(badges)}</text>`
			: '',
		'</g>'
	].join('');
}

/**
 * One frame as a standalone SVG picture, at the frame's own size; a card (or title) too long for its
 * place shows a marker "[n]" and the key under the picture prints it whole.
 */
export function howMightWeSvg(contents: FrameContents): string {
	const { frame } = contents;
	const g = geometry({ x: 0, y: 0, w: frame.w, h: frame.h });
	const names = categoryNames(frame.data);
	const key = pictureKey();
	const title = wrapLines(frame.title, g.intro.w, SIZES.title, 2, key);
	const intro = wrapLines(`${INTRO} ${FRAMING}`, g.intro.w, SIZES.intro, 7, key);
	const lead = wrapLines(ENERGY_LEAD, g.guidance.w, SIZES.guidance, 2, key);
	const cards = contents.items
		.filter((item): item is Item | Note => item.kind === 'item' || item.kind === 'note')
		.map((item) => card(item, frame.x, frame.y, key));
	const below = keySvg(key, 24, frame.h + 24, frame.w - 48, SIZES.intro, INK, 0.55);
	const height = frame.h + (below.height ? 24 + below.height : 0);
	const out: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${n(frame.w)}" height="${n(height)}" viewBox="0 0 ${n(frame.w)} ${n(height)}" font-family="${xml(FONT)}">`,
		`<title>${xml(frame.title)}</title>`,
		`<rect width="${n(frame.w)}" height="${n(height)}" fill="#ffffff"/>`,
		`<rect width="${n(frame.w)}" height="${n(frame.h)}" fill="#ffffff" stroke="${COLUMN_STROKE}"/>`,
		`<rect width="${n(frame.w)}" height="${n(g.header.h)}" fill="${HEADER_FILL}"/>`,
		block(g.intro.x, 24, title, SIZES.title, `fill="${INK}" font-weight="bold"`),
		block(g.intro.x, 24 + SIZES.title * LINE * 2 + 8, intro, SIZES.intro, `fill="${INK}"`),
		block(g.guidance.x, 24, ['Criteria for energy'], SIZES.guidanceHead, `fill="${INK}" font-weight="bold"`),
		block(g.guidance.x, 24 + SIZES.guidanceHead * 1.6, lead, SIZES.guidance, `fill="${MUTED}"`),
		block(
			g.guidance.x,
			24 + SIZES.guidanceHead * 1.6 + SIZES.guidance * LINE * 2 + 6,
			ENERGY_CRITERIA.map((c) => `• ${c}`),
			SIZES.guidance,
			`fill="${INK}"`
		)
	];
	for (const column of g.columns) {
		out.push(
			`<rect x="${n(column.rect.x)}" y="${n(column.rect.y)}" width="${n(column.rect.w)}" height="${n(column.rect.h)}" fill="${COLUMN_FILL}" stroke="${COLUMN_STROKE}"/>`,
			`<rect x="${n(column.head.x)}" y="${n(column.head.y)}" width="${n(column.head.w)}" height="${n(column.head.h)}" fill="${HEAD_FILL}" stroke="${COLUMN_STROKE}"/>`,
			`<text x="${n(column.head.x + column.head.w / 2)}" y="${n(column.head.y + column.head.h / 2 + SIZES.column * 0.35)}" font-size="${SIZES.column}" font-weight="bold" text-anchor="middle" fill="${INK}">${xml(names[column.category])}</text>`
		);
	}
	out.push(...cards, below.svg, '</svg>');
	return out.join('\n');
}

/** The ranked table people take away, once results are revealed: the report's ranks when it has them. */
export function rankedTable(
	questions: readonly Item[],
	names: Record<Category, string>,
	votes: ReportContext['votes'],
	ranks?: ReportContext['ranks']
): ExportTable {
	const ranked = rankQuestions(
		questions.map((q) => ({ id: q.id, text: q.text.trim() })),
		Object.fromEntries(votes)
	).map((r) => {
		const shared = ranks?.get(r.id);
		return shared ? { ...r, rank: shared.rank, northStar: shared.northStar } : r;
	});
	const rows = ranked.sort((a, b) =>
		byRankThenText({ rank: a.rank.total, text: a.text, id: a.id }, { rank: b.rank.total, text: b.text, id: b.id })
	);
	const byId = new Map(questions.map((q) => [q.id, q]));
	return {
		title: 'Prioritised questions',
		columns: [
			{ key: 'rank', label: 'Rank', type: 'number', width: 0.5 },
			{ key: 'question', label: 'Question', type: 'text', width: 4 },
			{ key: 'column', label: 'Column', type: 'text', width: 1.5 },
			{ key: 'feasibility', label: 'Feasibility', type: 'number' },
			{ key: 'desirability', label: 'Desirability', type: 'number' },
			{ key: 'viability', label: 'Viability', type: 'number' },
			{ key: 'total', label: 'Total', type: 'number' },
			{ key: 'northStar', label: 'North star', type: 'text' }
		],
		rows: rows.map((r) => {
			const category = questionData(byId.get(r.id)?.data ?? {}).category;
			return {
				rank: r.rank.total,
				question: r.text,
				column: category ? names[category] : '',
				feasibility: r.feasibility,
				desirability: r.desirability,
				viability: r.viability,
				total: r.total,
				northStar: r.northStar ? 'yes' : ''
			};
		})
	};
}

/** A question for the report: its words, and its rank in the vote once revealed. */
function questionLine(q: Item, ctx: ReportContext): string {
	const text = q.text.trim() || '(empty)';
	const r = ctx.ranks?.get(q.id);
	return r
		? `${text} (vote rank ${r.rank.total}, ${r.total} ${r.total === 1 ? 'dot' : 'dots'}${r.northStar ? '; a north star' : ''})`
		: text;
}

export function report(contents: FrameContents, ctx: ReportContext): ReportPart {
	const names = categoryNames(contents.frame.data);
	const questions = questionsOf(contents);
	const blocks: ReportPart['blocks'][number][] = [];
	for (const category of CATEGORIES) {
		const here = questions.filter((q) => questionData(q.data).category === category);
		blocks.push({ kind: 'heading', text: names[category] });
		blocks.push(
			here.length ? { kind: 'list', items: here.map((q) => questionLine(q, ctx)) } : { kind: 'paragraph', text: 'No questions here.' }
		);
	}
	const elsewhere = questions.filter((q) => !questionData(q.data).category);
	if (elsewhere.length)
		blocks.push({ kind: 'heading', text: 'Outside the columns' }, { kind: 'list', items: elsewhere.map((q) => questionLine(q, ctx)) });
	const voted = questions.filter((q) => ctx.votes.has(q.id));
	if (voted.length) blocks.push({ kind: 'paragraph', text: 'The vote on these questions, ranked, is under "The agreed priorities".' });
	return {
		heading: contents.frame.title,
		intro: `${INTRO} Each question was voted on for feasibility, desirability and viability.`,
		blocks,
		tables: voted.length ? [rankedTable(voted, names, ctx.votes, ctx.ranks)] : [],
		svg: howMightWeSvg(contents)
	};
}
