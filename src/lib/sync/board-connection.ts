/**
 * Connects a board's four documents (content, control, server and my drafts) to the server with the stock
 * y-websocket provider, keeps the content and my drafts in IndexedDB so offline edits survive a closed tab,
 * erases them when the board is deleted, and reports one connection status.
 * Framework-free: the board state turns it into runes.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import * as decoding from 'lib0/decoding';
import { forgetBoard, forgetSession, type Session } from './session.js';
import { connectionStatus, type ConnectionStatus } from './status.js';
import { watchSaved } from './saved.js';
import { trimDecodedValues } from '$lib/doc/trim-memory.js';
import { earlyWebSocket } from './early-socket.js';
import { sendOwnPresenceOnly } from './own-presence.js';

export type { ConnectionStatus };

/** y-protocols' auth message: the server's "permission denied" with its reason. */
const MESSAGE_AUTH = 2;
/** y-protocols' sync message, and within it the sync step 2 (what the other side has that I lack). */
const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;
/** A first sync step 2 bigger than this is a big board arriving whole (see `firstSyncQuietly`). */
const BIG_FIRST_SYNC = 64 * 1024;
/** The close code of a deleted board (server/boards/deletion.ts): nothing of it may stay on this device either. */
export const CLOSE_BOARD_DELETED = 4410;
/** How long after a large update the document's memory is trimmed: past the first frame it drew. */
const TRIM_AFTER_MS = 500;

export interface BoardConnection {
	content: Y.Doc;
	control: Y.Doc;
	server: Y.Doc;
	/** My private notes while the facilitator has private writing on (nobody else receives them). */
	drafts: Y.Doc;
	providers: { content: WebsocketProvider; control: WebsocketProvider; server: WebsocketProvider; drafts: WebsocketProvider };
	/** Presence travels with the content document. */
	awareness: WebsocketProvider['awareness'];
	status(): ConnectionStatus;
	/** Why the server refused the session, when status is 'refused'. */
	refusal(): string | null;
	/** The board was deleted: the server closed with 4410, and this device's copy (IndexedDB) is being erased. */
	deleted(): boolean;
	/** Erases this device's copy of the board (IndexedDB: content and my drafts); resolves when done. */
	forgetLocalCopy(): Promise<void>;
	/** Calls `listener` whenever status may have changed. */
	onStatus(listener: () => void): () => void;
	/** Calls `listener` with the server's reason whenever it did not keep one of my changes. */
	onRefused(listener: (reason: string) => void): () => void;
	/** Resolves when the local copy (IndexedDB) has loaded. */
	whenLocalLoaded: Promise<void>;
	destroy(): void;
}

export function connectBoard(session: Session, origin: string): BoardConnection {
	const serverUrl = `${origin.replace(/^http/, 'ws')}/sync/${session.boardId}`;
	const content = new Y.Doc();
	const control = new Y.Doc();
	const server = new Y.Doc();
	const drafts = new Y.Doc();
	const listeners = new Set<() => void>();
	const notify = () => listeners.forEach((l) => l());
	const refusedListeners = new Set<(reason: string) => void>();

	const local = new IndexeddbPersistence(`convene:${session.boardId}:content`, content);
	const whenLocalLoaded = local.whenSynced.then(() => undefined);
	// Loaded, or the browser could not open IndexedDB (then it never loads).
	const localSettled = new Promise<void>((resolve) => {
		void whenLocalLoaded.then(resolve);
		local._db.catch(() => resolve());
	});
	const open = (name: string, doc: Y.Doc, acks: boolean, WebSocketPolyfill?: typeof WebSocket) =>
		new WebsocketProvider(serverUrl, name, doc, {
			params: acks ? { session: session.sessionToken, acks: '1' } : { session: session.sessionToken },
			maxBackoffTime: 5000,
			WebSocketPolyfill
		});
	const providers = {
		// Its first connection may be the one the page opened before the app loaded (src/early-sync.js).
		content: open('content', content, true, earlyWebSocket(localSettled)),
		control: open('control', control, false),
		server: open('server', server, false),
		drafts: open('drafts', drafts, false)
	};

	// A tab tells the server its own presence, not everyone else's back again (src/lib/sync/own-presence.ts).
	for (const provider of Object.values(providers)) sendOwnPresenceOnly(provider);

	// Private notes written on a flaky connection survive a closed tab too (per person: a shared
	// computer keeps each person's drafts apart).
	const localDrafts = new IndexeddbPersistence(`convene:${session.boardId}:drafts:${session.participantId}`, drafts);

	let refusal: string | null = null;
	let deleted = false;
	let everConnected = false;
	let forgetting: Promise<void> | null = null;
	const forgetLocalCopy = () => (forgetting ??= Promise.all([local.clearData(), localDrafts.clearData()]).then(() => undefined));

	// The server says why it did not keep a change (a y-protocols permission-denied auth message).
	for (const provider of Object.values(providers)) {
		provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
			if (decoding.readVarUint(decoder) !== 0) return;
			const reason = decoding.readVarString(decoder);
			refusedListeners.forEach((l) => l(reason));
		};
	}

	// Before the status listeners below, so that they see the counts of a new connection already reset.
	const saved = watchSaved(providers.content, content, { others: [local], onChange: () => notify() });
	for (const provider of Object.values(providers)) {
		provider.on('status', ({ status }) => {
			if (status === 'connected') everConnected = true;
			notify();
		});
		provider.on('sync', notify);
		provider.on('closed', (event) => {
			refusal = event.reason || 'The server refused this session.';
			if (event.code === CLOSE_BOARD_DELETED && !deleted) {
				deleted = true;
				// Stop every document (nothing more will come) and erase what this browser kept of the board:
				// its copy, this person's session and the board in "your boards".
				for (const other of Object.values(providers)) other.disconnect();
				void forgetLocalCopy();
				forgetSession(session.boardId);
				forgetBoard(session.boardId);
			}
			notify();
		});
	}
	// After a large update arrived (the server's copy, the local copy), give back what decoding left unused
	// (src/lib/doc/trim-memory.ts): a few ms on a big board, so after the first frame, when the page is idle.
	// Then too, the local copy stores a first sync that arrived without update events (below).
	let trimTimer: ReturnType<typeof setTimeout> | null = null;
	let destroyed = false;
	let storeWhole = false;
	const trimSoon = () => {
		if (trimTimer !== null || destroyed) return;
		trimTimer = setTimeout(() => {
			trimTimer = null;
			trimDecodedValues(content);
			if (storeWhole) {
				storeWhole = false;
				// Not once the board is deleted and its copy erased (or being erased).
				void whenLocalLoaded.then(() => (destroyed || forgetting ? undefined : storeState(local)));
			}
		}, TRIM_AFTER_MS);
	};
	// The first sync of a big board: Yjs would encode the whole arrived board again for its 'update' event
	// (a fifth of the time from the board arriving to its first frame at 5,000 notes), though nobody needs
	// it then: the socket sends nothing back for the server's own update, the saved-state count skips it,
	// and the local copy can store the document whole after the first frame instead (as y-indexeddb does
	// when it compacts). Changes made from then on reach every listener as before.
	const applySync = providers.content.messageHandlers[MESSAGE_SYNC];
	providers.content.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
		const firstBig = !provider.synced && decoder.arr[decoder.pos] === SYNC_STEP_2 && decoder.arr.length - decoder.pos > BIG_FIRST_SYNC;
		if (!firstBig) return applySync(encoder, decoder, provider, emitSynced, messageType);
		withoutUpdateEvents(content, () => applySync(encoder, decoder, provider, emitSynced, messageType));
		storeWhole = true;
		trimSoon();
	};
	providers.content.on('sync', (synced: boolean) => {
		if (synced) trimSoon();
	});
	void whenLocalLoaded.then(trimSoon);
	const onNetwork = () => notify();
	globalThis.addEventListener?.('online', onNetwork);
	globalThis.addEventListener?.('offline', onNetwork);

	function status(): ConnectionStatus {
		const p = providers.content;
		return connectionStatus({
			refusal,
			offline: globalThis.navigator?.onLine === false,
			connected: p.wsconnected,
			synced: p.synced,
			everConnected,
			...saved.counts(),
			myClock: Y.getState(content.store, content.clientID)
		});
	}

	return {
		content,
		control,
		server,
		drafts,
		providers,
		awareness: providers.content.awareness,
		status,
		refusal: () => refusal,
		deleted: () => deleted,
		forgetLocalCopy,
		onStatus(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		onRefused(listener) {
			refusedListeners.add(listener);
			return () => refusedListeners.delete(listener);
		},
		whenLocalLoaded,
		destroy() {
			destroyed = true;
			if (trimTimer !== null) clearTimeout(trimTimer);
			globalThis.removeEventListener?.('online', onNetwork);
			globalThis.removeEventListener?.('offline', onNetwork);
			for (const provider of Object.values(providers)) provider.destroy();
			void local.destroy();
			void localDrafts.destroy();
			content.destroy();
			control.destroy();
			server.destroy();
			drafts.destroy();
		}
	};
}

/**
 * Runs `apply` with the document's 'update' listeners set aside, so that Yjs does not encode the change for
 * them (it encodes only when someone listens). Listeners added meanwhile are kept.
 */
function withoutUpdateEvents(doc: Y.Doc, apply: () => void): void {
	// Y.Doc is a lib0 ObservableV2: its listeners by event name.
	const observers = (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers;
	const listeners = observers.get('update');
	observers.delete('update');
	try {
		apply();
	} finally {
		const added = observers.get('update');
		if (listeners) {
			for (const listener of added ?? []) listeners.add(listener);
			observers.set('update', listeners);
		}
	}
}
