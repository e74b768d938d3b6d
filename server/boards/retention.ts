/**
 * The retention setting (BOARD_RETENTION_DAYS): boards nobody has used for that many days (no one joined,
 * connected or wrote) are deleted with everything they hold, as a facilitator's "delete this board" would.
 * A sweep runs a minute after start and then every hour; several server processes may all sweep, since
 * deleting a board twice is harmless.
 */
import type { Store } from '../persistence/types.js';
import type { Logger } from '../log.js';
import type { BoardDeleter } from './deletion.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Boards deleted per batch, and at most this many batches per sweep: a backlog is worked off over a few hours. */
const BATCH = 100;
const MAX_BATCHES = 20;

export interface RetentionOptions {
	store: Pick<Store, 'listIdleBoards'>;
	deleter: Pick<BoardDeleter, 'deleteBoard'>;
	log: Logger;
	/** Delete boards unused for this long (ms). */
	retainMs: number;
	/** How often to sweep (default an hour) and how long after start the first sweep runs (default a minute). */
	intervalMs?: number;
	firstAfterMs?: number;
}

export interface Retention {
	/** Deletes the boards unused since `now - retainMs`; resolves with their ids. */
	sweep(now?: number): Promise<string[]>;
	stop(): void;
}

export function startRetention(options: RetentionOptions): Retention {
	const { store, deleter, log, retainMs } = options;
	let running: Promise<string[]> | null = null;
	let stopped = false;

	async function sweepOnce(now: number): Promise<string[]> {
		const deleted: string[] = [];
		const before = now - retainMs;
		const days = Math.round((retainMs / DAY_MS) * 100) / 100;
		for (let batch = 0; batch < MAX_BATCHES && !stopped; batch++) {
			const idle = await store.listIdleBoards(before, BATCH);
			for (const boardId of idle) {
				if (stopped) break;
				try {
					await deleter.deleteBoard(boardId, `retention: unused for ${days} days`);
					deleted.push(boardId);
				} catch (error) {
					log.error({ board: boardId, error }, 'retention could not delete a board; it will try again at the next sweep');
				}
			}
			if (idle.length < BATCH) break;
		}
		if (deleted.length > 0) log.info({ deleted: deleted.length, days }, 'retention deleted boards nobody had used');
		return deleted;
	}

	const sweep = (now = Date.now()): Promise<string[]> => {
		// One sweep at a time; a timer firing during a long sweep joins it.
		running ??= sweepOnce(now).finally(() => (running = null));
		return running;
	};
	const run = () => void sweep().catch((error) => log.error({ error }, 'retention sweep failed; it will try again at the next sweep'));

	const first = setTimeout(run, options.firstAfterMs ?? 60_000);
	const timer = setInterval(run, options.intervalMs ?? 60 * 60 * 1000);
	first.unref();
	timer.unref();
	return {
		sweep,
		stop() {
			stopped = true;
			clearTimeout(first);
			clearInterval(timer);
		}
	};
}
