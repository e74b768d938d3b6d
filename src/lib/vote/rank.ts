/**
 * Rankings from the published vote results (pure; no Svelte, no DOM). The server publishes tallies
 * only once results are visible; everything here works on those numbers.
 *
 * **The tie rule, used everywhere results are shown (the vote panel, the phone, every export):** ranks
 * are "competition" ranks: equal counts share a rank and the next rank skips (1, 1, 3), so a tie never
 * hides a question below another with the same votes. Questions that share a rank are listed in
 * alphabetical order of their words (`TIE_RULE` says so in words), an order a reader can check on paper.
 *
 * **North star** (S001: "Activities that met all three criteria (the north star) were given
 * preference"): a question is a north star when it ranks in the top 3 (`NORTH_STAR_TOP`) of every
 * one of feasibility, desirability and viability, and has at least one vote in each. With ties a
 * rank of 3 still counts, so more than three questions can be north stars.
 */
import type { Criterion } from '$lib/doc/votes.js';

export const CRITERIA: readonly Criterion[] = ['feasibility', 'desirability', 'viability'];
export const NORTH_STAR_TOP = 3;

/** The tie rule in words, printed wherever a ranking is. */
export const TIE_RULE =
	'Equal counts share a rank and the next rank is skipped (1, 1, 3); questions that share a rank are listed alphabetically.';

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

export type Counts = Record<Criterion, number>;
export type RankKey = Criterion | 'total';

export interface RankedQuestion extends Counts {
	id: string;
	text: string;
	/** feasibility + desirability + viability. */
	total: number;
	/** People who put at least one dot on it (null when not published). */
	voters: number | null;
	rank: Record<RankKey, number>;
	northStar: boolean;
}

/** Competition rank of every value: 1 + how many are strictly greater. */
function ranksOf(values: readonly number[]): number[] {
	return values.map((v) => 1 + values.filter((w) => w > v).length);
}

/**
 * Ranks `questions` by the tallies. Questions with no tally count as zero. Rows come sorted overall
 * (total, then the tie rule).
 * @example rankQuestions([{ id: 'q1', text: 'How might we…' }], results.tallies)
 */
export function rankQuestions(
	questions: readonly { id: string; text: string }[],
	tallies: Readonly<Record<string, Partial<Counts> & { voters?: number }>>
): RankedQuestion[] {
	const rows = questions.map((q) => {
		const t = tallies[q.id] ?? {};
		const counts: Counts = { feasibility: t.feasibility ?? 0, desirability: t.desirability ?? 0, viability: t.viability ?? 0 };
		return {
			id: q.id,
			text: q.text,
			...counts,
			total: counts.feasibility + counts.desirability + counts.viability,
			voters: t.voters ?? null
		};
	});
	const ranks = Object.fromEntries(
		(['feasibility', 'desirability', 'viability', 'total'] as const).map((k) => [k, ranksOf(rows.map((r) => r[k]))])
	) as Record<RankKey, number[]>;
	const ranked: RankedQuestion[] = rows.map((r, i) => {
		const rank = {
			feasibility: ranks.feasibility[i],
			desirability: ranks.desirability[i],
			viability: ranks.viability[i],
			total: ranks.total[i]
		};
		const northStar = CRITERIA.every((c) => r[c] > 0 && rank[c] <= NORTH_STAR_TOP);
		return { ...r, rank, northStar };
	});
	return sortBy(ranked, 'total');
}

/** The tie rule as a comparator: lower rank first, a shared rank alphabetically (then by id, so it is total). */
export function byRankThenText(a: { rank: number; text: string; id: string }, b: { rank: number; text: string; id: string }): number {
	return a.rank - b.rank || collator.compare(a.text, b.text) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The rows ordered by one criterion (or the total), highest first; a shared rank alphabetically (the tie rule). */
export function sortBy(rows: readonly RankedQuestion[], key: RankKey): RankedQuestion[] {
	return [...rows].sort((a, b) =>
		byRankThenText({ rank: a.rank[key], text: a.text, id: a.id }, { rank: b.rank[key], text: b.text, id: b.id })
	);
}

/** One agency's ranking (only agencies with at least 3 voters are ever published). */
export interface AgencyRanking {
	agency: string;
	voters: number;
	rows: RankedQuestion[];
}

export function rankByAgency(
	questions: readonly { id: string; text: string }[],
	byAgency: Readonly<Record<string, { voters: number; tallies: Record<string, Counts> }>>
): AgencyRanking[] {
	return Object.entries(byAgency)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([agency, entry]) => ({ agency, voters: entry.voters, rows: rankQuestions(questions, entry.tallies) }));
}
