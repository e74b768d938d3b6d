/**
 * Byte helpers shared by every DocStore implementation: snapshot merging and defensive copies.
 */
import * as Y from 'yjs';

/**
 * Merges a newly compacted V2 snapshot into the stored one. Merging instead of replacing keeps state that another
 * process compacted into the stored snapshot and that the caller never saw.
 */
export function mergeSnapshots(stored: Uint8Array | null, next: Uint8Array): Uint8Array {
	return stored ? Y.mergeUpdatesV2([stored, next]) : next;
}

/** A plain `Uint8Array` copy, so callers never share memory with a driver's Buffer pool or with the caller's array. */
export function copyBytes(data: Uint8Array): Uint8Array {
	return new Uint8Array(data);
}
