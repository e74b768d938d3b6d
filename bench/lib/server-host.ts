/**
 * Runs one sync server in its own process for the benchmarks, on a free loopback port:
 *
 *   node --expose-gc --import tsx bench/lib/server-host.ts reference|reference-esm|ours|ours-memory
 *
 * - `ours`: the real Convene server (API + sync) through tests/helpers/server.ts, with a temporary SQLite
 *   store and the per-connection rate limits raised so that the benchmark measures the work, not the limit.
 * - `ours-built`: the same server bundled into plain JavaScript by esbuild, as scripts/build-server.mjs bundles
 *   build/server.js (packages external, `$lib` resolved, worker entries beside it), into
 *   node_modules/.cache/bench-ours-built/ when the host starts. `ours` runs the TypeScript sources through tsx;
 *   this one runs what `npm start` runs, to see whether tsx costs anything once loaded.
 * - `ours-memory`: the same with the in-memory store (not in the default run): takes SQLite out of the
 *   difference, leaving our transport's own work (validation, roles, acks).
 * - `ours-no-rules`: ours without the content guard (the board's rules, issue 12), to see what they cost.
 * - `ours-bare`: ours with neither of the two things the reference does not do, the board's rules and a durable
 *   store (the in-memory store; acknowledgements still go out, after the memory store's append): our transport's
 *   own work, to compare with the reference's.
 * - `ours-inline-exports`: ours making export files on its event loop, as it did before the export
 *   workers (bench/exports.ts compares the two).
 * - `reference`: the classic y-websocket 1.5.4 server (`bin/utils.js` `setupWSConnection`), in memory,
 *   no persistence, behind a plain http server and a `ws` WebSocketServer. Being CommonJS, it loads
 *   yjs's CommonJS build (`dist/yjs.cjs`), as it does when deployed.
 * - `reference-esm`: the same server with `require('yjs')` answered by yjs's ES module build
 *   (`dist/yjs.mjs`, which our server uses). The CommonJS build reaches
 *   every lib0 function through a getter (bundler interop), which makes encoding and decoding about
 *   twice as slow; this variant separates that from the servers' own designs.
 *
 * Each server gets a process of its own so that its heap and CPU time can be read without the clients'
 * (which live in the benchmark process), and so that the reference's CommonJS copy of yjs never meets the
 * ES module copy that our server loads. The parent talks to it over the IPC channel: it sends requests
 * `{ id, type }` and gets `{ id, ... }` back; the host exits when asked, or when the parent goes away.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector';
import { PerformanceObserver, constants as perfConstants, monitorEventLoopDelay } from 'node:perf_hooks';
import Module, { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { HOST_KINDS, type HostKind, type HostMemory, type HostRequest, type HostStats } from './host-types.js';

interface Server {
	url: string;
	/** The yjs file the server runs on (which build: dist/yjs.cjs or dist/yjs.mjs). */
	yjs: string;
	stats(): Omit<HostStats, 'cpu' | 'threads' | 'gc'>;
	/**
	 * Elements in the `elements` map, summed over the loaded rooms. Ours reads through the room registry,
	 * which holds each room for the moment and so restarts its unload grace: ask only while clients are in.
	 */
	elements(): Promise<number>;
	/** Compacts the loaded content rooms now (ours only). */
	compact?(): Promise<void>;
	stop(): Promise<void>;
}

async function startOurs(inMemory: boolean, inlineExports = false, noRules = false, before = false, built = false): Promise<Server> {
	// Imported here so that the reference host never loads our server (nor its copy of yjs). `ours-before` loads
	// the server of another checkout (BENCH_BEFORE_DIR, e.g. a worktree of main), to compare a change in one run.
	const root = before ? beforeDir() : new URL('../../', import.meta.url);
	const modules = built
		? await bundleOurs(root)
		: {
				server: new URL('tests/helpers/server.ts', root).href,
				memoryStore: new URL('server/persistence/memory-store.ts', root).href,
				boardDoc: new URL('src/lib/doc/board-doc.ts', root).href
			};
	const { startServer } = (await import(modules.server)) as typeof import('../../tests/helpers/server.js');
	const { createMemoryStore } = (await import(modules.memoryStore)) as typeof import('../../server/persistence/memory-store.js');
	const { getElementsMap } = (await import(modules.boardDoc)) as typeof import('../../src/lib/doc/board-doc.js');
	const server = await startServer({
		limits: { messagesPerSecond: 1_000_000, burst: 1_000_000 },
		...(inMemory ? { store: createMemoryStore() } : {}),
		...(inlineExports ? { exportWorkers: 0 } : {}),
		...(noRules ? { contentRules: false } : {}),
		// For investigating: BENCH_COMPACT_AFTER=n compacts a room after n stored updates (default 300).
		...(process.env.BENCH_COMPACT_AFTER ? { compactAfter: Number(process.env.BENCH_COMPACT_AFTER) } : {})
	});
	return {
		url: server.url,
		yjs: fileURLToPath(import.meta.resolve('yjs', root.href)),
		stats: () => ({ rooms: server.app.rooms.loaded().length, warnings: server.logs.length }),
		async elements() {
			let elements = 0;
			for (const name of server.app.rooms.loaded()) elements += await server.app.rooms.read(name, (doc) => getElementsMap(doc).size);
			return elements;
		},
		async compact() {
			for (const name of server.app.rooms.loaded()) if (name.endsWith('/content')) await server.app.rooms.compact(name);
		},
		stop: () => server.stop()
	};
}

/**
 * `ours-built`: bundles the modules the host imports, and the two worker entries the server starts, with the
 * options of scripts/build-server.mjs (one shared copy of each module through code splitting, chunks under
 * server-chunks/ where the server looks for its workers' files).
 */
async function bundleOurs(root: URL): Promise<{ server: string; memoryStore: string; boardDoc: string }> {
	const { build } = await import('esbuild');
	const rootDir = fileURLToPath(root);
	const out = join(rootDir, 'node_modules/.cache/bench-ours-built');
	await build({
		absWorkingDir: rootDir,
		entryPoints: {
			'test-server': 'tests/helpers/server.ts',
			'memory-store': 'server/persistence/memory-store.ts',
			'board-doc': 'src/lib/doc/board-doc.ts',
			'export-worker': 'server/exports/worker.ts',
			'compaction-worker': 'server/compaction/worker.ts'
		},
		outdir: out,
		chunkNames: 'server-chunks/[name]-[hash]',
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		target: 'node20.19',
		packages: 'external',
		alias: { $lib: './src/lib' },
		logLevel: 'warning'
	});
	const at = (name: string) => pathToFileURL(join(out, `${name}.js`)).href;
	return { server: at('test-server'), memoryStore: at('memory-store'), boardDoc: at('board-doc') };
}

/**
 * CPU time of this process's threads by name, µs (see HostStats.threads). Fields 14 and 15 of
 * /proc/self/task/<tid>/stat are user and system time in clock ticks (100 a second on Linux); the name (field 2)
 * is in brackets and may hold spaces, so the fields are counted after its closing bracket.
 */
function threadCpu(): HostStats['threads'] {
	const byName: HostStats['threads'] = {};
	let tids: string[];
	try {
		tids = readdirSync('/proc/self/task');
	} catch {
		return byName;
	}
	const tick = 1e6 / 100;
	for (const tid of tids) {
		let stat: string;
		try {
			stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
		} catch {
			continue; // the thread ended in between
		}
		const close = stat.lastIndexOf(')');
		const fields = stat.slice(close + 2).split(' ');
		const name = Number(tid) === process.pid ? 'main' : stat.slice(stat.indexOf('(') + 1, close);
		const entry = (byName[name] ??= { user: 0, system: 0, run: 0 });
		// After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
		entry.user += Number(fields[11]) * tick;
		entry.system += Number(fields[12]) * tick;
		// The thread's time on a CPU at nanosecond resolution (the first field of schedstat), where the kernel has it.
		try {
			entry.run! += Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
		} catch {
			entry.run = undefined;
		}
	}
	return byName;
}

/** The checkout `ours-before` runs (its own node_modules included): BENCH_BEFORE_DIR. */
function beforeDir(): URL {
	const dir = process.env.BENCH_BEFORE_DIR;
	if (!dir) throw new Error('ours-before needs BENCH_BEFORE_DIR: a checkout to compare with, e.g. a worktree of main');
	return pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`);
}

interface ReferenceDoc {
	getMap(name: string): { size: number };
}

/**
 * Makes `require('yjs')` return yjs's ES module build, for everything required after this. The module is
 * loaded with import() (as our server loads it) and put in the require cache: requiring the .mjs file
 * instead would go through tsx's CommonJS transform, which is slower than either build.
 */
async function requireYjsAsModule(require: NodeJS.Require): Promise<void> {
	const file = join(dirname(require.resolve('yjs')), 'yjs.mjs');
	const yjs = await import(pathToFileURL(file).href);
	const entry = new Module(file);
	entry.filename = file;
	entry.exports = yjs;
	entry.loaded = true;
	require.cache[file] = entry;
	const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
	const resolve = loader._resolveFilename;
	loader._resolveFilename = function (request: string, ...rest: unknown[]) {
		return request === 'yjs' ? file : resolve.call(this, request, ...rest);
	};
}

async function startReference(esmYjs: boolean): Promise<Server> {
	const require = createRequire(import.meta.url);
	if (esmYjs) await requireYjsAsModule(require);
	const utils = require('y-websocket-reference/bin/utils') as {
		setupWSConnection(conn: unknown, req: unknown, options?: { docName?: string; gc?: boolean }): void;
		docs: Map<string, ReferenceDoc>;
	};
	const http = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/plain' });
		res.end('reference y-websocket server');
	});
	const wss = new WebSocketServer({ server: http });
	wss.on('connection', (conn, req) => {
		// The same URL shape as ours (/sync/<board>/<doc>?session=...): the doc name is the path.
		const docName = new URL(req.url ?? '/', 'http://localhost').pathname.slice(1);
		utils.setupWSConnection(conn, req, { docName });
	});
	await new Promise<void>((resolve, reject) => {
		http.once('error', reject);
		http.listen(0, '127.0.0.1', () => resolve());
	});
	const address = http.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		yjs: require.resolve('yjs'),
		stats: () => ({ rooms: utils.docs.size, warnings: 0 }),
		async elements() {
			let elements = 0;
			for (const doc of utils.docs.values()) elements += doc.getMap('elements').size;
			return elements;
		},
		async stop() {
			for (const ws of wss.clients) ws.terminate();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
			await new Promise<void>((resolve) => http.close(() => resolve()));
		}
	};
}

async function memory(): Promise<HostMemory> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc) {
		// Twice, with a turn of the event loop between: finalizers and weak maps settle after the first.
		gc();
		await new Promise((r) => setImmediate(r));
		gc();
	}
	const m = process.memoryUsage();
	return { gc: Boolean(gc), heapUsed: m.heapUsed, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers };
}

async function main(): Promise<void> {
	const kind = process.argv[2] as HostKind;
	if (!HOST_KINDS.includes(kind)) throw new Error(`usage: server-host.ts ${HOST_KINDS.join('|')}`);
	if (!process.send) throw new Error('server-host.ts runs as a child process with an IPC channel');
	const send = (message: unknown) => process.send!(message);
	const server = kind.startsWith('ours')
		? await startOurs(
				kind === 'ours-memory' || kind === 'ours-bare',
				kind === 'ours-inline-exports',
				kind === 'ours-no-rules' || kind === 'ours-bare',
				kind === 'ours-before',
				kind === 'ours-built'
			)
		: await startReference(kind === 'reference-esm');

	// Profiles of a measured part only (BENCH_PROFILE_DIR in bench/sync.ts), through the inspector.
	const inspector = new Session();
	inspector.connect();
	const post = (method: string, params?: object) =>
		new Promise<unknown>((resolve, reject) => inspector.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));

	// How late the event loop runs: the longest stall a client's message may wait behind (5 ms resolution).
	const loop = monitorEventLoopDelay({ resolution: 5 });
	loop.enable();
	// Garbage collection on the main thread, for the measured parts (stats): which server collects how much, and when.
	const gc = { ms: 0, majorMs: 0, majors: 0 };
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			gc.ms += entry.duration;
			if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
				gc.majorMs += entry.duration;
				gc.majors++;
			}
		}
	}).observe({ entryTypes: ['gc'] });
	process.on('disconnect', () => process.exit(0));
	let perf: ChildProcess | null = null;
	let perfFile = '';
	process.on('message', (request: HostRequest) => {
		void (async () => {
			try {
				if (request.type === 'profile-start' && process.env.BENCH_PERF_DIR) {
					// Linux perf on this process, writing to a file named when the part ends (renamed then).
					perf = spawn('perf', ['record', '-e', 'cpu-clock', '-F', '1999', '-g', '-p', String(process.pid), '-o', `${request.id}.tmp`], {
						cwd: process.env.BENCH_PERF_DIR,
						stdio: 'ignore'
					});
					perfFile = join(process.env.BENCH_PERF_DIR, `${request.id}.tmp`);
					// perf needs a moment to attach before the measured part starts.
					await new Promise((resolve) => setTimeout(resolve, 300));
					send({ id: request.id });
				} else if (request.type === 'profile-stop' && perf) {
					const recording = perf;
					perf = null;
					await new Promise((resolve) => {
						recording.once('exit', resolve);
						recording.kill('SIGINT');
					});
					renameSync(perfFile, request.file);
					send({ id: request.id });
				} else if (request.type === 'profile-start') {
					await post('Profiler.enable');
					await post('Profiler.setSamplingInterval', { interval: 200 });
					await post('Profiler.start');
					send({ id: request.id });
				} else if (request.type === 'profile-stop') {
					const { profile } = (await post('Profiler.stop')) as { profile: unknown };
					writeFileSync(request.file, JSON.stringify(profile));
					send({ id: request.id });
				} else if (request.type === 'loop') {
					send({ id: request.id, maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 });
					loop.reset();
				} else if (request.type === 'compact') {
					if (!server.compact) throw new Error('this server does not compact');
					await server.compact();
					send({ id: request.id });
				} else if (request.type === 'stats')
					send({ id: request.id, ...server.stats(), cpu: process.cpuUsage(), threads: threadCpu(), gc: { ...gc } });
				else if (request.type === 'elements') send({ id: request.id, elements: await server.elements() });
				else if (request.type === 'memory') send({ id: request.id, ...(await memory()) });
				else if (request.type === 'stop') {
					await server.stop();
					send({ id: request.id });
					process.disconnect();
					process.exit(0);
				}
			} catch (error) {
				send({ id: request.id, error: (error as Error).stack ?? String(error) });
			}
		})();
	});
	send({ type: 'ready', url: server.url, yjs: relative(process.cwd(), server.yjs) });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
