import { describe, expect, it } from 'vitest';
import { readyStatus, readyText, type ReadyPerson } from './ready.js';

const p = (id: string, name: string, done: string | null, role: ReadyPerson['role'] = 'participant'): ReadyPerson => ({
	id,
	name,
	role,
	done
});

describe('the ready check', () => {
	it('counts who is done in this round, by name, and leaves out facilitators and viewers', () => {
		const status = readyStatus(
			[
				p('a', 'Ana', 'r1'),
				p('b', 'Ben', null),
				p('c', 'Cy', 'r0'),
				p('f', 'Fay', 'r1', 'facilitator'),
				p('v', 'Vi', null, 'viewer'),
				p('n', 'Noor', 'r1', 'notes-only')
			],
			'r1'
		);
		expect(status).toEqual({ done: ['Ana', 'Noor'], notDone: ['Ben', 'Cy'], total: 4 });
		expect(readyText(status)).toBe('2 of 4 are done');
	});

	it('counts a person with two tabs once, done if either tab says so', () => {
		const status = readyStatus([p('a', 'Ana', null), p('a', 'Ana', 'r1')], 'r1');
		expect(status).toEqual({ done: ['Ana'], notDone: [], total: 1 });
		expect(readyText(status)).toBe('1 of 1 is done');
	});

	it('clearing (a new round) makes everyone not done', () => {
		expect(readyStatus([p('a', 'Ana', 'r1'), p('b', 'Ben', 'r1')], 'r2').notDone).toEqual(['Ana', 'Ben']);
	});
});
