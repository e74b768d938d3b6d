/**
 * The System-Players Map (domain.md 1.1), pure: the young person at the centre, rings for proximity,
 * players placed in them, typed connections between players. No Konva or Svelte here: the server
 * seeds boards with it.
 */
import type { BoxElement, Frame } from '$lib/doc/schema.js';
import { rectCenter, type Point } from '$lib/shared/geometry.js';
import { playersMapSvg } from './export.js';
import { defineTemplateModel, type Section } from '../kit/model.js';
import { describe, isPlayer } from './describe.js';
import { emptyMap, exampleMap } from './example.js';
import { ringAt, ringGeometry, slotInRing } from './layout.js';
import { GROUPS, paletteGroupOf } from './palette.js';
import {
	asDataSchema,
	ID,
	LINK_TYPES,
	LinkData,
	PLAYER_SIZE,
	PlayerData,
	PlayerGroup,
	PlayersMapSettings,
	QUALITIES,
	ringsOf,
	VERSION
} from './schema.js';
import { linkLook } from './style.js';

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

/**
 * The rings grown by one step (a tenth each time), keeping every point's place in its ring: the centre
 * and both radii scale together, so a point's distance out (its ring) and its angle stay the same.
 */
function growRings(frame: Frame, step: number): { w: number; h: number; move(p: Point): Point } {
	const count = ringsOf(frame).length;
	const g = ringGeometry(frame, count);
	const s = 1 + step / 10;
	const margin = (frame.w - g.legend.w) / 2 - g.rx;
	const areaW = 2 * (g.rx * s + margin);
	const h = Math.ceil(2 * (g.ry * s + (frame.h / 2 - g.ry)));
	let w = Math.ceil(areaW + g.legend.w);
	// A frame that grows wide enough gains the legend column: make room for it too.
	const legend = ringGeometry({ ...frame, w, h }, count).legend.w;
	if (legend !== g.legend.w) w = Math.ceil(areaW + legend);
	const next = ringGeometry({ ...frame, w, h }, count);
	return { w, h, move: (p) => ({ x: next.cx + ((p.x - g.cx) * next.rx) / g.rx, y: next.cy + ((p.y - g.cy) * next.ry) / g.ry }) };
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
	linkColor: (data) => linkLook(data).color,
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
		if (!isPlayer(element)) return { ring };
		// A player's group is its own data, not placement; but the composed rule clears every other
		// template's placement keys, and another template may place by a key named "group". Restating
		// it here (the patch is applied after the clearing) keeps it. See README.
		if (PlayerGroup.safeParse(element.data.group).success) return { ring, group: element.data.group };
		// A player written on the canvas gets its group as the panel's palette would give it: once its
		// name is exactly one of the palette's ("SENCO" is School), and only while nobody chose one.
		const group = paletteGroupOf(element.text);
		return group ? { ring, group } : { ring };
	},
	// Every sticky note in the map is a player in the ring it sits in (the whole frame is rings).
	adopt: () => ({ type: 'player' }),
	startHint: 'Double-click or double-tap in a ring to add a player there',
	sections,
	describe,
	grow: growRings,
	exportSvg: playersMapSvg
});
