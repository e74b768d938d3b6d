import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { connect, createBoard, join, savedOnDisk, synced, waitFor } from '../helpers/clients.js';
import { createElement, readElements } from '../../src/lib/doc/index.js';

const dir = mkdtempSync(joinPath(tmpdir(), 'convene-kill-'));
const children: ChildProcess[] = [];
afterAll(() => {
	for (const c of children) c.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
});

function startProcess(): Promise<{ child: ChildProcess; url: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/server-process.ts'], {
			env: { ...process.env, DATA_DIR: dir, PORT: '0' },
			stdio: ['ignore', 'pipe', 'inherit']
		});
		children.push(child);
		const timer = setTimeout(() => reject(new Error('server process did not start in 20 s')), 20_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			const match = /listening (\d+)/.exec(chunk.toString());
			if (match) {
				clearTimeout(timer);
				resolve({ child, url: `http://127.0.0.1:${match[1]}` });
			}
		});
		child.on('exit', (code) => reject(new Error(`server process exited early (${code})`)));
	});
}

describe('durability', () => {
	it('kill -9 of the server loses nothing it had received; every board is back after restart', async () => {
		const first = await startProcess();
		const boards = [];
		for (let b = 0; b < 3; b++) {
			const board = await createBoard(first.url, `Board ${b}`);
			const alex = await join(first.url, board.id, board.links.participant, 'Alex');
			const client = connect(first.url, board.id, 'content', alex.sessionToken, undefined, { acks: '1' });
			await synced(client);
			for (let i = 0; i < 40; i++) createElement(client.doc, { kind: 'note', x: i * 10, y: b * 10, text: `board ${b} note ${i}` });
			boards.push({ board, alex, client });
		}
		// What the server has acknowledged as on disk (the app's "Saved") survives the crash.
		await Promise.all(boards.map(({ client }) => savedOnDisk(client)));
		first.child.kill('SIGKILL');
		await new Promise((r) => first.child.once('exit', r));
		for (const { client } of boards) client.destroy();

		const second = await startProcess();
		for (const [b, { board, alex }] of boards.entries()) {
			const client = connect(second.url, board.id, 'content', alex.sessionToken);
			await synced(client);
			await waitFor(() => readElements(client.doc).length === 40, `board ${b} restored`);
			const texts = readElements(client.doc).map((e) => (e.kind === 'note' ? e.text : ''));
			expect(texts).toEqual(Array.from({ length: 40 }, (_, i) => `board ${b} note ${i}`));
			client.destroy();
		}
		second.child.kill('SIGTERM');
	});
});
