/**
 * Starts the real server (API + sync, no pages) on a free loopback port with a real SQLite store in a
 * temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, listen, type App, type AppOptions } from '../../server/app.js';
import { createSqliteStore } from '../../server/persistence/sqlite-store.js';
import { createLocalBus } from '../../server/scale-out/local-bus.js';
import { createLogger, silentLogger, type Logger } from '../../server/log.js';
import type { Store } from '../../server/persistence/types.js';

export interface TestServer {
	url: string;
	port: number;
	app: App;
	store: Store;
	dir: string;
	/** Log lines written by the server (warnings and errors), for asserting logged reasons. */
	logs: string[];
	stop(options?: { keepData?: boolean }): Promise<void>;
}

export async function startServer(options: Partial<AppOptions> & { dir?: string; port?: number } = {}): Promise<TestServer> {
	const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'convene-test-'));
	const logs: string[] = [];
	const log: Logger = process.env.DEBUG_SERVER ? createLogger('debug') : createLogger('warn', (line) => logs.push(line));
	const store = options.store ?? createSqliteStore({ dir, log: silentLogger });
	// Tests make many boards from one address; the rate-limit tests switch the limits on themselves.
	const rates = { createBoard: null, joinPerLink: null, joinPerAddress: null, import: null, export: null };
	const app = createApp({ bus: createLocalBus(), log, roomGraceMs: 200, ...options, rates: { ...rates, ...options.rates }, store });
	const { server, port, url } = await listen(app, options.port ?? 0);
	return {
		url,
		port,
		app,
		store,
		dir,
		logs,
		async stop({ keepData = false } = {}) {
			// Close the sockets first (the app says goodbye on each WebSocket), then stop listening.
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			await app.close();
			server.closeAllConnections?.();
			await closed;
			if (!keepData && !options.dir) rmSync(dir, { recursive: true, force: true });
		}
	};
}
