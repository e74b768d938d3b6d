/**
 * The workshop report as plain data: what every file format (DOCX, PDF, Markdown, XLSX, CSV) renders.
 * Pure (no Node, no DOM): built from the board's elements and members, the published vote, and the
 * templates' models.
 *
 * It is ordered for its reader (an LA lead taking it to a board meeting): the title and date, who took
 * part, the agreed priorities (the vote: ranks, north stars, per-criterion ranks, the agency breakdown as
 * published), the action plan, then each exercise in reading order, then what lies outside them.
 *
 * Each exercise frame becomes one ReportPart: its template's `report()` when it has one, otherwise a
 * default made from `sections`, `describe` and `exportSvg`. Documents print a part's `blocks`;
 * spreadsheets hold its `tables`. Nothing is shortened here: every text people typed reaches the report
 * whole.
 */
import type { BoxElement, Connector, Element, Frame } from '$lib/doc/schema.js';
import type { Member, Role } from '$lib/doc/members.js';
import { MIN_AGENCY_VOTERS, type Results, type Round } from '$lib/doc/votes.js';
import { ukDate, ukToday } from '$lib/shared/dates.js';
import {
	contentsOf,
	type ExportTable,
	type FrameContents,
	type PrintTable,
	type QuestionRank,
	type ReportBlock,
	type ReportContext,
	type ReportPart,
	type TemplateModel
} from '$lib/templates/kit/model.js';
import { NORTH_STAR_TOP, rankByAgency, rankQuestions, TIE_RULE, type AgencyRanking, type RankedQuestion } from '$lib/vote/rank.js';
import { frameSvg } from './board-svg.js';
import { TEMPLATE_IDS } from '$lib/templates/ids.js';

export type VoteTally = { feasibility: number; desirability: number; viability: number };

/** The vote as the `server` doc publishes it: results are there only once visible to everyone. */
export interface PublishedVote {
	round: Round | null;
	/** How many people have at least one dot in the round. */
	voters: number | null;
	results: Results | null;
}

export interface ReportInput {
	title: string;
	elements: readonly Element[];
	members: readonly Member[];
	models: readonly TemplateModel[];
	/**
	 * The vote, read by the export route from the `server` doc (`readRound`, `readVoters`,
	 * `readResults`), which holds no tallies while a vote is hidden.
	 */
	vote?: PublishedVote;
	/** Names of the people who took part: only when a facilitator asks (`names=1`). */
	includeNames?: boolean;
	now?: Date;
}

export interface ReportSection extends ReportPart {
	/** The frame this part describes. */
	frameId: string;
	template: string | null;
}

export interface Participation {
	/** People counted once per name and agency (someone who joins again from another device is one person). */
	people: number;
	byAgency: { agency: string; people: number }[];
	/** Present only when the facilitator asked for names. */
	names: { name: string; agency: string; role: Role }[] | null;
}

/** The agreed priorities: the revealed vote, ranked one way (`TIE_RULE`). */
export interface Priorities {
	/** How many questions were put to the vote. */
	questions: number;
	voters: number | null;
	/** Dots per criterion per person. */
	budget: number | null;
	/** Every question, ranked overall (competition ranks; a shared rank alphabetically). */
	rows: RankedQuestion[];
	northStars: RankedQuestion[];
	/** The agencies the server published (small groups are never published), each ranked on its own. */
	agencies: AgencyRanking[];
}

export interface Report {
	title: string;
	/** yyyy-mm-dd of the export, in the UK. */
	date: string;
	exportedAt: string;
	participation: Participation;
	/** Null until a vote's results are visible to everyone. */
	priorities: Priorities | null;
	/** Action plans first, then every other exercise in reading order. */
	parts: ReportSection[];
	/** Notes and text outside every frame, in words. */
	loose: string[];
}

/** One chapter of a printed report (PDF, DOCX, Markdown): a heading, words, print tables, maybe a picture. */
export interface Chapter {
	/** Stable anchor for the contents: "took-part", "priorities", a frame id, "outside". */
	id: string;
	heading: string;
	intro?: string;
	blocks: readonly ReportBlock[];
	svg?: string;
	/** Whether the chapter prints a table (DOCX gives it a landscape section). */
	wide: boolean;
}

export const NO_AGENCY = 'Agency not given';

/** Collapses runs of whitespace so a note's line breaks read as one sentence in a paragraph. */
export function oneLine(s: string): string {
	return s.replace(/\s+/g, ' ').trim();
}

/** Who took part, counted by agency; viewers watched and are not counted. */
export function participation(members: readonly Member[], includeNames: boolean): Participation {
	const people = new Map<string, Member>();
	for (const m of members) {
		if (m.role === 'viewer') continue;
		const key = `${oneLine(m.name).toLowerCase()}\u0000${oneLine(m.agency).toLowerCase()}`;
		if (!people.has(key)) people.set(key, m);
	}
	const counts = new Map<string, number>();
	for (const m of people.values()) {
		const agency = oneLine(m.agency) || NO_AGENCY;
		counts.set(agency, (counts.get(agency) ?? 0) + 1);
	}
	const byAgency = [...counts]
		.map(([agency, n]) => ({ agency, people: n }))
		.sort((a, b) => b.people - a.people || a.agency.localeCompare(b.agency));
	const names = includeNames
		? [...people.values()]
				.map((m) => ({ name: oneLine(m.name), agency: oneLine(m.agency) || NO_AGENCY, role: m.role }))
				.sort((a, b) => a.agency.localeCompare(b.agency) || a.name.localeCompare(b.name))
		: null;
	return { people: people.size, byAgency, names };
}

/** Frames in reading order: rows from top to bottom (tops within 400 units share a row), each left to right. */
export function readingOrder<T extends { x: number; y: number }>(boxes: readonly T[]): T[] {
	return [...boxes].sort((a, b) => Math.round(a.y / 400) - Math.round(b.y / 400) || a.x - b.x || a.y - b.y);
}

function textOf(el: Element): string {
	if (el.kind === 'frame') return el.title;
	if (el.kind === 'connector') return el.label;
	return el.text;
}

function kindWord(el: Element, model: TemplateModel | undefined): string {
	if (el.kind === 'item') return model?.itemTypes.find((t) => t.type === el.type)?.label ?? 'Item';
	return { note: 'Note', text: 'Text', frame: 'Frame', connector: 'Connection' }[el.kind];
}

/** Plain words for an element without a template that knows it. */
function plainWords(el: Element, byId: ReadonlyMap<string, Element>): string {
	if (el.kind === 'connector') {
		const end = (id: string) => {
			const e = byId.get(id);
			return e ? oneLine(textOf(e)) || `an empty ${e.kind}` : 'a missing shape';
		};
		return `Connection: ${end(el.from)} → ${end(el.to)}${el.label.trim() ? ` ("${oneLine(el.label)}")` : ''}`;
	}
	if (el.kind === 'frame') return `Frame: ${oneLine(el.title)}`;
	const text = oneLine(el.text);
	return `${el.kind === 'text' ? 'Text' : el.kind === 'item' ? 'Item' : 'Note'}: ${text || 'empty'}`;
}

/**
 * The part of a frame whose template has no `report()`: its description, then every element in words
 * grouped by section in reading order, then its connections; one table of the same; and its picture.
 */
export function defaultPart(model: TemplateModel | undefined, contents: FrameContents, ctx: ReportContext): ReportPart {
	const { frame, items, links } = contents;
	const say = (el: Element) => {
		try {
			return model ? model.describe(el, ctx) : plainWords(el, ctx.byId);
		} catch {
			return plainWords(el, ctx.byId);
		}
	};
	const ordered = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
	const sections = model ? safely(() => model.sections(frame), []) : [];
	const placed = new Set<string>();
	const blocks: ReportPart['blocks'][number][] = [];
	const rows: Record<string, string | number | null>[] = [];
	const row = (section: string, el: Element) => rows.push({ section, kind: kindWord(el, model), text: textOf(el), words: say(el) });
	for (const section of sections) {
		const inside = ordered.filter((el) => !placed.has(el.id) && safely(() => section.contains(el), false));
		if (inside.length === 0) continue;
		blocks.push({ kind: 'heading', text: section.label });
		blocks.push({ kind: 'list', items: inside.map(say) });
		for (const el of inside) {
			placed.add(el.id);
			row(section.label, el);
		}
	}
	const rest = ordered.filter((el) => !placed.has(el.id));
	if (rest.length > 0) {
		if (sections.length > 0) blocks.push({ kind: 'heading', text: 'Elsewhere in the frame' });
		blocks.push({ kind: 'list', items: rest.map(say) });
		for (const el of rest) row('', el);
	}
	if (links.length > 0) {
		blocks.push({ kind: 'heading', text: 'Connections' });
		blocks.push({ kind: 'list', items: links.map(say) });
		for (const link of links) row('Connections', link);
	}
	if (blocks.length === 0) blocks.push({ kind: 'paragraph', text: 'Nothing has been added to this exercise yet.' });
	const table: ExportTable = {
		title: oneLine(frame.title) || model?.title || 'Frame',
		columns: [
			{ key: 'section', label: 'Section', type: 'text', width: 1 },
			{ key: 'kind', label: 'Kind', type: 'text', width: 0.8 },
			{ key: 'text', label: 'Text', type: 'text', width: 2 },
			{ key: 'words', label: 'In words', type: 'text', width: 2.5 }
		],
		rows
	};
	return {
		heading: oneLine(frame.title) || model?.title || 'Frame',
		intro: model ? say(frame) : undefined,
		blocks,
		tables: rows.length ? [table] : [],
		svg: safely(() => (model?.exportSvg ? model.exportSvg(contents) : frameSvg(contents, ctx.elements)), undefined)
	};
}

function safely<T>(fn: () => T, fallback: T): T {
	try {
		return fn();
	} catch {
		return fallback;
	}
}

const VOTE_QUESTION_GONE = 'a question no longer on the board';

/** The revealed vote ranked for the report, or null while results are hidden or there was no vote. */
export function priorities(vote: PublishedVote | undefined, byId: ReadonlyMap<string, Element>): Priorities | null {
	const results = vote?.results;
	if (!results) return null;
	const ids = vote.round?.questions ?? Object.keys(results.tallies);
	const questions = ids.map((id) => {
		const el = byId.get(id);
		return { id, text: el ? oneLine(textOf(el)) || 'an empty card' : VOTE_QUESTION_GONE };
	});
	const rows = rankQuestions(questions, results.tallies);
	return {
		questions: questions.length,
		voters: vote.voters ?? null,
		budget: vote.round?.budget ?? null,
		rows,
		northStars: rows.filter((r) => r.northStar),
		agencies: rankByAgency(questions, results.byAgency)
	};
}

/** Builds the whole report. */
export function buildReport(input: ReportInput): Report {
	const now = input.now ?? new Date();
	const elements = input.elements;
	const byId = new Map(elements.map((e) => [e.id, e] as const));
	const votes = new Map<string, VoteTally>(
		Object.entries(input.vote?.results?.tallies ?? {}).map(([id, t]) => [
			id,
			{ feasibility: t.feasibility, desirability: t.desirability, viability: t.viability }
		])
	);
	const agreed = priorities(input.vote, byId);
	const ranks = new Map<string, QuestionRank>(
		(agreed?.rows ?? []).map((r) => [r.id, { rank: r.rank, total: r.total, northStar: r.northStar }])
	);
	const frames = readingOrder(elements.filter((e): e is Frame => e.kind === 'frame'));
	const frameIds = new Set(frames.map((f) => f.id));
	const parts: ReportSection[] = frames.map((frame) => {
		const model = frame.template ? input.models.find((m) => m.id === frame.template) : undefined;
		const contents = contentsOf(frame, elements);
		const ctx: ReportContext = { byId, frame, elements, votes, ranks };
		const own = model?.report ? safely<ReportPart | null>(() => model.report!(contents, ctx), null) : null;
		const part = own ?? defaultPart(model, contents, ctx);
		return { ...part, frameId: frame.id, template: frame.template };
	});
	// The action plan is what the meeting acts on: it comes straight after the priorities.
	const plansFirst = [...parts.filter((p) => p.template === PLAN_TEMPLATE), ...parts.filter((p) => p.template !== PLAN_TEMPLATE)];
	const loose = readingOrder(
		elements.filter((e): e is BoxElement => e.kind !== 'connector' && e.kind !== 'frame' && !(e.parent && frameIds.has(e.parent)))
	).map((el) => plainWords(el, byId));
	const inFrame = (c: Connector) => {
		const a = byId.get(c.from);
		const b = byId.get(c.to);
		const parentOf = (e: Element | undefined) => (e && e.kind !== 'connector' ? e.parent : null);
		return !!parentOf(a) && parentOf(a) === parentOf(b) && frameIds.has(parentOf(a)!);
	};
	for (const c of elements) if (c.kind === 'connector' && !inFrame(c)) loose.push(plainWords(c, byId));
	return {
		title: oneLine(input.title) || 'Untitled board',
		date: ukToday(now),
		exportedAt: now.toISOString(),
		participation: participation(input.members, input.includeNames === true),
		priorities: agreed,
		parts: plansFirst,
		loose
	};
}

/** The action plan template's id: its parts come first. */
const PLAN_TEMPLATE = TEMPLATE_IDS.actionPlan;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Workshop report, 5 December 2026". */
export function reportDateLine(report: Report): string {
	return `Workshop report, ${ukDate(report.date, { long: true })}`;
}

/** Who took part, in words. */
function tookPartBlocks(p: Participation): ReportBlock[] {
	if (p.people === 0) return [{ kind: 'paragraph', text: 'Nobody has joined this board yet.' }];
	const blocks: ReportBlock[] = [
		{
			kind: 'paragraph',
			text: `${count(p.people, 'person', 'people')} took part (counted once each however many devices they joined from; viewers are not counted), from these agencies:`
		},
		{ kind: 'list', items: p.byAgency.map((a) => `${a.agency}: ${a.people}`) }
	];
	if (p.names)
		blocks.push({ kind: 'heading', text: 'Names' }, { kind: 'list', items: p.names.map((m) => `${m.name} (${m.agency}, ${m.role})`) });
	return blocks;
}

const CRITERIA_WORDS = ['feasibility', 'desirability', 'viability'] as const;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The vote results as a print table: rank, question, each criterion's dots and rank, total, north star. */
export function votePrintTable(rows: readonly RankedQuestion[]): PrintTable {
	return {
		title: 'Vote results, ranked overall',
		columns: [
			{ key: 'rank', label: 'Rank', align: 'right', width: 0.1 },
			{ key: 'question', label: 'Question', width: 6 },
			...CRITERIA_WORDS.map((c) => ({ key: c, label: cap(c), width: 0.6 })),
			{ key: 'total', label: 'Total', align: 'right' as const, width: 0.1 },
			{ key: 'northStar', label: 'North star', width: 0.4 }
		],
		rows: rows.map((r) => ({
			rank: String(r.rank.total),
			question: r.text,
			...Object.fromEntries(CRITERIA_WORDS.map((c) => [c, `${r[c]} (rank ${r.rank[c]})`])),
			total: String(r.total),
			northStar: r.northStar ? 'Yes' : ''
		})),
		blockTitle: ['rank', 'question']
	};
}

/** The agreed priorities in words: the vote, its north stars, the ranking, and the agencies as published. */
export function priorityBlocks(p: Priorities): ReportBlock[] {
	const who = p.voters === null ? 'People' : `${count(p.voters, 'person', 'people')}`;
	const dots = p.budget === null ? '' : `, with ${count(p.budget, 'dot')} per criterion each`;
	const blocks: ReportBlock[] = [
		{
			kind: 'paragraph',
			text: `${who} voted on ${count(p.questions, 'question')} for feasibility, desirability and viability${dots}. ${TIE_RULE}`
		},
		{ kind: 'heading', text: 'North stars' },
		{
			kind: 'paragraph',
			text: `A north star is a question in the top ${NORTH_STAR_TOP} for feasibility, desirability and viability alike: the workshop's first choice to work on.`
		},
		p.northStars.length
			? { kind: 'list', items: p.northStars.map((r) => `${r.text} (rank ${r.rank.total}; ${r.total} dots)`) }
			: { kind: 'paragraph', text: `No question is in the top ${NORTH_STAR_TOP} of all three criteria.` },
		{ kind: 'heading', text: 'Vote results' },
		{ kind: 'table', table: votePrintTable(p.rows) },
		{ kind: 'heading', text: 'By agency' },
		{
			kind: 'paragraph',
			text: `How each agency voted, as published: an agency is shown only with at least ${MIN_AGENCY_VOTERS} voters, and only when the people not shown are none or at least ${MIN_AGENCY_VOTERS}. Small groups are not shown, so that nobody's votes can be singled out.`
		}
	];
	if (p.agencies.length === 0)
		blocks.push({
			kind: 'paragraph',
			text: 'No agency is shown on its own: showing any would let someone work out the votes of one or two people.'
		});
	for (const a of p.agencies) {
		const voted = a.rows.filter((r) => r.total > 0);
		blocks.push({ kind: 'heading', text: `${a.agency} (${count(a.voters, 'voter')})`, level: 3 });
		blocks.push(
			voted.length
				? {
						kind: 'list',
						items: voted.map(
							(r) =>
								`Rank ${r.rank.total}: ${r.text} (feasibility ${r.feasibility}, desirability ${r.desirability}, viability ${r.viability}; total ${r.total})`
						)
					}
				: { kind: 'paragraph', text: 'No dots.' }
		);
	}
	return blocks;
}

/**
 * The report as printed documents read it, chapter by chapter: who took part, the agreed priorities,
 * each part (action plans first), then what is outside the exercises.
 */
export function chapters(report: Report): Chapter[] {
	const wide = (blocks: readonly ReportBlock[]) => blocks.some((b) => b.kind === 'table');
	const out: Chapter[] = [{ id: 'took-part', heading: 'Who took part', blocks: tookPartBlocks(report.participation), wide: false }];
	if (report.priorities) {
		const blocks = priorityBlocks(report.priorities);
		out.push({ id: 'priorities', heading: 'The agreed priorities', blocks, wide: wide(blocks) });
	}
	for (const part of report.parts)
		out.push({
			id: `part-${part.frameId}`,
			heading: part.heading,
			intro: part.intro,
			blocks: part.blocks,
			svg: part.svg,
			wide: wide(part.blocks)
		});
	if (report.loose.length)
		out.push({ id: 'outside', heading: 'Outside the exercises', blocks: [{ kind: 'list', items: report.loose }], wide: false });
	return out;
}

/** The vote's spreadsheet tables (group 'votes'): the ranking with the agencies' totals, and each agency's own ranking. */
export function voteTables(p: Priorities): ExportTable[] {
	const agencyKey = (i: number) => `agency${i}`;
	const results: ExportTable = {
		title: 'Vote results',
		group: 'votes',
		columns: [
			{ key: 'rank', label: 'Rank', type: 'number', width: 0.5 },
			{ key: 'text', label: 'Question', type: 'text', width: 4 },
			{ key: 'feasibility', label: 'Feasibility', type: 'number' },
			{ key: 'feasibilityRank', label: 'Feasibility rank', type: 'number' },
			{ key: 'desirability', label: 'Desirability', type: 'number' },
			{ key: 'desirabilityRank', label: 'Desirability rank', type: 'number' },
			{ key: 'viability', label: 'Viability', type: 'number' },
			{ key: 'viabilityRank', label: 'Viability rank', type: 'number' },
			{ key: 'total', label: 'Total', type: 'number' },
			{ key: 'voters', label: 'Voters', type: 'number' },
			{ key: 'northStar', label: 'North star', type: 'text' },
			...p.agencies.map((a, i) => ({
				key: agencyKey(i),
				label: `${a.agency} (${count(a.voters, 'voter')}): total`,
				type: 'number' as const
			}))
		],
		rows: p.rows.map((r) => ({
			rank: r.rank.total,
			text: r.text,
			feasibility: r.feasibility,
			feasibilityRank: r.rank.feasibility,
			desirability: r.desirability,
			desirabilityRank: r.rank.desirability,
			viability: r.viability,
			viabilityRank: r.rank.viability,
			total: r.total,
			voters: r.voters,
			northStar: r.northStar ? 'yes' : '',
			...Object.fromEntries(p.agencies.map((a, i) => [agencyKey(i), a.rows.find((x) => x.id === r.id)?.total ?? 0]))
		}))
	};
	const byAgency: ExportTable = {
		title: 'Votes by agency',
		group: 'votes',
		columns: [
			{ key: 'agency', label: 'Agency', type: 'text', width: 1.5 },
			{ key: 'voters', label: 'Voters', type: 'number' },
			{ key: 'rank', label: 'Rank in agency', type: 'number' },
			{ key: 'text', label: 'Question', type: 'text', width: 4 },
			{ key: 'feasibility', label: 'Feasibility', type: 'number' },
			{ key: 'desirability', label: 'Desirability', type: 'number' },
			{ key: 'viability', label: 'Viability', type: 'number' },
			{ key: 'total', label: 'Total', type: 'number' }
		],
		rows: p.agencies.flatMap((a) =>
			a.rows.map((r) => ({
				agency: a.agency,
				voters: a.voters,
				rank: r.rank.total,
				text: r.text,
				feasibility: r.feasibility,
				desirability: r.desirability,
				viability: r.viability,
				total: r.total
			}))
		)
	};
	return [results, byAgency];
}

/** Every spreadsheet table of the report, in order: each part's, then the vote's, then who took part. */
export function reportTables(report: Report): (ExportTable & { frameId?: string })[] {
	const tables: (ExportTable & { frameId?: string })[] = [];
	for (const part of report.parts) for (const t of part.tables) tables.push({ ...t, frameId: part.frameId });
	if (report.priorities) tables.push(...voteTables(report.priorities));
	tables.push({
		title: 'Who took part',
		columns: [
			{ key: 'agency', label: 'Agency', type: 'text', width: 2 },
			{ key: 'people', label: 'People', type: 'number', width: 1 }
		],
		rows: report.participation.byAgency.map((a) => ({ agency: a.agency, people: a.people }))
	});
	return tables;
}
