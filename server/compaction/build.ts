/**
 * Builds a room's next snapshot from its last snapshot and the updates logged since: the work a compaction does,
 * run in the compaction worker (worker.ts) so that it never stalls the event loop. Pure: bytes in, bytes out.
 */
import * as Y from 'yjs';

export interface BuiltSnapshot {
	/** The new snapshot, a Yjs V2 update holding the base and every update that could be read. */
	snapshot: Uint8Array;
	/** Logged updates Yjs could not read (corrupt records): left out, as loading the room leaves them out. */
	skipped: number;
}

/**
 * Applies `base` (a V2 snapshot, or null for a room never compacted) and `updates` (V1, in log order) to a fresh
 * doc and encodes it. The result holds everything `base` holds, so a store may replace `base` by it (DocStore's
 * compare-and-swap). An update whose dependencies are not here (they came from another server process and sit in
 * its part of the log) is kept as pending in the encoding, not dropped. Garbage collection is on, as in the live
 * room, so deleted content does not pile up in the snapshot. Throws if `base` cannot be read: building on a
 * snapshot that lost content would let the store replace the good one.
 */
export function buildSnapshot(base: Uint8Array | null, updates: readonly Uint8Array[]): BuiltSnapshot {
	const doc = new Y.Doc({ gc: true });
	try {
		if (base) Y.applyUpdateV2(doc, base);
		let skipped = 0;
		for (const update of updates) {
			try {
				Y.applyUpdate(doc, update);
			} catch {
				skipped++;
			}
		}
		return { snapshot: Y.encodeStateAsUpdateV2(doc), skipped };
	} finally {
		doc.destroy();
	}
}
