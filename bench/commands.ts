/**
 * What one document command costs on a big board, with the board's live element index and without it
 * (issue 15: "commands touch only their elements"):
 *
 *   npm run bench:commands      (tsx bench/commands.ts; BENCH_NOTES, BENCH_LINKS, BENCH_N)
 *
 * A Y.Doc seeded as tests/helpers/big-board.ts seeds one (BENCH_NOTES notes, default 5,000, and BENCH_LINKS
 * connectors, default 1,000, in a grid), plus five frames holding 40 notes each, with an `ElementIndex` kept
 * on it as the board page keeps one, and the app's placement rules (every template's). Each command is called
 * as the canvas calls it: once given the index (`index`), once not (`scan`: the commands walk the doc for
 * the top index, the frames, a frame's contents, the connectors on a box, as before), alternately, so both
 * see the same board and the same machine load. What a command leaves behind (a created note, a duplicate)
 * is removed after it, untimed. Timed: the main thread's CPU time of the call, the index's upkeep after the
 * transaction included (the app pays it with either), in CPU µs (process.cpuUsage), median and p95 of
 * BENCH_N (default 200) calls after 30 warm-up calls of each.
 */
import { loadavg } from 'node:os';
import * as Y from 'yjs';
import { ElementIndex } from '../src/lib/doc/element-index.js';
import type { ElementLookup } from '../src/lib/doc/element-lookup.js';
import {
	bringToFront,
	createElement,
	deleteElements,
	duplicate,
	moveBy,
	insertCopies,
	selectionWithContents
} from '../src/lib/doc/commands.js';
import { readElement } from '../src/lib/doc/read.js';
import { LOCAL } from '../src/lib/doc/origins.js';
import { placementRules } from '../src/lib/templates/kit/placement.js';
import { TEMPLATE_MODELS } from '../src/lib/templates/models.js';
import { addBigBoard } from '../tests/helpers/big-board.js';
import { fmt, machine, percentile, random, table } from './lib/measure.js';

const NOTES = Number(process.env.BENCH_NOTES ?? 5000);
const LINKS = Number(process.env.BENCH_LINKS ?? 1000);
const N = Number(process.env.BENCH_N ?? 200);
const WARMUP = 30;
const FRAMES = 5;
const PER_FRAME = 40;
const ME = 'p1';

/**
 * The process's CPU time in µs. Not the main thread's alone (schedstat, as bench/update-path.ts reads it, moves
 * in 4 ms ticks on this kernel: coarser than a command), so V8's helper threads count too.
 */
const cpu = () => {
	const u = process.cpuUsage();
	return u.user + u.system;
};

const doc = new Y.Doc();
const index = new ElementIndex(doc);
const rules = placementRules(TEMPLATE_MODELS);
addBigBoard(doc, NOTES, LINKS, ME);
// Frames left of the grid, each with notes dropped into it (their parent is the frame).
const frames: string[] = [];
const framed: string[][] = [];
for (let f = 0; f < FRAMES; f++) {
	const y = f * 1400;
	frames.push(createElement(doc, { kind: 'frame', x: -3000, y, w: 2000, h: 1200, title: `Frame ${f + 1}` }, LOCAL, rules, index));
	const inside: string[] = [];
	for (let i = 0; i < PER_FRAME; i++)
		inside.push(
			createElement(
				doc,
				{ kind: 'note', x: -2950 + (i % 8) * 240, y: y + 60 + Math.floor(i / 8) * 200, text: `in ${f}` },
				LOCAL,
				rules,
				index
			)
		);
	framed.push(inside);
}
const notes = Array.from({ length: NOTES }, (_, i) => `big-note-${i}`);
// Notes with connectors (addBigBoard joins note (j*7) % NOTES to the next one).
const linked = Array.from({ length: LINKS }, (_, j) => notes[(j * 7) % NOTES]);
const rand = random(15);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

type Lookup = ElementLookup | undefined;
interface Case {
	name: string;
	/** The timed call. Returns what to remove afterwards (untimed), if anything. */
	run(look: Lookup, i: number): string[] | void;
}

let deleted = 0;
const cases: Case[] = [
	{ name: '(measurement alone)', run: () => {} },
	{
		name: 'create a note',
		run: (look) => [createElement(doc, { kind: 'note', x: rand() * 19_000, y: 400 + rand() * 12_000, text: 'New' }, LOCAL, rules, look)]
	},
	{
		name: 'create a connector',
		run: (look) => [createElement(doc, { kind: 'connector', from: pick(notes), to: pick(notes), data: {} }, LOCAL, rules, look)]
	},
	{
		name: 'move a note into / out of a frame',
		run: (look, i) => {
			// Out of frame 0 onto the bare board, and back.
			const id = framed[0][0];
			const el = readElement(doc, id)!;
			const out = el.kind !== 'connector' && el.parent !== null;
			moveBy(doc, [id], out ? -2500 : 2500, 0, LOCAL, rules, look);
			void i;
		}
	},
	{
		name: 'move a note on the bare board',
		run: (look, i) => moveBy(doc, [notes[1234]], i % 2 === 0 ? 40 : -40, 0, LOCAL, rules, look)
	},
	{
		name: `move a frame (${PER_FRAME} notes in it)`,
		run: (look, i) => moveBy(doc, [frames[1]], 0, i % 2 === 0 ? 30 : -30, LOCAL, rules, look)
	},
	{
		name: 'delete a note with its connectors',
		run: (look) => deleteElements(doc, [linked[deleted++ % linked.length]], LOCAL, look)
	},
	{ name: 'bring a note to front', run: (look) => bringToFront(doc, [pick(notes)], LOCAL, look) },
	{
		name: 'duplicate 3 notes',
		run: (look) => {
			const at = Math.floor(rand() * (NOTES - 3));
			return duplicate(doc, notes.slice(at, at + 3), { by: ME, rules, elements: look });
		}
	},
	{
		name: 'paste 3 notes (copy, then paste)',
		run: (look) => {
			const at = Math.floor(rand() * (NOTES - 3));
			return insertCopies(doc, selectionWithContents(doc, notes.slice(at, at + 3), look), 30, 30, { by: ME, rules, elements: look });
		}
	}
];

const variants: [string, Lookup][] = [
	['scan', undefined],
	['index', index]
];
const results = new Map<string, Map<string, number[]>>();
for (const c of cases) {
	const byVariant = new Map<string, number[]>(variants.map(([v]) => [v, []]));
	results.set(c.name, byVariant);
	for (let i = 0; i < WARMUP + N; i++) {
		// Alternate which goes first, so neither always follows the other's garbage.
		const order = i % 2 === 0 ? variants : [...variants].reverse();
		for (const [name, look] of order) {
			const t0 = cpu();
			const made = c.run(look, i);
			const t1 = cpu();
			if (i >= WARMUP) byVariant.get(name)!.push(t1 - t0);
			if (made && made.length) deleteElements(doc, made, LOCAL, index);
		}
	}
}

const header = ['command', 'scan p50', 'scan p95', 'index p50', 'index p95', 'p50 ratio'];
const rows = [header];
for (const [name, byVariant] of results) {
	const scan = byVariant.get('scan')!;
	const kept = byVariant.get('index')!;
	rows.push([
		name,
		fmt(percentile(scan, 50)),
		fmt(percentile(scan, 95)),
		fmt(percentile(kept, 50)),
		fmt(percentile(kept, 95)),
		`${fmt(percentile(kept, 50) / percentile(scan, 50), 2)}x`
	]);
}
const m = machine();
console.log(
	`bench:commands — ${index.size} elements (${NOTES} notes, ${LINKS} connectors, ${FRAMES} frames of ${PER_FRAME} notes), ` +
		`CPU µs per call, ${N} calls each after ${WARMUP} warm-up, scan and index alternating`
);
console.log(
	`${m.cpu}, ${m.nproc} cores, node ${m.node}; load average ${loadavg()
		.map((l) => l.toFixed(2))
		.join(' ')}`
);
console.log(table(rows));
