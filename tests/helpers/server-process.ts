/**
 * The server as a separate process (API + sync, no pages), for tests that kill it: `kill -9` must not
 * lose what it had received. Prints "listening <port>" when ready.
 *
 * Environment: PORT; DATA_DIR (SQLite store), or DATABASE_URL with DATABASE_SCHEMA (PostgreSQL store);
 * REDIS_URL with REDIS_PREFIX switches on the Redis bus, so several such processes share boards;
 * MAX_FRAME_BYTES sets the frame limit.
 */
import { createApp, listen } from '../../server/app.js';
import { createSqliteStore } from '../../server/persistence/sqlite-store.js';
import { createPostgresStore } from '../../server/persistence/postgres-store.js';
import { createLocalBus } from '../../server/scale-out/local-bus.js';
import { createRedisBus } from '../../server/scale-out/redis-bus.js';
import { createLogger } from '../../server/log.js';

const env = process.env;
const port = Number(env.PORT ?? 0);
const log = createLogger((env.LOG_LEVEL as 'warn' | 'error' | undefined) ?? 'warn');
const store = env.DATABASE_URL
	? await createPostgresStore({ url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA, log })
	: createSqliteStore({ dir: env.DATA_DIR!, log });
const bus = env.REDIS_URL ? await createRedisBus({ url: env.REDIS_URL, keyPrefix: env.REDIS_PREFIX, log }) : createLocalBus();
const limits = env.MAX_FRAME_BYTES ? { maxFrameBytes: Number(env.MAX_FRAME_BYTES) } : undefined;
// Tests make many boards from one address: no HTTP rate limits here.
const rates = { createBoard: null, joinPerLink: null, joinPerAddress: null, import: null, export: null };
const app = createApp({ store, bus, log, roomGraceMs: 60_000, limits, rates });
const { port: actual } = await listen(app, port);
process.stdout.write(`listening ${actual}\n`);
