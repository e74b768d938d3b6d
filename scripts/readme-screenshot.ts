/**
 * `npm run screenshot`: makes docs/screenshot.png for the README from the real built app: a board with
 * frames, notes and connectors written by two people, seen by a facilitator with the outline open and a
 * participant's live cursor. Needs a build and Chromium, like the e2e tests.
 */
import { startAppServer, launch, e2eUnavailable } from '../tests/helpers/browser.js';
import { connect, createBoard, join, synced, sleep } from '../tests/helpers/clients.js';
import { createElement } from '../src/lib/doc/index.js';

const unavailable = e2eUnavailable();
if (unavailable) throw new Error(unavailable);

const server = await startAppServer();
const board = await createBoard(server.url, 'Preventing exclusions in Northshire: session 1');
const sam = await join(server.url, board.id, board.links.participant, 'Sam', 'Health or CAMHS');
const writer = connect(server.url, board.id, 'content', sam.sessionToken);
await synced(writer);
const doc = writer.doc;
const frame = createElement(doc, { kind: 'frame', x: 0, y: 0, w: 1000, h: 620, title: 'What is happening for young people at risk of exclusion?' });
const notes = [
	['Parents feel unheard by school', 'yellow', 40, 80],
	['Long waits for CAMHS assessments', 'blue', 280, 80],
	['Exclusions rising in Year 9', 'pink', 520, 80],
	['Pastoral team stretched thin', 'green', 40, 300],
	['Behaviour policy applied inconsistently', 'orange', 280, 300],
	['Alternative provision places full', 'purple', 520, 300]
] as const;
const ids = notes.map(([text, color, x, y]) => createElement(doc, { kind: 'note', x, y, text, color }));
createElement(doc, { kind: 'connector', from: ids[1], to: ids[2], label: 'needs escalate' });
createElement(doc, { kind: 'connector', from: ids[5], to: ids[2] });
createElement(doc, { kind: 'connector', from: ids[3], to: ids[0], label: 'less time to listen' });
createElement(doc, { kind: 'text', x: 780, y: 90, w: 200, h: 120, text: 'Add what you see in your service', fontSize: 22 });
void frame;
await sleep(300);

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
const page = await context.newPage();
await page.goto(board.links.facilitator);
await page.getByLabel('Your name').fill('Fran');
await page.getByLabel('Where you work or who you are here as').selectOption('Local authority education');
await page.getByRole('button', { name: 'Join the board' }).click();
await page.waitForURL(/\/b\/[a-z0-9]+$/);
await page.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });

// A participant in a second browser, pointing at a note.
const other = await (await browser.newContext({ viewport: { width: 1440, height: 860 } })).newPage();
await other.goto(board.links.participant);
await other.getByLabel('Your name').fill('Alex');
await other.getByLabel('Where you work or who you are here as').selectOption('School');
await other.getByRole('button', { name: 'Join the board' }).click();
await other.waitForURL(/\/b\/[a-z0-9]+$/);
await other.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
await other.mouse.move(700, 420);
await other.mouse.move(720, 430);

await page.getByRole('button', { name: 'Outline' }).click();
await page.getByRole('button', { name: /^Fit/ }).click();
await sleep(800);
await other.mouse.move(690, 440);
await sleep(300);
await page.screenshot({ path: 'docs/screenshot.png' });
console.log('wrote docs/screenshot.png');
await browser.close();
writer.destroy();
await server.stop();
