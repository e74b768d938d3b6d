/**
 * How full a board is, as the server publishes it in the `server` doc: the `content` document's size as a
 * share of the cap on it (MAX_DOC_MB). A board stops taking changes at the cap, for building and so for
 * exporting (every board the server holds can be exported); publishing how close it is lets the app say so
 * before anyone meets it.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { getBoardInfoMap } from './board-doc.js';
import { SERVER } from './origins.js';

export const Capacity = z.object({
	/** Whole per cent of the cap used, 0–100. */
	percent: z.number().int().min(0).max(100),
	/** The cap, in MiB. */
	maxMb: z.number().positive().max(1_000_000)
});
export type Capacity = z.infer<typeof Capacity>;

const KEY = 'capacity';

export function readCapacity(server: Y.Doc): Capacity | null {
	const parsed = Capacity.safeParse(getBoardInfoMap(server).get(KEY));
	return parsed.success ? parsed.data : null;
}

/** The share of `maxBytes` that `bytes` is, in whole per cent (at most 100). */
export function capacityOf(bytes: number, maxBytes: number): Capacity {
	return { percent: Math.min(100, Math.floor((bytes / maxBytes) * 100)), maxMb: Math.round((maxBytes / 1048576) * 100) / 100 };
}

/** Publishes `capacity` if it differs from what is there; returns whether it wrote. */
export function writeCapacity(server: Y.Doc, capacity: Capacity, origin: unknown = SERVER): boolean {
	const value = Capacity.parse(capacity);
	const now = readCapacity(server);
	if (now && now.percent === value.percent && now.maxMb === value.maxMb) return false;
	server.transact(() => getBoardInfoMap(server).set(KEY, value), origin);
	return true;
}
