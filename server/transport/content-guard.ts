/**
 * The board's rules, enforced on `content` for every connection, whatever client it is (issue 12).
 *
 * How: a connection's update is applied to the room's document inside its own transaction. Before anything
 * is broadcast, stored or published, the guard reads which elements the transaction changed, compares each
 * with the element as it was (an index kept up to date after every transaction), and asks the policy
 * (src/lib/doc/policy.ts). If every change is allowed, the update goes out as usual. If some are refused,
 * the original update is held back, the refused elements are written back to what they were in a second,
 * server transaction, and what goes out to everyone, the store and the bus is the net of the two: the
 * permitted edits, and no trace of the refused ones (deleted content is garbage-collected, so refused words
 * never leave the server). The sender receives the correction too, so its document comes back into line.
 *
 * An update whose dependencies the server has not seen yet (it would sit in Yjs's pending queue and be
 * integrated later, under someone else's transaction, escaping the check) is not applied; the sender is
 * asked for it again a moment later with a sync step 1, by when the dependencies usually have arrived.
 */
import * as Y from 'yjs';
import { getElementsMap, type ElementMap } from '../../src/lib/doc/board-doc.js';
import { Element, type Element as ElementValue } from '../../src/lib/doc/schema.js';
import { plainOf, withChangedFields, writeElementState } from '../../src/lib/doc/element-map.js';
import { checkChange, type BoardRules, type ElementChange } from '../../src/lib/doc/policy.js';
import type { Connection } from './connection-types.js';

/** Origin of the server's transaction that puts refused elements back. */
export const REVERT = Symbol('revert');

export interface GuardOptions {
	/** The board's rules as they are now (locks, closed, structure) — read from the `control` document. */
	rules(): BoardRules;
	/** Whether an element is part of an exercise's structure. */
	isStructural(element: ElementValue): boolean;
	/** Data keys of a structural element participants may still change. */
	openSettings?(element: ElementValue): readonly string[];
	/** Extra validation beyond the element schema (a template's item data); false refuses. */
	valid?(element: ElementValue): boolean;
	/**
	 * Told after every change that stands (not a held one, not the correction of one): which elements it removed
	 * (as they were) and who made it. History keeps "Recently deleted" and periodic snapshots with it.
	 */
	changed?(event: { removed: ElementValue[]; origin: unknown }): void;
}

export interface Verdict {
	/** Refused element ids with the reason for each. */
	refused: { id: string; reason: string }[];
	/** True when the update was not applied at all (dependencies the server has not seen). */
	deferred?: boolean;
}

export interface ContentGuard {
	/** Applies a connection's update under the rules; returns what was refused. Throws on an unreadable update. */
	apply(connection: Connection, update: Uint8Array): Verdict;
	/** Whether the room must not broadcast, store or publish this transaction's update (it was refused). */
	isHeld(transaction: Y.Transaction): boolean;
	/** For the REVERT transaction: what to send everyone instead (the net of the held update and the fix). */
	netUpdate(): Uint8Array | null;
	/**
	 * Every element as the rules read it now (parsed and valid), in no particular order: the index the guard
	 * keeps anyway, so an export reads a big board without parsing it again on the event loop.
	 */
	elements(): ElementValue[];
	destroy(): void;
}

/**
 * What a transaction changed in the elements map, by element id: the keys of the element's own map that changed,
 * or null when more than that did (the element added, removed or replaced, or something inside it, like its text).
 */
export function changedElements(transaction: Y.Transaction, elements: Y.Map<ElementMap>): Map<string, Set<string> | null> {
	const changed = new Map<string, Set<string> | null>();
	const root = elements as unknown as Y.AbstractType<unknown>;
	for (const [type, keys] of transaction.changed) {
		if (type === root) {
			for (const key of keys) if (key !== null) changed.set(key, null);
			continue;
		}
		const own = type._item;
		if (own && own.parent === root && own.parentSub) {
			const id = own.parentSub;
			if (changed.get(id) === null) continue;
			const fields = changed.get(id) ?? new Set<string>();
			for (const key of keys) {
				if (key === null) {
					changed.set(id, null);
					break;
				}
				fields.add(key);
			}
			if (changed.get(id) !== null) changed.set(id, fields);
			continue;
		}
		// Deeper inside an element: walk up to the element's own map, whose key in `elements` is the element id.
		let item = own;
		while (item && item.parent !== root) item = (item.parent as Y.AbstractType<unknown>)._item;
		if (item && item.parentSub) changed.set(item.parentSub, null);
	}
	return changed;
}

/** The element stored under `id`, as the schema reads it; `invalid` when something is there the schema rejects. */
function readState(
	elements: Y.Map<ElementMap>,
	id: string,
	valid?: (e: ElementValue) => boolean
): { element: ElementValue | null; invalid: boolean } {
	const map = elements.get(id);
	if (map === undefined) return { element: null, invalid: false };
	if (!(map instanceof Y.Map)) return { element: null, invalid: true };
	const parsed = Element.safeParse(plainOf(map));
	if (!parsed.success || parsed.data.id !== id || (valid && !valid(parsed.data))) return { element: null, invalid: true };
	return { element: parsed.data, invalid: false };
}

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/**
 * Whether every struct and deletion of a decoded update builds on what `doc` already has or what the update
 * brings: otherwise Yjs would hold part of it pending.
 */
export function dependenciesMet(doc: Y.Doc, { structs, ds }: Decoded): boolean {
	// No closures here (this runs for every update): `present` below takes what it reads.
	const { store } = doc;
	// What this update itself brings, per client: its structs come in clock order per client.
	const brings = new Map<number, number>();
	// Indexed loops: this runs for every update, mostly before V8 optimises it, when `for…of` allocates per step.
	for (let i = 0; i < structs.length; i++) {
		const { client, clock } = structs[i].id;
		const known = Math.max(Y.getState(store, client), brings.get(client) ?? 0);
		if (clock > known) return false;
		brings.set(client, Math.max(brings.get(client) ?? 0, clock + structs[i].length));
	}
	for (let i = 0; i < structs.length; i++) {
		const struct = structs[i];
		if (!(struct instanceof Y.Item)) continue;
		if (!present(store, brings, struct.origin) || !present(store, brings, struct.rightOrigin)) return false;
		if (struct.parent instanceof Y.ID && !present(store, brings, struct.parent)) return false;
	}
	for (const [client, deletes] of ds.clients) {
		const known = Math.max(Y.getState(store, client), brings.get(client) ?? 0);
		for (let i = 0; i < deletes.length; i++) if (deletes[i].clock + deletes[i].len > known) return false;
	}
	return true;
}

/** Whether the struct `id` names is in the document's store or among what the update brings. */
function present(store: Y.Doc['store'], brings: Map<number, number>, id: Y.ID | null): boolean {
	return id === null || id.clock < Math.max(Y.getState(store, id.client), brings.get(id.client) ?? 0);
}

/**
 * What `doc` had of the clients a decoded update writes, before it is applied: enough to rebuild the state vector
 * from before the update if something is refused (stateVectorBefore), without encoding the whole state vector for
 * every update that is not. `null` when the doc holds changes waiting for others (Yjs's pending structs or
 * deletions): applying this update could integrate those too, so the whole state vector is encoded then.
 */
export function clocksBefore(doc: Y.Doc, { structs }: Decoded): Map<number, number> | Uint8Array {
	if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return Y.encodeStateVector(doc);
	const clocks = new Map<number, number>();
	for (let i = 0; i < structs.length; i++) {
		const { client } = structs[i].id;
		if (!clocks.has(client)) clocks.set(client, Y.getState(doc.store, client));
	}
	return clocks;
}

/** The state vector `doc` had before the update that `clocksBefore` read: the one now, with those clients as they were. */
export function stateVectorBefore(doc: Y.Doc, before: Map<number, number> | Uint8Array): Uint8Array {
	if (before instanceof Uint8Array) return before;
	const vector = Y.decodeStateVector(Y.encodeStateVector(doc));
	for (const [client, clock] of before) {
		if (clock === 0) vector.delete(client);
		else vector.set(client, clock);
	}
	return Y.encodeStateVector(vector);
}

/** Root types a decoded update writes into (by name), e.g. ['elements']. */
export function rootsOf({ structs }: Decoded): Set<string> {
	const roots = new Set<string>();
	for (let i = 0; i < structs.length; i++) {
		const struct = structs[i];
		if (struct instanceof Y.Item && typeof struct.parent === 'string') roots.add(struct.parent);
	}
	return roots;
}

/**
 * Creates the guard of one room's `content` document. The room asks `isHeld` and `netUpdate` in its update
 * listener, so a held update never goes out and the correction goes out as the net of both.
 */
export function createContentGuard(doc: Y.Doc, options: GuardOptions): ContentGuard {
	const elements = getElementsMap(doc);
	/** Every valid element as it is now, by id: the "before" of the next change. */
	const index = new Map<string, ElementValue>();
	for (const id of elements.keys()) {
		const { element } = readState(elements, id, options.valid);
		if (element) index.set(id, element);
	}
	const held = new WeakSet<Y.Transaction>();
	interface Checking {
		connection: Connection;
		verdict: Verdict;
		changes: ElementChange[];
	}
	let checking: Checking | null = null;
	/** What the policy reads besides the change (made once, not per transaction). */
	const ctx = { before: (id: string) => index.get(id) ?? null, isStructural: options.isStructural, openSettings: options.openSettings };
	/** While the REVERT transaction runs: the state before the held update, to send the net from. */
	let revertSince: Uint8Array | null = null;

	/** An element after a change: `fields` re-checked on the valid element it was, or the whole element read again. */
	const readChanged = (id: string, fields: Set<string> | null): ReturnType<typeof readState> => {
		const before = fields && index.get(id);
		const map = before ? elements.get(id) : undefined;
		if (before && map instanceof Y.Map) {
			const after = withChangedFields(before, map, fields);
			if (after && (!options.valid || options.valid(after))) return { element: after, invalid: false };
		}
		return readState(elements, id, options.valid);
	};

	const afterTransaction = (transaction: Y.Transaction) => {
		const changed = changedElements(transaction, elements);
		if (changed.size === 0) return;
		// Each changed element is read (and parsed) once, for the check and for the index alike: only the fields
		// that changed when they are a box's position or size (a move), the whole element otherwise.
		const states = new Map<string, ReturnType<typeof readState>>();
		for (const [id, fields] of changed) states.set(id, readChanged(id, fields));
		if (checking && transaction.origin === checking.connection) {
			const { grant } = checking.connection;
			const rules = options.rules();
			for (const [id, { element: after, invalid }] of states) {
				const change: ElementChange = { id, before: index.get(id) ?? null, after, invalid };
				const reason = checkChange({ id: grant.participantId, role: grant.role }, change, rules, ctx);
				if (reason) {
					checking.verdict.refused.push({ id, reason });
					checking.changes.push(change);
				}
			}
			if (checking.verdict.refused.length > 0) held.add(transaction);
		}
		const stands = !held.has(transaction) && transaction.origin !== REVERT;
		const removed: ElementValue[] = [];
		// Keep the index in step with the document (after every transaction, whoever made it).
		for (const [id, { element }] of states) {
			const was = index.get(id);
			if (element) index.set(id, element);
			else {
				index.delete(id);
				if (was && stands && elements.get(id) === undefined) removed.push(was);
			}
		}
		if (stands && options.changed) {
			try {
				options.changed({ removed, origin: transaction.origin });
			} catch {
				// History must never break editing; its own code logs.
			}
		}
	};
	doc.on('afterTransaction', afterTransaction);

	return {
		apply(connection, update) {
			let decoded: Decoded;
			try {
				decoded = Y.decodeUpdate(update);
			} catch (error) {
				throw new Error(`update Yjs cannot read: ${(error as Error).message}`);
			}
			for (const root of rootsOf(decoded))
				if (root !== 'elements') return { refused: [{ id: root, reason: 'That change writes outside the board, so it was not kept.' }] };
			if (!dependenciesMet(doc, decoded)) return { refused: [], deferred: true };
			const before = clocksBefore(doc, decoded);
			const current: Checking = { connection, verdict: { refused: [] }, changes: [] };
			checking = current;
			try {
				Y.applyUpdate(doc, update, connection);
			} finally {
				checking = null;
			}
			if (current.verdict.refused.length === 0) return current.verdict;
			// Put every refused element back as it was, in one server transaction; the room sends the net.
			revertSince = stateVectorBefore(doc, before);
			try {
				doc.transact(() => {
					for (const change of current.changes) writeElementState(elements, change.id, change.before);
				}, REVERT);
			} finally {
				revertSince = null;
			}
			return current.verdict;
		},
		isHeld: (transaction) => held.has(transaction),
		netUpdate: () => (revertSince ? Y.encodeStateAsUpdate(doc, revertSince) : null),
		elements: () => [...index.values()],
		destroy() {
			doc.off('afterTransaction', afterTransaction);
		}
	};
}
