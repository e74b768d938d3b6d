/**
 * A small structured logger: one JSON line per event on stderr. Injected everywhere; nothing logs
 * through console directly, so tests can pass a silent or capturing logger.
 */
export interface Logger {
	info(obj: object, msg?: string): void;
	warn(obj: object, msg?: string): void;
	error(obj: object, msg?: string): void;
	debug?(obj: object, msg?: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function serialise(value: unknown): unknown {
	if (value instanceof Error) return { name: value.name, message: value.message };
	return value;
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
	const emit = (at: LogLevel) => (obj: object, msg?: string) => {
		if (RANK[at] < RANK[level]) return;
		const fields = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, serialise(v)]));
		write(JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...fields }));
	};
	return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
