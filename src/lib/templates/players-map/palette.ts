/**
 * The player palette: the player types named in the seeds (domain.md 1.1), grouped, each group with
 * its typical ring. Colour by group is only a help: every chip also shows the group's short label.
 */
import type { NoteColor } from '$lib/doc/schema.js';
import type { PlayerGroup } from './schema.js';

export interface GroupInfo {
	id: PlayerGroup;
	label: string;
	/** Shown on the player's chip: the non-colour cue for its group. */
	short: string;
	/** The ring this group usually sits in (default five rings). */
	ring: number;
	color: NoteColor;
	players: readonly string[];
}

export const GROUPS: readonly GroupInfo[] = [
	{
		id: 'family',
		label: 'Family',
		short: 'Family',
		ring: 1,
		color: 'orange',
		players: ['Parents/carers', 'Mother', 'Father', 'Siblings', 'Older sibling', 'Wider family', 'Young carer role']
	},
	{ id: 'peers', label: 'Peers', short: 'Peers', ring: 1, color: 'pink', players: ['Peer group', 'Friends', 'Buddy', 'Peer mentor'] },
	{
		id: 'school',
		label: 'School',
		short: 'School',
		ring: 2,
		color: 'yellow',
		players: [
			'Trusted adult',
			'Form tutor',
			'Class teacher',
			'Head of year',
			'Pastoral lead',
			'Key worker',
			'Learning mentor',
			'Family support worker',
			'ELSA',
			'Attendance officer',
			'School counsellor',
			'Teaching assistant',
			'SENCO',
			'Inclusion lead',
			'Inclusion unit staff',
			'Designated senior mental health lead',
			'Headteacher',
			'Deputy head',
			'Senior leadership team',
			'Behaviour lead',
			'Designated safeguarding lead',
			'Governors',
			'School council'
		]
	},
	{
		id: 'local-authority',
		label: 'Local authority and settings',
		short: 'Local authority',
		ring: 3,
		color: 'blue',
		players: [
			'Educational psychologist',
			'Virtual school',
			'Exclusions officer',
			'LA Inclusion Advisor',
			'SEN service',
			'School admissions',
			'School improvement adviser',
			'Fair Access Panel',
			'Inclusion panel',
			'Team Around the Family',
			'Alternative provision',
			'Pupil referral unit',
			'Special school',
			'Other local schools',
			'Multi-academy trust'
		]
	},
	{
		id: 'social-care',
		label: 'Early help and social care',
		short: 'Early help & care',
		ring: 3,
		color: 'purple',
		players: ['Early help', "Children's social care", 'Social worker', 'MASH', 'LADO', 'Youth service']
	},
	{
		id: 'health',
		label: 'Health',
		short: 'Health',
		ring: 3,
		color: 'green',
		players: [
			'CAMHS',
			'Mental Health Support Team',
			'CAMHS link worker',
			'Speech and language therapy',
			'School nurse',
			'GP',
			'Designated clinical officer for SEND',
			'Public health'
		]
	},
	{
		id: 'justice',
		label: 'Youth justice and police',
		short: 'Justice & police',
		ring: 3,
		color: 'grey',
		players: ['Youth Justice Service', 'Police', 'Safer schools officer', 'Community Safety Partnership', 'PREVENT']
	},
	{
		id: 'voluntary',
		label: 'Voluntary and community sector',
		short: 'Voluntary',
		ring: 3,
		color: 'green',
		players: [
			'Voluntary and community sector',
			'Mentoring charity',
			'Youth club',
			'Parent/carer forum',
			'Advocate',
			'Faith and community groups'
		]
	},
	{
		id: 'strategic',
		label: 'Strategic and national',
		short: 'Strategic',
		ring: 4,
		color: 'grey',
		players: [
			"Director of Children's Services",
			'Lead member',
			'Scrutiny Commission',
			'Education Partnership Board',
			'Behaviour and Attendance Partnership',
			'Local Safeguarding Children Partnership',
			'Schools forum',
			'Integrated commissioning',
			'Violence Reduction Unit',
			'DfE',
			'Ofsted',
			'CQC',
			'Funders'
		]
	},
	{ id: 'other', label: 'Other', short: 'Other', ring: 3, color: 'yellow', players: [] }
];

const BY_ID = new Map(GROUPS.map((g) => [g.id, g]));

/** The group's info; unknown or missing groups are "Other". */
export function groupInfo(group: unknown): GroupInfo {
	return BY_ID.get(group as PlayerGroup) ?? BY_ID.get('other')!;
}

const fold = (s: string) =>
	s
		.toLocaleLowerCase('en-GB')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[’']/g, "'");

/** Every palette name, folded, with its group (names in two groups keep the first). */
const GROUP_BY_NAME: ReadonlyMap<string, PlayerGroup> = new Map(
	GROUPS.flatMap((g) => g.players.map((name) => [fold(name).trim().replace(/\s+/g, ' '), g.id] as const)).reverse()
);

/**
 * The group of the palette entry named exactly `name` (case-, accent- and spacing-blind), or null.
 * @example paletteGroupOf('senco') // 'school'
 */
export function paletteGroupOf(name: string): PlayerGroup | null {
	return GROUP_BY_NAME.get(fold(name).trim().replace(/\s+/g, ' ')) ?? null;
}

export interface PaletteEntry {
	name: string;
	group: PlayerGroup;
	ring: number;
}

/**
 * Palette entries whose name or group matches every word of `query` (case- and accent-blind), names
 * starting with the query first, in palette order otherwise. An empty query gives everything.
 * @example searchPalette('camhs') // [{ name: 'CAMHS', group: 'health', ring: 3 }, { name: 'CAMHS link worker', … }]
 */
export function searchPalette(query: string): PaletteEntry[] {
	const words = fold(query).split(/\s+/).filter(Boolean);
	const q = words.join(' ');
	const hits: { entry: PaletteEntry; rank: number; order: number }[] = [];
	let order = 0;
	for (const group of GROUPS) {
		for (const name of group.players) {
			order++;
			const hay = fold(`${name} ${group.label}`);
			if (!words.every((w) => hay.includes(w))) continue;
			const n = fold(name);
			const rank = q === '' ? 2 : n === q ? 0 : n.startsWith(q) ? 1 : 2;
			hits.push({ entry: { name, group: group.id, ring: group.ring }, rank, order });
		}
	}
	return hits.sort((a, b) => a.rank - b.rank || a.order - b.order).map((h) => h.entry);
}
