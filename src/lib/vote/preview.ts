/**
 * What a new vote round would ask about, before the facilitator starts it: the question cards of the
 * chosen "How might we" board it can include, and every card on the board that looks like a question
 * but would be left out, with the reason in plain words. Pure: the round controls and tests call it.
 *
 * It tells the truth about the server: everything it offers is a card the votes endpoint accepts (an
 * item of the how-might-we template, type question, on this board; see server/votes/service.ts), and a
 * card it calls "not a question card" is one the endpoint would refuse.
 */
import type { Element, Frame, Item } from '$lib/doc/schema.js';
import type { Round } from '$lib/doc/votes.js';
import { questionsIn } from '$lib/templates/how-might-we/binding.js';
import { isFramed } from '$lib/templates/how-might-we/framing.js';
import { ID as HOW_MIGHT_WE, QUESTION } from '$lib/templates/how-might-we/schema.js';
import { templateModel } from '$lib/templates/models.js';

export interface PreviewCard {
	id: string;
	text: string;
}

/** A question the round can include, with what the facilitator may want to know first. */
export interface Eligible extends PreviewCard {
	/** E.g. "Not worded as a question", "Was in the last vote". */
	notes: string[];
}

/** A card the round would leave out, and why. */
export interface LeftOut extends PreviewCard {
	why: string;
}

export interface RoundPreview {
	eligible: Eligible[];
	leftOut: LeftOut[];
}

const isQuestion = (e: Element): e is Item => e.kind === 'item' && e.template === HOW_MIGHT_WE && e.type === QUESTION;
const textOf = (e: Element) => ('text' in e ? e.text.trim() : '');
const quoted = (s: string) => `“${s.length > 60 ? `${s.slice(0, 59)}…` : s}”`;
/** What people call a frame: its exercise's name ("The Iceberg"), else its title. */
const nameOf = (frame: Frame) => (frame.template && templateModel(frame.template)?.title) || quoted(frame.title);

/**
 * The preview of a round on the questions of board `frameId` (null: no board chosen, so everything that
 * looks like a question is left out). `lastRound` marks questions that were in it.
 * @example roundPreview(board.elements, hmw.id, votes.round)
 */
export function roundPreview(elements: readonly Element[], frameId: string | null, lastRound: Round | null = null): RoundPreview {
	const byId = new Map(elements.map((e) => [e.id, e]));
	const frameOfEl = (e: Element) => (e.kind !== 'connector' && e.parent ? byId.get(e.parent) : undefined) as Frame | undefined;
	const board = frameId ? (byId.get(frameId) as Frame | undefined) : undefined;
	const inLast = new Set(lastRound?.questions ?? []);
	const eligible: Eligible[] = [];
	const leftOut: LeftOut[] = [];

	const ordered = board ? questionsIn(elements, board.id) : [];
	for (const q of ordered) {
		const text = textOf(q);
		if (!text) {
			leftOut.push({ id: q.id, text, why: 'It has no words yet: write the question on the card to include it.' });
			continue;
		}
		const notes: string[] = [];
		if (!isFramed(text) && q.data.accepted !== true) notes.push('Not worded “How might we…” or “What if…”');
		if (inLast.has(q.id)) notes.push('Was in the last vote');
		eligible.push({ id: q.id, text, notes });
	}

	const listed = new Set(ordered.map((q) => q.id));
	for (const e of elements) {
		if (listed.has(e.id) || (e.kind !== 'note' && e.kind !== 'item' && e.kind !== 'text')) continue;
		const text = textOf(e);
		const frame = frameOfEl(e);
		const inBoard = !!board && frame?.id === board.id;
		if (isQuestion(e)) {
			const elsewhere =
				frame?.template === HOW_MIGHT_WE
					? `in another “How might we” board (${quoted(frame.title)}): choose that board to vote on it`
					: 'not in a “How might we” board: move it into one of the columns to include it';
			leftOut.push({ id: e.id, text, why: `It is ${elsewhere}.` });
		} else if (inBoard) {
			const what = e.kind === 'note' ? 'a sticky note' : e.kind === 'text' ? 'a text label' : 'another kind of card';
			if (text) leftOut.push({ id: e.id, text, why: `It is ${what}, not a question card: only question cards are voted on.` });
		} else if (e.kind === 'note' && text && isFramed(text)) {
			leftOut.push({
				id: e.id,
				text,
				why: `It is a sticky note ${frame ? `in ${nameOf(frame)}` : 'on the open board'}, not a question card in a “How might we” board.`
			});
		}
	}
	return { eligible, leftOut };
}
