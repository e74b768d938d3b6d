/**
 * The outline view as a flat list of tree rows (the WAI-ARIA tree pattern, flattened so that only the
 * rows in view need to be in the DOM: each row carries its own aria-level, aria-setsize and
 * aria-posinset). Pure functions: `outlineRows` derives the rows from the board's elements — the one
 * place to switch to a live element index later — and `treeKey` says what a key does in the tree.
 */
import type { FrameLayout } from '$lib/doc/element-index.js';
import type { BoxElement, Connector, Element, Frame } from '$lib/doc/schema.js';
import { templateModel } from '$lib/templates/models.js';
import type { TemplateModel } from '$lib/templates/kit/model.js';
import { buildOutline, describeElement } from './outline.js';

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
}

interface Node {
	key: string;
	kind: RowKind;
	label: string;
	element?: Element;
	frame?: Frame;
	children?: Node[];
}

/** A leaf's words, as a screen reader hears them: the template's description where there is one. */
function wordsOf(
	el: Element,
	byId: ReadonlyMap<string, Element>,
	frame: Frame | undefined,
	model: TemplateModel | undefined,
	contentsOf?: RowOptions['contentsOf']
): string {
	return model && frame ? model.describe(el, { byId, frame, contents: contentsOf?.(frame.id) }) : describeElement(el, byId);
}

/** The board as a tree: exercises (their sections, then their links), other frames, loose items, connections. */
function treeOf(elements: readonly Element[], contentsOf?: RowOptions['contentsOf']): Node[] {
	const outline = buildOutline(elements);
	const byId = new Map<string, Element>();
	for (const e of elements) byId.set(e.id, e);
	const leaf = (el: Element, frame?: Frame, model?: TemplateModel): Node => ({
		key: el.id,
		kind: 'element',
		label: wordsOf(el, byId, frame, model, contentsOf),
		element: el,
		frame
	});
	// Connectors by frame: a template's typed links are listed with their exercise.
	const linksIn = new Map<string, Connector[]>();
	const plain: Connector[] = [];
	for (const c of outline.connections) {
		const a = byId.get(c.from);
		const b = byId.get(c.to);
		const parent = a && a.kind !== 'connector' && b && b.kind !== 'connector' && a.parent && a.parent === b.parent ? a.parent : null;
		const frame = parent ? byId.get(parent) : undefined;
		if (frame?.kind === 'frame' && frame.template && templateModel(frame.template) && typeof c.data.template === 'string') {
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
		const sections = model.sections(frame);
		const bySection = new Map<string, BoxElement[]>();
		const elsewhere: BoxElement[] = [];
		for (const el of group.items) {
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
			children: (bySection.get(s.id) ?? []).map((el) => leaf(el, frame, model))
		}));
		if (elsewhere.length)
			children.push({
				key: `${frame.id}:elsewhere`,
				kind: 'section',
				label: 'Elsewhere in the frame',
				frame,
				children: elsewhere.map((el) => leaf(el, frame, model))
			});
		const links = linksIn.get(frame.id) ?? [];
		if (links.length)
			children.push({
				key: `${frame.id}:links`,
				kind: 'links',
				label: 'Connections',
				frame,
				children: links.map((c) => leaf(c, frame, model))
			});
		nodes.push({ key: frame.id, kind: 'frame', label: `${frame.title || 'Untitled'} (${model.title})`, element: frame, frame, children });
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
	const query = options.query?.trim().toLowerCase() ?? '';
	const collapsed = options.collapsed ?? new Set<string>();
	const tree = query ? filterTree(treeOf(elements, options.contentsOf), query) : treeOf(elements, options.contentsOf);
	const rows: OutlineRow[] = [];
	const walk = (nodes: Node[], level: number, parent: string | null) => {
		nodes.forEach((node, i) => {
			const hasChildren = !!node.children;
			const expanded = hasChildren ? (query ? true : !collapsed.has(node.key)) : undefined;
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
			if (hasChildren && expanded) walk(node.children!, level + 1, node.key);
		});
	};
	walk(tree, 1, null);
	return rows;
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
