/**
 * Commands over the board's doc for a players map. Each validates its input with zod and writes in one
 * transaction with the LOCAL origin (what undo tracks). Rings are never written directly: they follow
 * from where a player sits, through the board's placement rule, inside the same transaction.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import {
	NO_PLACEMENT,
	type PlacementRules,
	createElement,
	ElementId,
	LOCAL,
	moveBy,
	readElement,
	readElements,
	setData,
	type BoxElement,
	type Frame
} from '$lib/doc/index.js';
import { contentsOf } from '../kit/model.js';
import { arrangeInRings, rebandPoint, ringGeometry, slotInRing } from './layout.js';
import { placesInRing } from './model.js';
import { groupInfo } from './palette.js';
import { ID, LinkType, PLAYER_SIZE, PlayerGroup, Quality, Ring, RingNames, ringsOf } from './schema.js';

function mapFrame(doc: Y.Doc, frameId: string): Frame {
	const frame = readElement(doc, ElementId.parse(frameId));
	if (frame?.kind !== 'frame' || frame.template !== ID) throw new Error(`${frameId} is not a players map`);
	return frame;
}

const inFrame = (doc: Y.Doc, frame: Frame): BoxElement[] => contentsOf(frame, readElements(doc)).items;

export const NewPlayer = z.object({
	name: z.string().trim().min(1, 'a player needs a name').max(200),
	group: PlayerGroup.default('other'),
	/** The ring to put it in; defaults to its group's typical ring (kept inside the frame's rings). */
	ring: Ring.optional()
});
export type NewPlayer = z.input<typeof NewPlayer>;

/**
 * Adds a player at a free place in its ring; returns its id.
 * @example addPlayer(doc, frameId, { name: 'SENCO', group: 'school', ring: 2 }, rules)
 */
export function addPlayer(doc: Y.Doc, frameId: string, input: NewPlayer, rules: PlacementRules = NO_PLACEMENT): string {
	const player = NewPlayer.parse(input);
	const frame = mapFrame(doc, frameId);
	const names = ringsOf(frame);
	const ring = Math.min(player.ring ?? groupInfo(player.group).ring, names.length - 1);
	const g = ringGeometry(frame, names.length);
	const at = slotInRing(g, names, ring, PLAYER_SIZE, inFrame(doc, frame));
	const info = groupInfo(player.group);
	return createElement(
		doc,
		{
			kind: 'item',
			template: ID,
			type: 'player',
			...at,
			...PLAYER_SIZE,
			text: player.name,
			color: info.color,
			parent: frame.id,
			data: { group: player.group, ring }
		},
		LOCAL,
		rules
	);
}

export const LinkChoice = z.object({ type: LinkType, quality: Quality });

/**
 * Connects two players (or notes) in the map with a typed connection; returns its id.
 * @example connectPlayers(doc, senco, camhs, { type: 'refers-to', quality: 'working' })
 */
export function connectPlayers(doc: Y.Doc, from: string, to: string, choice: z.input<typeof LinkChoice>): string {
	const { type, quality } = LinkChoice.parse(choice);
	if (ElementId.parse(from) === ElementId.parse(to)) throw new Error('A player cannot be connected to itself');
	return createElement(doc, { kind: 'connector', from, to, data: { template: ID, type, quality } }, LOCAL);
}

/** Changes a connection's type or quality. */
export function setConnection(doc: Y.Doc, linkId: string, choice: z.input<ReturnType<typeof LinkChoice.partial>>): void {
	const patch = LinkChoice.partial().parse(choice);
	const link = readElement(doc, ElementId.parse(linkId));
	if (link?.kind !== 'connector' || link.data.template !== ID) throw new Error(`${linkId} is not a players-map connection`);
	const data = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
	if (Object.keys(data).length > 0) setData(doc, link.id, data, LOCAL);
}

/**
 * Renames the rings and sets how many there are (3 to 6). When the count changes every player moves
 * along its own angle so that it stays in the same ring (or the new outermost one, if its ring went),
 * and placement rewrites its ring data: all in one transaction.
 * @example setRings(doc, frameId, ['Young person', 'Family', 'School', 'Local area'], rules)
 */
export function setRings(doc: Y.Doc, frameId: string, names: readonly string[], rules: PlacementRules = NO_PLACEMENT): void {
	const rings = RingNames.parse(names);
	const frame = mapFrame(doc, frameId);
	const before = ringGeometry(frame, ringsOf(frame).length);
	const after = ringGeometry(frame, rings.length);
	const items = inFrame(doc, frame).filter(placesInRing);
	doc.transact(() => {
		setData(doc, frame.id, { rings }, LOCAL);
		if (before.count === after.count) return;
		for (const el of items) {
			const centre = { x: el.x + el.w / 2, y: el.y + el.h / 2 };
			const next = rebandPoint(before, after, centre);
			moveBy(doc, [el.id], Math.round(next.x - centre.x), Math.round(next.y - centre.y), LOCAL, rules);
		}
	}, LOCAL);
}

/**
 * "Arrange": spreads players and notes round their rings without overlaps, each staying in its ring.
 * Text labels in the frame stay put and are kept clear. Deterministic; only on demand, never on its own.
 */
export function arrange(doc: Y.Doc, frameId: string, rules: PlacementRules = NO_PLACEMENT): void {
	const frame = mapFrame(doc, frameId);
	const names = ringsOf(frame);
	const boxes = inFrame(doc, frame).filter(placesInRing);
	const others = inFrame(doc, frame).filter((b) => !placesInRing(b));
	const positions = arrangeInRings(ringGeometry(frame, names.length), names, boxes, others);
	doc.transact(() => {
		for (const el of boxes) {
			const p = positions.get(el.id);
			if (p && (p.x !== el.x || p.y !== el.y)) moveBy(doc, [el.id], p.x - el.x, p.y - el.y, LOCAL, rules);
		}
	}, LOCAL);
}
