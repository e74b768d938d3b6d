/**
 * What this person publishes through awareness: cursor (board coordinates), selection, live drag and
 * viewport. Throttled so a busy workshop does not flood the socket; never written to the doc.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceUser } from '$lib/doc/presence.js';
import type { Publisher } from './state.js';
import { throttle } from './timing.js';

function round(n: number): number {
	return Math.round(n * 10) / 10;
}

export function createPublisher(awareness: Awareness, me: PresenceUser): Publisher {
	const set = (field: string, value: unknown) => {
		// A destroyed awareness has no local state; there is nothing to tell then.
		if (awareness.getLocalState() !== null) awareness.setLocalStateField(field, value);
	};
	// Others can only read our presence if it carries who we are.
	const state = awareness.getLocalState();
	if (state !== null && !state.user) set('user', me);

	const cursor = throttle((p: { x: number; y: number }) => set('cursor', { x: round(p.x), y: round(p.y) }), 50);
	const drag = throttle((d: { ids: string[]; dx: number; dy: number }) => set('drag', d), 50);
	const viewport = throttle(
		(v: { x: number; y: number; scale: number }) => set('viewport', { x: round(v.x), y: round(v.y), scale: v.scale }),
		250
	);
	return {
		cursor(p) {
			if (p) cursor(p);
			else {
				cursor.cancel();
				set('cursor', null);
			}
		},
		selection(ids) {
			set('selection', [...ids].slice(0, 500));
		},
		drag(d) {
			if (d) drag(d);
			else {
				drag.cancel();
				set('drag', null);
			}
		},
		viewport(v) {
			viewport(v);
		},
		cancel() {
			cursor.cancel();
			drag.cancel();
			viewport.cancel();
			const local = awareness.getLocalState();
			if (local !== null) awareness.setLocalState({ ...local, cursor: null, selection: [], drag: null });
		}
	};
}
