/**
 * End-to-end helpers: the built app served by the real server on a free port, and headless Chromium
 * from the OS driven by playwright-core (never a browser download).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type TestServer } from './server.js';
import type { RequestHandler } from '../../server/app.js';
import type { Limits } from '../../server/transport/connection.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const HAVE_BUILD = existsSync(resolve('build/handler.js'));
export const SCREENSHOTS = resolve('test-results/screenshots');

/** Why the e2e suite cannot run here, or null. Printed loudly by the suite when it skips. */
export function e2eUnavailable(): string | null {
	if (!HAVE_CHROMIUM) return `SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
	if (!HAVE_BUILD) return 'SKIPPED: the app is not built (run npm run build, or npm test which builds first)';
	return null;
}

/** The built app on the real server; pass `dir` and `port` to restart one on the same data and address. */
export async function startAppServer(options: { dir?: string; port?: number; limits?: Partial<Limits> } = {}): Promise<TestServer> {
	const { handler } = (await import(pathToFileURL(resolve('build/handler.js')).href)) as { handler: RequestHandler };
	return startServer({ pages: handler, ...options });
}

/** The people Convene is for are in the UK: every context is a UK browser (dates read dd/mm/yyyy) unless a test says otherwise. */
const UK = { locale: 'en-GB', timezoneId: 'Europe/London' } as const;

export async function launch(): Promise<Browser> {
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
			'--disable-sync',
			'--disable-quic'
		]
	});
	const newContext = browser.newContext.bind(browser);
	const newPage = browser.newPage.bind(browser);
	browser.newContext = (options = {}) => newContext({ ...UK, ...options });
	browser.newPage = (options = {}) => newPage({ ...UK, ...options });
	return browser;
}

/** Fails the test on page errors and on Content-Security-Policy violations (the app must work under its CSP). */
export function watchErrors(page: Page, label: string): string[] {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(`${label}: ${error.message}`));
	page.on('console', (message) => {
		const text = message.text();
		if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) errors.push(`${label}: ${text}`);
	});
	return errors;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.x A and AA rules) in the page; returns serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
	// evaluate() runs over the DevTools protocol, so the page's CSP (rightly) does not block it.
	await page.evaluate(axeSource);
	const result = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
		return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
	});
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOTS, { recursive: true });
	const path = `${SCREENSHOTS}/${name}.png`;
	await page.screenshot({ path });
	return path;
}
