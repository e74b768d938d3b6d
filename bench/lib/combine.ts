/**
 * Combines several runs of the sync benchmark into one Markdown table: for each figure and server, the
 * median over the runs and, in brackets, the lowest and highest, so that a reader sees the spread.
 *
 *   node --import tsx bench/lib/combine.ts bench/results/sync-A.json bench/results/sync-B.json ...
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fmt } from './measure.js';
import { kindsIn, medianOf, METRICS, type Results } from './sync-report.js';

interface RunFile {
	date: string;
	seconds: number;
	machine: { cpu: string; nproc: number; memoryGiB: number; node: string; platform: string };
	results: Results;
}

const files = process.argv.slice(2);
if (files.length === 0) {
	console.error('usage: node --import tsx bench/lib/combine.ts bench/results/sync-*.json');
	process.exit(2);
}
const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as RunFile);
const kinds = kindsIn(runs[0].results).filter((k) => runs.every((run) => run.results[k]));
const labels = kinds.map((k) => runs[0].results[k]!.label);
const ours = kinds.includes('ours');
const references = kinds.filter((k) => k.startsWith('reference'));

const lines: string[] = [];
lines.push(`| measure | ${labels.join(' | ')} |${ours ? references.map((k) => ` ours / ${k} |`).join('') : ''}`);
lines.push(`|---|${kinds.map(() => '---:|').join('')}${ours ? references.map(() => '---:|').join('') : ''}`);
for (const metric of METRICS) {
	const valuesOf = (kind: (typeof kinds)[number]) => runs.map((run) => metric.pick(run.results[kind]!) ?? NaN).filter(Number.isFinite);
	const cells = kinds.map((kind) => {
		const values = valuesOf(kind);
		if (values.length === 0) return 'n/a';
		const spread = values.length > 1 ? ` (${fmt(Math.min(...values), metric.digits)}–${fmt(Math.max(...values), metric.digits)})` : '';
		return `${fmt(medianOf(values), metric.digits)}${spread}`;
	});
	const ratios = ours
		? references.map((k) => {
				const ratio = medianOf(valuesOf('ours')) / medianOf(valuesOf(k));
				return Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a';
			})
		: [];
	lines.push(`| ${metric.name} | ${[...cells, ...ratios].join(' | ')} |`);
}

const m = runs[0].machine;
console.log(`Median of ${runs.length} runs (lowest–highest in brackets); ratios are of the medians.`);
console.log(`Runs: ${files.map((f) => basename(f)).join(', ')} (${runs.map((r) => `${r.seconds.toFixed(0)} s`).join(', ')})`);
console.log(`Machine: ${m.cpu}, ${m.nproc} CPUs, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}\n`);
console.log(lines.join('\n'));
