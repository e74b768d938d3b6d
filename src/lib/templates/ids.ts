/**
 * Template ids and item types that are read outside their own template: by another template (an action plan
 * lists a theory of change's activities and "how might we" questions), by the server (a vote asks about
 * questions) and by the report. Each template's `schema.ts` takes its own id and these types from here, so they
 * are written once; a template still never imports another (.dependency-cruiser.cjs).
 * Stored in frames and items: never change a value.
 */
export const TEMPLATE_IDS = {
	playersMap: 'players-map',
	iceberg: 'iceberg',
	howMightWe: 'how-might-we',
	causalLoop: 'causal-loop',
	theoryOfChange: 'theory-of-change',
	actionPlan: 'action-plan'
} as const;

/** A "how might we" question card: what a vote asks about, and what a theory of change or action plan starts from. */
export const HMW_QUESTION = { template: TEMPLATE_IDS.howMightWe, type: 'question' } as const;

/** A theory of change's activity card: what an action plan's rows are drawn from. */
export const TOC_ACTIVITY = { template: TEMPLATE_IDS.theoryOfChange, type: 'activity' } as const;
