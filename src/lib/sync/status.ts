/** The board's one connection status, decided from plain facts (pure, so it is tested without a network). */

export type ConnectionStatus = 'connecting' | 'saving' | 'saved' | 'reconnecting' | 'offline' | 'refused';

/** What the status is computed from: the content provider's state and the counts of sent and saved changes. */
export interface StatusFacts {
	/** The server refused the session (its reason), or null. */
	refusal: string | null;
	/** The browser says it is offline (navigator.onLine false). */
	offline: boolean;
	connected: boolean;
	synced: boolean;
	/** Whether the content document has ever connected (else this is the first attempt). */
	everConnected: boolean;
	/** Changes of mine sent, and "saved" acknowledgements received, since this connection opened. */
	sent: number;
	acked: number;
	/** My clock in the content document, and the highest of my clocks the server says is on disk. */
	myClock: number;
	savedClock: number;
}

/**
 * The one connection status the app shows: refused wins over everything, then offline; until connected and
 * synced, connecting (never connected yet) or reconnecting; then saving while a change of mine is not yet
 * acknowledged as on disk, else saved.
 */
export function connectionStatus(facts: StatusFacts): ConnectionStatus {
	if (facts.refusal) return 'refused';
	if (facts.offline) return 'offline';
	if (!facts.connected || !facts.synced) return facts.everConnected ? 'reconnecting' : 'connecting';
	return facts.sent > facts.acked || facts.myClock > facts.savedClock ? 'saving' : 'saved';
}
