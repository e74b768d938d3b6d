/**
 * Importing a board from its JSON export as a new board. The file is validated whole before anything is
 * written: its shape (zod), then every cross-reference (ids used once, parents that are frames,
 * connector ends that exist) and every template's own data (frame settings, item types and data, link
 * data). A bad file yields every problem with its path; a good one is built into a document in memory
 * first, so the store only ever sees a complete board.
 */
import * as Y from 'yjs';
import { BoardExport } from './export.js';
import { importContent } from '../../src/lib/doc/snapshot.js';
import { Element } from '../../src/lib/doc/schema.js';
import type { TemplateModel } from '../../src/lib/templates/kit/model.js';
import { cleanLine } from './service.js';
import { migrateElements, MigrationError } from '../../src/lib/templates/kit/migrate.js';

export interface Problem {
	path: string;
	message: string;
}

export type Checked = { ok: true; board: BoardExport } | { ok: false; problems: Problem[] };

/** At most this many problems are listed (the count says how many more). */
export const MAX_PROBLEMS = 100;

function pathOf(path: readonly PropertyKey[]): string {
	return path.map(String).join('.') || '(the file)';
}

function templateProblems(el: Element, at: string, models: readonly TemplateModel[]): Problem[] {
	const problems: Problem[] = [];
	const model = (id: string) => models.find((m) => m.id === id);
	const check = (
		schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } } | undefined,
		value: unknown,
		base: string
	) => {
		if (!schema) return;
		const parsed = schema.safeParse(value);
		if (!parsed.success)
			for (const issue of parsed.error?.issues ?? [])
				problems.push({ path: `${base}${issue.path.length ? `.${pathOf(issue.path)}` : ''}`, message: issue.message });
	};
	if (el.kind === 'frame' && el.template) {
		const m = model(el.template);
		if (!m) problems.push({ path: `${at}.template`, message: `there is no template "${el.template}" on this server` });
		else check(m.settings, el.data, `${at}.data`);
	}
	if (el.kind === 'item') {
		const m = model(el.template);
		if (!m) problems.push({ path: `${at}.template`, message: `there is no template "${el.template}" on this server` });
		else {
			const type = m.itemTypes.find((t) => t.type === el.type);
			if (!type)
				problems.push({
					path: `${at}.type`,
					message: `${m.title} has no item type "${el.type}" (it has ${m.itemTypes.map((t) => t.type).join(', ')})`
				});
			else check(type.data, el.data, `${at}.data`);
		}
	}
	if (el.kind === 'connector' && typeof el.data.template === 'string') {
		const m = model(el.data.template);
		if (!m) problems.push({ path: `${at}.data.template`, message: `there is no template "${el.data.template}" on this server` });
		else check(m.linkData, el.data, `${at}.data`);
	}
	return problems;
}

/**
 * Checks an import whole; returns every problem found (up to MAX_PROBLEMS). Shape problems and
 * cross-reference problems are reported together: elements that are themselves well-formed are still
 * checked for dangling ends and parents when others in the file are not.
 */
export function checkImport(input: unknown, models: readonly TemplateModel[]): Checked {
	// The schemas recurse into free-form `data`; a file nested thousands deep would overflow the stack.
	const deep = tooDeep(input, MAX_DEPTH);
	if (deep !== null)
		return { ok: false, problems: [{ path: deep, message: `nested more than ${MAX_DEPTH} levels deep; a Convene board file never is` }] };
	const parsed = BoardExport.safeParse(input);
	const problems: Problem[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message }));
	const raw = (input as { content?: { elements?: unknown } } | null)?.content?.elements;
	const rawElements = parsed.success ? parsed.data.content.elements : Array.isArray(raw) ? raw.slice(0, 50_000) : [];
	// Every id the file mentions counts as present, so a malformed element does not also make its
	// connectors look dangling; only well-formed elements are checked further.
	const known = new Map<string, Element | null>();
	const elements: [number, Element][] = [];
	rawElements.forEach((value: unknown, i: number) => {
		const one = Element.safeParse(value);
		const id = one.success ? one.data.id : typeof (value as { id?: unknown })?.id === 'string' ? (value as { id: string }).id : null;
		if (one.success) elements.push([i, one.data]);
		if (id === null) return;
		if (known.has(id)) problems.push({ path: `content.elements.${i}.id`, message: `the id "${id}" is used by an earlier element too` });
		else known.set(id, one.success ? one.data : null);
	});
	// Frames saved by an older version of their template are brought up to date first, then checked as current.
	let migrated: Element[] | null = null;
	if (parsed.success) {
		try {
			const result = migrateElements(parsed.data.content.elements, models);
			if (result.changes.size > 0) {
				migrated = result.elements;
				const at = new Map(rawElements.map((e: Element, i: number) => [e.id, i]));
				elements.length = 0;
				// New elements a migration adds are checked under the path of the frame they belong to.
				for (const el of result.elements) elements.push([at.get(el.id) ?? at.get(el.parent ?? '') ?? 0, el]);
				for (const el of result.elements) if (!known.has(el.id)) known.set(el.id, el);
				for (const [id, el] of result.changes) if (el) known.set(id, el);
			}
		} catch (error) {
			if (!(error instanceof MigrationError)) throw error;
			problems.push({
				path: '(the file)',
				message: `an exercise saved by an older version could not be brought up to date: ${error.message}`
			});
		}
	}
	for (const [i, el] of elements) {
		const at = `content.elements.${i}`;
		if (el.parent) {
			const parent = known.get(el.parent);
			if (parent === undefined) problems.push({ path: `${at}.parent`, message: `sits in a frame "${el.parent}" that is not in the file` });
			else if (parent && parent.kind !== 'frame')
				problems.push({ path: `${at}.parent`, message: `its parent "${el.parent}" is a ${parent.kind}, not a frame` });
			else if (el.parent === el.id) problems.push({ path: `${at}.parent`, message: 'an element cannot be its own parent' });
		}
		if (el.kind === 'connector') {
			for (const end of ['from', 'to'] as const) {
				const target = known.get(el[end]);
				if (target === undefined) problems.push({ path: `${at}.${end}`, message: `connects to "${el[end]}", which is not in the file` });
				else if (target?.kind === 'connector')
					problems.push({ path: `${at}.${end}`, message: `connects to "${el[end]}", which is a connector, not a shape` });
			}
		}
		problems.push(...templateProblems(el, at, models));
	}
	// Frames inside frames must not go round in a circle.
	for (const [i, el] of elements) {
		const seen = new Set<string>([el.id]);
		for (let p = el.parent ? known.get(el.parent) : undefined; p && p.kind !== 'connector' && p.parent; p = known.get(p.parent)) {
			if (seen.has(p.parent)) {
				problems.push({ path: `content.elements.${i}.parent`, message: 'its frames sit inside each other in a circle' });
				break;
			}
			seen.add(p.id);
		}
	}
	if (problems.length || !parsed.success)
		return { ok: false, problems: cap(problems.length ? problems : [{ path: '(the file)', message: 'this is not a Convene board file' }]) };
	return { ok: true, board: migrated ? { ...parsed.data, content: { ...parsed.data.content, elements: migrated } } : parsed.data };
}

/** Deeper than any board file (an element's data is a few levels at most). */
export const MAX_DEPTH = 32;

/** The path of the first value nested deeper than `max`, or null; iterative, so any depth is safe to check. */
export function tooDeep(value: unknown, max: number): string | null {
	const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
	while (stack.length > 0) {
		const { value: v, depth, path } = stack.pop()!;
		if (v === null || typeof v !== 'object') continue;
		if (depth >= max) return path || '(the file)';
		for (const [key, child] of Object.entries(v)) stack.push({ value: child, depth: depth + 1, path: path ? `${path}.${key}` : key });
	}
	return null;
}

function cap(problems: Problem[]): Problem[] {
	if (problems.length <= MAX_PROBLEMS) return problems;
	return [...problems.slice(0, MAX_PROBLEMS), { path: '(the file)', message: `and ${problems.length - MAX_PROBLEMS} more problems` }];
}

/** The checked board's content as one Yjs update (built in memory, so writing it is all or nothing). */
export function contentUpdate(board: BoardExport): Uint8Array {
	const doc = new Y.Doc();
	try {
		importContent(doc, board.content);
		return Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
}

/**
 * Creates the new board (new id, new links) and writes the checked content into it.
 * @example await importBoard(service, rooms, checked.board, 'https://convene.example')
 */
export async function importBoard(
	boards: { create(input: { title: string }, baseUrl: string): Promise<{ id: string; title: string; links: Record<string, string> }> },
	rooms: { change(name: string, fn: (doc: Y.Doc) => void, options?: { durable?: boolean }): Promise<void> },
	board: BoardExport,
	baseUrl: string
) {
	const update = contentUpdate(board);
	// The title as creating a board cleans it: one line, no control characters.
	const title = cleanLine(board.board.title) || 'Imported board';
	const created = await boards.create({ title }, baseUrl);
	await rooms.change(`${created.id}/content`, (doc) => Y.applyUpdate(doc, update, IMPORT), { durable: true });
	return created;
}

/** The origin of an import's write. */
export const IMPORT = 'import';
