/**
 * What the board's rules cost per update, in process (no sockets): the content guard's `apply` against
 * the same updates applied as the server did before the rules (`checkUpdate` + `Y.applyUpdate`), and the
 * guard's parts on their own.
 *
 *   tsx bench/guard.ts      (also run by npm run bench)
 *
 * Two kinds of update, as people make them: a note moved (two keys of one element), and a word typed into a
 * note whose text is long (the guard reads the whole element after every change, its text included). Boards
 * of 200 and 5,000 notes. The figures are CPU microseconds per update (median of 5 rounds).
 */
import { loadavg } from 'node:os';
import * as Y from 'yjs';
import { getElementsMap } from '../src/lib/doc/board-doc.js';
import { plainOf } from '../src/lib/doc/element-map.js';
import { readRules } from '../src/lib/doc/control.js';
import { Element } from '../src/lib/doc/schema.js';
import { TEMPLATE_MODELS } from '../src/lib/templates/models.js';
import { isStructuralElement, openSettingsOf, templateDataValid } from '../src/lib/templates/kit/structure.js';
import { createContentGuard } from '../server/transport/content-guard.js';
import { checkUpdate } from '../server/transport/protocol.js';
import type { Connection } from '../server/transport/connection-types.js';
import { addBigBoard } from '../tests/helpers/big-board.js';

const UPDATES = 2000;
const ROUNDS = 5;
const AUTHOR = 'p1';

function cpuUs(run: () => void): number {
	const c = process.cpuUsage();
	run();
	const u = process.cpuUsage(c);
	return u.user + u.system;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Updates as a client makes them: `kind` edits of note 0..49 of a board of `notes` notes. */
function scenario(notes: number, kind: 'move' | 'type') {
	const writer = new Y.Doc();
	addBigBoard(writer, notes, 0, AUTHOR);
	const elements = getElementsMap(writer);
	if (kind === 'type')
		writer.transact(() => {
			for (let i = 0; i < 50; i++) (elements.get(`big-note-${i}`)!.get('text') as Y.Text).insert(0, 'word '.repeat(600));
		});
	const base = Y.encodeStateAsUpdate(writer);
	const updates: Uint8Array[] = [];
	writer.on('update', (u: Uint8Array) => updates.push(u));
	for (let i = 0; i < UPDATES; i++) {
		const note = elements.get(`big-note-${i % 50}`)!;
		writer.transact(() => {
			if (kind === 'move') {
				note.set('x', 1000 + i);
				note.set('y', 500 + (i % 300));
			} else (note.get('text') as Y.Text).insert(10, 'gap ');
		});
	}
	return {
		base,
		updates,
		sample: () => {
			const d = new Y.Doc();
			Y.applyUpdate(d, base);
			return getElementsMap(d).get('big-note-1')!;
		}
	};
}

const connection = {
	id: 1,
	grant: { boardId: 'b', participantId: AUTHOR, role: 'participant', name: 'P', agency: 'School' },
	wantsAcks: false,
	send() {},
	close() {}
} as unknown as Connection;

const rows: string[][] = [];
for (const notes of [200, 5000]) {
	for (const kind of ['move', 'type'] as const) {
		const { base, updates, sample } = scenario(notes, kind);
		const plain: number[] = [];
		const guarded: number[] = [];
		for (let r = 0; r < ROUNDS; r++) {
			const a = new Y.Doc();
			Y.applyUpdate(a, base);
			plain.push(
				cpuUs(() => {
					for (const u of updates) {
						checkUpdate(u);
						Y.applyUpdate(a, u, connection);
					}
				}) / updates.length
			);
			const b = new Y.Doc();
			Y.applyUpdate(b, base);
			const control = new Y.Doc();
			const guard = createContentGuard(b, {
				rules: () => readRules(control),
				isStructural: (e) => isStructuralElement(e, TEMPLATE_MODELS),
				openSettings: (e) => openSettingsOf(e, TEMPLATE_MODELS),
				valid: (e) => templateDataValid(e, TEMPLATE_MODELS)
			});
			guarded.push(
				cpuUs(() => {
					for (const u of updates) if (guard.apply(connection, u).refused.length) throw new Error('refused');
				}) / updates.length
			);
			guard.destroy();
		}
		const note = sample();
		const control = new Y.Doc();
		const parts = {
			read: median(
				Array.from(
					{ length: ROUNDS },
					() =>
						cpuUs(() => {
							for (let i = 0; i < UPDATES; i++) Element.safeParse(plainOf(note));
						}) / UPDATES
				)
			),
			rules: median(
				Array.from(
					{ length: ROUNDS },
					() =>
						cpuUs(() => {
							for (let i = 0; i < UPDATES; i++) readRules(control);
						}) / UPDATES
				)
			),
			decode: median(
				Array.from(
					{ length: ROUNDS },
					() =>
						cpuUs(() => {
							for (const u of updates) Y.decodeUpdate(u);
						}) / updates.length
				)
			)
		};
		rows.push([
			`${notes} notes, ${kind === 'move' ? 'a note moved' : 'a word typed into a 3,000-character note'}`,
			median(plain).toFixed(1),
			median(guarded).toFixed(1),
			(median(guarded) - median(plain)).toFixed(1),
			parts.read.toFixed(1),
			parts.rules.toFixed(1),
			parts.decode.toFixed(1)
		]);
	}
}

const header = [
	'updates',
	'before the rules, µs',
	'with the guard, µs',
	'the guard adds, µs',
	'of which: read + parse the element',
	'read the rules',
	'decode the update'
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(
	`The content guard's cost per update, CPU µs, median of ${ROUNDS} rounds of ${UPDATES}; Node ${process.version}; load average ${loadavg()[0].toFixed(1)}`
);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
