/**
 * The benchmark side of server-host.ts: starts a server in a child process and asks it for its stats and
 * memory over IPC. Every request has a time limit; `stop()` ends the child (by its own pid) if it does not
 * exit when asked.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostKind, HostLoopDelay, HostMemory, HostRequest, HostStats } from './host-types.js';

export type { HostKind, HostMemory, HostStats };
export { DEFAULT_HOST_KINDS, HOST_KINDS } from './host-types.js';

const HOST_FILE = fileURLToPath(new URL('./server-host.ts', import.meta.url));

export interface Host {
	kind: HostKind;
	url: string;
	/** The yjs build the server runs on (a path under node_modules). */
	yjs: string;
	stats(): Promise<HostStats>;
	/** Elements summed over the server's loaded rooms (see server-host.ts: ask only while clients are in). */
	elements(): Promise<number>;
	memory(): Promise<HostMemory>;
	/** Compacts the server's loaded content rooms now (ours only); resolves when they are stored. */
	compact(): Promise<void>;
	/** The event loop's delays since the last call (the first call: since the server started). */
	loopDelay(): Promise<HostLoopDelay>;
	/** A V8 CPU profile of the server's main thread from profileStart to profileStop, written to `file`. */
	profileStart(): Promise<void>;
	profileStop(file: string): Promise<void>;
	stop(): Promise<void>;
}

export async function startHost(kind: HostKind, timeoutMs = 30_000): Promise<Host> {
	const child: ChildProcess = fork(HOST_FILE, [kind], {
		execArgv: [
			'--expose-gc',
			'--import',
			'tsx',
			...(process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : []),
			// For investigating: more of node's options for the server processes, e.g. BENCH_HOST_ARGS=--trace-gc.
			...(process.env.BENCH_HOST_ARGS?.split(' ').filter(Boolean) ?? [])
		],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	let nextId = 1;
	const waiting = new Map<number, { resolve(value: Record<string, unknown>): void; reject(error: Error): void }>();
	let exited = false;

	const { url, yjs } = await new Promise<{ url: string; yjs: string }>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${kind} server did not start within ${timeoutMs} ms`)), timeoutMs);
		child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before it was ready`)));
		child.on('message', (message: { type?: string; url?: string; yjs?: string; id?: number; error?: string }) => {
			if (message.type === 'ready' && message.url) {
				clearTimeout(timer);
				resolve({ url: message.url, yjs: message.yjs ?? 'unknown' });
				return;
			}
			const pending = message.id === undefined ? undefined : waiting.get(message.id);
			if (!pending) return;
			waiting.delete(message.id!);
			if (message.error) pending.reject(new Error(`${kind} server: ${message.error}`));
			else pending.resolve(message as Record<string, unknown>);
		});
	});
	child.on('exit', () => {
		exited = true;
		for (const pending of waiting.values()) pending.reject(new Error(`${kind} server exited`));
		waiting.clear();
	});

	function request<T>(type: HostRequest['type'], extra: Record<string, unknown> = {}): Promise<T> {
		if (exited) return Promise.reject(new Error(`${kind} server has exited`));
		const id = nextId++;
		return new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => {
				waiting.delete(id);
				reject(new Error(`${kind} server did not answer "${type}" within ${timeoutMs} ms`));
			}, timeoutMs);
			waiting.set(id, {
				resolve: (value) => {
					clearTimeout(timer);
					resolve(value as T);
				},
				reject: (error) => {
					clearTimeout(timer);
					reject(error);
				}
			});
			child.send({ id, type, ...extra });
		});
	}

	return {
		kind,
		url,
		yjs,
		stats: () => request<HostStats>('stats'),
		elements: async () => (await request<{ elements: number }>('elements')).elements,
		memory: () => request<HostMemory>('memory'),
		compact: async () => void (await request('compact')),
		loopDelay: () => request<HostLoopDelay>('loop'),
		profileStart: async () => void (await request('profile-start')),
		profileStop: async (file) => void (await request('profile-stop', { file })),
		async stop() {
			if (exited) return;
			const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			await request('stop').catch(() => undefined);
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await gone;
			clearTimeout(timer);
		}
	};
}
