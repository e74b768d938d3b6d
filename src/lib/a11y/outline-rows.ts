/**
 * The outline view as a flat list of tree rows (the WAI-ARIA tree pattern, flattened so that only the
 * rows in view need to be in the DOM: each row carries its own aria-level, aria-setsize and
 * aria-posinset). Pure functions: `treeOf` builds the tree from the board's elements, `rowsOf` flattens
 * it (`outlineRows` does both; `OutlineTree` in outline-tree.ts keeps the tree live from the element
 * index), and `treeKey` says what a key does in the tree.
 */
import type { FrameLayout } from '$lib/doc/element-index.js';
import type { BoxElement, Connector, Element, Frame } from '$lib/doc/schema.js';
import { templateModel } from '$lib/templates/models.js';
import type { TemplateModel } from '$lib/templates/kit/model.js';
import { buildOutline, describeElement } from './outline.js';
import { ExerciseWords, TemplatedLeaf, type WordSources } from './outline-words.js';

export type RowKind = 'frame' | 'section' | 'loose' | 'links' | 'element';

export interface OutlineRow {
	/** Stable across rebuilds: an element's id, or a group's own key. */
	key: string;
	kind: RowKind;
	label: string;
	level: number;
	setsize: number;
	posinset: number;
	/** Only rows that have children (a group's count); undefined for leaves. */
	expanded?: boolean;
	/** Key of the parent row, null at the top level. */
	parent: string | null;
	/** The element the row stands for (an item, a connector, or a group's frame). */
	element?: Element;
	/** The exercise frame the row is in, if any. */
	frame?: Frame;
	/** Number of elements under a group row (after filtering). */
	count?: number;
}

export interface RowOptions {
	/** Keys of the groups the person closed. */
	collapsed?: ReadonlySet<string>;
	/** Filter: only elements whose words contain it (any case), with the groups that hold them. */
	query?: string;
	/** A frame's boxes and links as the board hands them out (`BoardState.contentsOf`), shared with the canvas and panels. */
	contentsOf?: (frameId: string) => FrameLayout;
	/** What the host knows about an element beyond the document (a causal-loop frame's loops from the worker). */
	annotation?: (id: string) => unknown;
}

/** What a leaf's words may read beyond the element: the board's frames' contents and annotations. */
type Sources = WordSources;

/** One node of the outline's tree: a group (with `children`) or a leaf (an element). */
export interface OutlineNode {
	key: string;
	kind: RowKind;
	/** A templated leaf's (`TemplatedLeaf`) are made when first read. */
	label: string;
	element?: Element;
	frame?: Frame;
	children?: OutlineNode[];
	/** A leaf whose words come from its template's `describe` (which may read its whole frame). */
	templated?: true;
	/** An exercise's node: what its leaves' words are made from. */
	words?: ExerciseWords;
}
type Node = OutlineNode;

/** A leaf outside any exercise, with its words (`describeElement`'s: they read only the element and its ends). */
function leafOf(el: Element, byId: ReadonlyMap<string, Element>, frame?: Frame): Node {
	return { key: el.id, kind: 'element', label: describeElement(el, byId), element: el, frame };
}

/**
 * An exercise's node: its sections (with its boxes, `items` in reading order), then its typed links
 * (`links`: connectors between two of its boxes with a template's data, in z-order).
 */
export function exerciseNode(
	frame: Frame,
	model: TemplateModel,
	items: readonly BoxElement[],
	links: readonly Connector[],
	byId: ReadonlyMap<string, Element>,
	sources: Sources
): Node {
	const words = new ExerciseWords(byId, frame, model, sources);
	const leaf = (el: Element) => new TemplatedLeaf(el, words);
	const sections = model.sections(frame);
	const bySection = new Map<string, BoxElement[]>();
	const elsewhere: BoxElement[] = [];
	for (const el of items) {
		const s = sections.find((sec) => sec.contains(el));
		if (s) {
			const list = bySection.get(s.id) ?? [];
			list.push(el);
			bySection.set(s.id, list);
		} else elsewhere.push(el);
	}
	const children: Node[] = sections.map((s) => ({
		key: `${frame.id}:${s.id}`,
		kind: 'section',
		label: s.label,
		frame,
		children: (bySection.get(s.id) ?? []).map(leaf)
	}));
	if (elsewhere.length)
		children.push({ key: `${frame.id}:elsewhere`, kind: 'section', label: 'Elsewhere in the frame', frame, children: elsewhere.map(leaf) });
	if (links.length) children.push({ key: `${frame.id}:links`, kind: 'links', label: 'Connections', frame, children: links.map(leaf) });
	return { key: frame.id, kind: 'frame', label: `${frame.title || 'Untitled'} (${model.title})`, element: frame, frame, children, words };
}

/** The key of the node of `frame`'s exercise that lists `el` (see `exerciseNode`). */
export function sectionOf(frame: Frame, model: TemplateModel, el: Element): string {
	if (el.kind === 'connector') return `${frame.id}:links`;
	const section = model.sections(frame).find((s) => s.contains(el as BoxElement));
	return `${frame.id}:${section ? section.id : 'elsewhere'}`;
}

/** Whether `c` is listed with an exercise (`frame`, the parent of both its ends): a template's typed link. */
export const isExerciseLink = (c: Connector, frame: Element | undefined): frame is Frame =>
	frame?.kind === 'frame' && !!frame.template && !!templateModel(frame.template) && typeof c.data.template === 'string';

/** The board as a tree: exercises (their sections, then their links), other frames, loose items, connections. */
export function treeOf(elements: readonly Element[], sources: Sources = {}): Node[] {
	const outline = buildOutline(elements);
	const byId = new Map<string, Element>();
	for (const e of elements) byId.set(e.id, e);
	const leaf = (el: Element, frame?: Frame) => leafOf(el, byId, frame);
	// Connectors by frame: a template's typed links are listed with their exercise.
	const linksIn = new Map<string, Connector[]>();
	const plain: Connector[] = [];
	for (const c of outline.connections) {
		const a = byId.get(c.from);
		const b = byId.get(c.to);
		const parent = a && a.kind !== 'connector' && b && b.kind !== 'connector' && a.parent && a.parent === b.parent ? a.parent : null;
		const frame = parent ? byId.get(parent) : undefined;
		if (isExerciseLink(c, frame)) {
			const list = linksIn.get(frame.id) ?? [];
			list.push(c);
			linksIn.set(frame.id, list);
		} else plain.push(c);
	}
	const nodes: Node[] = [];
	for (const group of outline.groups) {
		const frame = group.frame;
		if (!frame) {
			if (group.items.length > 0 || outline.groups.length === 1)
				nodes.push({ key: 'group:loose', kind: 'loose', label: 'Not in a frame', children: group.items.map((el) => leaf(el)) });
			continue;
		}
		const model = frame.template ? templateModel(frame.template) : undefined;
		if (!model) {
			nodes.push({
				key: frame.id,
				kind: 'frame',
				label: `Frame: ${frame.title || 'untitled'}`,
				element: frame,
				frame,
				children: group.items.map((el) => leaf(el, frame))
			});
			continue;
		}
		nodes.push(exerciseNode(frame, model, group.items, linksIn.get(frame.id) ?? [], byId, sources));
	}
	if (plain.length) nodes.push({ key: 'group:links', kind: 'links', label: 'Connections', children: plain.map((c) => leaf(c)) });
	return nodes;
}

/** Counts the elements under a node. */
function countOf(node: Node): number {
	let n = 0;
	for (const c of node.children ?? []) n += c.kind === 'element' ? 1 : countOf(c);
	return n;
}

/** Keeps only the leaves whose words contain `query` and the groups that still hold some. */
function filterTree(nodes: Node[], query: string): Node[] {
	const out: Node[] = [];
	for (const node of nodes) {
		if (!node.children) {
			if (node.label.toLowerCase().includes(query)) out.push(node);
			continue;
		}
		const children = filterTree(node.children, query);
		if (children.length || node.label.toLowerCase().includes(query)) out.push({ ...node, children });
	}
	return out;
}

/**
 * The outline's visible rows, in order: every group open unless the person closed it (while
 * filtering, every group that holds a match is open).
 */
export function outlineRows(elements: readonly Element[], options: RowOptions = {}): OutlineRow[] {
	return rowsOf(treeOf(elements, options), options);
}

/** The visible rows of `whole` (a tree from `treeOf`), as `outlineRows` gives them. */
export function rowsOf(whole: readonly OutlineNode[], options: RowOptions = {}): OutlineRow[] {
	const query = options.query?.trim().toLowerCase() ?? '';
	const collapsed = options.collapsed ?? new Set<string>();
	const tree = query ? filterTree(whole as Node[], query) : (whole as Node[]);
	const rows: OutlineRow[] = [];
	tree.forEach((_, i) => pushRows(rows, tree, i, 1, null, collapsed, query !== ''));
	return rows;
}

/** Appends the rows of `nodes[i]` (at `level`, under `parent`) and of its open children, as `rowsOf` lists them. */
export function pushRows(
	rows: OutlineRow[],
	nodes: readonly OutlineNode[],
	i: number,
	level: number,
	parent: string | null,
	collapsed: ReadonlySet<string>,
	filtering: boolean
): void {
	const node = nodes[i];
	if (node instanceof TemplatedLeaf) {
		rows.push(node.rowOf(level, nodes.length, i + 1, parent, filtering));
		return;
	}
	const hasChildren = !!node.children;
	const expanded = hasChildren ? (filtering ? true : !collapsed.has(node.key)) : undefined;
	const count = hasChildren ? countOf(node) : undefined;
	rows.push({
		key: node.key,
		kind: node.kind,
		label: hasChildren ? `${node.label} (${count} ${count === 1 ? 'item' : 'items'})` : node.label,
		level,
		setsize: nodes.length,
		posinset: i + 1,
		expanded: hasChildren && node.children!.length > 0 ? expanded : hasChildren ? false : undefined,
		parent,
		element: node.element,
		frame: node.frame,
		count
	});
	if (hasChildren && expanded)
		node.children!.forEach((_, j) => pushRows(rows, node.children!, j, level + 1, node.key, collapsed, filtering));
}

/** What a key press does in the tree. */
export type TreeMove =
	| { kind: 'focus'; index: number }
	| { kind: 'expand'; key: string }
	| { kind: 'collapse'; key: string }
	| { kind: 'activate'; index: number }
	| { kind: 'none' };

/**
 * The WAI-ARIA tree keys: ↓/↑ next/previous row, → opens a closed group or goes to its first child,
 * ← closes an open group or goes to the parent, Home/End first/last, PageDown/PageUp by `page` rows,
 * Enter/F2 act on the row (edit an item, open or close a group), a letter goes to the next row
 * starting with it.
 */
export function treeKey(rows: readonly OutlineRow[], index: number, key: string, page = 10): TreeMove {
	const row = rows[index];
	if (!row) return rows.length ? { kind: 'focus', index: 0 } : { kind: 'none' };
	const last = rows.length - 1;
	switch (key) {
		case 'ArrowDown':
			return { kind: 'focus', index: Math.min(last, index + 1) };
		case 'ArrowUp':
			return { kind: 'focus', index: Math.max(0, index - 1) };
		case 'Home':
			return { kind: 'focus', index: 0 };
		case 'End':
			return { kind: 'focus', index: last };
		case 'PageDown':
			return { kind: 'focus', index: Math.min(last, index + page) };
		case 'PageUp':
			return { kind: 'focus', index: Math.max(0, index - page) };
		case 'ArrowRight':
			if (row.expanded === false && row.count) return { kind: 'expand', key: row.key };
			if (row.expanded === true && rows[index + 1]?.parent === row.key) return { kind: 'focus', index: index + 1 };
			return { kind: 'none' };
		case 'ArrowLeft': {
			if (row.expanded === true) return { kind: 'collapse', key: row.key };
			const parent = row.parent === null ? -1 : rows.findIndex((r) => r.key === row.parent);
			return parent >= 0 ? { kind: 'focus', index: parent } : { kind: 'none' };
		}
		case 'Enter':
		case 'F2':
			return { kind: 'activate', index };
	}
	if (key.length === 1 && key.trim()) {
		const ch = key.toLowerCase();
		for (let step = 1; step <= rows.length; step++) {
			const i = (index + step) % rows.length;
			if (rows[i].label.toLowerCase().startsWith(ch)) return { kind: 'focus', index: i };
		}
	}
	return { kind: 'none' };
}
