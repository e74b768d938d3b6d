/**
 * Runs the contracts against a real PostgreSQL at TEST_DATABASE_URL (default: the local test database).
 * Each fixture gets its own schema, dropped afterwards. If the server is not reachable the suites are
 * registered as skipped under a name that says so, and a warning is printed: never a silent pass.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { silentLogger } from '../log.js';
import { createPostgresStore } from './postgres-store.js';
import { POSTGRES_BOARD_ROWS, POSTGRES_SCHEMA_VERSION, POSTGRES_TABLES_WITHOUT_BOARD_ROWS } from './postgres-schema.js';
import { describeDocStore } from './doc-store.contract.js';
import { describeBoardStore } from './board-store.contract.js';
import { describeVoteStore } from './vote-store.contract.js';
import { describeHistoryStore } from './history-store.contract.js';
import { describeBoardDeletion } from './board-deletion.contract.js';
import type { StoreFixture } from './store-fixture.js';
import { TEST_DATABASE_URL, postgresReachable, redactUrl } from '../../tests/helpers/services.js';

const url = TEST_DATABASE_URL;
// Unique per run; each fixture appends its own number.
const RUN = `convene_test_${process.pid}_${Date.now().toString(36)}`;

const redact = redactUrl;
const reachable = () => postgresReachable(url);

async function adminQuery(sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
	await client.connect();
	try {
		return await client.query(sql, values);
	} finally {
		await client.end();
	}
}

let fixtures = 0;
async function makePostgresFixture(): Promise<StoreFixture> {
	const schema = `${RUN}_${++fixtures}`;
	const open = () => createPostgresStore({ url, schema, log: silentLogger });
	return { store: await open(), reopen: open, cleanup: async () => void (await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)) };
}

if (await reachable()) {
	describeDocStore('PostgresStore', makePostgresFixture);
	describeBoardStore('PostgresStore', makePostgresFixture);
	describeVoteStore('PostgresStore', makePostgresFixture);
	describeHistoryStore('PostgresStore', makePostgresFixture);
	describeBoardDeletion('PostgresStore', makePostgresFixture);

	describe('PostgresStore specifics', () => {
		it('records the schema version and reopens an existing schema without migrating again', async () => {
			const fx = await makePostgresFixture();
			try {
				await fx.store.close();
				const again = await fx.reopen!();
				await again.close();
				const { rows } = await adminQuery(`SELECT version FROM "${RUN}_${fixtures}".schema_migrations ORDER BY version`);
				expect(rows.map((r) => r.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));
			} finally {
				await fx.cleanup!();
			}
		});

		it('every table is either deleted with a board (POSTGRES_BOARD_ROWS) or named as holding no board rows', async () => {
			const fx = await makePostgresFixture();
			try {
				await fx.store.close();
				const { rows } = await adminQuery(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [
					`${RUN}_${fixtures}`
				]);
				const tables = rows.map((r) => r.table_name as string);
				const accounted = new Set([...Object.keys(POSTGRES_BOARD_ROWS), ...POSTGRES_TABLES_WITHOUT_BOARD_ROWS]);
				expect(tables.filter((t) => !accounted.has(t))).toEqual([]);
				expect(Object.keys(POSTGRES_BOARD_ROWS).filter((t) => !tables.includes(t))).toEqual([]);
			} finally {
				await fx.cleanup!();
			}
		});

		it('rejects a schema name that is not a plain identifier', async () => {
			await expect(createPostgresStore({ url, schema: 'x"; DROP TABLE y; --' })).rejects.toThrow();
		});
	});

	afterAll(async () => {
		// Belt and braces: drop anything this run left behind if a cleanup did not run.
		const { rows } = await adminQuery(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`${RUN.replace(/_/g, '\\_')}%`]);
		for (const { nspname } of rows) await adminQuery(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
	});
} else {
	const message = `SKIPPED: PostgreSQL not reachable at ${redact(url)}`;
	console.warn(message);
	describe.skip(message, () => {
		it('DocStore, BoardStore and VoteStore contracts', () => {});
	});
}
