/**
 * Persistence: where boards, sessions and the Yjs update logs live. Pick one factory at the composition root;
 * everything else codes against `Store`, `DocStore` and `BoardStore`.
 *
 * The contract suites (`doc-store.contract.ts`, `board-store.contract.ts`, `vote-store.contract.ts`) are test code and
 * not exported here.
 */
export type {
	BoardRecord,
	BoardStore,
	CastRequest,
	DeletedRows,
	DocStore,
	SessionRecord,
	Store,
	StoredDoc,
	StoredUpdate,
	VoteRefusal,
	VoteRow,
	VoteStore
} from './types.js';
export { isRefusal } from './types.js';
export type { Logger } from '../log.js';
export { createMemoryStore } from './memory-store.js';
export { createSqliteStore, type SqliteOptions } from './sqlite-store.js';
export { createPostgresStore, type PostgresOptions } from './postgres-store.js';
