// `npm test`: type check, layering rules, lint (ESLint) and format (Prettier) checks, build, then every test (unit, integration, end-to-end) in one
// vitest run. Ends with what this run found, and nothing from an earlier one:
//
//   Skipped (2):
//     - [unit] server/persistence/memory-store.test.ts > … : needs a durable store
//   tests: 160 passed, 0 failed, 2 skipped; files: 80 passed, 0 failed
//
// and exits non-zero if any step, test, test file or suite failed, if vitest caught an error outside a test,
// or if no test passed at all. Arguments are passed to vitest (e.g. a file or `--project unit`) and skip the
// first steps; `--all` runs the steps too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const steps = [
	['Type check', 'npx', ['svelte-kit', 'sync']],
	['Type check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human']],
	['Layering rules', 'npx', ['depcruise', 'src', 'server', '--config', '.dependency-cruiser.cjs']],
	['Lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
	['Format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
	['Build', 'npx', ['vite', 'build', '--logLevel', 'warn']],
	['Build', 'node', ['scripts/build-server.mjs']]
];
const args = process.argv.slice(2);
const runSteps = args.length === 0 || args.includes('--all');
const vitestArgs = args.filter((a) => a !== '--all');

/** Prints the summary line and exits: 0 only when nothing failed and something passed. */
function finish(line, ok) {
	console.log(`\n${line}`);
	process.exit(ok ? 0 : 1);
}

if (runSteps) {
	for (const [name, cmd, stepArgs] of steps) {
		console.log(`\n== ${name}: ${cmd} ${stepArgs.join(' ')}`);
		const run = spawnSync(cmd, stepArgs, { stdio: 'inherit' });
		if (run.status !== 0) finish(`tests: not run: "${name}" failed (${cmd} ${stepArgs.join(' ')})`, false);
	}
}

mkdirSync('test-results', { recursive: true });
const report = 'test-results/summary.json';
// An earlier run's report must never be read as this run's.
rmSync(report, { force: true });
rmSync('test-results/vitest.json', { force: true });

console.log(`\n== Tests: vitest run ${vitestArgs.length ? vitestArgs.join(' ') : '(unit, integration, e2e)'}`);
const reporter = fileURLToPath(new URL('./vitest-summary-reporter.mjs', import.meta.url));
const vitest = spawnSync('npx', ['vitest', 'run', '--reporter=default', `--reporter=${reporter}`, ...vitestArgs], {
	stdio: 'inherit',
	env: { ...process.env, CONVENE_TEST_SUMMARY: report }
});
if (!existsSync(report)) {
	finish(
		`tests: no result: vitest ended (exit code ${vitest.status ?? vitest.signal}) without reporting a run; its output above says why`,
		false
	);
}

const summary = JSON.parse(readFileSync(report, 'utf8'));
const { tests, files } = summary;

if (summary.skipped.length > 0) {
	console.log(`\nSkipped (${summary.skipped.length}):`);
	for (const s of summary.skipped) console.log(`  - ${s.file} > ${s.name}\n      why: ${s.reason}`);
}
if (summary.failedFiles.length > 0) {
	console.log(`\nFailed files (${summary.failedFiles.length}):`);
	for (const f of summary.failedFiles) console.log(`  - ${f.file}: ${f.errors.join('; ')}`);
}
if (summary.failedTests.length > 0) {
	console.log(`\nFailed tests (${summary.failedTests.length}):`);
	for (const t of summary.failedTests) console.log(`  - ${t.file} > ${t.name}: ${t.error}`);
}
if (summary.unhandledErrors.length > 0) {
	console.log(`\nErrors outside any test (${summary.unhandledErrors.length}):`);
	for (const e of summary.unhandledErrors) console.log(`  - ${e}`);
}

const failures = tests.failed + files.failed + summary.unhandledErrors.length;
const extra = summary.unhandledErrors.length ? `; ${summary.unhandledErrors.length} errors outside tests` : '';
const ok = vitest.status === 0 && failures === 0 && tests.passed > 0;
const why = ok
	? ''
	: tests.passed === 0 && failures === 0 && vitest.status === 0
		? ' (no test passed)'
		: vitest.status !== 0 && failures === 0
			? ` (vitest exited with ${vitest.status})`
			: '';
finish(
	`tests: ${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped; files: ${files.passed} passed, ${files.failed} failed${extra}${why}`,
	ok
);
