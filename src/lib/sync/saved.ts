/**
 * The server's "saved" acknowledgement (message type 100, our extension; docs/api.md) and the counts the
 * connection status is judged from. Framework-free and network-free: the board connection feeds it from
 * its provider, and the integration tests feed it from the stock provider against the real server.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';

/** Ours, sent by the server: "your updates up to this state vector are on disk" (server/transport/protocol.ts). */
export const MESSAGE_SAVED = 100;

export interface Saved {
	/** The state vector of what is stored. */
	vector: Map<number, number>;
	/** How many of this connection's update messages the acknowledgement covers; null from an older server. */
	covered: number | null;
}

/** Reads one acknowledgement (after its type): the state vector, then the count of updates it covers, if sent. */
export function readSaved(decoder: decoding.Decoder): Saved {
	const vector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
	const covered = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : null;
	return { vector, covered };
}

/** My changes sent and acknowledged since the connection opened, and the highest of my clocks on disk. */
export interface SavedCounts {
	sent: number;
	acked: number;
	savedClock: number;
}

/**
 * Keeps the counts for one document. The server answers a burst of updates with one acknowledgement
 * covering them all, so an acknowledgement's own count (`covered`) is what is acknowledged, not the
 * number of acknowledgements received; a deletion moves no clock, so the clock alone would not do.
 */
export function savedCounts(clientID: () => number) {
	const counts: SavedCounts = { sent: 0, acked: 0, savedClock: 0 };
	return {
		counts: (): Readonly<SavedCounts> => counts,
		/** A change of mine went to the server. */
		sent() {
			counts.sent++;
		},
		/** A new connection: the server counts this connection's updates afresh. */
		connected() {
			counts.sent = 0;
			counts.acked = 0;
		},
		saved(saved: Saved) {
			counts.savedClock = Math.max(counts.savedClock, saved.vector.get(clientID()) ?? 0);
			counts.acked = saved.covered === null ? counts.acked + 1 : Math.max(counts.acked, saved.covered);
		}
	};
}

/**
 * Wires `savedCounts` to a document's provider, as the board does it: the server's acknowledgements, my
 * changes sent while connected (not the server's own, nor those of `others`, e.g. the local copy loading),
 * and a fresh count on each new connection. `onChange` hears every change to the counts and every change
 * of mine. Install it before other 'status' listeners, so that they see the counts already reset.
 */
export function watchSaved(
	provider: WebsocketProvider,
	doc: Y.Doc,
	options: { others?: readonly unknown[]; onChange?: () => void } = {}
): { counts: () => Readonly<SavedCounts> } {
	const saved = savedCounts(() => doc.clientID);
	const changed = () => options.onChange?.();
	provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
		saved.saved(readSaved(decoder));
		changed();
	};
	doc.on('update', (_update: Uint8Array, origin: unknown) => {
		if (origin === provider || options.others?.includes(origin)) return;
		if (provider.wsconnected) saved.sent();
		changed();
	});
	provider.on('status', ({ status }) => {
		// The server counts each connection's updates afresh.
		if (status === 'connected') saved.connected();
	});
	return { counts: saved.counts };
}
