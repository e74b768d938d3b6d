/**
 * In-process peers for collaboration tests (after Yjs's TestConnector): each peer's updates are queued
 * for the others and delivered on `flush()`, optionally shuffled, so tests can make edits concurrent.
 */
import * as Y from 'yjs';
import { seededRandom } from '$lib/shared/seeded-random.js';

export interface Peer {
	doc: Y.Doc;
	inbox: Uint8Array[];
}

export function createPeers(n: number, seed = 1) {
	const peers: Peer[] = Array.from({ length: n }, (_, i) => {
		const doc = new Y.Doc();
		doc.clientID = i + 1;
		return { doc, inbox: [] };
	});
	for (const peer of peers) {
		peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === 'remote') return;
			for (const other of peers) if (other !== peer) other.inbox.push(update);
		});
	}
	// Deterministic shuffles, no Math.random in tests.
	const random = seededRandom(seed);
	/** Delivers every queued update, in a shuffled order per peer. */
	function flush(): void {
		while (peers.some((p) => p.inbox.length > 0)) {
			for (const peer of peers) {
				const inbox = peer.inbox.splice(0);
				for (let i = inbox.length - 1; i > 0; i--) {
					const j = Math.floor(random() * (i + 1));
					[inbox[i], inbox[j]] = [inbox[j], inbox[i]];
				}
				for (const update of inbox) Y.applyUpdate(peer.doc, update, 'remote');
			}
		}
	}
	return { peers, docs: peers.map((p) => p.doc), flush };
}
