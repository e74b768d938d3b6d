/**
 * `npm run backup` and `npm run restore`: the command line for the configured store (the same environment as
 * `npm start`: DATA_DIR, or DATABASE_URL and DATABASE_SCHEMA). Bundled into `build/cli.js` by `npm run build`.
 *
 *     npm run backup                         a backup in ./backups/, named by the time
 *     npm run backup -- --to /safe/x.sqlite  a backup at that path
 *     npm run restore -- /safe/x.sqlite      replaces the store's data with the backup (stop the server first)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig, type Config } from './config.js';
import { SQLITE_FILE } from './persistence/sqlite-store.js';
import { backup, CommandError, defaultBackupFile, restore, type StoreLocation } from './cli/backup.js';

const USAGE = `Usage:
  npm run backup [-- --to <file>]        back up the configured store (default: backups/convene-<time>.sqlite or .dump)
  npm run restore -- <file> [--force]    replace the configured store's data with a backup (stop the server first)

The store is chosen as the server chooses it: DATABASE_URL (and DATABASE_SCHEMA) for PostgreSQL, else DATA_DIR's SQLite file.`;

const Command = z.discriminatedUnion('command', [
	z.object({
		command: z.literal('backup'),
		to: z.string().min(1).optional(),
		files: z.array(z.string()).max(0, 'backup takes no file; use --to <file>')
	}),
	z.object({
		command: z.literal('restore'),
		files: z.array(z.string().min(1)).length(1, 'restore needs the backup file to restore'),
		force: z.boolean()
	})
]);

function locationOf(config: Config): StoreLocation {
	if (config.DATABASE_URL) return { kind: 'postgres', url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA };
	return { kind: 'sqlite', file: path.join(config.DATA_DIR, SQLITE_FILE) };
}

function describe(location: StoreLocation): string {
	if (location.kind === 'sqlite') return `the SQLite database ${location.file}`;
	const url = new URL(location.url);
	url.password = url.password ? '***' : '';
	return `PostgreSQL ${url.toString()}, schema "${location.schema}"`;
}

async function main(argv: string[]): Promise<void> {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		options: { to: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } }
	});
	if (values.help || positionals.length === 0) {
		console.log(USAGE);
		process.exit(values.help ? 0 : 1);
	}
	const parsed = Command.safeParse({ command: positionals[0], files: positionals.slice(1), to: values.to, force: values.force });
	if (!parsed.success) throw new CommandError(`${parsed.error.issues.map((i) => i.message).join('; ')}\n\n${USAGE}`);
	const location = locationOf(loadConfig(process.env));

	if (parsed.data.command === 'backup') {
		const to = parsed.data.to ?? defaultBackupFile(location);
		console.log(`Backing up ${describe(location)} …`);
		const done = await backup(location, to);
		console.log(`Backed up ${done.boards} board(s) to ${done.file} (${(done.bytes / 1024).toFixed(0)} KiB).`);
		return;
	}
	const [from] = parsed.data.files;
	console.log(`Restoring ${from} into ${describe(location)} …`);
	const done = await restore(location, from, { force: parsed.data.force });
	console.log(`Restored ${done.boards} board(s). Start the server again.`);
	if (done.previous) {
		console.log(
			location.kind === 'sqlite'
				? `What was there before is kept in ${done.previous}: delete it once you are satisfied (it holds every board it had, deleted ones included).`
				: `What was there before is kept in the schema "${done.previous}": once you are satisfied, DROP SCHEMA "${done.previous}" CASCADE (it holds every board it had).`
		);
	}
}

main(process.argv.slice(2)).catch((error) => {
	process.stderr.write(`${error instanceof CommandError ? error.message : error instanceof Error ? `${error.message}` : String(error)}\n`);
	process.exit(1);
});
