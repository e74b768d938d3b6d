import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clocksBefore, createContentGuard, dependenciesMet, REVERT, stateVectorBefore } from './content-guard.js';
import { createElement, Element, readElement, setText, updateElement } from '../../src/lib/doc/index.js';
import { getElementsMap } from '../../src/lib/doc/board-doc.js';
import { plainOf } from '../../src/lib/doc/element-map.js';
import { NO_RULES } from '../../src/lib/doc/policy.js';
import { isTemplateFrame } from '../../src/lib/doc/policy.js';
import type { Connection } from './connection-types.js';

const connection = (participantId: string, role: Connection['grant']['role'] = 'participant'): Connection => ({
	id: 1,
	grant: { boardId: 'board0001', participantId, role, name: participantId, agency: '' },
	wantsAcks: false,
	send() {},
	close() {}
});

/** Updates a doc emits while `fn` runs. */
function updatesOf(doc: Y.Doc, fn: () => void): Uint8Array[] {
	const out: Uint8Array[] = [];
	const on = (u: Uint8Array) => out.push(u);
	doc.on('update', on);
	fn();
	doc.off('update', on);
	return out;
}

describe(dependenciesMet, () => {
	it('is false for an update that builds on one the document has not seen, true once it has', () => {
		const client = new Y.Doc();
		const [first] = updatesOf(client, () => createElement(client, { kind: 'note', x: 0, y: 0, text: 'one' }));
		const id = createElement(client, { kind: 'note', x: 0, y: 0, text: 'two' });
		const [second] = updatesOf(client, () => setText(client, id, 'two, edited'));
		const server = new Y.Doc();
		expect(dependenciesMet(server, Y.decodeUpdate(second))).toBe(false);
		Y.applyUpdate(server, first);
		expect(dependenciesMet(server, Y.decodeUpdate(Y.encodeStateAsUpdate(client)))).toBe(true);
	});
});

describe(stateVectorBefore, () => {
	it('gives back the state vector from before an update, from the clocks of the clients it writes', () => {
		const server = new Y.Doc();
		const known = new Y.Doc();
		const [first] = updatesOf(known, () => createElement(known, { kind: 'note', x: 0, y: 0, text: 'one' }));
		Y.applyUpdate(server, first);
		const other = new Y.Doc();
		Y.applyUpdate(other, first);
		// One update from a client the server knows and one from a client it has never seen.
		const [second] = updatesOf(known, () => createElement(known, { kind: 'note', x: 0, y: 0, text: 'two' }));
		const [third] = updatesOf(other, () => createElement(other, { kind: 'note', x: 0, y: 0, text: 'three' }));
		const update = Y.mergeUpdates([second, third]);
		const expected = Y.encodeStateVector(server);
		const before = clocksBefore(server, Y.decodeUpdate(update));
		Y.applyUpdate(server, update);
		expect(stateVectorBefore(server, before)).toEqual(expected);
	});

	it('encodes the whole state vector when the document holds changes waiting for others', () => {
		const client = new Y.Doc();
		const [, second] = [
			...updatesOf(client, () => createElement(client, { kind: 'note', x: 0, y: 0, text: 'one' })),
			...updatesOf(client, () => createElement(client, { kind: 'note', x: 0, y: 0, text: 'two' }))
		];
		const server = new Y.Doc();
		Y.applyUpdate(server, second); // waits for the first
		const expected = Y.encodeStateVector(server);
		expect(clocksBefore(server, Y.decodeUpdate(second))).toEqual(expected);
	});
});

describe(createContentGuard, () => {
	it('defers an update with missing dependencies instead of letting Yjs hold it pending', () => {
		const server = new Y.Doc();
		const guard = createContentGuard(server, { rules: () => NO_RULES, isStructural: isTemplateFrame });
		const client = new Y.Doc();
		const [first] = updatesOf(client, () => createElement(client, { kind: 'note', x: 0, y: 0, text: 'one' }));
		const [second] = updatesOf(client, () => createElement(client, { kind: 'note', x: 0, y: 0, text: 'two' }));
		expect(guard.apply(connection('sam'), second)).toEqual({ refused: [], deferred: true });
		expect(server.store.pendingStructs).toBeNull();
		expect(guard.apply(connection('sam'), first).refused).toEqual([]);
		expect(guard.apply(connection('sam'), second).refused).toEqual([]);
		expect([...server.getMap('elements').keys()]).toHaveLength(2);
	});

	it('holds back a refused transaction and sends the net of it and the correction, with no refused words', () => {
		const server = new Y.Doc();
		const locked = createElement(server, { kind: 'note', x: 0, y: 0, text: 'Locked words' });
		const guard = createContentGuard(server, { rules: () => ({ ...NO_RULES, locked: new Set([locked]) }), isStructural: isTemplateFrame });
		const sent: { update: Uint8Array; origin: unknown }[] = [];
		server.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
			if (guard.isHeld(tr)) return;
			sent.push({ update: origin === REVERT ? guard.netUpdate()! : update, origin });
		});
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		const [edit] = updatesOf(client, () => setText(client, locked, 'SECRET VANDAL'));
		const verdict = guard.apply(connection('sam'), edit);
		expect(verdict.refused.map((r) => r.id)).toEqual([locked]);
		expect(sent).toHaveLength(1);
		expect(sent[0].origin).toBe(REVERT);
		expect(Buffer.from(sent[0].update).toString('latin1')).not.toContain('SECRET');
		// A peer that had the board before gets the net and sees the locked note as it was.
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(server));
		expect(readElement(peer, locked)).toMatchObject({ text: 'Locked words' });
		// The sender applies the correction and comes back into line.
		Y.applyUpdate(client, sent[0].update);
		expect(readElement(client, locked)).toMatchObject({ text: 'Locked words' });
		expect(readElement(server, locked)).toMatchObject({ text: 'Locked words' });
	});

	it('checks a move by its changed fields: an out-of-range or non-number coordinate is refused and changes nothing', () => {
		const server = new Y.Doc();
		const id = createElement(server, { kind: 'note', x: 10, y: 20, text: 'one' });
		const guard = createContentGuard(server, { rules: () => NO_RULES, isStructural: isTemplateFrame });
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		for (const bad of [2_000_000, 'far', null, Number.NaN]) {
			const [edit] = updatesOf(client, () =>
				getElementsMap(client)
					.get(id)!
					.set('x', bad as number)
			);
			expect(guard.apply(connection('sam'), edit).refused.map((r) => r.id)).toEqual([id]);
			expect(readElement(server, id)).toMatchObject({ x: 10, y: 20 });
			Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
		}
		// Sizes too, by their own schema (at least 8).
		const [tiny] = updatesOf(client, () => getElementsMap(client).get(id)!.set('w', 1));
		expect(guard.apply(connection('sam'), tiny).refused.map((r) => r.id)).toEqual([id]);
		expect(readElement(server, id)).toMatchObject({ w: 200 });
	});

	it('keeps each moved element as parsing it whole would read it', () => {
		const server = new Y.Doc();
		const note = createElement(server, { kind: 'note', x: 0, y: 0, text: 'one', color: 'blue' });
		const frame = createElement(server, { kind: 'frame', x: 0, y: 0, w: 400, h: 300, title: 'F' });
		const guard = createContentGuard(server, { rules: () => NO_RULES, isStructural: isTemplateFrame });
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
		const edits = [
			...updatesOf(client, () => updateElement(client, note, { x: 15.5, y: -40 })),
			...updatesOf(client, () => updateElement(client, frame, { w: 500, h: 320 })),
			...updatesOf(client, () => updateElement(client, note, { x: 1, color: 'pink' }))
		];
		for (const edit of edits) expect(guard.apply(connection('sam'), edit).refused).toEqual([]);
		const whole = (id: string) => Element.parse(plainOf(getElementsMap(server).get(id)!));
		const byId = new Map(guard.elements().map((e) => [e.id, e]));
		expect(byId.get(note)).toEqual(whole(note));
		expect(byId.get(frame)).toEqual(whole(frame));
		expect(byId.get(note)).toMatchObject({ x: 1, y: -40, color: 'pink' });
	});
});
