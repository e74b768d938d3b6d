import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { e2eUnavailable, launch, screenshot, startAppServer } from '../helpers/browser.js';
import { connect, createBoard, join as joinBoard } from '../helpers/clients.js';
import { addBigBoard } from '../helpers/big-board.js';
import { createElement } from '../../src/lib/doc/commands.js';
import { getElementsMap } from '../../src/lib/doc/board-doc.js';
import type { TestServer } from '../helpers/server.js';

const unavailable = e2eUnavailable();
const suite = unavailable ? describe.skip : describe;
const outlineItem = (page: Page, text: string) => page.locator('#outline li.item .label', { hasText: text });

async function joinAs(page: Page, link: string, name: string) {
	await page.goto(link);
	await page.getByLabel('Your name').fill(name);
	await page.getByRole('button', { name: 'Join the board' }).click();
	await page.waitForURL(/\/b\/[a-z0-9]+$/);
	await page.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
}

async function addNoteFromOutline(page: Page, text: string) {
	await page.getByLabel('New note').fill(text);
	await page.getByRole('button', { name: 'Add note', exact: true }).click();
}

/**
 * Whether the page's own copy of the board's content (y-indexeddb, database `convene:<board>:content`) has
 * committed an update holding `text`: what survives closing the tab.
 */
async function savedOnDevice(page: Page, boardId: string, text: string): Promise<boolean> {
	return page.evaluate(
		async ({ name, text }) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const open = indexedDB.open(name);
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			try {
				if (!db.objectStoreNames.contains('updates')) return false;
				const updates = await new Promise<unknown[]>((resolve, reject) => {
					const all = db.transaction('updates', 'readonly').objectStore('updates').getAll();
					all.onsuccess = () => resolve(all.result);
					all.onerror = () => reject(all.error);
				});
				const needle = new TextEncoder().encode(text);
				const holds = (bytes: Uint8Array) => {
					for (let i = 0; i + needle.length <= bytes.length; i++) if (needle.every((b, j) => bytes[i + j] === b)) return true;
					return false;
				};
				return updates.some((u) => u instanceof Uint8Array && holds(u));
			} finally {
				db.close();
			}
		},
		{ name: `convene:${boardId}:content`, text }
	);
}

suite(unavailable ?? 'working through a dropped connection', () => {
	const dir = mkdtempSync(join(tmpdir(), 'convene-offline-'));
	let server: TestServer;
	let browser: Browser;

	beforeAll(async () => {
		server = await startAppServer({ dir });
		browser = await launch();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('keeps notes written while the server is down, even after the tab is closed, and merges them on return', async () => {
		const board = await createBoard(server.url);
		const alexContext = await browser.newContext();
		const samContext = await browser.newContext();
		const alex = await alexContext.newPage();
		const sam = await samContext.newPage();
		await joinAs(alex, board.links.participant, 'Alex');
		await joinAs(sam, board.links.participant, 'Sam');
		for (const page of [alex, sam]) await page.getByRole('button', { name: 'Outline' }).click();

		const port = server.port;
		await server.stop({ keepData: true });
		await alex.locator('[data-status="reconnecting"]').waitFor({ timeout: 10_000 });
		await addNoteFromOutline(alex, 'Written on the train with no signal');
		await outlineItem(alex, 'Written on the train').waitFor();
		await screenshot(alex, '10-offline-reconnecting');
		// Once the note is on the device, close the tab while still offline.
		await expect.poll(() => savedOnDevice(alex, board.id, 'Written on the train with no signal'), { timeout: 10_000 }).toBe(true);
		await alex.close();

		server = await startAppServer({ dir, port });
		// Sam's tab reconnects by itself; Alex comes back later in a new tab.
		await sam.locator('[data-status="saved"]').waitFor({ timeout: 15_000 });
		const again = await alexContext.newPage();
		await again.goto(`${server.url}/b/${board.id}`);
		await again.locator('[data-status="saved"]').waitFor({ timeout: 15_000 });
		await outlineItem(sam, 'Written on the train with no signal').waitFor({ timeout: 10_000 });
		expect(await sam.locator('#outline li.item').count()).toBe(1);
		await screenshot(sam, '11-offline-merged');
		await alexContext.close();
		await samContext.close();
	});

	it('keeps a big board it opened on the device, though its first sync arrives without update events', async () => {
		// Over 64 KB of board: the page applies the server's first sync step 2 with no 'update' listeners
		// (src/lib/sync/board-connection.ts) and stores the whole document in IndexedDB after the first frame.
		const board = await createBoard(server.url);
		const facilitator = await joinBoard(server.url, board.id, board.links.facilitator, 'Alex', 'Local authority education');
		const builder = connect(server.url, board.id, 'content', facilitator.sessionToken);
		await expect.poll(() => builder.provider.synced, { timeout: 10_000 }).toBe(true);
		addBigBoard(builder.doc, 400, 80, facilitator.participantId);
		createElement(builder.doc, {
			kind: 'note',
			x: -2000,
			y: -2000,
			text: 'Seen before the train left',
			createdBy: facilitator.participantId
		});
		const check = connect(server.url, board.id, 'content', facilitator.sessionToken);
		await expect.poll(() => getElementsMap(check.doc).size, { timeout: 30_000 }).toBe(getElementsMap(builder.doc).size);
		builder.destroy();
		check.destroy();

		const context = await browser.newContext();
		const page = await context.newPage();
		await joinAs(page, board.links.participant, 'Sam');
		await expect.poll(() => savedOnDevice(page, board.id, 'Seen before the train left'), { timeout: 15_000 }).toBe(true);
		// What the page writes from then on is stored as it happens, as before.
		await page.getByRole('button', { name: 'Outline' }).click();
		await addNoteFromOutline(page, 'Added once the big board was here');
		await expect.poll(() => savedOnDevice(page, board.id, 'Added once the big board was here'), { timeout: 10_000 }).toBe(true);
		await context.close();
	});
});
