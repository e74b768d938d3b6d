/**
 * Brings template frames saved by an older version of their template up to the current one, by running the
 * template's migrations (`TemplateModel.migrations`) in order and recording the new version on the frame.
 * Pure over elements (`migrateElements`), so an import migrates a file before checking it; `migrateBoard`
 * applies the same to a loaded document through the doc's accessors. The server runs it (docs/decisions.md):
 * when it loads a board's content and when it imports a board file.
 */
import type * as Y from 'yjs';
import { Element, templateVersionOf, type Frame } from '$lib/doc/schema.js';
import { readElements, writeElements } from '$lib/doc/index.js';
import { contentsOf, type FrameContents, type TemplateModel } from './model.js';

/** One frame brought up to date. */
export interface Migrated {
	frame: string;
	template: string;
	from: number;
	to: number;
}

export interface MigrationResult {
	/** Every element after migration, in the order given (new ones after their frame's last element). */
	elements: Element[];
	/** What changed, by id: the new state, or null for removed. Empty when nothing was out of date. */
	changes: Map<string, Element | null>;
	migrated: Migrated[];
}

/** Thrown when a migration returns something the board could not hold; nothing is changed. */
export class MigrationError extends Error {}

function sameElement(a: Element, b: Element): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Runs one frame's steps from `from` to the model's version; checks what each step returns. */
function runSteps(model: TemplateModel, contents: FrameContents, from: number): FrameContents {
	let at = contents;
	for (let version = from; version < model.version; version++) {
		const step = model.migrations?.find((m) => m.from === version);
		if (!step) throw new MigrationError(`${model.id} has no migration from version ${version}`);
		const next = step.up(at);
		if (next.frame.id !== contents.frame.id || next.frame.kind !== 'frame')
			throw new MigrationError(`${model.id} ${version}→${version + 1} must keep the frame ${contents.frame.id}`);
		for (const element of [next.frame, ...next.items, ...next.links]) {
			const parsed = Element.safeParse(element);
			if (!parsed.success)
				throw new MigrationError(`${model.id} ${version}→${version + 1} made ${element.id} unreadable: ${parsed.error.issues[0]?.message}`);
		}
		at = next;
	}
	return { ...at, frame: { ...at.frame, templateVersion: model.version } as Frame };
}

/**
 * Migrates every template frame older than its template (a frame without a version is version 1) and
 * records the current version on every template frame that lacks it. Frames of templates this server does
 * not know, and frames newer than their template here, are left as they are. Pure: `elements` is not changed.
 *
 * @example const { elements, migrated } = migrateElements(file.content.elements, TEMPLATE_MODELS)
 */
export function migrateElements(elements: readonly Element[], models: readonly TemplateModel[]): MigrationResult {
	let current = [...elements];
	const changes = new Map<string, Element | null>();
	const migrated: Migrated[] = [];
	for (const original of elements) {
		if (original.kind !== 'frame' || !original.template) continue;
		const model = models.find((m) => m.id === original.template);
		const frame = current.find((e): e is Frame => e.id === original.id && e.kind === 'frame');
		if (!model || !frame) continue;
		const from = templateVersionOf(frame);
		if (from > model.version || (from === model.version && frame.templateVersion !== undefined)) continue;
		const before = contentsOf(frame, current);
		const after = runSteps(model, before, from);
		const next = new Map([after.frame, ...after.items, ...after.links].map((e) => [e.id, e as Element]));
		const removed = new Set([before.frame, ...before.items, ...before.links].map((e) => e.id).filter((id) => !next.has(id)));
		// A connector from outside the frame to something the migration removed would dangle: it goes too.
		for (const e of current) if (e.kind === 'connector' && !next.has(e.id) && (removed.has(e.from) || removed.has(e.to))) removed.add(e.id);
		const known = new Set(current.map((e) => e.id));
		const added = [...next.values()].filter((e) => !known.has(e.id));
		current = current
			.filter((e) => !removed.has(e.id))
			.map((e) => {
				const changed = next.get(e.id);
				if (!changed || sameElement(changed, e)) return e;
				changes.set(e.id, changed);
				return changed;
			});
		for (const id of removed) changes.set(id, null);
		for (const e of added) changes.set(e.id, e);
		current.push(...added);
		if (from !== model.version) migrated.push({ frame: frame.id, template: model.id, from, to: model.version });
	}
	return { elements: current, changes, migrated };
}

/**
 * Migrates a loaded board's content document in one transaction with `origin` (the server's), writing only
 * what changed; returns the frames it brought up to date. Running it again finds nothing to do.
 *
 * @example migrateBoard(room.doc, TEMPLATE_MODELS, FROM_SERVER)
 */
export function migrateBoard(doc: Y.Doc, models: readonly TemplateModel[], origin: unknown): Migrated[] {
	const { changes, migrated } = migrateElements(readElements(doc), models);
	writeElements(doc, [...changes], origin);
	return migrated;
}
