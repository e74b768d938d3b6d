/**
 * When the app warns that a board is filling up. The server refuses changes once the `content` document
 * reaches its cap (MAX_DOC_MB) and publishes how full it is (src/lib/doc/capacity.ts); people hear of it
 * before they meet it, and again at each step closer.
 */
import type { Capacity } from '$lib/doc/capacity.js';

/**
 * The shares of the cap at which the warning appears (again, if it was hidden at an earlier one). The last is
 * "full": the server refuses a change that would pass the cap, so a board rarely reads 100% exactly.
 */
export const CAPACITY_STEPS = [80, 90, 95] as const;
export const FULL_STEP = 95;

export interface CapacityWarning {
	/** The step reached: 80, 90 or 95 (full). */
	step: number;
	text: string;
}

/** The warning for `capacity`, or null while the board is below the first step. */
export function capacityWarning(capacity: Capacity | null): CapacityWarning | null {
	if (!capacity) return null;
	const step = [...CAPACITY_STEPS].reverse().find((s) => capacity.percent >= s);
	if (step === undefined) return null;
	const size = `${formatMb(capacity.maxMb)} MB`;
	if (step === FULL_STEP) {
		return {
			step,
			text: `This board is full (${capacity.percent}% of ${size}): changes that do not fit are not kept. Downloads still work; a facilitator can start a new board.`
		};
	}
	return {
		step,
		text: `This board is ${capacity.percent}% full (of ${size}). At 100% it takes no more changes; downloads still work.`
	};
}

function formatMb(mb: number): string {
	return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(mb);
}
