/**
 * The System-Players Map (domain.md 1.1), pure: the young person at the centre, rings for proximity,
 * players placed in them, typed connections between players. No Konva or Svelte here: the server
 * seeds boards with it.
 */
import type { BoxElement, Frame } from '$lib/doc/schema.js';
import { rectCenter } from '$lib/shared/geometry.js';
import { playersMapSvg } from './export.js';
import { defineTemplateModel, type Section } from '../kit/model.js';
import { describe, isPlayer } from './describe.js';
import { emptyMap, exampleMap } from './example.js';
import { ringAt, ringGeometry, slotInRing } from './layout.js';
import { GROUPS } from './palette.js';
import { asDataSchema, ID, LINK_TYPES, LinkData, PLAYER_SIZE, PlayerData, PlayersMapSettings, QUALITIES, ringsOf, VERSION } from './schema.js';

/** The verbatim discussion prompts of step 2 (S003). */
export const PROMPTS = [
	'Who are the key players in the system?',
	'How are they connected to others?',
	'Who do they depend on to be able to do their job, i.e., support pupils, successfully?',
	'Who depends on them?',
	'How well are they working together with others?',
	'What could be improved in how players work with one another?'
] as const;

/** Only players and plain sticky notes get a ring; text, other templates' items and frames do not. */
export function placesInRing(el: BoxElement): boolean {
	return isPlayer(el) || el.kind === 'note';
}

/** The geometry of a frame's rings. */
export function geometryOf(frame: Frame) {
	return ringGeometry(frame, ringsOf(frame).length);
}

function sections(frame: Frame): Section[] {
	const names = ringsOf(frame);
	const g = ringGeometry(frame, names.length);
	return names.map((name, ring) => ({
		id: `ring-${ring}`,
		label: `Ring ${ring}: ${name}`,
		data: { ring },
		contains: (el: BoxElement) => (typeof el.data.ring === 'number' ? el.data.ring === ring : ringAt(g, rectCenter(el)) === ring),
		slot: (size, occupied) => slotInRing(g, names, ring, size, occupied)
	}));
}

export const playersMapModel = defineTemplateModel({
	id: ID,
	title: 'System-Players Map',
	summary: 'The young person at the centre; who the players are, how close, and how they work together.',
	version: VERSION,
	settings: asDataSchema(PlayersMapSettings),
	itemTypes: [
		{
			type: 'player',
			label: 'Player',
			data: asDataSchema(PlayerData),
			size: { ...PLAYER_SIZE },
			fields: [{ key: 'group', label: 'Group', options: GROUPS.map((g) => ({ value: g.id, label: g.label })) }]
		}
	],
	linkData: asDataSchema(LinkData),
	linkFields: [
		{ key: 'type', label: 'Connection type', options: LINK_TYPES },
		{ key: 'quality', label: 'Relationship quality', options: QUALITIES }
	],
	placementKeys: ['ring'],
	defaultAdd: 'player',
	prompts: PROMPTS,
	seed: emptyMap,
	example: exampleMap,
	assign(element, frame) {
		if (!placesInRing(element)) return null;
		const ring = ringAt(geometryOf(frame), rectCenter(element));
		// A player's group is its own data, not placement; but the composed rule clears every other
		// template's placement keys, and another template may place by a key named "group". Restating
		// it here (the patch is applied after the clearing) keeps it. See README.
		return isPlayer(element) && element.data.group !== undefined ? { ring, group: element.data.group } : { ring };
	},
	sections,
	describe,
	exportSvg: playersMapSvg
});
