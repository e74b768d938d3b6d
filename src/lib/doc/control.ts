/**
 * Facilitation state in the `control` document (facilitators write, everyone reads).
 * The foundation carries locks and "follow me"; phases, timer and private mode build on these accessors.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { getControlMap, getLocksMap } from './board-doc.js';
import { ElementId } from './schema.js';
import { LOCAL } from './origins.js';

export function isLocked(doc: Y.Doc, id: string): boolean {
	return getLocksMap(doc).get(id) === true;
}

export function lockedIds(doc: Y.Doc): Set<string> {
	return new Set(getLocksMap(doc).keys());
}

export function setLocked(doc: Y.Doc, ids: readonly string[], locked: boolean, origin: unknown = LOCAL): void {
	const valid = z.array(ElementId).parse(ids);
	doc.transact(() => {
		const locks = getLocksMap(doc);
		for (const id of valid) locked ? locks.set(id, true) : locks.delete(id);
	}, origin);
}

export const Follow = z.object({
	by: z.string().max(64),
	viewport: z.object({ x: z.number().finite(), y: z.number().finite(), scale: z.number().min(0.05).max(8) })
});
export type Follow = z.infer<typeof Follow>;

export function readFollow(doc: Y.Doc): Follow | null {
	const parsed = Follow.safeParse(getControlMap(doc).get('follow'));
	return parsed.success ? parsed.data : null;
}

export function setFollow(doc: Y.Doc, follow: Follow | null, origin: unknown = LOCAL): void {
	const value = follow === null ? null : Follow.parse(follow);
	doc.transact(() => {
		value === null ? getControlMap(doc).delete('follow') : getControlMap(doc).set('follow', value);
	}, origin);
}
