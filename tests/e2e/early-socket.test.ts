import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { e2eUnavailable, launch, startAppServer, watchErrors } from '../helpers/browser.js';
import { connect, createBoard, join as joinBoard, synced, waitFor } from '../helpers/clients.js';
import { createElement } from '../../src/lib/doc/commands.js';
import { readElements } from '../../src/lib/doc/read.js';
import type { TestServer } from '../helpers/server.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;
const outlineItem = (page: Page, text: string) => page.locator('#outline li.item .label', { hasText: text });

/**
 * Records every content socket the page makes: whether src/early-sync.js made it (the script running
 * then), and how many sync step 2 frames it received (the server answers each sync step 1 with one).
 */
const RECORD_SOCKETS = `(() => {
	const made = (window.__contentSockets = []);
	const WS = window.WebSocket;
	window.WebSocket = class extends WS {
		constructor(url, protocols) {
			super(url, protocols);
			if (!/\\/content\\?/.test(String(url))) return;
			const record = { socket: this, early: document.currentScript !== null, step2: 0 };
			made.push(record);
			this.addEventListener('message', (event) => {
				const bytes = new Uint8Array(event.data);
				if (bytes[0] === 0 && bytes[1] === 1) record.step2++;
			});
		}
	};
})()`;

interface SocketSeen {
	early: boolean;
	open: boolean;
	step2: number;
}
const socketsOf = (page: Page) =>
	page.evaluate(() =>
		((window as unknown as { __contentSockets?: { socket: WebSocket; early: boolean; step2: number }[] }).__contentSockets ?? []).map(
			(s): SocketSeen => ({ early: s.early, open: s.socket.readyState === WebSocket.OPEN, step2: s.step2 })
		)
	);

suite(unavailable ?? 'the content socket opened while the page loads', () => {
	let server: TestServer;
	let browser: Browser;

	beforeAll(async () => {
		server = await startAppServer();
		browser = await launch();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('is the socket the board syncs on, asked once for the board; a reconnect after it closes is a normal one', async () => {
		const board = await createBoard(server.url);
		const facilitator = await joinBoard(server.url, board.id, board.links.facilitator, 'Alex', 'Local authority education');
		const alex = connect(server.url, board.id, 'content', facilitator.sessionToken);
		await synced(alex);
		createElement(alex.doc, { kind: 'note', x: 0, y: 0, text: 'On the board before Sam came back', createdBy: facilitator.participantId });

		const context = await browser.newContext();
		await context.addInitScript(RECORD_SOCKETS);
		const page = await context.newPage();
		const errors = watchErrors(page, 'Sam');
		await page.goto(board.links.participant);
		await page.getByLabel('Your name').fill('Sam');
		await page.getByRole('button', { name: 'Join the board' }).click();
		await page.waitForURL(/\/b\/[a-z0-9]+$/);
		// Joining navigates inside the app (no early socket); loading the board page again is where it counts.
		// The app's scripts are held until the early socket has the server's board, so that the provider
		// takes a socket that has already asked for it and received it (a slow network's or a loaded
		// machine's order).
		await page.route('**/_app/immutable/entry/**', async (route) => {
			await waitFor(
				async () => ((await socketsOf(page).catch(() => []))[0]?.step2 ?? 0) > 0,
				'the early socket to receive the board',
				10_000
			);
			await route.continue();
		});
		await page.reload();
		await page.locator('[data-status="saved"]').waitFor({ timeout: 15_000 });
		await page.unrouteAll();
		await page.getByRole('button', { name: 'Outline' }).click();
		await outlineItem(page, 'On the board before Sam came back').waitFor({ timeout: 10_000 });
		// One content socket, made by the early script, still the provider's: the app did not open its own
		// (it closes an early socket it cannot use and opens another). The server sent the board once: the
		// provider's own sync step 1 was not sent again on the socket that had already asked.
		expect(await socketsOf(page)).toEqual([{ early: true, open: true, step2: 1 }]);

		// Changes travel both ways on it.
		await page.getByLabel('New note').fill('Written by Sam on the early socket');
		await page.getByRole('button', { name: 'Add note', exact: true }).click();
		await expect
			.poll(() => readElements(alex.doc).some((el) => el.kind === 'note' && el.text === 'Written by Sam on the early socket'), {
				timeout: 10_000
			})
			.toBe(true);

		// The connection drops: the provider reconnects with a socket of its own, and syncs on it.
		await page.evaluate(() => (window as unknown as { __contentSockets: { socket: WebSocket }[] }).__contentSockets[0].socket.close());
		await expect.poll(async () => (await socketsOf(page)).map((s) => s.early && !s.open), { timeout: 15_000 }).toEqual([true, false]);
		await expect.poll(async () => (await socketsOf(page))[1].open, { timeout: 15_000 }).toBe(true);
		createElement(alex.doc, { kind: 'note', x: 300, y: 0, text: 'Seen after the reconnect', createdBy: facilitator.participantId });
		await outlineItem(page, 'Seen after the reconnect').waitFor({ timeout: 10_000 });
		await page.getByLabel('New note').fill('Sent after the reconnect');
		await page.getByRole('button', { name: 'Add note', exact: true }).click();
		await expect
			.poll(() => readElements(alex.doc).some((el) => el.kind === 'note' && el.text === 'Sent after the reconnect'), { timeout: 10_000 })
			.toBe(true);
		expect(await socketsOf(page)).toHaveLength(2);
		expect(errors).toEqual([]);
		alex.destroy();
		await context.close();
	});

	it('is not opened on a board page this browser has no session for', async () => {
		// The early script opens a socket only on /b/<id> with a session for that board; other pages make none.
		const board = await createBoard(server.url);
		const context = await browser.newContext();
		await context.addInitScript(RECORD_SOCKETS);
		const page = await context.newPage();
		await page.goto(`${server.url}/b/${board.id}`);
		await page.getByRole('heading', { name: 'You have not joined this board yet' }).waitFor();
		expect(await socketsOf(page)).toEqual([]);
		await context.close();
	});
});
