/**
 * A board's history (issue 12): snapshots of its content (named ones a facilitator takes, and automatic ones at
 * every phase change, before every reveal, import and restore, and every 15 minutes of activity), restoring one
 * as an ordinary forward change, starting a new board from one, and "Recently deleted": every element someone
 * deleted, kept for a while, which a facilitator can bring back with its connectors and template data.
 */
import * as Y from 'yjs';
import { newId } from '../../src/lib/shared/ids.js';
import { Element, type Element as ElementValue } from '../../src/lib/doc/schema.js';
import { readElements } from '../../src/lib/doc/read.js';
import { exportContent, putBack, restoreContent, type ContentSnapshot } from '../../src/lib/doc/snapshot.js';
import { SERVER } from '../../src/lib/doc/origins.js';
import type { DeletedRecord, HistoryStore, SnapshotReason, SnapshotRecord } from '../persistence/types.js';
import type { RoomRegistry } from '../transport/rooms.js';
import type { DeletedGroup } from '../../src/lib/doc/history.js';
import type { Logger } from '../log.js';
import { HttpError } from '../http/respond.js';
import type { TemplateModel } from '../../src/lib/templates/kit/model.js';
import { migrateBoard, migrateElements } from '../../src/lib/templates/kit/migrate.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface HistoryOptions {
	history: HistoryStore;
	rooms: RoomRegistry;
	log: Logger;
	/** The templates whose older frames a restored or copied snapshot is migrated with (src/lib/templates/kit/migrate.ts). */
	templates: readonly TemplateModel[];
	now?: () => number;
	/** Automatic snapshots older than this are removed (named ones stay until the board is deleted). */
	snapshotRetentionMs?: number;
	/** Deleted elements can be brought back for this long. */
	deletedRetentionMs?: number;
	/** Activity is snapshotted at most this often. */
	periodicMs?: number;
}

const LABELS: Record<Exclude<SnapshotReason, 'named'>, string> = {
	phase: 'At the change of phase',
	reveal: 'Before the reveal',
	import: 'As imported',
	restore: 'Before restoring an earlier version',
	periodic: 'Every 15 minutes of activity'
};

/** Keeps per-board bookkeeping bounded: past this many boards, the longest-known is forgotten (it only costs an extra snapshot). */
function forgetOldest(map: Map<string, number>, max = 10_000): void {
	if (map.size > max) map.delete(map.keys().next().value!);
}

export function createHistoryService(options: HistoryOptions) {
	const { history, rooms, log } = options;
	const now = options.now ?? Date.now;
	const periodicMs = options.periodicMs ?? 15 * 60 * 1000;
	const snapshotRetentionMs = options.snapshotRetentionMs ?? 90 * DAY_MS;
	const deletedRetentionMs = options.deletedRetentionMs ?? 30 * DAY_MS;
	/** When each board was last snapshotted by this process (for the periodic one). */
	const lastSnapshot = new Map<string, number>();
	const lastTaken = new Map<string, number>();
	/** Deletions wait here a moment so that one change's removals are written together. */
	const writes = new Set<Promise<unknown>>();

	function track(work: Promise<unknown>): void {
		const settled = work.catch((error) => log.error({ error }, 'could not write board history')).finally(() => writes.delete(settled));
		writes.add(settled);
	}

	/** Takes a snapshot of the board's content now. */
	async function snapshot(
		boardId: string,
		reason: SnapshotReason,
		options: { label?: string; by?: string | null } = {}
	): Promise<SnapshotRecord> {
		const { data, elements } = await rooms.read(`${boardId}/content`, (doc) => ({
			data: Y.encodeStateAsUpdateV2(doc),
			elements: readElements(doc).length
		}));
		// Strictly later than this board's last one, so two taken in the same millisecond keep their order.
		const createdAt = Math.max(now(), (lastTaken.get(boardId) ?? 0) + 1);
		lastTaken.set(boardId, createdAt);
		forgetOldest(lastTaken);
		const record: SnapshotRecord = {
			id: newId(12),
			boardId,
			createdAt,
			reason,
			label: (options.label ?? (reason === 'named' ? 'Snapshot' : LABELS[reason])).slice(0, 120),
			by: options.by ?? null,
			elements
		};
		await history.saveSnapshot(record, data);
		lastSnapshot.set(boardId, record.createdAt);
		return record;
	}

	async function load(boardId: string, id: string): Promise<{ record: SnapshotRecord; content: ContentSnapshot }> {
		const found = await history.loadSnapshot(boardId, id);
		if (!found)
			throw new HttpError(
				404,
				'not_found',
				'That snapshot is not in this board’s history (it may have been removed after the retention time)'
			);
		const doc = new Y.Doc();
		try {
			Y.applyUpdateV2(doc, found.data);
			// A snapshot taken before a template changed holds its older data: restored or copied, it comes back current.
			const content = exportContent(doc);
			return { record: found.record, content: { ...content, elements: migrateElements(content.elements, options.templates).elements } };
		} finally {
			doc.destroy();
		}
	}

	/**
	 * Restores a snapshot: first a snapshot of the board as it is (so the restore can itself be undone), then
	 * one forward change that makes the content equal the snapshot. It reaches everyone, including people
	 * who were offline (their documents merge it like any other change).
	 */
	async function restore(boardId: string, id: string, by: string): Promise<{ restored: SnapshotRecord; before: SnapshotRecord }> {
		const { record, content } = await load(boardId, id);
		const before = await snapshot(boardId, 'restore', { label: `Before restoring “${record.label}”`, by });
		await rooms.change(`${boardId}/content`, (doc) => restoreContent(doc, content.elements, SERVER), { durable: true });
		return { restored: record, before };
	}

	/** Called by the content guard after every change that stands. */
	function changed(boardId: string, removed: readonly ElementValue[], by: string | null): void {
		const at = now();
		if (removed.length > 0) {
			const group = newId(12);
			const rows: DeletedRecord[] = removed.map((element) => ({
				boardId,
				elementId: element.id,
				deletedAt: at,
				deletedBy: by,
				group,
				element: JSON.stringify(element)
			}));
			track(history.recordDeleted(rows));
		}
		const last = lastSnapshot.get(boardId);
		if (last === undefined) {
			lastSnapshot.set(boardId, at);
			forgetOldest(lastSnapshot);
		} else if (at - last >= periodicMs) {
			lastSnapshot.set(boardId, at);
			track(snapshot(boardId, 'periodic'));
		}
	}

	/** Recently deleted elements of a board, grouped by the change that deleted them, newest first. */
	async function deleted(boardId: string): Promise<DeletedGroup[]> {
		const rows = await history.listDeleted(boardId, now() - deletedRetentionMs);
		const groups = new Map<string, DeletedGroup>();
		for (const row of rows) {
			let element: ElementValue;
			try {
				const parsed = Element.safeParse(JSON.parse(row.element));
				if (!parsed.success) continue;
				element = parsed.data;
			} catch {
				continue;
			}
			const group = groups.get(row.group) ?? { group: row.group, deletedAt: row.deletedAt, deletedBy: row.deletedBy, elements: [] };
			group.elements.push(element);
			groups.set(row.group, group);
		}
		return [...groups.values()];
	}

	/** Brings back a group of deleted elements (with its connectors and template data); returns the ids back. */
	async function bringBack(boardId: string, group: string): Promise<string[]> {
		const found = (await deleted(boardId)).find((g) => g.group === group);
		if (!found) throw new HttpError(404, 'not_found', 'Nothing deleted under that name is kept any more');
		let back: string[] = [];
		// Frames first, so what sat in them finds its frame; connectors last.
		const order = (e: ElementValue) => (e.kind === 'frame' ? 0 : e.kind === 'connector' ? 2 : 1);
		const elements = [...found.elements].sort((a, b) => order(a) - order(b));
		await rooms.change(
			`${boardId}/content`,
			(doc) => {
				back = putBack(doc, elements, SERVER);
				// A frame deleted before its template changed comes back at the current version.
				migrateBoard(doc, options.templates, SERVER);
			},
			{ durable: true }
		);
		await history.forgetDeleted(boardId, group);
		return back;
	}

	async function prune(): Promise<void> {
		const at = now();
		const snapshots = await history.pruneSnapshots(at - snapshotRetentionMs);
		const deletions = await history.pruneDeleted(at - deletedRetentionMs);
		if (snapshots + deletions > 0) log.info({ snapshots, deletions }, 'pruned board history past its retention');
	}

	const timer = setInterval(() => void prune().catch((error) => log.error({ error }, 'could not prune board history')), 6 * 60 * 60 * 1000);
	timer.unref();

	return {
		snapshot,
		list: (boardId: string) => history.listSnapshots(boardId),
		load,
		restore,
		changed,
		deleted,
		bringBack,
		prune,
		async close() {
			clearInterval(timer);
			await Promise.allSettled([...writes]);
		}
	};
}

export type HistoryService = ReturnType<typeof createHistoryService>;
