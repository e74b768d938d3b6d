/**
 * The server as a separate process (API + sync, no pages), for tests that kill it: `kill -9` must not
 * lose what it had received. Prints "listening <port>" when ready.
 */
import { createApp, listen } from '../../server/app.js';
import { createSqliteStore } from '../../server/persistence/sqlite-store.js';
import { createLocalBus } from '../../server/scale-out/local-bus.js';
import { createLogger } from '../../server/log.js';

const dir = process.env.DATA_DIR!;
const port = Number(process.env.PORT ?? 0);
const log = createLogger('warn');
const app = createApp({ store: createSqliteStore({ dir, log }), bus: createLocalBus(), log, roomGraceMs: 60_000 });
const { port: actual } = await listen(app, port);
process.stdout.write(`listening ${actual}\n`);
