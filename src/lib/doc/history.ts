/**
 * A board's history as the API returns it (docs/api.md, "History"): snapshots a facilitator can preview,
 * restore or start a new board from, and recently deleted elements grouped by the change that deleted them.
 */
import { z } from 'zod';
import { Element } from './schema.js';
import { ContentSnapshot } from './snapshot.js';

export const SnapshotReason = z.enum(['named', 'phase', 'reveal', 'import', 'restore', 'periodic']);
export type SnapshotReason = z.infer<typeof SnapshotReason>;

export const SnapshotInfo = z.object({
	id: z.string(),
	boardId: z.string(),
	createdAt: z.number().int(),
	reason: SnapshotReason,
	label: z.string(),
	by: z.string().nullable(),
	elements: z.number().int().min(0)
});
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

/** Elements deleted in one change: a frame comes back with what it held and its connectors. */
export const DeletedGroup = z.object({
	group: z.string(),
	deletedAt: z.number().int(),
	deletedBy: z.string().nullable(),
	elements: z.array(Element)
});
export type DeletedGroup = z.infer<typeof DeletedGroup>;

export const SnapshotsReply = z.object({ snapshots: z.array(SnapshotInfo) });
export const SnapshotReply = z.object({ snapshot: SnapshotInfo });
export const PreviewReply = z.object({ snapshot: SnapshotInfo, content: ContentSnapshot });
export const RestoreReply = z.object({ restored: SnapshotInfo, before: SnapshotInfo });
export const DeletedReply = z.object({ groups: z.array(DeletedGroup) });
export const BroughtBackReply = z.object({ restored: z.array(z.string()) });
