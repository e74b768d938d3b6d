/**
 * Runs every benchmark in bench/ (each top-level `*.ts` here but this one), one after another, each in a
 * process of its own with a forced GC available:
 *
 *   npm run bench      (node --expose-gc --import tsx bench/run.ts)
 *
 * Benchmarks print their figures and compare with a reference in the same run; they are never part of
 * the pass/fail test run. Exits non-zero if any benchmark failed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const benchmarks = readdirSync(dir)
	.filter((name) => name.endsWith('.ts') && name !== self && !name.endsWith('.d.ts'))
	.sort();

const failed: string[] = [];
for (const name of benchmarks) {
	console.log(`\n=== bench/${name} ===`);
	// Each benchmark bounds its own run; this limit only catches one that does not.
	const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(dir, name)], {
		stdio: 'inherit',
		timeout: 10 * 60_000
	});
	if (result.status !== 0) failed.push(`${name} (${result.error?.message ?? result.signal ?? `exit ${result.status}`})`);
}
if (failed.length) {
	console.error(`\nFailed: ${failed.join(', ')}`);
	process.exit(1);
}
console.log(`\n${benchmarks.length} benchmark(s) done.`);
