/**
 * What each client publishes through Yjs awareness (never the document): who they are, where their
 * cursor is, what they have selected, and a drag in progress. Remote states are untrusted input, so
 * they are read through `readPresence`, which drops anything malformed.
 */
import { z } from 'zod';
import { Role } from './members.js';

export const PresenceUser = z.object({
	id: z.string().max(64),
	name: z.string().max(60),
	agency: z.string().max(80).default(''),
	color: z.string().regex(/^#[0-9a-f]{6}$/i),
	role: Role
});
export type PresenceUser = z.infer<typeof PresenceUser>;

export const Presence = z.object({
	user: PresenceUser,
	/** Board coordinates of the pointer, or null when it is off the canvas. */
	cursor: z.object({ x: z.number().finite(), y: z.number().finite() }).nullable().default(null),
	selection: z.array(z.string().max(64)).max(500).default([]),
	/** A drag in progress: where the dragged elements are drawn for others until the drop is written. */
	drag: z
		.object({ ids: z.array(z.string().max(64)).max(500), dx: z.number().finite(), dy: z.number().finite() })
		.nullable()
		.default(null),
	/** The visible board area, so "follow me" can match it. */
	viewport: z.object({ x: z.number().finite(), y: z.number().finite(), scale: z.number().positive() }).nullable().default(null),
	/** "I'm done" in the ready check: the id of the round it answers (control.ts readReadyCheck), or null. */
	done: z.string().max(64).nullable().default(null)
});
export type Presence = z.infer<typeof Presence>;

/** Valid remote presences by awareness client id (the local client excluded). */
export function readPresence(states: Map<number, Record<string, unknown>>, localClientId: number): Map<number, Presence> {
	const out = new Map<number, Presence>();
	for (const [clientId, state] of states) {
		if (clientId === localClientId) continue;
		const parsed = Presence.safeParse(state);
		if (parsed.success) out.set(clientId, parsed.data);
	}
	return out;
}

/** The largest presence state the server relays, as JSON. Real states are a few hundred bytes. */
export const MAX_PRESENCE_BYTES = 8 * 1024;
/** Selected or dragged ids beyond this many are not relayed (others then see part of a huge selection). */
export const MAX_PRESENCE_IDS = 100;

const Id = z.string().max(64);
const Point = z.object({ x: z.number().finite(), y: z.number().finite() });
/** What the server keeps of a remote state: the documented fields only, each dropped if malformed. */
const RelayedPresence = z.object({
	cursor: Point.nullable().optional().catch(undefined),
	selection: z
		.array(Id)
		.transform((ids) => ids.slice(0, MAX_PRESENCE_IDS))
		.optional()
		.catch(undefined),
	drag: z
		.object({ ids: z.array(Id).transform((ids) => ids.slice(0, MAX_PRESENCE_IDS)), dx: z.number().finite(), dy: z.number().finite() })
		.nullable()
		.optional()
		.catch(undefined),
	viewport: z
		.object({ x: z.number().finite(), y: z.number().finite(), scale: z.number().positive().finite() })
		.nullable()
		.optional()
		.catch(undefined),
	done: z.string().max(64).nullable().optional().catch(undefined)
});

/**
 * Trims a presence state someone sent to what the server relays: `user` is the session's (nobody can speak
 * as someone else), then only the documented fields (unknown ones and malformed ones are dropped; id lists
 * are cut to `MAX_PRESENCE_IDS`). Returns null when the state is not an object or is still larger than
 * `MAX_PRESENCE_BYTES`, and the state is refused.
 *
 * @example trimPresence({ cursor: { x: 1, y: 2 }, huge: 'x'.repeat(1e6) }, me) // { user: me, cursor: { x: 1, y: 2 } }
 */
export function trimPresence(state: unknown, user: PresenceUser): Record<string, unknown> | null {
	if (state === null || typeof state !== 'object' || Array.isArray(state)) return null;
	const parsed = RelayedPresence.safeParse(state);
	if (!parsed.success) return null;
	const out: Record<string, unknown> = { user };
	for (const [key, value] of Object.entries(parsed.data)) if (value !== undefined) out[key] = value;
	return JSON.stringify(out).length <= MAX_PRESENCE_BYTES ? out : null;
}
