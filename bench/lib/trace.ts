/**
 * BENCH_TRACE=1 (bench:canvas): a Chromium trace of the page while the remote moves happen, summed by
 * event name over the page's main thread. Where BENCH_PROFILE shows only script, this shows the rest of
 * TaskDuration too: painting, canvas rasterising, garbage collection, IndexedDB, the socket.
 */
import type { Browser, Page } from 'playwright-core';

const CATEGORIES = [
	'toplevel',
	'devtools.timeline',
	'disabled-by-default-devtools.timeline',
	'v8',
	'v8.execute',
	'blink',
	'cc',
	'IndexedDB',
	'disabled-by-default-v8.gc'
];

interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	ts: number;
	dur?: number;
	args?: { name?: string };
}

export async function startTrace(browser: Browser, page: Page): Promise<void> {
	await browser.startTracing(page, { categories: CATEGORIES });
}

/**
 * The page's main thread (the renderer's CrRendererMain with the most traced time): each event name's
 * self time in ms (its time minus its children's), the largest first, and the top-level tasks' total.
 */
export async function stopTrace(browser: Browser): Promise<{ tasksMs: number; self: [string, number][]; counts: Map<string, number> }> {
	const buffer = await browser.stopTracing();
	if (process.env.BENCH_TRACE_FILE) (await import('node:fs')).writeFileSync(process.env.BENCH_TRACE_FILE, buffer);
	const raw = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
	const events = Array.isArray(raw) ? raw : raw.traceEvents;
	const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
	let best = { key: '', ms: -1 };
	const byThread = new Map<string, TraceEvent[]>();
	for (const e of events) {
		if (e.ph !== 'X' && e.ph !== 'B' && e.ph !== 'E') continue;
		const key = `${e.pid}:${e.tid}`;
		let list = byThread.get(key);
		if (!list) byThread.set(key, (list = []));
		list.push(e);
	}
	for (const m of mains) {
		const key = `${m.pid}:${m.tid}`;
		const ms = (byThread.get(key) ?? []).reduce((s, e) => s + (e.dur ?? 0), 0);
		if (ms > best.ms) best = { key, ms };
	}
	const list = (byThread.get(best.key) ?? []).slice();
	// Turn B/E pairs into complete events, then nest by time.
	const complete: { name: string; ts: number; end: number }[] = [];
	const open: TraceEvent[] = [];
	for (const e of list.sort((a, b) => a.ts - b.ts)) {
		if (e.ph === 'X') complete.push({ name: e.name, ts: e.ts, end: e.ts + (e.dur ?? 0) });
		else if (e.ph === 'B') open.push(e);
		else {
			const b = open.pop();
			if (b) complete.push({ name: b.name, ts: b.ts, end: e.ts });
		}
	}
	complete.sort((a, b) => a.ts - b.ts || b.end - a.end);
	const self = new Map<string, number>();
	const counts = new Map<string, number>();
	for (const e of complete) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
	const stack: { name: string; end: number; children: number; ts: number }[] = [];
	let tasksMs = 0;
	const close = (upTo: number) => {
		while (stack.length && stack[stack.length - 1].end <= upTo) {
			const done = stack.pop()!;
			const own = done.end - done.ts - done.children;
			self.set(done.name, (self.get(done.name) ?? 0) + own / 1000);
			if (stack.length) stack[stack.length - 1].children += done.end - done.ts;
			else tasksMs += (done.end - done.ts) / 1000;
		}
	};
	for (const e of complete) {
		close(e.ts);
		stack.push({ name: e.name, end: e.end, ts: e.ts, children: 0 });
	}
	close(Infinity);
	return { tasksMs, self: [...self].sort((a, b) => b[1] - a[1]), counts };
}
