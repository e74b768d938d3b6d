// `npm test`: type check, layering rules, build, then every test (unit, integration, end-to-end) in one
// vitest run. Ends with one plain summary line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const steps = [
	['Type check', 'npx', ['svelte-kit', 'sync']],
	['Type check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human']],
	['Layering rules', 'npx', ['depcruise', 'src', 'server', '--config', '.dependency-cruiser.cjs']],
	['Build', 'npx', ['vite', 'build', '--logLevel', 'warn']]
];
const only = process.argv.slice(2);

for (const [name, cmd, args] of steps) {
	if (only.length && !only.includes('--all')) break;
	console.log(`\n== ${name}: ${cmd} ${args.join(' ')}`);
	const run = spawnSync(cmd, args, { stdio: 'inherit' });
	if (run.status !== 0) {
		console.error(`\n${name} failed.`);
		console.log('tests: 0 passed, 1 failed');
		process.exit(1);
	}
}

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
console.log('\n== Tests: vitest run (unit, integration, e2e)');
const vitest = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...only.filter((a) => a !== '--all')], {
	stdio: 'inherit'
});
if (!existsSync(report)) {
	console.log('tests: 0 passed, 1 failed');
	process.exit(1);
}
const result = JSON.parse(readFileSync(report, 'utf8'));
const skipped = result.numPendingTests + result.numTodoTests;
console.log(`\ntests: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${skipped} skipped`);
process.exit(vitest.status === 0 && result.numFailedTests === 0 && result.numPassedTests > 0 ? 0 : 1);
