/**
 * Bounds the heavy exports (PDF, DOCX, pictures): at most `concurrency` at once on this process, at most
 * `queue` waiting; beyond that a request is told to try again, so a burst of downloads cannot take
 * every core from the live sync.
 */
import { HttpError } from '../http/respond.js';

export function createLimiter(concurrency = 2, queue = 8) {
	let running = 0;
	const waiting: (() => void)[] = [];
	return async function run<T>(work: () => Promise<T>): Promise<T> {
		if (running >= concurrency) {
			if (waiting.length >= queue) throw new HttpError(503, 'busy', 'The server is making other exports just now. Please try again in a moment.');
			await new Promise<void>((resolve) => waiting.push(resolve));
		} else running++;
		try {
			return await work();
		} finally {
			const next = waiting.shift();
			if (next) next();
			else running--;
		}
	};
}
