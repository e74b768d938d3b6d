/** The app as `npm run dev` runs it: configuration from the environment, pages served by Vite. */
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { createApp, type App } from './app.js';
import { createBusFromConfig, createStoreFromConfig } from './stores.js';

export async function createDevApp(env: Record<string, string | undefined>): Promise<App> {
	const config = loadConfig(env);
	const log = createLogger(config.LOG_LEVEL);
	return createApp({
		store: await createStoreFromConfig(config, log),
		bus: await createBusFromConfig(config, log),
		log,
		publicUrl: config.PUBLIC_URL,
		roomGraceMs: config.ROOM_GRACE_MS,
		limits: { maxFrameBytes: config.MAX_FRAME_BYTES },
		retentionDays: config.BOARD_RETENTION_DAYS
	});
}
