/** Small helpers shared by the benchmarks: bounded waits, percentiles, the machine, a table. */
import { cpus, totalmem } from 'node:os';

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

export function nextTurn(): Promise<void> {
	return new Promise((r) => setImmediate(r));
}

/** Polls `check` every `pollMs` until it holds; throws after `timeoutMs`. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs: number, pollMs = 1): Promise<void> {
	const start = performance.now();
	while (!check()) {
		if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(pollMs);
	}
}

/** Like waitUntil, for an async check (e.g. a question to the server process). */
export async function waitUntilAsync(check: () => Promise<boolean>, what: string, timeoutMs: number, pollMs = 50): Promise<void> {
	const start = performance.now();
	while (!(await check())) {
		if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(pollMs);
	}
}

/** Nearest-rank percentile of `values` (0 < p <= 100). */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[rank - 1];
}

export function summary(values: readonly number[]): { n: number; p50: number; p95: number; p99: number; max: number; mean: number } {
	return {
		n: values.length,
		p50: percentile(values, 50),
		p95: percentile(values, 95),
		p99: percentile(values, 99),
		max: values.length ? Math.max(...values) : NaN,
		mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN
	};
}

export function machine(): { cpu: string; nproc: number; memoryGiB: number; node: string; platform: string } {
	return {
		cpu: cpus()[0]?.model ?? 'unknown',
		nproc: cpus().length,
		memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		node: process.version,
		platform: `${process.platform} ${process.arch}`
	};
}

/** A plain text table: the first row is the header; columns after the first are right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
	const line = (r: readonly string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
	return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** A number with a sensible number of digits for a table. */
export function fmt(value: number, digits = 1): string {
	if (!Number.isFinite(value)) return 'n/a';
	if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-GB');
	return value.toFixed(digits);
}

/** A deterministic pseudo-random generator (mulberry32), so runs make the same edits. */
export function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
