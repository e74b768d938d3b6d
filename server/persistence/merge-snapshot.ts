/**
 * Byte helpers shared by every DocStore implementation: snapshot merging and defensive copies.
 */
import { randomUUID } from 'node:crypto';
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

/**
 * A new snapshot version. A random token rather than a counter: a counter would start again after `deleteRoom`,
 * and a process holding an old number could then take a stranger's snapshot for its own (and overwrite it).
 */
export function newSnapshotVersion(): string {
	return randomUUID();
}

/**
 * The compare-and-swap of `DocStore.compact`, given the stored snapshot and its version: `next` replaces the stored
 * snapshot when the caller built it on that very version (`base`), or when nothing is stored; otherwise the two are
 * merged. Returns what to store, whether it is a merge, and its new version.
 */
export function swapSnapshot(
	stored: { data: Uint8Array; version: string | null } | null,
	next: Uint8Array,
	base: string | null | undefined
): { data: Uint8Array; merged: boolean; version: string } {
	const replace = stored === null || (base != null && base === stored.version);
	return { data: replace ? next : mergeSnapshots(stored.data, next), merged: !replace, version: newSnapshotVersion() };
}
