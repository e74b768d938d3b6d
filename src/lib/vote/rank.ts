/**
 * Rankings from the published vote results (pure; no Svelte, no DOM). The server publishes tallies
 * only once results are visible; everything here works on those numbers.
 *
 * Ranks are "competition" ranks: equal counts share a rank and the next rank skips (1, 1, 3), so a
 * tie never hides a question below another with the same votes.
 *
 * **North star** (S001: "Activities that met all three criteria (the north star) were given
 * preference"): a question is a north star when it ranks in the top 3 (`NORTH_STAR_TOP`) of every
 * one of feasibility, desirability and viability, and has at least one vote in each. With ties a
 * rank of 3 still counts, so more than three questions can be north stars.
 */
import type { Criterion } from '$lib/doc/votes.js';

export const CRITERIA: readonly Criterion[] = ['feasibility', 'desirability', 'viability'];
export const NORTH_STAR_TOP = 3;

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
 * Ranks `questions` (in the round's order) by the tallies. Questions with no tally count as zero.
 * Rows come sorted overall (total, then the round's order).
 * @example rankQuestions([{ id: 'q1', text: 'How might we…' }], results.tallies)
 */
export function rankQuestions(
	questions: readonly { id: string; text: string }[],
	tallies: Readonly<Record<string, Partial<Counts> & { voters?: number }>>
): RankedQuestion[] {
	const rows = questions.map((q) => {
		const t = tallies[q.id] ?? {};
		const counts: Counts = { feasibility: t.feasibility ?? 0, desirability: t.desirability ?? 0, viability: t.viability ?? 0 };
		return { id: q.id, text: q.text, ...counts, total: counts.feasibility + counts.desirability + counts.viability, voters: t.voters ?? null };
	});
	const ranks = Object.fromEntries((['feasibility', 'desirability', 'viability', 'total'] as const).map((k) => [k, ranksOf(rows.map((r) => r[k]))])) as Record<RankKey, number[]>;
	const ranked: RankedQuestion[] = rows.map((r, i) => {
		const rank = { feasibility: ranks.feasibility[i], desirability: ranks.desirability[i], viability: ranks.viability[i], total: ranks.total[i] };
		const northStar = CRITERIA.every((c) => r[c] > 0 && rank[c] <= NORTH_STAR_TOP);
		return { ...r, rank, northStar };
	});
	return sortBy(ranked, 'total');
}

/** The rows ordered by one criterion (or the total), highest first; ties keep the round's order. */
export function sortBy(rows: readonly RankedQuestion[], key: RankKey): RankedQuestion[] {
	return rows
		.map((row, i) => ({ row, i }))
		.sort((a, b) => a.row.rank[key] - b.row.rank[key] || a.i - b.i)
		.map(({ row }) => row);
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
