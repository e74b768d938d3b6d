/**
 * A small analysis of a players map (pure): who is most connected, who is not connected at all, how
 * many players sit in each ring, and which connections are strained. Prompts for the discussion, not
 * scores: "most connected" counts lines drawn, nothing more.
 */
import type { BoxElement, Connector } from '$lib/doc/schema.js';
import type { FrameContents } from '../kit/model.js';
import { isPlayer } from './describe.js';
import { linkTypeLabel, ringsOf } from './schema.js';

export interface PlayerCount {
	id: string;
	name: string;
	connections: number;
}

export interface StrainedLink {
	id: string;
	from: string;
	to: string;
	/** "Head of Year 9 refers to Fair Access Panel" */
	text: string;
}

export interface MapAnalysis {
	/** Players with the most connections (ties in board order), at most `top`, none with zero. */
	mostConnected: PlayerCount[];
	/** Players with no connection at all. */
	unconnected: PlayerCount[];
	perRing: { ring: number; name: string; count: number }[];
	strained: StrainedLink[];
	players: number;
	connections: number;
}

const nameOf = (el: BoxElement | undefined) =>
	el && 'text' in el && el.text.trim() ? el.text.trim().replace(/\s+/g, ' ') : 'an unnamed player';

/**
 * @example analyseMap(contentsOf(frame, elements)).mostConnected[0] // { name: 'SENCO', connections: 3, … }
 */
export function analyseMap(contents: FrameContents, top = 5): MapAnalysis {
	const players = contents.items.filter(isPlayer);
	const byId = new Map<string, BoxElement>(contents.items.map((i) => [i.id, i]));
	const degree = new Map(players.map((p) => [p.id, 0]));
	for (const link of contents.links) {
		for (const end of new Set([link.from, link.to])) if (degree.has(end)) degree.set(end, degree.get(end)! + 1);
	}
	const counts = players.map((p) => ({ id: p.id, name: nameOf(p), connections: degree.get(p.id)! }));
	const mostConnected = counts
		.filter((c) => c.connections > 0)
		.map((c, order) => ({ c, order }))
		.sort((a, b) => b.c.connections - a.c.connections || a.order - b.order)
		.slice(0, top)
		.map(({ c }) => c);
	const names = ringsOf(contents.frame);
	const perRing = names.map((name, ring) => ({ ring, name, count: players.filter((p) => p.data.ring === ring).length }));
	const strained = contents.links
		.filter((l: Connector) => l.data.quality === 'strained')
		.map((l) => ({
			id: l.id,
			from: l.from,
			to: l.to,
			text: `${nameOf(byId.get(l.from))} ${l.data.type === 'other' ? 'and' : linkTypeLabel(l.data.type)} ${nameOf(byId.get(l.to))}`
		}));
	return {
		mostConnected,
		unconnected: counts.filter((c) => c.connections === 0),
		perRing,
		strained,
		players: players.length,
		connections: contents.links.length
	};
}
