/**
 * `npm run screenshot`: makes docs/screenshot.png for the README from the real built app: a board
 * started with the causal-loop diagram and "How might we" worked examples, seen by a facilitator with the
 * diagram's loop panel open while a participant's cursor moves over it. Needs a build and Chromium, like e2e.
 */
import { startAppServer, launch, e2eUnavailable } from '../tests/helpers/browser.js';
import { sleep } from '../tests/helpers/clients.js';

const unavailable = e2eUnavailable();
if (unavailable) throw new Error(unavailable);

const server = await startAppServer();
const res = await fetch(`${server.url}/api/boards`, {
	method: 'POST',
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify({
		title: 'Preventing exclusions in Northshire: session 1',
		templates: ['causal-loop', 'how-might-we'],
		example: true
	})
});
const board = (await res.json()) as { links: { facilitator: string; participant: string } };

const browser = await launch();
async function joinAs(link: string, name: string, agency: string) {
	const page = await (await browser.newContext({ viewport: { width: 1440, height: 860 } })).newPage();
	await page.goto(link);
	await page.getByLabel('Your name').fill(name);
	await page.getByLabel('Where you work or who you are here as').selectOption(agency);
	await page.getByRole('button', { name: 'Join the board' }).click();
	await page.waitForURL(/\/b\/[a-z0-9]+$/);
	await page.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
	return page;
}
const page = await joinAs(board.links.facilitator, 'Fran', 'Local authority education');
const other = await joinAs(board.links.participant, 'Alex', 'School');

const map = page.locator('[aria-roledescription="whiteboard"]');
await map.focus();
await page.getByRole('button', { name: /^Fit/ }).click();
await sleep(300);
const box = (await map.boundingBox())!;
// The diagram is the left frame: zoom in a little around its centre (Ctrl + wheel zooms about the pointer).
await page.mouse.move(box.x + box.width * 0.05, box.y + box.height * 0.5);
await page.keyboard.down('Control');
await page.mouse.wheel(0, -100);
await page.keyboard.up('Control');
await sleep(500);
// The panel opens on the right and covers part of the second exercise, not the diagram.
await page.getByRole('button', { name: 'Exercises' }).click();
await sleep(300);
// The panel shows the loops found in the diagram.
await page.locator('#side-panel h3', { hasText: /^Loops$/ }).scrollIntoViewIfNeeded();
await page
	.locator('#side-panel')
	.evaluate((el) =>
		el.scrollBy(0, el.querySelector('h3[id^="cl-loops"]')!.getBoundingClientRect().top - el.getBoundingClientRect().top - 60)
	);
await other.mouse.move(600, 420);
await other.mouse.move(640, 440);
await sleep(600);
await page.screenshot({ path: 'docs/screenshot.png' });
console.log('wrote docs/screenshot.png');
await browser.close();
await server.stop();
