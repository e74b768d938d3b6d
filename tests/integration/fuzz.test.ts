/**
 * A seeded, bounded fuzz of the sync protocol against the real server running as its own process
 * (issue 10). About 10,000 frames of every message type — random bytes, truncations, huge varints,
 * each type's valid prefix with a mutated tail, oversized frames — go to one board over many
 * connections, while two stock clients edit another board. The process must never exit, the other
 * room must see no disconnect and every edit, and the fuzzed board must open with its notes after a
 * restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { get as httpGet } from 'node:http';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server.js';
import { connect, createBoard, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { createElement, readElement, readElements } from '../../src/lib/doc/index.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 10_000);
const MAX_FRAME_BYTES = 256 * 1024;
const PARALLEL = 6;
const DOCS = ['content', 'control', 'server', 'drafts'] as const;

/** mulberry32: a small seeded generator, so a failing run can be replayed with FUZZ_SEED. */
function rng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (n: number) => Math.floor(next() * n),
		bytes(n: number) {
			const out = new Uint8Array(n);
			for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
			return out;
		}
	};
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
}

/** Valid frames of every type, built from docs that share no client id with the fuzzed board's notes. */
function validFrames(random: ReturnType<typeof rng>): Uint8Array[] {
	const doc = new Y.Doc();
	createElement(doc, { kind: 'note', x: random.int(500), y: random.int(500), text: `fuzz ${random.int(1e6)}` });
	const update = Y.encodeStateAsUpdate(doc);
	const sv = Y.encodeStateVector(doc);
	const awareness = new Awareness(doc);
	awareness.setLocalStateField('cursor', { x: random.int(100), y: random.int(100) });
	const presence = encodeAwarenessUpdate(awareness, [doc.clientID]);
	awareness.destroy();
	return [
		frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, sv))),
		frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, update))),
		frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update))),
		frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, presence))),
		frame((e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, 'let me in'))),
		frame((e) => encoding.writeVarUint(e, 3))
	];
}

const HUGE_VARINT = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];

type Kind = 'random' | 'truncated' | 'huge-varint' | 'mutated-tail' | 'oversized' | 'valid' | 'unknown-type' | 'after-valid';

/** One fuzz frame and what kind it is (for the figures). */
function fuzzFrame(random: ReturnType<typeof rng>): { kind: Kind; bytes: Uint8Array } {
	const pick = random.next();
	const valid = validFrames(random);
	const base = valid[random.int(valid.length)];
	if (pick < 0.2) return { kind: 'random', bytes: random.bytes(random.int(80)) };
	if (pick < 0.38) return { kind: 'truncated', bytes: base.slice(0, random.int(base.length)) };
	if (pick < 0.5) {
		const at = 1 + random.int(Math.max(1, base.length - 1));
		return { kind: 'huge-varint', bytes: Uint8Array.from([...base.slice(0, at), ...HUGE_VARINT, ...base.slice(at)]) };
	}
	if (pick < 0.75) {
		// The type bytes stay; a few bytes after them change.
		const bytes = base.slice();
		const start = Math.min(bytes.length - 1, 2);
		for (let i = 0, n = 1 + random.int(4); i < n && bytes.length > start; i++)
			bytes[start + random.int(bytes.length - start)] = random.int(256);
		return { kind: 'mutated-tail', bytes };
	}
	if (pick < 0.78) return { kind: 'oversized', bytes: random.bytes(MAX_FRAME_BYTES + 1 + random.int(1024)) };
	if (pick < 0.84) return { kind: 'unknown-type', bytes: Uint8Array.from([4 + random.int(250), ...random.bytes(random.int(20))]) };
	if (pick < 0.9) return { kind: 'after-valid', bytes: Uint8Array.from([...base, ...random.bytes(1 + random.int(8))]) };
	return { kind: 'valid', bytes: base };
}

let dir: string;
let server: ServerProcess;
let exits = 0;

async function start(): Promise<ServerProcess> {
	const started = await spawnServer({ DATA_DIR: dir, MAX_FRAME_BYTES: String(MAX_FRAME_BYTES), LOG_LEVEL: 'error' });
	started.child.on('exit', (code, signal) => {
		if (signal !== 'SIGTERM' && signal !== 'SIGKILL') exits++;
		else if (code !== null && code !== 0) exits++;
	});
	return started;
}

beforeAll(async () => {
	dir = mkdtempSync(joinPath(tmpdir(), 'convene-fuzz-'));
	server = await start();
});
afterAll(async () => {
	await server?.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
});

/**
 * A raw socket that sends one frame at a time and learns what became of it: a WebSocket ping after the
 * frame is answered (pong) only once the server has handled the frame before it, since the server reads
 * frames in order and handles each synchronously. So every frame counts as handled, or as the one that
 * closed the connection.
 */
async function fuzzSocket(url: string, boardId: string, doc: string, session: string) {
	const ws = new WebSocket(`${url.replace('http', 'ws')}/sync/${boardId}/${doc}?session=${session}`);
	ws.on('error', () => {});
	let closeCode: number | null = null;
	const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve((closeCode = code))));
	// The server greets with sync step 1 once the room is loaded.
	const greeted = await Promise.race([
		new Promise<boolean>((resolve) => ws.once('message', () => resolve(true))),
		closed.then(() => false)
	]);
	return {
		greeted,
		/** Sends one frame; resolves with null while the connection stays open, or the close code. */
		async send(bytes: Uint8Array): Promise<number | null> {
			if (ws.readyState !== WebSocket.OPEN) return closeCode ?? (await closed);
			ws.send(bytes);
			ws.ping();
			return Promise.race([new Promise<null>((resolve) => ws.once('pong', () => resolve(null))), closed]);
		},
		async close() {
			if (ws.readyState === WebSocket.OPEN) ws.close(1000);
			await closed;
		}
	};
}

describe('protocol fuzz', () => {
	it(`${FRAMES} seeded frames of every type never end the process, nor disturb another room`, async () => {
		const random = rng(SEED);
		// The fuzzed board, with notes written before the fuzz by a stock client.
		const target = await createBoard(server.url, 'Fuzzed board');
		const author = await join(server.url, target.id, target.links.participant, 'Author', 'School');
		const members = [
			author,
			await join(server.url, target.id, target.links.participant, 'Pat', 'Police'),
			await join(server.url, target.id, target.links.viewer, 'Vic', 'Parent'),
			await join(server.url, target.id, target.links.facilitator, 'Fay', 'Local authority')
		];
		const writer = connect(server.url, target.id, 'content', author.sessionToken);
		await synced(writer);
		const notes = ['Waiting lists for CAMHS', 'Part-time timetables', 'Parents not heard'];
		for (const text of notes) createElement(writer.doc, { kind: 'note', x: 0, y: 0, text });
		await waitFor(() => writer.provider.synced, 'notes sent');
		// The notes are on disk once a second client sees them (every accepted update is stored within ~50 ms).
		const check = connect(server.url, target.id, 'content', members[1].sessionToken);
		await waitFor(() => readElements(check.doc).length === notes.length, 'notes reached the server');
		check.destroy();
		writer.destroy();

		// The other room: two people editing throughout, taking turns: each edit reaches the other before the next.
		const other = await createBoard(server.url, 'Neighbouring workshop');
		const [alex, sam] = [
			await join(server.url, other.id, other.links.participant, 'Alex', 'School'),
			await join(server.url, other.id, other.links.participant, 'Sam', 'Health')
		];
		const a: Client = connect(server.url, other.id, 'content', alex.sessionToken);
		const b: Client = connect(server.url, other.id, 'content', sam.sessionToken);
		await Promise.all([synced(a), synced(b)]);
		let edits = 0;
		let editing = true;
		const editor = (async () => {
			while (editing) {
				const [by, other] = edits % 2 === 0 ? [a, b] : [b, a];
				const id = createElement(by.doc, { kind: 'note', x: edits, y: 0, text: `edit ${edits}` });
				edits++;
				await waitFor(() => readElement(other.doc, id) !== null, `edit ${edits - 1} on the other client`, 15_000);
			}
		})();

		// The fuzz.
		const kinds = new Map<Kind, number>();
		const closes = new Map<number, number>();
		let sent = 0;
		let connections = 0;
		const worker = async () => {
			let socket: Awaited<ReturnType<typeof fuzzSocket>> | null = null;
			while (sent < FRAMES) {
				sent++;
				if (!socket) {
					const member = members[random.int(members.length)];
					const doc = DOCS[random.int(10) < 7 ? 0 : random.int(DOCS.length)];
					connections++;
					socket = await fuzzSocket(server.url, target.id, doc, member.sessionToken);
					if (!socket.greeted) throw new Error(`the server closed a fuzz connection before its greeting (process exits so far: ${exits})`);
				}
				const f = fuzzFrame(random);
				kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
				const code = await socket.send(f.bytes);
				if (code !== null) {
					closes.set(code, (closes.get(code) ?? 0) + 1);
					socket = null;
				}
			}
			await socket?.close();
		};
		await Promise.all(Array.from({ length: PARALLEL }, worker));
		editing = false;
		await editor;

		// Every edit of the other room arrived on both sides, with no disconnect.
		const expected = Array.from({ length: edits }, (_, i) => `edit ${i}`);
		const texts = (c: Client) => new Set(readElements(c.doc).flatMap((e) => (e.kind === 'note' ? [e.text] : [])));
		await waitFor(() => expected.every((t) => texts(a).has(t) && texts(b).has(t)), 'every edit on both clients', 15_000);
		// A fresh connection, not one pooled since the start of the test minutes ago.
		const health = await new Promise<{ status: number }>((resolve, reject) => {
			const req = httpGet(`${server.url}/healthz`, { agent: false }, (res) => {
				res.resume();
				resolve({ status: res.statusCode ?? 0 });
			});
			req.on('error', reject);
		});
		console.log(
			`fuzz figures (seed ${SEED}): ${sent} frames, each handled by the server, over ${connections} connections; kinds ${JSON.stringify(Object.fromEntries(kinds))}; ` +
				`closes ${JSON.stringify(Object.fromEntries(closes))}; process exits ${exits}; other room: ${a.closes.length + b.closes.length} disconnects ${JSON.stringify([...a.closes, ...b.closes])}, ${edits} of ${edits} edits delivered to both`
		);
		expect(health.status).toBe(200);
		expect(exits).toBe(0);
		expect(server.child.exitCode).toBeNull();
		expect(a.closes).toEqual([]);
		expect(b.closes).toEqual([]);
		expect(sent).toBe(FRAMES);
		for (const kind of [
			'random',
			'truncated',
			'huge-varint',
			'mutated-tail',
			'oversized',
			'valid',
			'unknown-type',
			'after-valid'
		] as Kind[])
			expect(kinds.get(kind), kind).toBeGreaterThan(0);
		a.destroy();
		b.destroy();

		// After a restart, the fuzzed board opens with its notes.
		await server.kill('SIGKILL');
		server = await start();
		const reader = connect(server.url, target.id, 'content', members[2].sessionToken);
		await waitFor(
			() => notes.every((t) => readElements(reader.doc).some((e) => e.kind === 'note' && e.text === t)),
			'the fuzzed board after a restart',
			15_000
		);
		reader.destroy();
	}, 600_000);
});
