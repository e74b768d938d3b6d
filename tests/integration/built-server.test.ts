/**
 * The bundle `npm run build` makes is the server `npm start` runs: started as its own process with nothing but
 * environment variables, it answers /healthz, serves the app's pages, creates and joins boards, syncs with
 * the stock y-websocket client and makes export files in its bundled worker. `npm start` without a build says what to do instead of building.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtServerUnavailable, startBuiltServer, type BuiltServer } from '../helpers/built-server.js';
import { connect, createBoard, join as joinBoard, synced, waitFor } from '../helpers/clients.js';
import { describeSkipped } from '../helpers/services.js';
import { createElement, readBoardInfo, readElements } from '../../src/lib/doc/index.js';
import { createSqliteStore } from '../../server/persistence/sqlite-store.js';
import { silentLogger } from '../../server/log.js';

const unavailable = builtServerUnavailable();

describe('npm start without a build', () => {
	it('exits non-zero and says to run npm run build', () => {
		const dir = mkdtempSync(join(tmpdir(), 'convene-nobuild-'));
		try {
			mkdirSync(join(dir, 'scripts'));
			copyFileSync('scripts/run-built.mjs', join(dir, 'scripts', 'run-built.mjs'));
			const run = spawnSync(process.execPath, [join(dir, 'scripts', 'run-built.mjs'), 'server'], { encoding: 'utf8' });
			expect(run.status).toBe(1);
			expect(run.stderr).toMatch(/Run `npm run build` first/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

if (unavailable) {
	describeSkipped(unavailable, ['the built server answers /healthz, serves pages, creates, joins and syncs a board']);
} else {
	describe('the built server (node build/server.js)', () => {
		let server: BuiltServer;
		let dataDir: string;
		/** Boards whose content was edited: on shutdown their rooms compact, in build/compaction-worker.js. */
		const edited: string[] = [];

		beforeAll(async () => {
			dataDir = mkdtempSync(join(tmpdir(), 'convene-built-'));
			server = await startBuiltServer({ DATA_DIR: dataDir, PUBLIC_URL: 'http://convene.test:8080' });
		});
		afterAll(async () => {
			const code = await server?.stop();
			try {
				if (!server) return;
				// A clean shutdown (SIGTERM saves every open board and exits 0).
				expect(code).toBe(0);
				// Saving compacted each edited board: a snapshot built by the bundled compaction worker, and no log left.
				expect(server.logs.filter((l) => l.includes('compaction'))).toEqual([]);
				const store = createSqliteStore({ dir: dataDir, log: silentLogger });
				try {
					for (const id of edited) {
						const stored = await store.docs.load(`${id}/content`);
						expect(stored.snapshot).not.toBeNull();
						expect(stored.updates).toEqual([]);
					}
				} finally {
					await store.close();
				}
			} finally {
				rmSync(dataDir, { recursive: true, force: true });
			}
		});

		it('answers /healthz and logs which store it opened', async () => {
			const res = await fetch(`${server.url}/healthz`);
			expect(res.status).toBe(200);
			expect(await res.json()).toMatchObject({ ok: true });
			expect(server.logs.some((l) => l.includes('opened SQLite store') && l.includes(dataDir))).toBe(true);
		});

		it('serves the built app', async () => {
			const res = await fetch(`${server.url}/`);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toMatch(/text\/html/);
			expect(await res.text()).toMatch(/<html/i);
		});

		it('creates a board with links on PUBLIC_URL, joins it, and syncs between two clients', async () => {
			const board = await createBoard(server.url, 'Built server check');
			edited.push(board.id);
			expect(new URL(board.links.participant).origin).toBe('http://convene.test:8080');
			// The links point at PUBLIC_URL; the API is reached at the address the server listens on.
			const fay = await joinBoard(server.url, board.id, board.links.facilitator, 'Fay', 'Local authority');
			const pat = await joinBoard(server.url, board.id, board.links.participant, 'Pat', 'School');
			expect([fay.role, pat.role]).toEqual(['facilitator', 'participant']);

			const a = connect(server.url, board.id, 'content', fay.sessionToken);
			const b = connect(server.url, board.id, 'content', pat.sessionToken);
			try {
				await Promise.all([synced(a), synced(b)]);
				createElement(a.doc, { kind: 'note', x: 0, y: 0, text: 'Parents feel unheard' });
				await waitFor(
					() => readElements(b.doc).some((e) => e.kind === 'note' && e.text === 'Parents feel unheard'),
					'the note to reach the second client'
				);
				const server2 = connect(server.url, board.id, 'server', pat.sessionToken);
				try {
					await synced(server2);
					// The board's title, written by the server when it created the board.
					expect(readBoardInfo(server2.doc)?.title).toBe('Built server check');
				} finally {
					server2.destroy();
				}
			} finally {
				a.destroy();
				b.destroy();
			}
		});

		it('makes export files in its worker threads (build/export-worker.js), from what was just written', async () => {
			const board = await createBoard(server.url, 'Built export check');
			const fay = await joinBoard(server.url, board.id, board.links.facilitator, 'Fay', 'Local authority');
			const a = connect(server.url, board.id, 'content', fay.sessionToken);
			try {
				await synced(a);
				createElement(a.doc, { kind: 'note', x: 0, y: 0, text: 'Transition plans arrive late' });
				const reader = connect(server.url, board.id, 'content', fay.sessionToken);
				await synced(reader);
				await waitFor(() => readElements(reader.doc).length === 1, 'the note on the server');
				reader.destroy();
			} finally {
				a.destroy();
			}
			const get = async (format: string) => {
				const res = await fetch(`${server.url}/api/boards/${board.id}/export/${format}?session=${fay.sessionToken}`);
				return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
			};
			const md = await get('md');
			expect(md.status).toBe(200);
			expect(md.body.toString('utf8')).toContain('Transition plans arrive late');
			const pdf = await get('pdf');
			expect(pdf.status).toBe(200);
			expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
			const png = await get('png');
			expect(png.status).toBe(200);
			expect(png.body.subarray(1, 4).toString()).toBe('PNG');
		}, 120_000);
	});
}
