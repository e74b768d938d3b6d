/**
 * `npm start`: one process, one port. Serves the built app, the API and WebSocket sync.
 *
 * This file is the entry of the server bundle: `npm run build` compiles it and everything it imports into
 * `build/server.js` (scripts/build-server.mjs), next to the SvelteKit app's `handler.js`, and `npm start`
 * runs that plain JavaScript.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { createApp, listen, type RequestHandler } from './app.js';
import { createBusFromConfig, createStoreFromConfig } from './stores.js';

async function main(): Promise<void> {
	const config = loadConfig(process.env);
	const log = createLogger(config.LOG_LEVEL);
	// The app's handler sits beside this bundle (build/server.js next to build/handler.js) unless BUILD_DIR says otherwise.
	const buildDir = config.BUILD_DIR ?? dirname(fileURLToPath(import.meta.url));
	const handlerPath = resolve(buildDir, 'handler.js');
	if (!existsSync(handlerPath)) throw new Error(`No built app at ${handlerPath}: run "npm run build" first.`);
	const { handler } = (await import(pathToFileURL(handlerPath).href)) as { handler: RequestHandler };

	const store = await createStoreFromConfig(config, log);
	const bus = await createBusFromConfig(config, log);
	const app = createApp({
		store,
		bus,
		log,
		pages: handler,
		publicUrl: config.PUBLIC_URL,
		roomGraceMs: config.ROOM_GRACE_MS,
		limits: { maxFrameBytes: config.MAX_FRAME_BYTES, maxDocBytes: config.MAX_DOC_MB * 1024 * 1024 },
		allowedOrigins: config.ALLOWED_ORIGINS,
		trustProxy: config.TRUST_PROXY,
		sessionIdleMs: config.SESSION_IDLE_DAYS * 24 * 60 * 60 * 1000,
		maxMembers: config.MAX_MEMBERS,
		exportWorkers: config.EXPORT_WORKERS,
		history: {
			snapshotRetentionMs: config.SNAPSHOT_RETENTION_DAYS * 86_400_000,
			deletedRetentionMs: config.DELETED_RETENTION_DAYS * 86_400_000
		},
		retentionDays: config.BOARD_RETENTION_DAYS,
		rates: {
			createBoard: config.RATE_CREATE_BOARD,
			joinPerLink: config.RATE_JOIN_LINK,
			joinPerAddress: config.RATE_JOIN_ADDRESS,
			import: config.RATE_IMPORT,
			export: config.RATE_EXPORT
		}
	});
	const { server, url } = await listen(app, config.PORT, config.HOST);
	log.info(
		{
			url,
			store: config.DATABASE_URL ? 'postgres' : 'sqlite',
			scaleOut: Boolean(config.REDIS_URL),
			retentionDays: config.BOARD_RETENTION_DAYS ?? 'off'
		},
		`Convene is running at ${url}`
	);

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'shutting down: saving every open board');
		server.close();
		await app.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
	// Every input path is guarded; these are the last line. A stray rejection is logged and the server carries
	// on. An exception nobody caught leaves the process in an unknown state: save what can be saved, log it and
	// exit non-zero, so the supervisor (docs/deploy.md) starts a clean process within seconds.
	process.on('unhandledRejection', (reason) => log.error({ error: reason }, 'unhandled promise rejection (the server carries on)'));
	process.on('uncaughtException', (error) => {
		log.error({ error }, 'uncaught exception: saving open boards and restarting');
		const forced = setTimeout(() => process.exit(1), 5000);
		forced.unref();
		void app
			.close()
			.catch(() => {})
			.finally(() => process.exit(1));
	});
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
