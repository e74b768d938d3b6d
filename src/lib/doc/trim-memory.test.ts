import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { trimDecodedValues } from './trim-memory.js';
import { getElementsMap } from './board-doc.js';
import { readElements } from './read.js';
import { createElement, moveBy } from './commands.js';

/** A board of `n` notes, as another peer would receive it (decoded from an update). */
function receivedBoard(n: number): { doc: Y.Doc; update: Uint8Array } {
	const author = new Y.Doc();
	for (let i = 0; i < n; i++) createElement(author, { kind: 'note', x: i * 10, y: 0, text: `note ${i}` });
	const update = Y.encodeStateAsUpdate(author);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	return { doc, update };
}

/** Every stored value array of `doc`. */
function valueArrays(doc: Y.Doc): unknown[][] {
	const out: unknown[][] = [];
	for (const structs of doc.store.clients.values())
		for (const s of structs) if (s instanceof Y.Item && s.content instanceof Y.ContentAny) out.push(s.content.arr);
	return out;
}

describe('trimDecodedValues', () => {
	it('swaps every stored value array for a copy holding the same values', () => {
		const { doc } = receivedBoard(20);
		const before = valueArrays(doc);
		expect(before.length).toBeGreaterThan(20 * 5);
		const elements = readElements(doc);
		const encoded = Y.encodeStateAsUpdate(doc);

		expect(trimDecodedValues(doc)).toBe(before.length);

		const after = valueArrays(doc);
		expect(after).toHaveLength(before.length);
		after.forEach((arr, i) => {
			expect(arr).not.toBe(before[i]);
			expect(arr).toEqual(before[i]);
		});
		// Nothing reads or encodes differently.
		expect(readElements(doc)).toEqual(elements);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(encoded);
	});

	it('leaves a document that keeps editing and merging like before', () => {
		const { doc, update } = receivedBoard(5);
		trimDecodedValues(doc);
		const peer = new Y.Doc();
		Y.applyUpdate(peer, update);
		const id = readElements(doc)[1].id;
		const { x, y } = readElements(doc)[1] as { x: number; y: number };
		moveBy(doc, [id], 40, 0);
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
		moveBy(peer, [id], 0, 30);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
		expect(readElements(doc)).toEqual(readElements(peer));
		const moved = getElementsMap(doc).get(id)!;
		expect([moved.get('x'), moved.get('y')]).toEqual([x + 40, y + 30]);
	});
});
