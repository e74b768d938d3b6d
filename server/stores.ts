/** Chooses the store and the bus from configuration. */
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Store } from './persistence/types.js';
import type { RoomBus } from './scale-out/types.js';
import { createLocalBus } from './scale-out/local-bus.js';

export async function createStoreFromConfig(config: Config, log: Logger): Promise<Store> {
	if (config.DATABASE_URL) {
		const { createPostgresStore } = await import('./persistence/postgres-store.js');
		return createPostgresStore({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, log });
	}
	const { createSqliteStore } = await import('./persistence/sqlite-store.js');
	return createSqliteStore({ dir: config.DATA_DIR, log });
}

export async function createBusFromConfig(config: Config, log: Logger): Promise<RoomBus> {
	if (config.REDIS_URL) {
		const { createRedisBus } = await import('./scale-out/redis-bus.js');
		return createRedisBus({ url: config.REDIS_URL, log });
	}
	return createLocalBus();
}
