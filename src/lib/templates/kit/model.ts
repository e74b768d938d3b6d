/**
 * The pure half of a template: schemas, seed, worked example, placement, sections for the outline,
 * describe. No Konva, no Svelte, no DOM: the server seeds boards with it and tests run it in Node.
 * The client half (renderer, panel) is in `client.ts`.
 */
import type { z } from 'zod';
import type { BoxElement, Connector, Data, Element, Frame, Item, JsonValue } from '$lib/doc/schema.js';
import type { Point, Rect } from '$lib/shared/geometry.js';

/** What a template adds to a board: a frame and what is in it, with ids local to the seed. */
export interface Seed {
	/** Every element, the frame first; ids and indices are placeholders that insertion replaces. */
	elements: Element[];
}

/** A place in a template frame that things can be added to: a ring, an iceberg cell, a column. */
export interface Section {
	id: string;
	/** What a screen reader says and the outline shows, e.g. "Ring 2: The school". */
	label: string;
	/** The method's own prompt for this section, if any. */
	prompt?: string;
	/** Data an element gets when added here (e.g. {ring: 2}). */
	data: Data;
	/** Whether an element belongs to this section. */
	contains(element: BoxElement): boolean;
	/** A free place for a new element of size `size` here, given what is already in the frame. */
	slot(size: { w: number; h: number }, occupied: readonly Rect[]): Point;
	/** The item type that "add" offers first here (a theory of change's outcomes column: 'outcome'). */
	itemType?: string;
}

/** A choice people make about an element or link, shown as a select in the outline and panels. */
export interface SelectField {
	key: string;
	label: string;
	options: readonly { value: string; label: string }[];
	input?: 'select';
}

/**
 * Something people type about an element (an activity's "who", an action's due date), shown as a text
 * or date input in the outline and panels. An empty value removes the key. The item type's `data`
 * schema validates the result before it is written.
 */
export interface InputField {
	key: string;
	label: string;
	input: 'text' | 'date';
	maxLength?: number;
}

export type Field = SelectField | InputField;

export function isSelectField(field: Field): field is SelectField {
	return field.input === undefined || field.input === 'select';
}

/** The value a new element gets for `field` when nobody chose one: a select's first option, no text. */
export function defaultFieldValue(field: Field): string | undefined {
	return isSelectField(field) ? field.options[0]?.value : undefined;
}

/**
 * The data patch for setting `field` to `value` on an element with `data`, checked against the item
 * type's schema: `{ok: false, message}` when the result would not be valid (nothing should change).
 * @example fieldPatch(activityType, card.data, whoField, 'Two SLTs')
 */
export function fieldPatch(
	type: Pick<ItemType, 'data'>,
	data: Record<string, JsonValue>,
	field: Field,
	value: string
): { ok: true; patch: Record<string, JsonValue | undefined> } | { ok: false; message: string } {
	const trimmed = value.trim();
	const next = trimmed === '' ? undefined : trimmed;
	const merged: Record<string, JsonValue> = { ...data };
	if (next === undefined) delete merged[field.key];
	else merged[field.key] = next;
	const parsed = type.data.safeParse(merged);
	if (!parsed.success) return { ok: false, message: `${field.label}: ${parsed.error.issues[0]?.message ?? 'not valid'}` };
	return { ok: true, patch: { [field.key]: next } };
}

/** What `adopt` makes of an element: an item of `type`, with its box there if it is not the type's size at the same centre. */
export interface Adoption {
	type: string;
	rect?: Rect;
}

/** A kind of element a template offers (a player, an iceberg note). */
export interface ItemType {
	type: string;
	label: string;
	/** Validates the item's data. */
	data: z.ZodType<Record<string, JsonValue>>;
	size: { w: number; h: number };
	/**
	 * Part of the exercise's structure (a fixed heading, a ring label): only facilitators may add, change or
	 * delete it unless they open the structure to participants. The template's frame always is.
	 */
	structural?: boolean;
	/** Data people choose (not placement): e.g. a player's group. */
	fields?: readonly Field[];
	/** Kept so older boards still import and read, but no longer offered for adding (the causal-loop diagram's stored loop labels). */
	retired?: boolean;
}

export interface DescribeContext {
	byId: ReadonlyMap<string, Element>;
	frame: Frame;
	/** The frame's boxes and the links between them, as the board hands them out, when the caller has them. */
	contents?: Pick<FrameContents, 'items' | 'links'>;
	/**
	 * What the host knows about an element beyond the document, when the caller has it (the outline: the
	 * board's annotations, e.g. a causal-loop frame's loops as the loop worker found them).
	 */
	annotation?: (id: string) => unknown;
}

export interface TemplateModel {
	/** kebab-case, stored in frames and items: never change it. */
	id: string;
	title: string;
	/** One line for the "Add exercise" list. */
	summary: string;
	/**
	 * The version of the data this template stores (frame settings, item types and data, link data); each frame
	 * records the version it holds (`Frame.templateVersion`, absent = 1). Bump it when stored data changes shape,
	 * and add the migration from the previous version to `migrations`.
	 */
	version: number;
	/**
	 * One step per older version (from 1 up to `version - 1`): the server runs the steps a frame needs once, when
	 * it loads the board and when a board file is imported (see `migrate.ts` and docs/decisions.md).
	 */
	migrations?: readonly Migration[];
	/** Validates the frame's settings (frame.data), e.g. ring names. */
	settings: z.ZodType<Record<string, JsonValue>>;
	itemTypes: readonly ItemType[];
	/** Validates the data of the template's connectors (connector.data), if it types them. */
	linkData?: z.ZodType<Record<string, JsonValue>>;
	/** What people choose for a connection (type, quality, polarity); the outline offers these. */
	linkFields?: readonly Field[];
	/**
	 * The colour of this template's connector as the canvas strokes it (its renderer's `linkStyle`): the board's
	 * first picture draws it before the canvas exists (src/lib/doc/far-picture.ts). Without it: a plain connector's.
	 */
	linkColor?(data: Record<string, JsonValue>): string;
	/**
	 * Frame settings participants may change even though the frame is structure (facilitator-only by default):
	 * e.g. the causal-loop diagram's loop names and highlighted loop.
	 */
	participantSettings?: readonly string[];
	/** Data keys that placement sets on elements in the frame; cleared when an element leaves it. */
	placementKeys: readonly string[];
	/** What "add" makes in a section: one of the item types, or 'note' for a plain sticky note (default: the first item type). */
	defaultAdd?: string;
	/** The discussion prompts of the method, verbatim. */
	prompts: readonly string[];
	/** An empty exercise at `at` (its frame's top-left). */
	seed(at: Point): Seed;
	/** The worked example from the method, at `at`. */
	example(at: Point): Seed;
	/** Data for an element placed in this template's frame (its ring, its cell). */
	assign(element: BoxElement, frame: Frame): Record<string, JsonValue | undefined> | null;
	/**
	 * What a sticky note, or one of this template's items, is where it sits in this frame: the item type
	 * it becomes (a note in a causal-loop frame is a variable; a card in the outcomes column an outcome),
	 * optionally with its box there (default: the type's size, same centre), or null for a plain sticky
	 * note. Items of other templates are asked as the notes they become when they leave their frame.
	 * The kit's placement rule applies it on create, move and paste, and every client settles boards that
	 * hold notes placed before (see `placementFixes`). Without it, notes stay notes and items stay items.
	 */
	adopt?(element: BoxElement, frame: Frame): Adoption | null;
	/** How to start on the canvas, in one line, shown in the empty frame (e.g. "Double-click to add a variable"). */
	startHint: string;
	/** Data for a connector someone draws from `from` to `to` when both are this template's (a causal link's sign); null: a plain connector. */
	linkFor?(from: BoxElement, to: BoxElement): Record<string, JsonValue> | null;
	/** The places in the frame things can be added, in reading order. */
	sections(frame: Frame): Section[];
	/**
	 * Optional: how this template's frame grows when a section is full (the reveal of private notes asks):
	 * the frame's size at growth step `step` (1, 2, …) and where a point of the old frame goes, so that
	 * everything stays in its section. Without it the reveal grows the frame by moving each section's
	 * contents as far as that section's area moves, which suits grids and columns but not rings.
	 */
	grow?(frame: Frame, step: number): { w: number; h: number; move(p: Point): Point } | null;
	/** Plain words for an element of this template (used by the outline, screen readers, exports). */
	describe(element: Element, ctx: DescribeContext): string;
	/** A standalone SVG picture of one frame of this template (user text escaped), for print and slides. */
	exportSvg?(contents: FrameContents): string;
	/**
	 * This frame's part of the workshop report and of the table exports (DOCX, PDF, XLSX, CSV, Markdown).
	 * Without it, the report lists the frame's elements in words (`describe`) with its SVG picture.
	 */
	report?(contents: FrameContents, ctx: ReportContext): ReportPart;
}

/**
 * A step of a template's stored data from version `from` to `from + 1`: a pure, deterministic function of
 * the frame and its contents as the doc's accessors read them (`readElements`), returning them as they are
 * at the next version. It may change the frame's settings and its items' and links' data, types and text,
 * drop items or links, and add new ones with fresh ids; it keeps the frame's id. Every server process that
 * loads the board may run it, so it must give the same result everywhere (no clock, no randomness).
 */
export interface Migration {
	/** The version it reads. */
	from: number;
	/** What it changes, in a few words (logged when it runs). */
	what: string;
	up(contents: FrameContents): FrameContents;
}

/** What a template's report part may read besides its own frame. */
export interface ReportContext extends DescribeContext {
	/** Every element on the board (to follow evidence links and cross-template references). */
	elements: readonly Element[];
	/** Vote results by question item id, once revealed (empty while hidden or before any vote). */
	votes: ReadonlyMap<string, { feasibility: number; desirability: number; viability: number }>;
	/**
	 * Each voted question's place in the report's one ranking (competition ranks, one tie rule: see
	 * `src/lib/vote/rank.ts`), so a template never ranks a second, different way. Empty without results.
	 */
	ranks?: ReadonlyMap<string, QuestionRank>;
}

/** A question's ranks in the vote: overall (`total`) and per criterion, and whether it is a north star. */
export interface QuestionRank {
	rank: { total: number; feasibility: number; desirability: number; viability: number };
	total: number;
	northStar: boolean;
}

/** A column of a spreadsheet table (XLSX, CSV). Dates are ISO `yyyy-mm-dd` strings in rows; XLSX writes real dates. */
export interface TableColumn {
	key: string;
	label: string;
	type: 'text' | 'number' | 'date';
	/** Relative width (default 1). */
	width?: number;
}

export interface ExportTable {
	/** Sheet name / table caption, e.g. "Action plan". */
	title: string;
	/** Tables downloaded together (`?table=votes` gives every table of the group 'votes'). */
	group?: string;
	columns: readonly TableColumn[];
	rows: readonly Record<string, string | number | null>[];
}

/** A column of a table printed in a document: short values a reader scans across. */
export interface PrintColumn {
	key: string;
	label: string;
	/** Numbers are right-aligned. */
	align?: 'left' | 'right';
	/** Relative share of the width left once every column holds its longest word (default 1). */
	width?: number;
}

/**
 * A table as documents print it (PDF, DOCX, Markdown), for a reader on paper: the few columns a
 * committee reads across, and every other field as a labelled "details" line under its row. Cells are
 * words already (UK dates, statuses in words); nothing is shortened. The renderer measures it and
 * prints a table, or one block per row when the columns cannot each hold their longest word or a row
 * would be taller than half a page.
 */
export interface PrintTable {
	/** What the table is, for a screen reader and as a caption where no heading says it. */
	title: string;
	columns: readonly PrintColumn[];
	/** Fields printed under each row as "Label: value" lines (empty ones left out). */
	details?: readonly { key: string; label: string }[];
	rows: readonly Record<string, string>[];
	/** The columns that head a row's block when printed one block per row, e.g. ['ref', 'action']. */
	blockTitle?: readonly string[];
}

/** Every string a block prints (for tests and search): its text, list items, or table cells and labels. */
export function blockStrings(block: ReportBlock): string[] {
	if (block.kind === 'list') return [...block.items];
	if (block.kind === 'table')
		return [
			block.table.title,
			...block.table.columns.map((c) => c.label),
			...(block.table.details ?? []).map((d) => d.label),
			...block.table.rows.flatMap((r) => Object.values(r))
		];
	return [block.text];
}

export type ReportBlock =
	/** A sub-heading inside a part (level 2, the default) or under one (level 3). */
	| { kind: 'heading'; text: string; level?: 2 | 3 }
	| { kind: 'paragraph'; text: string }
	| { kind: 'list'; items: readonly string[] }
	| { kind: 'table'; table: PrintTable };

/**
 * One template frame in the report. `blocks` are what documents print (PDF, DOCX, Markdown): words,
 * lists and print tables, never the same thing twice. `tables` are what spreadsheets hold (XLSX, CSV):
 * every field, one column each; documents do not print them.
 */
export interface ReportPart {
	heading: string;
	/** What the exercise is, one or two sentences in the method's words. */
	intro?: string;
	/** Every element in words, in reading order (may be grouped under subheadings). */
	blocks: readonly ReportBlock[];
	tables: readonly ExportTable[];
	/** A standalone SVG picture of the frame (user text escaped), if the template draws one. */
	svg?: string;
}

/** The items and connectors of one template frame. */
export interface FrameContents {
	frame: Frame;
	items: BoxElement[];
	links: Connector[];
}

/** Picks a frame's contents out of every element. */
export function contentsOf(frame: Frame, elements: readonly Element[]): FrameContents {
	const items = elements.filter((e): e is BoxElement => e.kind !== 'connector' && e.kind !== 'frame' && e.parent === frame.id);
	const ids = new Set(items.map((i) => i.id));
	const links = elements.filter((e): e is Connector => e.kind === 'connector' && ids.has(e.from) && ids.has(e.to));
	return { frame, items, links };
}

export function isItemOf(element: Element, template: string, type?: string): element is Item {
	return element.kind === 'item' && element.template === template && (type === undefined || element.type === type);
}

/** Checks a model's own consistency at definition time (fails fast in tests and at start-up). */
export function defineTemplateModel<T extends TemplateModel>(model: T): T {
	if (!/^[a-z][a-z0-9-]{1,63}$/.test(model.id)) throw new Error(`template id "${model.id}" is not kebab-case`);
	const types = new Set<string>();
	for (const t of model.itemTypes) {
		if (types.has(t.type)) throw new Error(`${model.id}: item type ${t.type} defined twice`);
		types.add(t.type);
	}
	if (!Number.isInteger(model.version) || model.version < 1) throw new Error(`${model.id}: version must be a whole number from 1`);
	const steps = (model.migrations ?? []).map((m) => m.from).sort((a, b) => a - b);
	const needed = Array.from({ length: model.version - 1 }, (_, i) => i + 1);
	if (steps.join() !== needed.join())
		throw new Error(
			`${model.id}: version ${model.version} needs one migration from each of the versions [${needed.join(', ')}], it has [${steps.join(', ')}]`
		);
	return model;
}
