/**
 * "Follow me", "Bring everyone here" and the facilitator's view, as plain functions the board page wires up.
 */
import { fitBounds, visibleRect, type Size } from '$lib/canvas/viewport.js';
import type { Rect } from '$lib/shared/geometry.js';
import type { Viewport } from '$lib/canvas/types.js';
import type { Clock } from './timers.js';

export interface ViewSource {
	readonly viewport: Viewport;
	on(event: 'viewportChange', listener: (viewport: Viewport) => void): () => void;
}

/**
 * Leading: publishes the part of the board I see now and whenever it changes, at most once per `everyMs`
 * (about eight times a second). Returns a function that stops leading (and calls `end`).
 */
export function leadView(
	source: ViewSource,
	size: () => Size,
	publish: (rect: Rect) => void,
	end: () => void,
	everyMs = 120,
	clock: Clock = globalClock()
): () => void {
	const write = () => publish(visibleRect(source.viewport, size()));
	write();
	let pending: unknown = null;
	const off = source.on('viewportChange', () => {
		pending ??= clock.setTimeout(() => {
			pending = null;
			write();
		}, everyMs);
	});
	return () => {
		off();
		if (pending !== null) clock.clearTimeout(pending);
		pending = null;
		end();
	};
}

/** Where a follower's screen goes: the leader's rectangle fitted to this screen, or null when not following. */
export function followViewport(follow: { rect: Rect } | null, stoppedFollowing: boolean, size: Size): Viewport | null {
	if (!follow || stoppedFollowing) return null;
	return fitBounds(follow.rect, size, 0, 8);
}

/** A "follow me" of mine left from before a reload leads nobody now: it should end. */
export function isStaleFollow(state: { isFacilitator: boolean; followIsMine: boolean; leading: boolean }): boolean {
	return state.isFacilitator && state.followIsMine && !state.leading;
}

function globalClock(): Clock {
	return {
		setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
		clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
	};
}
