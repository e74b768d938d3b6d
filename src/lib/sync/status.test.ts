import { describe, expect, it } from 'vitest';
import { connectionStatus, type StatusFacts } from './status.js';

const live: StatusFacts = {
	refusal: null,
	offline: false,
	connected: true,
	synced: true,
	everConnected: true,
	sent: 0,
	acked: 0,
	myClock: 0,
	savedClock: 0
};

describe(connectionStatus, () => {
	it('is saved when connected, synced and every change of mine is acknowledged on disk', () => {
		expect(connectionStatus(live)).toBe('saved');
		expect(connectionStatus({ ...live, sent: 3, acked: 3, myClock: 12, savedClock: 12 })).toBe('saved');
	});

	it('is saving while a change is sent but not acknowledged, or my clock is ahead of what is on disk', () => {
		expect(connectionStatus({ ...live, sent: 2, acked: 1, myClock: 5, savedClock: 5 })).toBe('saving');
		// Offline edits synced on reconnect were never "sent" on this socket, but the clock shows them.
		expect(connectionStatus({ ...live, sent: 0, acked: 0, myClock: 9, savedClock: 4 })).toBe('saving');
	});

	it('is connecting before the first connection, reconnecting after one, until synced', () => {
		expect(connectionStatus({ ...live, everConnected: false, connected: false, synced: false })).toBe('connecting');
		expect(connectionStatus({ ...live, everConnected: false, connected: true, synced: false })).toBe('connecting');
		expect(connectionStatus({ ...live, connected: false })).toBe('reconnecting');
		expect(connectionStatus({ ...live, synced: false })).toBe('reconnecting');
	});

	it('says offline when the browser is, and refused above everything', () => {
		expect(connectionStatus({ ...live, offline: true })).toBe('offline');
		expect(connectionStatus({ ...live, offline: true, refusal: 'You were removed from this board.' })).toBe('refused');
		expect(connectionStatus({ ...live, connected: false, refusal: 'x' })).toBe('refused');
	});
});
