/**
 * The loop labels and warnings as the canvas draws them live: `diagramMarks`, kept from change to change
 * for each frame instead of worked out from every box and link again.
 *
 * What a label's place depends on is its loop's members' boxes and whatever box or link sign lies near its
 * loop's centre. So the memo keeps, for the frame's last contents: the boxes and the links' signs, each
 * indexed by position in a grid, and which links touch each box. A change is found by walking the new
 * contents against the last ones (the element index hands out the same object for an element that did not
 * change, `changesBetween`), and only what it touched is updated: a moved variable moves its box and the
 * signs of its own links. The labels are then placed asking the grids for what is near each loop's centre,
 * instead of checking every box and sign for every loop (`placeLabelsAmong`). When nothing that changed
 * is near a label's loop centre or in a labelled loop, and the analysis is the same, the last places are
 * kept as they were.
 *
 * The result is always what `diagramMarks(contents, analysis)` gives (live-marks.test.ts compares them
 * after every step of random edits). Like live.ts's, the memo holds nothing anyone can observe and keeps at
 * most MEMO_FRAMES frames (the least recently used goes first).
 */
import type { BoxElement, Connector } from '$lib/doc/schema.js';
import type { Point, Rect } from '$lib/shared/geometry.js';
import type { FrameContents } from '../kit/model.js';
import { isVariable, type Analysis, type Variable } from './analysis.js';
import { LABEL_REACH, MAX_LOOP_LABELS, nearLabel, placeLabelsAmong, type LoopLabelPlace } from './layout.js';
import { diagramMarks, linkWarnings, SIGN_BOX, signBetween, type DiagramMarks, type LinkWarning } from './marks.js';

/** Side of a grid cell, board units (about a label's reach: a loop's query looks at 3×3 or 4×4 cells). */
const CELL = 512;

/** Rectangles by the cell of their top-left corner: each is in one cell, so a query never sees one twice. */
class Grid {
	private cells = new Map<number, Set<Rect>>();

	private static key(x: number, y: number): number {
		return Math.floor(x / CELL) * 4_194_304 + Math.floor(y / CELL);
	}

	add(r: Rect): void {
		const key = Grid.key(r.x, r.y);
		let cell = this.cells.get(key);
		if (!cell) this.cells.set(key, (cell = new Set()));
		cell.add(r);
	}

	delete(r: Rect): void {
		const key = Grid.key(r.x, r.y);
		const cell = this.cells.get(key);
		cell?.delete(r);
		if (cell?.size === 0) this.cells.delete(key);
	}

	/** Calls `visit` with every rectangle whose top-left corner lies in a cell that [x0, x1] × [y0, y1] touches. */
	each(x0: number, y0: number, x1: number, y1: number, visit: (r: Rect) => void): void {
		for (let cx = Math.floor(x0 / CELL); cx <= Math.floor(x1 / CELL); cx++)
			for (let cy = Math.floor(y0 / CELL); cy <= Math.floor(y1 / CELL); cy++) {
				const cell = this.cells.get(cx * 4_194_304 + cy);
				if (cell) for (const r of cell) visit(r);
			}
	}
}

/** How one list of elements became another: removed, added, and replaced (same id, another version). */
export interface Changes<T> {
	removed: T[];
	added: T[];
	replaced: [T, T][];
}

/**
 * What changed from `before` to `after`, walking both in step (an unchanged element is the same object at
 * the same place in both): null when more than `max` elements changed. `known` holds every id of `before`.
 * An element moved to another place in the order counts as replaced (by itself, if it did not change).
 * @example changesBetween(last.links, contents.links, lastLinksById, 64)?.added
 */
export function changesBetween<T extends { id: string }>(
	before: readonly T[],
	after: readonly T[],
	known: ReadonlyMap<string, unknown>,
	max: number
): Changes<T> | null {
	const out: Changes<T> = { removed: [], added: [], replaced: [] };
	if (before === after) return out;
	// Taken out where it stood in `before`: found again further on in `after`, it was moved, not removed.
	const gone = new Map<string, T>();
	let [i, j, count] = [0, 0, 0];
	while (j < after.length) {
		const b = after[j];
		const a = i < before.length ? before[i] : undefined;
		if (a === b) {
			i++;
			j++;
			continue;
		}
		if (++count > max) return null;
		if (a && a.id === b.id) {
			out.replaced.push([a, b]);
			i++;
			j++;
		} else if (!known.has(b.id)) {
			out.added.push(b);
			j++;
		} else if (gone.has(b.id)) {
			out.replaced.push([gone.get(b.id)!, b]);
			gone.delete(b.id);
			j++;
		} else if (a) {
			gone.set(a.id, a);
			i++;
		} else return null;
	}
	if (count + before.length - i > max) return null;
	out.removed = [...gone.values(), ...before.slice(i)];
	return out;
}

interface Memo {
	items: readonly BoxElement[];
	links: readonly Connector[];
	frame: Rect;
	boxes: Map<string, BoxElement>;
	variables: Map<string, Variable>;
	linkById: Map<string, Connector>;
	/** The ids of the links at each box (from or to). */
	linksAt: Map<string, Set<string>>;
	/** Each link's sign, for links between two variables. */
	signs: Map<string, Rect>;
	boxGrid: Grid;
	signGrid: Grid;
	/** The widest and tallest box seen (a grid query reaches back this far for boxes that start before it). */
	maxW: number;
	maxH: number;
	analysis: Analysis;
	/** The loop centres the last placement asked about, in order. */
	centres: Point[];
	marks: DiagramMarks;
}

const MEMO_FRAMES = 8;
const memos = new Map<string, Memo>();
/** More changed elements than this at once and the memo is built afresh. */
const CHANGES_MAX = 512;

function addBox(memo: Memo, box: BoxElement): void {
	memo.boxes.set(box.id, box);
	if (isVariable(box)) memo.variables.set(box.id, box);
	memo.boxGrid.add(box);
	memo.maxW = Math.max(memo.maxW, box.w);
	memo.maxH = Math.max(memo.maxH, box.h);
}

function removeBox(memo: Memo, box: BoxElement): void {
	memo.boxes.delete(box.id);
	memo.variables.delete(box.id);
	memo.boxGrid.delete(box);
}

/** Works out link `id`'s sign again (or drops it), noting where it was and is in `moved`. */
function resign(memo: Memo, id: string, moved: Rect[]): void {
	const old = memo.signs.get(id);
	if (old) {
		memo.signGrid.delete(old);
		memo.signs.delete(id);
		moved.push(old);
	}
	const link = memo.linkById.get(id);
	const [a, b] = link ? [memo.variables.get(link.from), memo.variables.get(link.to)] : [];
	if (!a || !b) return;
	const sign = signBetween(a, b);
	memo.signs.set(id, sign);
	memo.signGrid.add(sign);
	moved.push(sign);
}

function at(memo: Memo, box: string): Set<string> {
	let ids = memo.linksAt.get(box);
	if (!ids) memo.linksAt.set(box, (ids = new Set()));
	return ids;
}

function addLink(memo: Memo, link: Connector): void {
	memo.linkById.set(link.id, link);
	at(memo, link.from).add(link.id);
	at(memo, link.to).add(link.id);
}

function removeLink(memo: Memo, link: Connector): void {
	memo.linkById.delete(link.id);
	memo.linksAt.get(link.from)?.delete(link.id);
	memo.linksAt.get(link.to)?.delete(link.id);
}

function built(contents: FrameContents, analysis: Analysis): Memo {
	const memo: Memo = {
		items: contents.items,
		links: contents.links,
		frame: rectOf(contents.frame),
		boxes: new Map(),
		variables: new Map(),
		linkById: new Map(),
		linksAt: new Map(),
		signs: new Map(),
		boxGrid: new Grid(),
		signGrid: new Grid(),
		maxW: 0,
		maxH: 0,
		analysis,
		centres: [],
		marks: undefined as unknown as DiagramMarks
	};
	for (const item of contents.items) if (item.kind !== 'frame') addBox(memo, item);
	const ignored: Rect[] = [];
	for (const link of contents.links) {
		addLink(memo, link);
		resign(memo, link.id, ignored);
	}
	place(memo, contents, analysis);
	return memo;
}

const rectOf = (r: Rect): Rect => ({ x: r.x, y: r.y, w: r.w, h: r.h });
const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

/** Places the labels from the memo's grids (recording the centres asked about) and works out the warnings. */
function place(memo: Memo, contents: FrameContents, analysis: Analysis): void {
	const centres: Point[] = [];
	const nearby = (c: Point) => {
		centres.push(c);
		const near: Rect[] = [];
		const visit = (r: Rect) => {
			if (nearLabel(c, r)) near.push(r);
		};
		const reach = LABEL_REACH;
		memo.boxGrid.each(c.x - reach - memo.maxW, c.y - reach - memo.maxH, c.x + reach, c.y + reach, visit);
		memo.signGrid.each(c.x - reach - SIGN_BOX, c.y - reach - SIGN_BOX, c.x + reach, c.y + reach, visit);
		return near;
	};
	const labels = placeLabelsAmong(analysis.loops, memo.boxes, contents.frame, nearby);
	memo.analysis = analysis;
	memo.centres = centres;
	memo.marks = { analysis, labels, warnings: warningsOf(memo, analysis) };
}

/** The warnings by self-links and contested pairs (few, and placed by their variables: worked out each time). */
function warningsOf(memo: Memo, analysis: Analysis): LinkWarning[] {
	const { selfLinks, contested } = analysis.graph;
	return selfLinks.length === 0 && contested.length === 0 ? [] : linkWarnings(analysis, memo.variables, memo.linkById);
}

/**
 * Whether the first MAX_LOOP_LABELS loops of two analyses are placed alike: the same loops (keys) in the
 * same order, with the same names and the same members in the same order. A sign switched or a variable
 * renamed mostly keeps them so (only codes and types change), and then the places do not change.
 */
function placedAlike(before: Analysis, after: Analysis): boolean {
	if (before === after) return true;
	const [a, b] = [before.loops.slice(0, MAX_LOOP_LABELS), after.loops.slice(0, MAX_LOOP_LABELS)];
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) {
		if (a[i].key !== b[i].key || a[i].name !== b[i].name || a[i].members.length !== b[i].members.length) return false;
		for (let k = 0; k < a[i].members.length; k++) if (a[i].members[k] !== b[i].members[k]) return false;
	}
	return true;
}

/**
 * The last labels, if they still stand after a change that moved `moved` (boxes and signs, where they were
 * and where they are) and changed the centres of `recentred` boxes: the loops placed alike, the same frame,
 * nothing moved near a loop's centre, and no labelled loop's member moved. Each keeps its place and takes
 * its loop's code and type now. Null: place them again.
 */
function standing(
	memo: Memo,
	analysis: Analysis,
	frame: Rect,
	moved: readonly Rect[],
	recentred: readonly string[]
): LoopLabelPlace[] | null {
	if (!sameRect(frame, memo.frame) || !placedAlike(memo.analysis, analysis)) return null;
	const labelled = new Set(analysis.loops.slice(0, MAX_LOOP_LABELS));
	for (const id of recentred) if (analysis.byMember.get(id)?.some((loop) => labelled.has(loop))) return null;
	if (moved.some((r) => memo.centres.some((c) => nearLabel(c, r)))) return null;
	const labels = memo.marks.labels;
	if (analysis === memo.analysis) return labels;
	const byKey = new Map(analysis.loops.slice(0, MAX_LOOP_LABELS).map((loop) => [loop.key, loop]));
	const retitled = labels.map((label) => {
		const loop = byKey.get(label.key)!;
		return loop.code === label.code && loop.type === label.type ? label : { ...label, code: loop.code, type: loop.type };
	});
	return retitled.every((label, i) => label === labels[i]) ? labels : retitled;
}

/** Brings `memo` to `contents`, or says it cannot (null: build afresh). */
function update(memo: Memo, contents: FrameContents, analysis: Analysis): Memo | null {
	const items = changesBetween(memo.items, contents.items, memo.boxes, CHANGES_MAX);
	const links =
		items &&
		changesBetween(
			memo.links,
			contents.links,
			memo.linkById,
			CHANGES_MAX - items.removed.length - items.added.length - items.replaced.length
		);
	if (!items || !links) return null;
	const moved: Rect[] = [];
	const recentred: string[] = [];
	const touched = new Set<string>();
	const out = (box: BoxElement) => {
		removeBox(memo, box);
		moved.push(box);
		recentred.push(box.id);
		touched.add(box.id);
	};
	const into = (box: BoxElement) => {
		addBox(memo, box);
		moved.push(box);
		recentred.push(box.id);
		touched.add(box.id);
	};
	for (const box of items.removed) out(box);
	for (const box of items.added) into(box);
	for (const [a, b] of items.replaced) {
		if (sameRect(a, b) && isVariable(a) === isVariable(b)) {
			// Renamed, recoloured, brought forward: the same box (its new version, for the next check by object).
			memo.boxGrid.delete(a);
			memo.boxGrid.add(b);
			memo.boxes.set(b.id, b);
			if (isVariable(b)) memo.variables.set(b.id, b);
			continue;
		}
		out(a);
		into(b);
	}
	const resigned = new Set<string>();
	for (const link of links.removed) {
		removeLink(memo, link);
		resigned.add(link.id);
	}
	for (const link of links.added) {
		addLink(memo, link);
		resigned.add(link.id);
	}
	for (const [a, b] of links.replaced) {
		removeLink(memo, a);
		addLink(memo, b);
		if (a.from !== b.from || a.to !== b.to) resigned.add(b.id);
	}
	for (const box of touched) for (const id of memo.linksAt.get(box) ?? []) resigned.add(id);
	for (const id of resigned) resign(memo, id, moved);
	memo.items = contents.items;
	memo.links = contents.links;
	const frame = rectOf(contents.frame);
	const labels = standing(memo, analysis, frame, moved, recentred);
	if (labels) {
		const warnings = warningsOf(memo, analysis);
		if (labels !== memo.marks.labels || analysis !== memo.analysis || warnings.length > 0 || memo.marks.warnings.length > 0)
			memo.marks = { analysis, labels, warnings };
		memo.analysis = analysis;
		return memo;
	}
	memo.frame = frame;
	place(memo, contents, analysis);
	return memo;
}

/**
 * `diagramMarks(contents, analysis)` for a frame on the canvas, redone only as far as the change needs.
 * @example liveMarks(diagram, liveAnalysis(diagram)).labels.map((l) => l.code)
 */
export function liveMarks(contents: FrameContents, analysis: Analysis): DiagramMarks {
	const id = contents.frame.id;
	if (!id) return diagramMarks(contents, analysis);
	const last = memos.get(id);
	memos.delete(id);
	const memo = (last && update(last, contents, analysis)) ?? built(contents, analysis);
	memos.set(id, memo);
	if (memos.size > MEMO_FRAMES) memos.delete(memos.keys().next().value!);
	return memo.marks;
}
