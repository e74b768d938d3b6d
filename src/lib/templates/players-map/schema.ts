/**
 * What the System-Players Map stores: the frame's settings (ring names), a player's data (group, ring)
 * and a connection's data (type, quality). Types come from the schemas and share their names.
 */
import { z } from 'zod';
import type { Frame, JsonValue } from '$lib/doc/schema.js';
import { TEMPLATE_IDS } from '../ids.js';

export const ID = TEMPLATE_IDS.playersMap;
export const VERSION = 1;

/** domain.md 1.1: the five inferred rings, from the young person outwards. */
export const DEFAULT_RINGS = [
	'Young person',
	'Family and peers',
	'The school',
	'Local services and settings',
	'Strategic and national'
] as const;
export const MIN_RINGS = 3;
export const MAX_RINGS = 6;

export const RingName = z.string().trim().min(1, 'a ring needs a name').max(60);
export const RingNames = z.array(RingName).min(MIN_RINGS).max(MAX_RINGS);
export type RingNames = z.infer<typeof RingNames>;

/** The frame's data. A frame without ring names (or with broken ones) uses the default five. */
export const PlayersMapSettings = z.object({ rings: RingNames.optional() });
export type PlayersMapSettings = z.infer<typeof PlayersMapSettings>;

export const GROUP_IDS = [
	'family',
	'peers',
	'school',
	'local-authority',
	'social-care',
	'health',
	'justice',
	'voluntary',
	'strategic',
	'other'
] as const;
export const PlayerGroup = z.enum(GROUP_IDS);
export type PlayerGroup = z.infer<typeof PlayerGroup>;

export const Ring = z
	.number()
	.int()
	.min(0)
	.max(MAX_RINGS - 1);

/**
 * A player's data. `ring` is placement's (set from where the player sits); `group` is chosen. Both are
 * optional: a player added through the outline has no group yet ("Other"), one outside the frame no ring.
 */
export const PlayerData = z.object({ group: PlayerGroup.optional(), ring: Ring.optional() });
export type PlayerData = z.infer<typeof PlayerData>;

export const LINK_TYPES = [
	{ value: 'refers-to', label: 'refers to' },
	{ value: 'depends-on', label: 'depends on' },
	{ value: 'shares-information', label: 'shares information with' },
	{ value: 'commissions', label: 'commissions' },
	{ value: 'trusted-by', label: 'trusted by' },
	{ value: 'school-support', label: 'school-to-school support' },
	{ value: 'other', label: 'other' }
] as const;
export const LinkType = z.enum(LINK_TYPES.map((t) => t.value) as [LinkTypeId, ...LinkTypeId[]]);
export type LinkTypeId = (typeof LINK_TYPES)[number]['value'];
export type LinkType = z.infer<typeof LinkType>;

export const QUALITIES = [
	{ value: 'strong', label: 'strong' },
	{ value: 'working', label: 'working' },
	{ value: 'weak', label: 'weak' },
	{ value: 'strained', label: 'strained' }
] as const;
export type QualityId = (typeof QUALITIES)[number]['value'];
export const Quality = z.enum(QUALITIES.map((q) => q.value) as [QualityId, ...QualityId[]]);
export type Quality = z.infer<typeof Quality>;

/** A connection's data (connector.data). */
export const LinkData = z.object({ template: z.literal(ID), type: LinkType, quality: Quality });
export type LinkData = z.infer<typeof LinkData>;

export const PLAYER_SIZE = { w: 210, h: 88 } as const;

/** The frame's ring names: its own if valid, else the default five. */
export function ringsOf(frame: Pick<Frame, 'data'>): string[] {
	const parsed = RingNames.safeParse(frame.data.rings);
	return parsed.success ? parsed.data : [...DEFAULT_RINGS];
}

export function linkTypeLabel(type: unknown): string {
	return LINK_TYPES.find((t) => t.value === type)?.label ?? 'is connected to';
}

export function qualityLabel(quality: unknown): string | null {
	return QUALITIES.find((q) => q.value === quality)?.label ?? null;
}

/** Narrows a zod schema to the kit's data type (our schemas only produce JSON). */
export function asDataSchema<T extends z.ZodType>(schema: T): z.ZodType<Record<string, JsonValue>> {
	return schema as unknown as z.ZodType<Record<string, JsonValue>>;
}
