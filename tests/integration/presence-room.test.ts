/**
 * A full room's presence, as the app's clients make it: the stock y-websocket provider sends back to the server
 * every awareness change it applies, other people's included (its `_awarenessUpdateHandler` does not look at the
 * origin). So a newcomer answers the server's greeting (everyone's presence in one message) with a message naming
 * everyone, and every cursor that moves comes back from every other tab. The server must take those echoes for what
 * they are: not a reason to close the connection (a workshop of 20 people is ordinary), and not charged to the
 * person's own presence budget (or a busy room would hold everyone's cursor back).
 * Real server, real sockets, stock WebsocketProvider clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, createBoard, join, waitFor, type Client } from '../helpers/clients.js';
import { presenceColor } from '../../src/lib/shared/colors.js';
import { sendOwnPresenceOnly } from '../../src/lib/sync/own-presence.js';

/** More people than the 16 awareness clients one message could name before (MAX_AWARENESS_ENTRIES). */
const PEOPLE = 24;

let server: TestServer;
const clients: Client[] = [];
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	for (const c of clients) c.destroy();
	await server.stop();
});

/** People join one by one and set their presence as Board.svelte does (`user` = `board.me`) with a cursor. */
async function roomOf(n: number): Promise<Client[]> {
	const board = await createBoard(server.url);
	const people: Client[] = [];
	for (let i = 0; i < n; i++) {
		const person = await join(server.url, board.id, board.links.participant, `Person ${i + 1}`, i % 2 ? 'Health' : 'School');
		const client = connect(server.url, board.id, 'content', person.sessionToken, undefined, { acks: '1' });
		client.provider.awareness.setLocalStateField('user', {
			id: person.participantId,
			name: `Person ${i + 1}`,
			agency: i % 2 ? 'Health' : 'School',
			role: 'participant',
			color: presenceColor(person.participantId)
		});
		client.provider.awareness.setLocalStateField('cursor', { x: i * 10, y: 0 });
		clients.push(client);
		people.push(client);
		// One after another, as people arrive: each newcomer is greeted with everyone already there.
		await waitFor(() => client.provider.synced, `person ${i + 1} to sync`, 10_000);
	}
	return people;
}

const others = (c: Client) => [...c.provider.awareness.getStates().keys()].filter((id) => id !== c.doc.clientID);

describe('presence in a full room', () => {
	it(`keeps all ${PEOPLE} people connected, and everyone sees everyone`, async () => {
		const people = await roomOf(PEOPLE);
		await waitFor(() => people.every((c) => others(c).length === PEOPLE - 1), 'everyone to see everyone else', 15_000);
		// The last to arrive was greeted with 23 people's presence in one message, and echoed it all back.
		const closes = people.flatMap((c) => c.closes);
		expect(closes).toEqual([]);
		expect(server.logs.filter((line) => line.includes('closing connection'))).toEqual([]);
		for (const c of people) expect(c.provider.wsconnected).toBe(true);
	}, 60_000);

	it('does not hold anyone’s presence back for the echoes of other people’s cursors', async () => {
		const people = await roomOf(PEOPLE);
		await waitFor(() => people.every((c) => others(c).length === PEOPLE - 1), 'everyone to see everyone else', 15_000);
		const watcher = people[PEOPLE - 1];
		const movers = people.slice(0, 8);
		// Every cursor position of the first mover the watcher is shown. Presence held back over its rate goes out
		// later as the latest state only, so a held connection's steps go missing here.
		const seen = new Set<number>();
		watcher.provider.awareness.on('change', () => {
			const cursor = (watcher.provider.awareness.getStates().get(movers[0].doc.clientID) as { cursor?: { y: number } })?.cursor;
			if (cursor) seen.add(cursor.y);
		});
		// Eight people move their cursors 25 times a second for two seconds: each move reaches 23 tabs, and each of them
		// sends it back (about 4,600 echoes a second, 200 a second on each connection). Each person's own presence stays
		// far inside the limit (60 messages a second, a burst of 120).
		const STEPS = 50;
		for (let step = 1; step <= STEPS; step++) {
			movers.forEach((c, i) => c.provider.awareness.setLocalStateField('cursor', { x: i * 10 + step, y: step }));
			await new Promise((r) => setTimeout(r, 40));
		}
		await waitFor(
			() =>
				movers.every(
					(c) => (watcher.provider.awareness.getStates().get(c.doc.clientID) as { cursor?: { y: number } })?.cursor?.y === STEPS
				),
			'the last cursor positions to reach the watcher',
			10_000
		);
		const missing = Array.from({ length: STEPS }, (_, i) => i + 1).filter((y) => !seen.has(y));
		expect(missing).toEqual([]);
		expect(people.flatMap((c) => c.closes)).toEqual([]);
	}, 60_000);

	it('tabs that send only their own presence (as the app’s do) send nothing when someone else moves', async () => {
		const people = await roomOf(8);
		await waitFor(() => people.every((c) => others(c).length === 7), 'everyone to see everyone else', 15_000);
		// Half the room as the app connects (own presence only), half with the stock provider's echo.
		const app = people.slice(1, 4);
		const stock = people.slice(4);
		for (const c of app) sendOwnPresenceOnly(c.provider);
		const sent = new Map<Client, number>();
		for (const c of [...app, ...stock]) {
			const ws = c.provider.ws!;
			const send = ws.send.bind(ws);
			sent.set(c, 0);
			ws.send = (data: Parameters<WebSocket['send']>[0]) => {
				if (data instanceof Uint8Array && data[0] === 1) sent.set(c, sent.get(c)! + 1);
				send(data);
			};
		}
		const mover = people[0];
		for (let step = 1; step <= 20; step++) {
			mover.provider.awareness.setLocalStateField('cursor', { x: step, y: step });
			await new Promise((r) => setTimeout(r, 20));
		}
		await waitFor(
			() => people.every((c) => (c.provider.awareness.getStates().get(mover.doc.clientID) as { cursor?: { y: number } })?.cursor?.y === 20),
			'the mover’s last cursor everywhere',
			10_000
		);
		expect(app.map((c) => sent.get(c))).toEqual([0, 0, 0]);
		// The stock provider's echo, which the server ignores: one message per move it was shown.
		for (const c of stock) expect(sent.get(c)).toBeGreaterThan(10);
		// Their own presence still goes out.
		app[0].provider.awareness.setLocalStateField('cursor', { x: 500, y: 500 });
		await waitFor(
			() => (mover.provider.awareness.getStates().get(app[0].doc.clientID) as { cursor?: { x: number } })?.cursor?.x === 500,
			'an app tab’s own cursor to reach the others'
		);
		expect(sent.get(app[0])).toBe(1);
	}, 60_000);
});
