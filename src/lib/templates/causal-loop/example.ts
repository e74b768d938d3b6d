/**
 * The empty diagram and the worked example: the candidate loops of domain.md 2.3 built from the link
 * table of 2.2. "Stuck at the high end" (R, links 1–4), "Accountability brake" (B, 17–18),
 * "Gatekeeping" (B, 19–20, closed by the pressure easing ✱) with its side effect feeding escalation
 * (21), and the "Sanctions–absence vicious cycle" (R, 6–7). Loop names are stored with the members'
 * names, since seeding gives every element a fresh id (see schema.ts, NamedLoop).
 */
import type { Point } from '$lib/shared/geometry.js';
import type { Frame, Item } from '$lib/doc/schema.js';
import type { Seed } from '../kit/model.js';
import { seedBuilder } from '../kit/seed.js';
import { loopKey } from './analysis.js';
import { FRAME_SIZE } from './layout.js';
import { ID, VARIABLE, VARIABLE_SIZE, type NamedLoop, type Polarity } from './schema.js';

export const TITLE = 'Causal-loop diagram';
export const EXAMPLE_TITLE = 'Causal loops: why exclusions keep rising';

/** Name, where (frame coordinates), description (the seed's words). */
const VARIABLES: readonly [string, number, number, string][] = [
	['Exclusions', 420, 620, 'Suspensions and permanent exclusions'],
	['Spend on AP places', 820, 300, '"Around 80% of the total investment in this area goes towards … AP" (S002)'],
	['Resource for early intervention', 1220, 620, '"There is no resource to do the early interventions" (S001)'],
	['Needs escalating to crisis', 820, 940, '"People get pushed up to that high end" (S001)'],
	['Scrutiny and challenge', 140, 1080, 'Challenge above agreed thresholds; PEAP, Fair Access Panel review'],
	['Service resource pressure', 1760, 260, 'Demand on CAMHS, EP and Early Help'],
	['Evidence required before referral', 2080, 640, '"…show evidence of having tried different things before you refer to us" (S001)'],
	['Accepted referrals', 1560, 640, 'Referrals services take on'],
	['Punitive sanctions (isolation)', 1500, 1020, 'Isolation, points lost'],
	['Willingness to attend', 2080, 1020, '"If I don\'t go in, I can\'t lose any positive points" (S001)'],
	['Lateness and absence', 1790, 1340, '"When they arrive late to school, they are often placed in isolation" (S001)']
];

/** From, to, polarity, delay: indices into VARIABLES, with the link numbers of domain.md 2.2. */
const LINKS: readonly [number, number, Polarity, boolean][] = [
	[0, 1, '+', false], // 1
	[1, 2, '-', false], // 2
	[2, 3, '-', true], // 3: early help works slowly
	[3, 0, '+', false], // 4
	[0, 4, '+', false], // 17
	[4, 0, '-', true], // 18
	[5, 6, '+', false], // 19
	[6, 7, '-', false], // 20
	[7, 5, '+', false], // ✱ the pressure the accepted referrals bring
	[6, 3, '+', true], // 21: "a lot of children have to go through a lot of failure first"
	[8, 9, '-', false], // 6
	[9, 10, '-', false], // ✱ less willing, more often late or absent
	[10, 8, '+', false] // 7
];

/** Loop names by the members' names, in loop order. */
const NAMES: readonly [string, string[]][] = [
	['Stuck at the high end', ['Exclusions', 'Spend on AP places', 'Resource for early intervention', 'Needs escalating to crisis']],
	['Accountability brake', ['Exclusions', 'Scrutiny and challenge']],
	['Gatekeeping', ['Service resource pressure', 'Evidence required before referral', 'Accepted referrals']],
	['Sanctions–absence vicious cycle', ['Punitive sanctions (isolation)', 'Willingness to attend', 'Lateness and absence']]
];

const frameRect = (at: Point) => ({ x: Math.round(at.x), y: Math.round(at.y), ...FRAME_SIZE });

export function emptyDiagram(at: Point): Seed {
	const b = seedBuilder(ID);
	b.frame(frameRect(at), TITLE, {});
	return b.done();
}

export function exampleDiagram(at: Point): Seed {
	const b = seedBuilder(ID);
	const rect = frameRect(at);
	const frameId = b.frame(rect, EXAMPLE_TITLE, {});
	// Drawn in the order added: variables, then links above them (an arrowhead never hides under a
	// variable). Loop labels are drawn live from the diagram, so the example stores none.
	const ids = VARIABLES.map(([name, x, y, description]) =>
		b.item(VARIABLE, { x: rect.x + x, y: rect.y + y, ...VARIABLE_SIZE }, name, { description }, 'blue', frameId)
	);
	for (const [from, to, polarity, delay] of LINKS) b.link(ids[from], ids[to], { polarity, delay });
	const frame = b.elements[0] as Frame;
	const items = b.elements.filter((e): e is Item => e.kind === 'item');
	const byName = new Map(items.map((i) => [i.text, i.id]));
	const loopNames: Record<string, NamedLoop> = {};
	for (const [name, members] of NAMES) loopNames[loopKey(members.map((m) => byName.get(m)!))] = { name, members };
	frame.data = { loopNames };
	return b.done();
}
