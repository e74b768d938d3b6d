/**
 * Who may do what to the board: the one place the rules are decided. The server enforces them on every
 * change to `content` (server/transport/content-guard.ts), whatever client sent it; the app asks the same
 * functions first, so it never offers what the server will refuse and can say why.
 *
 * Roles: facilitators may do anything (the schema still applies); participants may change anything that is
 * not locked, not inside a locked frame, not an exercise's structure and not on a closed board; notes-only
 * participants may add notes, template items and connectors, and change or delete only their own; viewers
 * write nothing (the transport drops their frames before they get here).
 */
import { z } from 'zod';
import type { Element } from './schema.js';
import type { Role } from './members.js';

/** The board's rules as the facilitators set them in the `control` document. */
export interface BoardRules {
	/** Ids of locked elements (a locked frame locks what it holds). */
	locked: ReadonlySet<string>;
	/** A closed workshop is read-only for everyone but facilitators. */
	closed: boolean;
	/** Participants may change exercise structure (frames of templates, structural items). Off by default. */
	structureOpen: boolean;
}

export const NO_RULES: BoardRules = { locked: new Set(), closed: false, structureOpen: false };

export interface Actor {
	id: string;
	role: Role;
}

/** One element before and after a change; null is "absent". `invalid` when the after-state fails the schema. */
export interface ElementChange {
	id: string;
	before: Element | null;
	after: Element | null;
	invalid?: boolean;
}

export interface PolicyContext {
	/** The element as it was before the change (for walking up frames), or null. */
	before(id: string): Element | null;
	/** Whether an element is part of an exercise's structure (its template decides; default: template frames). */
	isStructural(element: Element): boolean;
	/**
	 * Data keys of a structural element that participants may still change (a causal-loop frame's loop names
	 * and highlighted loop are the room's, not the layout's). Default: none.
	 */
	openSettings?(element: Element): readonly string[];
}

/** Whether `after` differs from `before` only in the data keys `keys`. */
function differsOnlyIn(before: Element, after: Element, keys: readonly string[]): boolean {
	if (keys.length === 0) return false;
	const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
	const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
	fields.delete('data');
	for (const field of fields)
		if (!same((before as Record<string, unknown>)[field], (after as Record<string, unknown>)[field])) return false;
	const dataKeys = new Set([...Object.keys(before.data), ...Object.keys(after.data)]);
	for (const key of dataKeys) if (!keys.includes(key) && !same(before.data[key], after.data[key])) return false;
	return true;
}

/** Why a change is refused, in words a participant reads, or null when it is allowed. */
export type Refusal = string | null;

/** How deep frames may nest when looking for a locked ancestor (a cycle is cut off here). */
const MAX_DEPTH = 32;

/** The ids of `id`'s frames, innermost first (from the state before the change). */
function framesAround(id: string | null, ctx: PolicyContext): string[] {
	const out: string[] = [];
	for (let at = id, depth = 0; at && depth < MAX_DEPTH; depth++) {
		out.push(at);
		at = ctx.before(at)?.parent ?? null;
	}
	return out;
}

/** Whether an element, or a frame it sits in (before or after the change), is locked. */
export function isLockedAt(element: Pick<Element, 'id' | 'parent'>, rules: BoardRules, ctx: PolicyContext): boolean {
	if (rules.locked.has(element.id)) return true;
	return framesAround(element.parent, ctx).some((frame) => rules.locked.has(frame));
}

/**
 * Decides one element's change for one actor.
 *
 * @example checkChange({ id: 'p1', role: 'participant' }, { id: 'n1', before: note, after: null }, rules, ctx)
 *   // 'This is locked by the facilitator.' when n1 sits in a locked frame
 */
export function checkChange(actor: Actor, change: ElementChange, rules: BoardRules, ctx: PolicyContext): Refusal {
	const { before, after } = change;
	if (change.invalid) return 'That change would leave something on the board that Convene cannot read, so it was not kept.';
	if (actor.role === 'viewer') return 'Viewers can look but not change the board.';
	// Authorship is a fact, not a field anyone may set: new things are yours, old things stay whose they were.
	if (!before && after?.createdBy !== undefined && after.createdBy !== actor.id) return 'You can only add things in your own name.';
	if (before && after && before.createdBy !== after.createdBy) return 'Who made something cannot be changed.';
	// Which version of its template's data a frame holds is a fact the server keeps: it migrates frames
	// (src/lib/templates/kit/migrate.ts) and nobody else may set it back or forward.
	if (before?.kind === 'frame' && after?.kind === 'frame' && (before.templateVersion ?? 1) !== (after.templateVersion ?? 1))
		return "An exercise's data version is changed only by the server.";
	if (actor.role === 'facilitator') return null;
	if (rules.closed) return 'The workshop is closed: only a facilitator can change the board now.';
	if ((before && isLockedAt(before, rules, ctx)) || (after && isLockedAt(after, rules, ctx)))
		return 'This is locked by the facilitator, so it cannot be changed, moved or deleted.';
	if (!rules.structureOpen && ((before && ctx.isStructural(before)) || (after && ctx.isStructural(after)))) {
		const open = before && after ? (ctx.openSettings?.(before) ?? []) : [];
		if (!(before && after && differsOnlyIn(before, after, open))) return "Only a facilitator can change an exercise's frame and layout.";
	}
	if (actor.role === 'notes-only') {
		if (!before) {
			if (after && after.kind !== 'note' && after.kind !== 'item' && after.kind !== 'connector')
				return 'With notes-only access you can add notes, cards and connectors.';
			if (after && after.createdBy !== actor.id) return 'With notes-only access, what you add must be in your own name.';
		} else if (before.createdBy !== actor.id) {
			return 'With notes-only access you can change and delete only what you added.';
		}
	}
	return null;
}

/** Default structure: a frame made from a template (its settings carry rings, layers and columns). */
export function isTemplateFrame(element: Element): boolean {
	return element.kind === 'frame' && element.template !== null;
}

/** What the `control` document stores about the board's rules (locks live in their own map). */
export const RulesSettings = z.object({
	closed: z.boolean().default(false),
	structureOpen: z.boolean().default(false)
});
export type RulesSettings = z.infer<typeof RulesSettings>;

/**
 * Who may run the room's moments: "Bring everyone here", clearing the ready check, follow me, the agenda and
 * the timer. They live in the `control` document, which only facilitators may write (WRITABLE in members.ts,
 * enforced by the transport), so this says the same thing for the app to ask first.
 */
export function mayRunRoom(role: Role): boolean {
	return role === 'facilitator';
}

/** Who says "I'm done" in a ready check: everyone who takes part in the exercise (not viewers, not facilitators). */
export function takesReadyCheck(role: Role): boolean {
	return role === 'participant' || role === 'notes-only';
}
