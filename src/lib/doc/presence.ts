/**
 * What each client publishes through Yjs awareness (never the document): who they are, where their
 * cursor is, what they have selected, and a drag in progress. Remote states are untrusted input, so
 * they are read through `readPresence`, which drops anything malformed.
 */
import { z } from 'zod';

export const PresenceUser = z.object({
	id: z.string().max(64),
	name: z.string().max(60),
	agency: z.string().max(80).default(''),
	color: z.string().regex(/^#[0-9a-f]{6}$/i),
	role: z.enum(['facilitator', 'participant', 'viewer'])
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
	viewport: z.object({ x: z.number().finite(), y: z.number().finite(), scale: z.number().positive() }).nullable().default(null)
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
