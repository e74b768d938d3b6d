/**
 * The workshop report as plain data: what every file format (DOCX, PDF, Markdown, XLSX, CSV) renders.
 * Pure (no Node, no DOM): built from the board's elements and members, and the templates' models.
 *
 * Each exercise frame becomes one ReportPart: its template's `report()` when it has one, otherwise a
 * default made from `sections`, `describe` and `exportSvg`. Nothing is shortened here: every text
 * people typed reaches the report whole.
 */
import type { BoxElement, Connector, Element, Frame } from '$lib/doc/schema.js';
import type { Member, Role } from '$lib/doc/members.js';
import { contentsOf, type ExportTable, type FrameContents, type ReportContext, type ReportPart, type TemplateModel } from '$lib/templates/kit/model.js';
import { frameSvg } from './board-svg.js';

export type VoteTally = { feasibility: number; desirability: number; viability: number };

export interface ReportInput {
	title: string;
	elements: readonly Element[];
	members: readonly Member[];
	models: readonly TemplateModel[];
	/**
	 * Vote results by item id, once visible to everyone: the export route reads them from the `server`
	 * doc (`readResults`), which holds no tallies while a vote is hidden.
	 */
	votes?: ReadonlyMap<string, VoteTally>;
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

export interface VoteRow {
	itemId: string;
	text: string;
	feasibility: number;
	desirability: number;
	viability: number;
	total: number;
}

export interface Report {
	title: string;
	/** yyyy-mm-dd of the export. */
	date: string;
	exportedAt: string;
	participation: Participation;
	parts: ReportSection[];
	/** Notes and text outside every frame, in words. */
	loose: string[];
	votes: VoteRow[];
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
	const byAgency = [...counts].map(([agency, n]) => ({ agency, people: n })).sort((a, b) => b.people - a.people || a.agency.localeCompare(b.agency));
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

/** The vote results, highest total first (ties keep board order). */
export function voteRows(votes: ReadonlyMap<string, VoteTally>, byId: ReadonlyMap<string, Element>): VoteRow[] {
	const rows: VoteRow[] = [];
	for (const [itemId, t] of votes) {
		const el = byId.get(itemId);
		if (!el) continue;
		rows.push({ itemId, text: oneLine(textOf(el)) || 'an empty card', ...t, total: t.feasibility + t.desirability + t.viability });
	}
	return rows.sort((a, b) => b.total - a.total);
}

/** Builds the whole report. */
export function buildReport(input: ReportInput): Report {
	const now = input.now ?? new Date();
	const elements = input.elements;
	const byId = new Map(elements.map((e) => [e.id, e] as const));
	const votes = input.votes ?? new Map<string, VoteTally>();
	const frames = readingOrder(elements.filter((e): e is Frame => e.kind === 'frame'));
	const frameIds = new Set(frames.map((f) => f.id));
	const parts: ReportSection[] = frames.map((frame) => {
		const model = frame.template ? input.models.find((m) => m.id === frame.template) : undefined;
		const contents = contentsOf(frame, elements);
		const ctx: ReportContext = { byId, frame, elements, votes };
		const own = model?.report ? safely<ReportPart | null>(() => model.report!(contents, ctx), null) : null;
		const part = own ?? defaultPart(model, contents, ctx);
		return { ...part, frameId: frame.id, template: frame.template };
	});
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
		date: now.toISOString().slice(0, 10),
		exportedAt: now.toISOString(),
		participation: participation(input.members, input.includeNames === true),
		parts,
		loose,
		votes: voteRows(votes, byId)
	};
}

/** Every table of the report, in order: each part's, then the vote results, then who took part. */
export function reportTables(report: Report): (ExportTable & { frameId?: string })[] {
	const tables: (ExportTable & { frameId?: string })[] = [];
	for (const part of report.parts) for (const t of part.tables) tables.push({ ...t, frameId: part.frameId });
	if (report.votes.length) {
		tables.push({
			title: 'Vote results',
			columns: [
				{ key: 'rank', label: 'Rank', type: 'number', width: 0.5 },
				{ key: 'text', label: 'Question', type: 'text', width: 3 },
				{ key: 'feasibility', label: 'Feasibility', type: 'number' },
				{ key: 'desirability', label: 'Desirability', type: 'number' },
				{ key: 'viability', label: 'Viability', type: 'number' },
				{ key: 'total', label: 'Total', type: 'number' }
			],
			rows: report.votes.map((v, i) => ({ rank: i + 1, text: v.text, feasibility: v.feasibility, desirability: v.desirability, viability: v.viability, total: v.total }))
		});
	}
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
