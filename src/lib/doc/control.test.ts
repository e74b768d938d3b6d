import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPeers } from './test-peers.js';
import {
	addTime,
	clearTimer,
	formatTimeLeft,
	pauseTimer,
	readAgenda,
	readFollow,
	readTimer,
	resumeTimer,
	setAgenda,
	setFollow,
	startTimer,
	timeLeft
} from './control.js';
import { getControlMap } from './board-doc.js';

describe('the timer', () => {
	it('counts down on the server clock, pauses, resumes and takes extra time', () => {
		const doc = new Y.Doc();
		startTimer(doc, 5 * 60_000, 1_000_000, 'Write notes');
		const t = readTimer(doc)!;
		expect(t).toMatchObject({ label: 'Write notes', running: true, endsAt: 1_300_000 });
		expect(timeLeft(t, 1_060_000)).toBe(240_000);
		pauseTimer(doc, 1_060_000);
		expect(timeLeft(readTimer(doc)!, 9_999_999)).toBe(240_000);
		resumeTimer(doc, 2_000_000);
		expect(readTimer(doc)!.endsAt).toBe(2_240_000);
		addTime(doc, 60_000, 2_000_000);
		expect(timeLeft(readTimer(doc)!, 2_000_000)).toBe(300_000);
		addTime(doc, -10 * 60_000, 2_000_000);
		expect(timeLeft(readTimer(doc)!, 2_000_000)).toBe(0);
		expect(timeLeft(readTimer(doc)!, 2_500_000)).toBe(0);
		clearTimer(doc);
		expect(readTimer(doc)).toBeNull();
	});

	it('refuses nonsense and ignores a malformed stored value', () => {
		const doc = new Y.Doc();
		expect(() => startTimer(doc, 0, 0)).toThrow();
		expect(() => startTimer(doc, 5 * 3600_000, 0)).toThrow();
		getControlMap(doc).set('timer', { running: 'yes' });
		expect(readTimer(doc)).toBeNull();
	});

	it('formats what is left for people', () => {
		expect(formatTimeLeft(0)).toBe('0:00');
		expect(formatTimeLeft(1)).toBe('0:01');
		expect(formatTimeLeft(245_000)).toBe('4:05');
		expect(formatTimeLeft(3_723_000)).toBe('1:02:03');
	});
});

describe('the agenda', () => {
	it('holds phases and the current one, validated', () => {
		const doc = new Y.Doc();
		expect(readAgenda(doc)).toEqual({ phases: [], current: null });
		setAgenda(doc, { phases: ['System players', 'Iceberg'], current: 1 });
		expect(readAgenda(doc)).toEqual({ phases: ['System players', 'Iceberg'], current: 1 });
		expect(() => setAgenda(doc, { phases: ['One'], current: 3 })).toThrow(/current phase/);
		expect(() => setAgenda(doc, { phases: ['  '], current: null })).toThrow();
		expect(readAgenda(doc).current).toBe(1);
	});
});

describe('follow me', () => {
	it('reaches every peer, and ending it reaches them too', () => {
		const { docs, flush } = createPeers(2);
		setFollow(docs[0], { by: 'fac', name: 'Alex', rect: { x: 10, y: 20, w: 800, h: 450 } });
		flush();
		expect(readFollow(docs[1])).toEqual({ by: 'fac', name: 'Alex', rect: { x: 10, y: 20, w: 800, h: 450 } });
		setFollow(docs[0], null);
		flush();
		expect(readFollow(docs[1])).toBeNull();
	});
});
