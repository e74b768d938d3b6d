/**
 * The ready check as plain functions: who has said "I'm done" in the current round and who has not.
 * Each person's answer is in their own presence (`done`: the round's id); see docs/decisions.md.
 */
import { takesReadyCheck } from '$lib/doc/policy.js';
import type { Role } from '$lib/doc/members.js';

export interface ReadyPerson {
	id: string;
	name: string;
	role: Role;
	/** The ready-check round this person said "I'm done" in, or null. */
	done: string | null;
}

export interface ReadyStatus {
	done: string[];
	notDone: string[];
	/** How many people take part in the check. */
	total: number;
}

/**
 * The ready check now: people who take part (participants, notes-only), by name, done or not. A person with
 * several tabs counts once, as done if any tab says so.
 */
export function readyStatus(people: readonly ReadyPerson[], checkId: string): ReadyStatus {
	const byId = new Map<string, { name: string; done: boolean }>();
	for (const p of people) {
		if (!takesReadyCheck(p.role)) continue;
		const was = byId.get(p.id);
		byId.set(p.id, { name: p.name || 'Someone', done: (was?.done ?? false) || p.done === checkId });
	}
	const all = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
	return { done: all.filter((p) => p.done).map((p) => p.name), notDone: all.filter((p) => !p.done).map((p) => p.name), total: all.length };
}

/** "3 of 5 are done" */
export function readyText(status: ReadyStatus): string {
	return `${status.done.length} of ${status.total} ${status.total === 1 ? 'is' : 'are'} done`;
}
