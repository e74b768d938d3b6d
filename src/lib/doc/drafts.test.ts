import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addDraft,
	clearDrafts,
	draftsOf,
	placeDrafts,
	readDrafts,
	readWaiting,
	removeDraft,
	setDraftPlace,
	updateDraft,
	writeWaiting
} from './drafts.js';
import { getDraftsMap } from './board-doc.js';
import { createElement } from './commands.js';
import { readElements } from './read.js';
import { SERVER } from './origins.js';
import type { Frame, Note } from './schema.js';

describe('drafts', () => {
	it('add, edit, remove and clear only the given ones, validated', () => {
		const doc = new Y.Doc();
		const a = addDraft(doc, { text: ' Parents feel unheard ', createdAt: 1 });
		const b = addDraft(doc, { text: 'Waiting lists', createdAt: 2 });
		expect(readDrafts(doc).map((d) => d.text)).toEqual(['Parents feel unheard', 'Waiting lists']);
		expect(() => addDraft(doc, { text: '   ', createdAt: 3 })).toThrow();
		updateDraft(doc, a, 'Parents feel unheard at meetings');
		removeDraft(doc, b);
		const c = addDraft(doc, { text: 'Written during the reveal', createdAt: 4 });
		clearDrafts(doc, [a], SERVER);
		expect(readDrafts(doc).map((d) => d.id)).toEqual([c]);
		doc.getMap('drafts').set('bad-entry', { text: 7 });
		expect(readDrafts(doc)).toHaveLength(1);
	});

	it('keeps where a note is meant to go (version 2), and still reads version 1 drafts and drafts whose place does not read', () => {
		const doc = new Y.Doc();
		const a = addDraft(doc, { text: 'Funding follows the EHCP', createdAt: 1, place: { frame: 'ice-frame', section: 'layer-3-barriers' } });
		expect(readDrafts(doc)[0]).toMatchObject({ v: 2, place: { frame: 'ice-frame', section: 'layer-3-barriers' } });
		updateDraft(doc, a, 'Funding follows the EHCP, not the child');
		expect(readDrafts(doc)[0].place).toEqual({ frame: 'ice-frame', section: 'layer-3-barriers' });
		setDraftPlace(doc, a, { frame: 'hmw-frame' });
		expect(readDrafts(doc)[0].place).toEqual({ frame: 'hmw-frame', section: null });
		setDraftPlace(doc, a, null);
		expect(readDrafts(doc)[0].place).toBe(null);
		expect(() => addDraft(doc, { text: 'x', createdAt: 2, place: { frame: 'NOT AN ID', section: null } })).toThrow();
		// Written by a version 1 client: no `v`, no place.
		getDraftsMap(doc).set('old-draft', { text: 'Written before places existed', color: 'blue', createdAt: 3 });
		// A place that does not read drops the place, never the note.
		getDraftsMap(doc).set('odd-place', { v: 3, text: 'From a newer client', createdAt: 4, place: { frame: 7 } });
		expect(readDrafts(doc).map((d) => [d.id, d.v, d.place])).toEqual([
			[a, 2, null],
			['old-draft', 1, null],
			['odd-place', 3, null]
		]);
	});

	it('publishes counts only, and writes only when a count changes', () => {
		const server = new Y.Doc();
		const updates: unknown[] = [];
		server.on('update', (u: Uint8Array) => updates.push(u));
		expect(writeWaiting(server, 'alex', 2, SERVER)).toBe(true);
		expect(writeWaiting(server, 'alex', 2, SERVER)).toBe(false);
		expect(writeWaiting(server, 'sam', 1, SERVER)).toBe(true);
		expect(Object.fromEntries(readWaiting(server))).toEqual({ alex: 2, sam: 1 });
		expect(writeWaiting(server, 'alex', 0, SERVER)).toBe(true);
		expect(Object.fromEntries(readWaiting(server))).toEqual({ sam: 1 });
		expect(updates).toHaveLength(3);
	});

	it('places revealed notes in a frame, each person together, growing the frame to hold them', () => {
		const content = new Y.Doc();
		const frameId = createElement(content, { kind: 'frame', x: 0, y: 0, w: 700, h: 300, title: 'Brainstorm' });
		const groups = [
			{
				authorId: 'alex',
				drafts: draftsOf([1, 2, 3, 4].map((i) => ({ id: `a${i}x`, text: `Alex ${i}`, color: 'yellow' as const, createdAt: i })))
			},
			{ authorId: 'sam', drafts: draftsOf([{ id: 's1x', text: 'Sam 1', color: 'blue' as const, createdAt: 1 }]) }
		];
		const ids = placeDrafts(content, groups, frameId, SERVER);
		expect(ids).toHaveLength(5);
		const els = readElements(content);
		const frame = els.find((e): e is Frame => e.kind === 'frame')!;
		const notes = els.filter((e): e is Note => e.kind === 'note');
		expect(notes.every((n) => n.parent === frameId && n.x >= frame.x && n.x + n.w <= frame.x + frame.w)).toBe(true);
		expect(notes.every((n) => n.y + n.h <= frame.y + frame.h)).toBe(true);
		expect(new Set(notes.map((n) => `${n.x},${n.y}`)).size).toBe(5);
		// Sam's note starts a row of its own, below Alex's.
		const sam = notes.find((n) => n.text === 'Sam 1')!;
		expect(sam.x).toBe(Math.min(...notes.map((n) => n.x)));
		expect(sam.y).toBeGreaterThan(Math.max(...notes.filter((n) => n.createdBy === 'alex').map((n) => n.y)));
		expect(() => placeDrafts(content, groups, 'gone-frame', SERVER)).toThrow(/frame/);
	});
});
