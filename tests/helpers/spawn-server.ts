/**
 * Starts tests/helpers/server-process.ts as a real OS process and waits until it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
	child: ChildProcess;
	url: string;
	/** Sends `signal` (SIGKILL by default) and resolves once the process has exited. */
	kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns a server process with `env` added to this process's environment; rejects if it is not up in 20 s. */
export function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/server-process.ts'], {
			env: { ...process.env, PORT: '0', ...env },
			stdio: ['ignore', 'pipe', 'inherit']
		});
		const kill = (signal: NodeJS.Signals = 'SIGKILL') =>
			new Promise<void>((done) => {
				if (child.exitCode !== null || child.signalCode !== null) return done();
				child.once('exit', () => done());
				child.kill(signal);
			});
		const timer = setTimeout(() => {
			void kill();
			reject(new Error('server process did not start in 20 s'));
		}, 20_000);
		let output = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening (\d+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve({ child, url: `http://127.0.0.1:${match[1]}`, kill });
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server process exited early (${code})`));
		});
	});
}
