/**
 * Gives back memory Yjs leaves unused after decoding an update. Yjs reads each stored value (a
 * `ContentAny`) into an array grown by `push`, and V8 gives such an array room for 17 entries; almost
 * every value on a board is one number or string, so the array holds 1 and wastes the rest (about 64
 * bytes each, 58,000 of them, 3.7 MB, on a board of 5,000 notes and 1,000 connectors). This swaps each
 * for a copy of exactly its length: the same values, so nothing reads or merges differently.
 *
 * Walks every struct of the document (a few ms at that size): call it after a large update has arrived
 * (the first sync, the local copy loaded), not per change.
 *
 * @example content.on('sync', () => setTimeout(() => trimDecodedValues(content)))
 */
import * as Y from 'yjs';

/** Swaps each stored value array of `doc` for an exact-size copy; returns how many it swapped. */
export function trimDecodedValues(doc: Y.Doc): number {
	let trimmed = 0;
	for (const structs of doc.store.clients.values()) {
		for (const struct of structs) {
			if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
			const content = struct.content;
			// slice() allocates exactly arr.length slots.
			content.arr = content.arr.slice();
			trimmed++;
		}
	}
	return trimmed;
}
