/** The CPU priority of the current thread, for the export workers (pool.ts). */
import { readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** This thread's id as Linux knows it (its task id), or null elsewhere. */
function taskId(): number | null {
	if (process.platform !== 'linux') return null;
	try {
		const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
		return Number.isInteger(tid) && tid > 0 ? tid : null;
	} catch {
		return null;
	}
}

/**
 * Lowers this thread's CPU priority to `nice` (0–19). On Linux a thread is a task with its own id, and
 * setpriority() on that id changes only this thread: the event loop's thread keeps its priority. Elsewhere,
 * or if not allowed, this does nothing and the work runs at the usual priority.
 */
export function lowerPriority(nice: number): void {
	const tid = taskId();
	if (!nice || tid === null) return;
	try {
		setPriority(tid, nice);
	} catch {
		// Not allowed: the export still runs.
	}
}

/** This thread's nice value (Linux), or null where it cannot be read. */
export function threadNice(): number | null {
	const tid = taskId();
	if (tid === null) return null;
	// /proc/<tid>/stat: the 19th field is the nice value; the 2nd, (comm), may hold spaces, so count after it.
	const stat = readFileSync(`/proc/thread-self/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(fields[16]);
}
