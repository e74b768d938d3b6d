/**
 * A private redis-server on a free port that a test may kill and start again, to see the bus survive a
 * restart without disturbing the shared Redis other tests use. Starts with no persistence, so a restart
 * also loses every stream, as a crash of an unpersisted Redis would.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

function launch(port: number): Promise<ChildProcess> {
	return new Promise((resolve, reject) => {
		const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Ready to accept connections')) {
				clearTimeout(timer);
				resolve(child);
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited (${code})`));
		});
	});
}

function kill(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		child.once('exit', () => resolve());
		child.kill('SIGKILL');
	});
}

export interface RedisServer {
	url: string;
	/**
	 * kill -9, then start again on the same port (empty). `whileDown` runs in between: wait there for what the
	 * test needs to see while Redis is away (e.g. its clients reporting that they are reconnecting).
	 */
	restart(whileDown?: () => Promise<void>): Promise<void>;
	stop(): Promise<void>;
}

export const restartableRedis = {
	/** Whether a redis-server binary is on the PATH. */
	available: spawnSync('redis-server', ['--version']).status === 0,
	async start(): Promise<RedisServer> {
		const port = await freePort();
		let child = await launch(port);
		return {
			url: `redis://127.0.0.1:${port}`,
			async restart(whileDown) {
				await kill(child);
				await whileDown?.();
				child = await launch(port);
			},
			stop: () => kill(child)
		};
	}
};
