/**
 * The worked example: the system around a Year 9 pupil at risk of exclusion, built from the players
 * and connections the seeds describe (domain.md 1.1). Positions come from the same ring layout as
 * "Arrange", so each player sits in its ring and placement agrees (contract TC3).
 */
import type { Point } from '$lib/shared/geometry.js';
import { indicesAbove } from '$lib/shared/order.js';
import type { Seed } from '../kit/model.js';
import { seedBuilder } from '../kit/seed.js';
import { arrangeInRings, pointIn, ringGeometry } from './layout.js';
import { groupInfo } from './palette.js';
import { DEFAULT_RINGS, ID, PLAYER_SIZE, type LinkTypeId, type PlayerGroup, type QualityId } from './schema.js';

export const FRAME_SIZE = { w: 2600, h: 1700 } as const;

/** Name, group, ring, and where round the ring (degrees clockwise from the top). */
const PLAYERS: readonly [string, PlayerGroup, number, number][] = [
	['Parents/carers', 'family', 1, 90],
	['Older sister', 'family', 1, 160],
	['Peer group', 'peers', 1, 270],
	['Form tutor', 'school', 2, 105],
	['Head of Year 9', 'school', 2, 150],
	['SENCO', 'school', 2, 200],
	['Designated safeguarding lead', 'school', 2, 30],
	['Pastoral lead', 'school', 2, 300],
	['Early help', 'social-care', 3, 60],
	['CAMHS', 'health', 3, 105],
	['Educational psychologist', 'local-authority', 3, 155],
	['Fair Access Panel', 'local-authority', 3, 200],
	['Alternative provision', 'local-authority', 3, 240],
	['Youth Justice Service', 'justice', 3, 15],
	['Mentoring charity', 'voluntary', 3, 310],
	["Director of Children's Services", 'strategic', 4, 220],
	['DfE', 'strategic', 4, 250]
];

/** From, type, to, quality: indices into PLAYERS. */
const LINKS: readonly [number, LinkTypeId, number, QualityId][] = [
	[3, 'shares-information', 0, 'weak'],
	[5, 'refers-to', 9, 'working'],
	[5, 'refers-to', 10, 'strong'],
	[4, 'refers-to', 11, 'strained'],
	[6, 'refers-to', 8, 'working'],
	[8, 'trusted-by', 0, 'weak'],
	[9, 'depends-on', 0, 'strained'],
	[13, 'shares-information', 6, 'weak'],
	[15, 'commissions', 12, 'working'],
	[11, 'refers-to', 12, 'working'],
	[7, 'refers-to', 14, 'strong'],
	[4, 'shares-information', 5, 'strong'],
	[7, 'trusted-by', 2, 'working'],
	[16, 'other', 15, 'working']
];

/** An empty map: the frame and its rings. */
export function emptyMap(at: Point): Seed {
	const b = seedBuilder(ID);
	b.frame({ ...at, ...FRAME_SIZE }, 'System-Players Map', { rings: [...DEFAULT_RINGS] });
	return b.done();
}

export function exampleMap(at: Point): Seed {
	const b = seedBuilder(ID);
	const rings = [...DEFAULT_RINGS];
	const frame = { ...at, ...FRAME_SIZE };
	b.frame(frame, 'System-Players Map: a Year 9 pupil at risk of exclusion', { rings });
	const g = ringGeometry(frame, rings.length);
	const rough = PLAYERS.map(([, , ring, deg], i) => {
		const c = pointIn(g, ring, 0.5, ((deg - 90) * Math.PI) / 180);
		return { id: String(i), x: c.x - PLAYER_SIZE.w / 2, y: c.y - PLAYER_SIZE.h / 2, ...PLAYER_SIZE };
	});
	const targets = new Map(PLAYERS.map(([, , , deg], i) => [String(i), ((deg - 90) * Math.PI) / 180]));
	const spread = arrangeInRings(g, rings, rough, [], targets);
	const ids = PLAYERS.map(([name, group, ring], i) => {
		const p = spread.get(String(i))!;
		return b.item('player', { ...p, ...PLAYER_SIZE }, name, { group, ring }, groupInfo(group).color);
	});
	for (const [from, type, to, quality] of LINKS) b.link(ids[from], ids[to], { type, quality });
	return inOrder(b.done());
}

/**
 * Gives the seed's elements indices in seed order. The kit's placeholder ids ("s1x", "s10x") sort
 * out of order once there are ten or more, and `insertCopies` sorts by (index, id): without this the
 * frame would not come first and `addExercise` would return a player's id instead of the frame's.
 */
function inOrder(seed: Seed): Seed {
	const keys = indicesAbove(null, seed.elements.length);
	return { elements: seed.elements.map((e, i) => ({ ...e, index: keys[i] })) };
}
