/**
 * Fractional indices for z-order (tldraw and Excalidraw do the same).
 * A Y.Array has no move, and delete+insert drops concurrent edits, so each element keeps a
 * string `index` and order is "sort by index, then by id" (ties happen when two peers
 * insert at the same place at once; the id makes the order the same everywhere).
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

export function indexAbove(top: string | null): string {
	return generateKeyBetween(top, null);
}

export function indexBelow(bottom: string | null): string {
	return generateKeyBetween(null, bottom);
}

export function indicesAbove(top: string | null, n: number): string[] {
	return generateNKeysBetween(top, null, n);
}

export function indicesBelow(bottom: string | null, n: number): string[] {
	return generateNKeysBetween(null, bottom, n);
}

export function compareByIndex(a: { index: string; id: string }, b: { index: string; id: string }): number {
	if (a.index < b.index) return -1;
	if (a.index > b.index) return 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
