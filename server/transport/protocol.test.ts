import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import {
	checkUpdate,
	decodeAwarenessEntries,
	decodeMessage,
	encodeAwareness,
	encodeAwarenessEntries,
	isDeparture,
	parseAwarenessState,
	encodePermissionDenied,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	isEmptyUpdate,
	MAX_AWARENESS_ENTRIES,
	ProtocolError
} from './protocol.js';

/** A frame built by hand: varuints, then byte arrays, in order. */
function frame(...parts: (number | Uint8Array | string)[]): Uint8Array {
	const encoder = encoding.createEncoder();
	for (const part of parts) {
		if (typeof part === 'number') encoding.writeVarUint(encoder, part);
		else if (typeof part === 'string') encoding.writeVarString(encoder, part);
		else encoding.writeVarUint8Array(encoder, part);
	}
	return encoding.toUint8Array(encoder);
}

const docWithText = () => {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, 'Parents feel unheard');
	return doc;
};

describe(decodeMessage, () => {
	it('reads back every frame the server and y-websocket send', () => {
		const doc = docWithText();
		const step1 = decodeMessage(encodeSyncStep1(doc));
		expect(step1).toEqual({ type: 'sync-step1', stateVector: Y.encodeStateVector(doc) });
		const step2 = decodeMessage(encodeSyncStep2(doc, new Uint8Array([0])));
		expect(step2.type).toBe('sync-step2');
		const copy = new Y.Doc();
		Y.applyUpdate(copy, (step2 as { update: Uint8Array }).update);
		expect(copy.getText('t').toString()).toBe('Parents feel unheard');
		expect(decodeMessage(encodeUpdate(Y.encodeStateAsUpdate(doc)))).toMatchObject({ type: 'update' });
		const awareness = new Awareness(doc);
		awareness.setLocalState({ name: 'Alex' });
		const presence = decodeMessage(encodeAwareness(encodeAwarenessUpdate(awareness, [doc.clientID])));
		expect(presence).toMatchObject({ type: 'awareness', entries: [{ clientId: doc.clientID, clock: 1 }] });
		expect(presence.type === 'awareness' && parseAwarenessState(presence.entries[0])).toEqual({ name: 'Alex' });
		expect(decodeMessage(frame(3))).toEqual({ type: 'query-awareness' });
		expect(decodeMessage(encodePermissionDenied('Viewers can look'))).toEqual({ type: 'auth' });
	});

	it('refuses unknown types, trailing bytes and truncated frames as a ProtocolError', () => {
		const bad: [string, Uint8Array][] = [
			['empty', new Uint8Array()],
			['unknown message type', frame(7)],
			['our own "saved" type, which only the server sends', frame(100, new Uint8Array([0]))],
			['unknown sync type', frame(0, 9, new Uint8Array([0]))],
			['trailing bytes', new Uint8Array([...frame(3), 0])],
			['a sync frame cut short', frame(0, 1).slice(0, 2)],
			['a length longer than the frame', new Uint8Array([0, 2, 50, 1])],
			['an auth frame without its reason', frame(2, 0)]
		];
		for (const [what, data] of bad) expect(() => decodeMessage(data), what).toThrow(ProtocolError);
	});

	it('checks a state vector whole before anyone computes a diff from it', () => {
		const vector = (...parts: number[]) => decodeMessage(frame(0, 0, frame(...parts)));
		expect(vector(1, 42, 7)).toMatchObject({ type: 'sync-step1' });
		// Claims more entries than it has bytes: refused before looping over them.
		expect(() => vector(1_000_000)).toThrow(/more entries than bytes/);
		expect(() => vector(1, 42, 7, 99)).toThrow(/trailing bytes/);
		expect(() => vector(2, 42, 7)).toThrow(ProtocolError);
		// A clock beyond 2^53 is not a number lib0 can hold exactly.
		const huge = encoding.createEncoder();
		encoding.writeVarUint(huge, 1);
		encoding.writeVarUint(huge, 1);
		for (let i = 0; i < 9; i++) encoding.writeUint8(huge, 0xff);
		encoding.writeUint8(huge, 0x01);
		expect(() => decodeMessage(frame(0, 0, encoding.toUint8Array(huge)))).toThrow(ProtocolError);
	});
});

describe(decodeAwarenessEntries, () => {
	it('round-trips entries, a departed client as null, each state parsed only when asked', () => {
		const entries = [
			{ clientId: 1, clock: 3, state: { cursor: { x: 1, y: 2 } } },
			{ clientId: 2, clock: 9, state: null }
		];
		const raw = decodeAwarenessEntries(encodeAwarenessEntries(entries));
		expect(raw.map((e) => ({ clientId: e.clientId, clock: e.clock, state: parseAwarenessState(e) }))).toEqual(entries);
		expect(raw.map(isDeparture)).toEqual([false, true]);
	});

	it(`refuses more than ${MAX_AWARENESS_ENTRIES} clients, a state that is not JSON, and trailing bytes`, () => {
		const many = Array.from({ length: MAX_AWARENESS_ENTRIES + 1 }, (_, i) => ({ clientId: i, clock: 1, state: {} }));
		expect(() => decodeAwarenessEntries(encodeAwarenessEntries(many))).toThrow(/clients in one message/);
		// A room's worth is a tab echoing what it was told, not an attack.
		expect(decodeAwarenessEntries(encodeAwarenessEntries(many.slice(1)))).toHaveLength(MAX_AWARENESS_ENTRIES);
		const [notJson] = decodeAwarenessEntries(frame(1, 1, 1, '{not json'));
		expect(() => parseAwarenessState(notJson)).toThrow(/not JSON/);
		const [notUtf8] = decodeAwarenessEntries(new Uint8Array([1, 1, 1, 2, 0xc3, 0x28]));
		expect(() => parseAwarenessState(notUtf8)).toThrow(/not JSON/);
		expect(() => decodeAwarenessEntries(new Uint8Array([...encodeAwarenessEntries([]), 1]))).toThrow(/trailing/);
	});
});

describe(checkUpdate, () => {
	it('passes a real update and refuses garbage before anything is applied', () => {
		expect(() => checkUpdate(Y.encodeStateAsUpdate(docWithText()))).not.toThrow();
		expect(() => checkUpdate(new Uint8Array([1, 2, 3, 4, 5, 250, 250, 250]))).toThrow(ProtocolError);
	});

	it('knows an update that carries nothing', () => {
		expect(isEmptyUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
		expect(isEmptyUpdate(Y.encodeStateAsUpdate(docWithText()))).toBe(false);
	});
});
