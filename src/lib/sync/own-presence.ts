/**
 * Makes a y-websocket provider send only its own presence. The stock provider (3.1) sends the server every
 * awareness change it applies, other people's included (its `_awarenessUpdateHandler` ignores the origin; yjs/yjs
 * issue 732): in a room of n people each cursor that moves comes back n − 1 times, from every phone in the room.
 * The server ignores those echoes (server/transport/connection.ts); this keeps tabs from sending them at all.
 *
 * The provider removes whatever `_awarenessUpdateHandler` holds when it is destroyed, so the filter is installed
 * there. What the provider sends for its own client (its state, its renewals, its departure) is unchanged.
 *
 * @example const provider = new WebsocketProvider(url, 'content', doc); sendOwnPresenceOnly(provider);
 */
import type { WebsocketProvider } from 'y-websocket';

type Changes = { added: number[]; updated: number[]; removed: number[] };

export function sendOwnPresenceOnly(provider: WebsocketProvider): void {
	const { awareness } = provider;
	const sendChanges = provider._awarenessUpdateHandler as (changes: Changes, origin: unknown) => void;
	awareness.off('update', sendChanges);
	const own = (ids: number[]) => ids.filter((id) => id === awareness.clientID);
	provider._awarenessUpdateHandler = ({ added, updated, removed }: Changes, origin: unknown) => {
		const mine = { added: own(added), updated: own(updated), removed: own(removed) };
		if (mine.added.length + mine.updated.length + mine.removed.length > 0) sendChanges(mine, origin);
	};
	awareness.on('update', provider._awarenessUpdateHandler);
}
