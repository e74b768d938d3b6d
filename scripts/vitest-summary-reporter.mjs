// A vitest reporter for `npm test` (scripts/test.mjs): writes what this run found to the file named by
// CONVENE_TEST_SUMMARY, from vitest's own reported tasks, so nothing is counted twice or left out:
// - every test by state, with each skipped test's full name and why it was skipped;
// - every test file that failed, including files that failed to load and files whose hooks threw (they may
//   have no failed test at all), with their errors;
// - errors vitest caught outside any test (unhandled rejections, errors after a test ended).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Why a test was skipped: its `ctx.skip(note)`, else the nearest "SKIPPED: …" suite or test name. */
function skipReason(test) {
	const note = test.result().note;
	if (note) return note;
	for (let node = test; node && node.type !== 'module'; node = node.parent) {
		if (/^SKIPPED\b/.test(node.name)) return node.name;
	}
	for (let node = test.parent; node && node.type !== 'module'; node = node.parent) {
		if (node.state() === 'failed') return `its suite "${node.name}" failed before it could run`;
	}
	if (test.options.mode === 'todo') return 'marked todo';
	return 'no reason given (skip or skipIf without a "SKIPPED: …" name)';
}

const message = (error) => (error?.message ?? String(error)).split('\n')[0];

export default class SummaryReporter {
	onTestRunEnd(testModules, unhandledErrors, reason) {
		const file = process.env.CONVENE_TEST_SUMMARY;
		if (!file) return;
		const summary = {
			reason,
			tests: { passed: 0, failed: 0, skipped: 0 },
			files: { passed: 0, failed: 0, skipped: 0 },
			failedTests: [],
			failedFiles: [],
			skipped: [],
			unhandledErrors: []
		};
		for (const module of testModules) {
			const name = `${module.project.name ? `[${module.project.name}] ` : ''}${module.relativeModuleId}`;
			for (const test of module.children.allTests()) {
				const result = test.result();
				if (result.state === 'passed') summary.tests.passed++;
				else if (result.state === 'failed') {
					summary.tests.failed++;
					summary.failedTests.push({ file: name, name: test.fullName, error: message(result.errors?.[0]) });
				} else if (result.state === 'skipped') {
					summary.tests.skipped++;
					summary.skipped.push({ file: name, name: test.fullName, reason: skipReason(test) });
				} else {
					// Collected but never finished (the run was interrupted): not a pass.
					summary.tests.failed++;
					summary.failedTests.push({ file: name, name: test.fullName, error: 'did not finish' });
				}
			}
			// Errors of the file itself (it failed to import, or threw while collecting) and of its suites' hooks.
			const errors = [...module.errors(), ...[...module.children.allSuites()].flatMap((s) => s.errors())];
			const state = module.state();
			if (state === 'failed' || errors.length > 0 || state === 'queued' || state === 'pending') {
				summary.files.failed++;
				summary.failedFiles.push({
					file: name,
					errors: errors.length ? errors.map(message) : [state === 'failed' ? 'a test failed' : `did not finish (${state})`]
				});
			} else if (state === 'skipped') summary.files.skipped++;
			else summary.files.passed++;
		}
		summary.unhandledErrors = unhandledErrors.map(message);
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, JSON.stringify(summary, null, 2));
	}
}
