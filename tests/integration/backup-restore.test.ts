/**
 * Backup and restore, tried for real with the commands an operator runs (`npm run backup`, `npm run restore`,
 * i.e. the built CLI): a board with notes, a private note, members and votes is backed up while the server
 * runs; the data is destroyed; the backup is restored; a server started on the restored data shows the board
 * as it was at the backup (and not what was written after it), and people's sessions still work.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, synced, waitFor } from '../helpers/clients.js';
import { builtServerUnavailable } from '../helpers/built-server.js';
import { adminQuery, describeSkipped, missingServices, TEST_DATABASE_URL } from '../helpers/services.js';
import { createElement, readBoardInfo, readDrafts, readElements, readMembers } from '../../src/lib/doc/index.js';
import { createPostgresStore } from '../../server/persistence/postgres-store.js';
import { silentLogger } from '../../server/log.js';
import type { Store } from '../../server/persistence/types.js';
import { MARKS, makeWorkshop, patsDots, type Workshop } from './workshop-fixture.js';

const AFTER_BACKUP = 'Written-after-the-backup-6630';

/** Runs `npm run <backup|restore> -- …` as the operator would (the built CLI, through scripts/run-built.mjs). */
function cli(args: string[], env: Record<string, string>): Promise<{ status: number | null; out: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['scripts/run-built.mjs', 'cli', ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
		let out = '';
		child.stdout.on('data', (c: Buffer) => (out += c.toString()));
		child.stderr.on('data', (c: Buffer) => (out += c.toString()));
		child.on('close', (status) => resolve({ status, out }));
	});
}

/** What a restore must bring back, read through the real server with the same sessions as before. */
async function boardAsSeen(url: string, w: Workshop) {
	const open = async (doc: string, session: string) => {
		const client = connect(url, w.boardId, doc, session);
		await synced(client);
		return client;
	};
	const [content, server, drafts] = [
		await open('content', w.pat.sessionToken),
		await open('server', w.pat.sessionToken),
		await open('drafts', w.pat.sessionToken)
	];
	try {
		return {
			texts: readElements(content.doc)
				.map((e) => ('text' in e ? e.text : ''))
				.sort(),
			title: readBoardInfo(server.doc)?.title,
			members: readMembers(server.doc)
				.map((m) => m.name)
				.sort(),
			drafts: readDrafts(drafts.doc).map((d) => d.text),
			dots: await patsDots(url, w)
		};
	} finally {
		for (const c of [content, server, drafts]) c.destroy();
	}
}

/** Writes one more note through the facilitator and waits until the server has it. */
async function writeAfterBackup(url: string, w: Workshop): Promise<void> {
	const client = connect(url, w.boardId, 'content', w.fac.sessionToken);
	await synced(client);
	createElement(client.doc, { kind: 'note', x: 0, y: 500, text: AFTER_BACKUP });
	const probe = connect(url, w.boardId, 'content', w.fac.sessionToken);
	await synced(probe);
	await waitFor(() => readElements(probe.doc).some((e) => e.kind === 'note' && e.text === AFTER_BACKUP), 'the late note on the server');
	client.destroy();
	probe.destroy();
}

const EXPECTED = {
	texts: [MARKS.question, MARKS.note].sort(),
	title: MARKS.title,
	members: ['Fran', 'Pat', 'Vic'],
	drafts: [MARKS.draft]
};

const unbuilt = builtServerUnavailable();
const postgresMissing = await missingServices({ postgres: TEST_DATABASE_URL });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-backup-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

if (unbuilt) {
	describeSkipped(unbuilt, [
		'backs up SQLite online, restores it into an empty data folder, and the board is intact',
		'PostgreSQL backup and restore'
	]);
} else {
	describe('backup and restore (SQLite)', () => {
		it('backs up online, restores into a destroyed data folder, and the board is as it was at the backup', async () => {
			const dataDir = path.join(work, 'sqlite-data');
			const file = path.join(work, 'board.sqlite');
			let server: TestServer | null = await startServer({ dir: dataDir });
			try {
				const w = await makeWorkshop(server.url);
				const before = await boardAsSeen(server.url, w);
				expect(before).toMatchObject(EXPECTED);
				expect(before.dots.json.mine[w.questionId]).toEqual({ feasibility: 2, desirability: 1, viability: 0 });
				w.clients.forEach((c) => c.destroy());

				// Online: the server is running and keeps writing.
				const backedUp = await cli(['backup', '--to', file], { DATA_DIR: dataDir });
				expect(backedUp.out).toMatch(/Backed up 1 board\(s\)/);
				expect(backedUp.status).toBe(0);
				expect(fs.existsSync(`${file}-wal`)).toBe(false);
				await writeAfterBackup(server.url, w);
				// A backup never overwrites one.
				expect((await cli(['backup', '--to', file], { DATA_DIR: dataDir })).status).toBe(1);
				// A restore under a running server is refused and changes nothing.
				const refused = await cli(['restore', file], { DATA_DIR: dataDir });
				expect(refused.status).toBe(1);
				expect(refused.out).toMatch(/stop the server first/);

				await server.stop({ keepData: true });
				server = null;
				// Destroy the data.
				fs.rmSync(dataDir, { recursive: true, force: true });

				const restored = await cli(['restore', file], { DATA_DIR: dataDir });
				expect(restored.out).toMatch(/Restored 1 board\(s\)/);
				expect(restored.status).toBe(0);

				server = await startServer({ dir: dataDir });
				const after = await boardAsSeen(server.url, w);
				expect(after).toEqual(before);
				expect(after.texts).not.toContain(AFTER_BACKUP);
			} finally {
				await server?.stop({ keepData: true });
			}
		});

		it('keeps what a restore replaces, and refuses a file that is not a Convene backup', async () => {
			const dataDir = path.join(work, 'sqlite-replace');
			const server = await startServer({ dir: dataDir });
			const w = await makeWorkshop(server.url);
			w.clients.forEach((c) => c.destroy());
			const file = path.join(work, 'replace.sqlite');
			expect((await cli(['backup', '--to', file], { DATA_DIR: dataDir })).status).toBe(0);
			await server.stop({ keepData: true });

			const junk = path.join(work, 'junk.sqlite');
			fs.writeFileSync(junk, 'not a database');
			const bad = await cli(['restore', junk], { DATA_DIR: dataDir });
			expect(bad.status).toBe(1);
			expect(bad.out).toMatch(/junk.sqlite is not a SQLite database/);

			const restored = await cli(['restore', file], { DATA_DIR: dataDir });
			expect(restored.status).toBe(0);
			const kept = fs.readdirSync(dataDir).filter((f) => f.includes('before-restore'));
			expect(kept).toHaveLength(1);
			expect(restored.out).toContain(kept[0]);
		});
	});

	if (postgresMissing) {
		describeSkipped(postgresMissing, ['PostgreSQL backup (pg_dump) and restore (pg_restore), and the board is intact']);
	} else {
		describe('backup and restore (PostgreSQL)', () => {
			const schema = `convene_backup_${process.pid}_${Date.now().toString(36)}`;
			const env = { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema };
			afterAll(async () => {
				const { rows } = await adminQuery(TEST_DATABASE_URL, 'SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${schema}%`]);
				for (const { nspname } of rows) await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
			});
			const start = async () =>
				startServer({ store: (await createPostgresStore({ url: TEST_DATABASE_URL, schema, log: silentLogger })) as Store });

			it('backs up with pg_dump while the server runs, restores into a dropped schema with pg_restore, and the board is intact', async () => {
				const file = path.join(work, 'board.dump');
				let server: TestServer | null = await start();
				try {
					const w = await makeWorkshop(server.url);
					const before = await boardAsSeen(server.url, w);
					expect(before).toMatchObject(EXPECTED);
					w.clients.forEach((c) => c.destroy());

					const backedUp = await cli(['backup', '--to', file], env);
					expect(backedUp.out).toMatch(/Backed up 1 board\(s\)/);
					expect(backedUp.status).toBe(0);
					await writeAfterBackup(server.url, w);
					const refused = await cli(['restore', file], env);
					expect(refused.status).toBe(1);
					expect(refused.out).toMatch(/stop every server first/);

					await server.stop();
					server = null;
					// Destroy the data.
					await adminQuery(TEST_DATABASE_URL, `DROP SCHEMA "${schema}" CASCADE`);

					const restored = await cli(['restore', file], env);
					expect(restored.out).toMatch(/Restored 1 board\(s\)/);
					expect(restored.status).toBe(0);

					server = await start();
					const after = await boardAsSeen(server.url, w);
					expect(after).toEqual(before);
					expect(after.texts).not.toContain(AFTER_BACKUP);
					await server.stop();
					server = null;

					// Restoring over existing data keeps that data in a renamed schema, and says which.
					const again = await cli(['restore', file], env);
					expect(again.status).toBe(0);
					const previous = /kept in the schema "([a-z0-9_]+)"/.exec(again.out)?.[1];
					expect(previous).toMatch(/_before_restore_/);
					const { rows } = await adminQuery(TEST_DATABASE_URL, `SELECT count(*)::int AS n FROM "${previous}".boards`);
					expect(rows[0].n).toBe(1);
					// A backup of another schema is not restored into this one.
					const wrong = await cli(['restore', file], { ...env, DATABASE_SCHEMA: `${schema}_other` });
					expect(wrong.status).toBe(1);
					expect(wrong.out).toMatch(/set DATABASE_SCHEMA/);
				} finally {
					await server?.stop();
				}
			});
		});
	}
}
