/**
 * Backup and restore of the configured store (docs/deploy.md, "Backup and restore").
 *
 * - SQLite: an online backup through SQLite's backup API (better-sqlite3's `db.backup`), consistent while the
 *   server runs and writes (the database is in WAL mode, so copying the file alone is not); the copy is checked
 *   (`PRAGMA integrity_check`) and made a self-contained single file.
 * - PostgreSQL: `pg_dump --format=custom` of the store's schema, restored with `pg_restore` in one transaction.
 *
 * A restore replaces the store's data, so it refuses while a server is using the store (stop it first), and
 * keeps what it replaced (the old file, or the old schema renamed) until you delete it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SQLITE_SCHEMA_VERSION } from '../persistence/sqlite-schema.js';
import { POSTGRES_APPLICATION_NAME } from '../persistence/postgres-store.js';
import { quoteIdent } from '../persistence/postgres-schema.js';

/** Where the configured store keeps its data. */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string };

export interface BackupResult {
	file: string;
	boards: number;
	bytes: number;
}

export interface RestoreResult {
	boards: number;
	/** What the restore replaced and kept: a file, or a schema; null when there was nothing. */
	previous: string | null;
}

/** A refusal the person running the command can act on: printed without a stack trace. */
export class CommandError extends Error {}

/** `20260301-142501`: sorts by time and is safe in file and schema names. */
export function stamp(at = new Date()): string {
	return at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** The default backup file: `backups/convene-<stamp>.sqlite` or `.dump`, relative to the working directory. */
export function defaultBackupFile(location: StoreLocation, at = new Date()): string {
	return path.join('backups', `convene-${stamp(at)}.${location.kind === 'sqlite' ? 'sqlite' : 'dump'}`);
}

export async function backup(location: StoreLocation, to: string): Promise<BackupResult> {
	if (fs.existsSync(to)) throw new CommandError(`${to} already exists; choose another file (a backup never overwrites one).`);
	if (location.kind === 'sqlite' && !fs.existsSync(location.file))
		throw new CommandError(`There is no database at ${location.file} (check DATA_DIR).`);
	fs.mkdirSync(path.dirname(path.resolve(to)), { recursive: true });
	return location.kind === 'sqlite' ? backupSqlite(location.file, to) : backupPostgres(location, to);
}

export async function restore(location: StoreLocation, from: string, options: { force?: boolean } = {}): Promise<RestoreResult> {
	if (!fs.existsSync(from)) throw new CommandError(`There is no backup at ${from}.`);
	return location.kind === 'sqlite' ? restoreSqlite(from, location.file, options) : restorePostgres(location, from, options);
}

// --- SQLite ---------------------------------------------------------------------------------------------

/** Checks a SQLite backup is whole and from a schema this server can open; returns its number of boards. */
function checkSqliteBackup(file: string): number {
	let db: Database.Database;
	try {
		db = new Database(file, { readonly: true, fileMustExist: true });
	} catch (error) {
		throw new CommandError(`${file} is not a SQLite database: ${(error as Error).message}`);
	}
	try {
		const ok = db.pragma('integrity_check', { simple: true });
		if (ok !== 'ok') throw new CommandError(`${file} is damaged: integrity_check says ${String(ok)}`);
		const version = db.pragma('user_version', { simple: true }) as number;
		const hasBoards = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'boards'").pluck().get() === 1;
		if (version < 1 || !hasBoards) throw new CommandError(`${file} is not a Convene database (no boards table).`);
		if (version > SQLITE_SCHEMA_VERSION)
			throw new CommandError(`${file} is from a newer Convene (schema ${version}; this one reads up to ${SQLITE_SCHEMA_VERSION}).`);
		return db.prepare('SELECT count(*) FROM boards').pluck().get() as number;
	} catch (error) {
		if (error instanceof CommandError) throw error;
		if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new CommandError(`${file} is not a SQLite database.`);
		throw new CommandError(`${file} could not be read: ${(error as Error).message}`);
	} finally {
		db.close();
	}
}

async function backupSqlite(file: string, to: string): Promise<BackupResult> {
	const source = new Database(file, { fileMustExist: true });
	const partial = `${to}.partial`;
	try {
		source.pragma('busy_timeout = 5000');
		// The backup API copies a consistent snapshot page by page, even while the server writes.
		await source.backup(partial);
	} finally {
		source.close();
	}
	// One self-contained file: the copy carries the source's WAL flag, which would make it need a -wal file.
	const copy = new Database(partial);
	copy.pragma('journal_mode = DELETE');
	copy.close();
	const boards = checkSqliteBackup(partial);
	fs.renameSync(partial, to);
	return { file: to, boards, bytes: fs.statSync(to).size };
}

function restoreSqlite(from: string, file: string, { force = false }: { force?: boolean }): RestoreResult {
	const boards = checkSqliteBackup(from);
	// SQLite removes the -wal file when the last connection closes cleanly, so one there means a server has the
	// database open (or was killed; then its last writes are in the -wal, and --force keeps them with the old file).
	if (fs.existsSync(`${file}-wal`) && !force) {
		throw new CommandError(
			`${file} is in use: stop the server first. (If it is stopped, it did not shut down cleanly: start and stop it once, or pass --force.)`
		);
	}
	fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	let previous: string | null = null;
	if (fs.existsSync(file)) {
		previous = `${file}.before-restore-${stamp()}`;
		fs.renameSync(file, previous);
		for (const suffix of ['-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, previous + suffix);
	}
	// Copy beside the target and rename: the database appears whole or not at all.
	const partial = `${file}.restoring`;
	fs.copyFileSync(from, partial);
	fs.renameSync(partial, file);
	return { boards, previous };
}

// --- PostgreSQL -----------------------------------------------------------------------------------------

/** libpq takes the URL; the password goes by environment, so it never shows in the process list. */
function pgConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
	const parsed = new URL(url);
	const password = decodeURIComponent(parsed.password);
	parsed.password = '';
	return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): string {
	const run = spawnSync(tool, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
		throw new CommandError(
			`${tool} is not installed. Install the PostgreSQL client tools (e.g. apt-get install postgresql-client), of the server's major version or newer.`
		);
	}
	if (run.status !== 0) throw new CommandError(`${tool} failed:\n${(run.stderr || run.stdout || String(run.error)).trim()}`);
	return run.stdout;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'convene-backup' });
	try {
		await client.connect();
	} catch (error) {
		throw new CommandError(`PostgreSQL is not reachable: ${(error as Error).message}`);
	}
	try {
		return await fn(client);
	} finally {
		await client.end().catch(() => {});
	}
}

async function countBoards(client: pg.Client, schema: string): Promise<number> {
	const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.boards`);
	return rows[0].n;
}

async function backupPostgres(location: Extract<StoreLocation, { kind: 'postgres' }>, to: string): Promise<BackupResult> {
	const { dbname, env } = pgConnection(location.url);
	const partial = `${to}.partial`;
	// One consistent snapshot of the schema (pg_dump runs in one repeatable-read transaction).
	runPgTool(
		'pg_dump',
		['--format=custom', `--schema=${location.schema}`, '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`],
		env
	);
	const listed = listDump(partial, env);
	if (!listed.tables.includes('boards'))
		throw new CommandError(`The schema "${location.schema}" holds no Convene tables (check DATABASE_SCHEMA).`);
	const boards = await withClient(location.url, (client) => countBoards(client, location.schema));
	fs.renameSync(partial, to);
	return { file: to, boards, bytes: fs.statSync(to).size };
}

/** The schema and tables a custom-format dump holds, from `pg_restore --list`. */
function listDump(file: string, env: NodeJS.ProcessEnv): { schemas: string[]; tables: string[] } {
	const toc = runPgTool('pg_restore', ['--list', file], env);
	const schemas: string[] = [];
	const tables: string[] = [];
	for (const line of toc.split('\n')) {
		const schema = /^\d+; \d+ \d+ SCHEMA - (\S+) /.exec(line);
		if (schema) schemas.push(schema[1]);
		const table = /^\d+; \d+ \d+ TABLE (\S+) (\S+) /.exec(line);
		if (table) tables.push(table[2]);
	}
	return { schemas, tables };
}

async function restorePostgres(
	location: Extract<StoreLocation, { kind: 'postgres' }>,
	from: string,
	{ force = false }: { force?: boolean }
): Promise<RestoreResult> {
	const { dbname, env } = pgConnection(location.url);
	const { schema } = location;
	let listed: { schemas: string[]; tables: string[] };
	try {
		listed = listDump(from, env);
	} catch (error) {
		throw new CommandError(`${from} is not a pg_dump custom-format backup: ${(error as Error).message}`);
	}
	if (!listed.tables.includes('boards')) throw new CommandError(`${from} holds no Convene tables.`);
	if (!listed.schemas.includes(schema)) {
		throw new CommandError(
			`${from} holds the schema ${listed.schemas.map((s) => `"${s}"`).join(', ') || '(none)'}, not "${schema}": set DATABASE_SCHEMA to restore it.`
		);
	}
	return withClient(location.url, async (client) => {
		const { rows: servers } = await client.query<{ n: number }>(
			'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
			[POSTGRES_APPLICATION_NAME]
		);
		if (servers[0].n > 0 && !force) {
			throw new CommandError(
				`${servers[0].n} connection(s) of a running Convene server use this database: stop every server first (or pass --force).`
			);
		}
		const { rows: existing } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
		// Keep what is there under another name until the restore has worked; put it back if it fails.
		const previous = existing.length > 0 ? `${schema.slice(0, 30)}_before_restore_${stamp().replace('-', '_')}` : null;
		if (previous) await client.query(`ALTER SCHEMA ${quoteIdent(schema)} RENAME TO ${quoteIdent(previous)}`);
		try {
			runPgTool(
				'pg_restore',
				['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, from],
				env
			);
		} catch (error) {
			if (previous) await client.query(`ALTER SCHEMA ${quoteIdent(previous)} RENAME TO ${quoteIdent(schema)}`);
			throw error;
		}
		return { boards: await countBoards(client, schema), previous };
	});
}
