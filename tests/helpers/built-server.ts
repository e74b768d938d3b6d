/**
 * The server as `npm start` runs it: `node build/server.js`, the bundle `npm run build` makes, configured
 * only through its environment. Tests that use it skip (visibly) when there is no build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const BUILT_SERVER = resolve('build/server.js');

/** Why the built server cannot be started here, or null. */
export function builtServerUnavailable(): string | null {
	if (!existsSync(BUILT_SERVER) || !existsSync(resolve('build/handler.js'))) {
		return 'SKIPPED: the server is not built (run npm run build, or npm test which builds first)';
	}
	return null;
}

export interface BuiltServer {
	child: ChildProcess;
	url: string;
	/** Every line the server logged (JSON lines on stderr). */
	logs: string[];
	/** Sends SIGTERM (a clean shutdown) and resolves with the exit code. */
	stop(): Promise<number | null>;
}

/**
 * Spawns `node build/server.js` with exactly `env` (plus PATH), PORT=0 and HOST=127.0.0.1 unless given, and
 * resolves once it logs the address it listens on. Rejects with its output if it exits or is not up in 20 s.
 */
export function startBuiltServer(env: Record<string, string>): Promise<BuiltServer> {
	return new Promise((resolvePromise, reject) => {
		// Not this process's environment: the bundle must need nothing the test runner happens to have set.
		const child = spawn(process.execPath, [BUILT_SERVER], {
			env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const logs: string[] = [];
		let partial = '';
		const stop = () =>
			new Promise<number | null>((done) => {
				if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
				child.once('exit', (code) => done(code));
				child.kill('SIGTERM');
			});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`the built server did not start in 20 s:\n${logs.join('\n')}`));
		}, 20_000);
		const read = (chunk: Buffer) => {
			partial += chunk.toString();
			const lines = partial.split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) {
				logs.push(line);
				const match = /Convene is running at (http:\/\/[^"\s]+)/.exec(line);
				if (match) {
					clearTimeout(timer);
					resolvePromise({ child, url: match[1], logs, stop });
				}
			}
		};
		child.stdout!.on('data', read);
		child.stderr!.on('data', read);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the built server exited (${code}) before listening:\n${[...logs, partial].join('\n')}`));
		});
	});
}
