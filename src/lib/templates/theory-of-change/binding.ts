/**
 * Commands over the board's doc for theories of change. Each validates its input with zod and writes
 * in one transaction with the LOCAL origin (what undo tracks). A "how might we" question is read
 * through plain element fields (`HMW_QUESTION` in `../ids.ts`): this template never
 * imports another.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import {
	NO_PLACEMENT,
	type PlacementRules,
	createElement,
	ElementId,
	insertCopies,
	LOCAL,
	MAX_TEXT,
	readElement,
	readElements,
	sendToBack,
	setData,
	updateElement,
	type Element,
	type Frame,
	type Item
} from '$lib/doc/index.js';
import { contentsOf } from '../kit/model.js';
import { HMW_QUESTION } from '../ids.js';
import { nextExerciseOrigin } from '../kit/seed.js';
import { isCard } from './describe.js';
import { emptyTheory, TITLE } from './example.js';
import { cardBlocks, neededHeight, slotInColumn, tocGeometry } from './layout.js';
import { AIM, backgroundOf, CARD_W, columnOfType, COLUMNS, DATA_OF, ID, OUTCOME, TheoryOfChangeSettings, type CardType } from './schema.js';

export const HMW = HMW_QUESTION;

export function tocFrame(doc: Y.Doc, frameId: string): Frame {
	const frame = readElement(doc, ElementId.parse(frameId));
	if (frame?.kind !== 'frame' || frame.template !== ID) throw new Error('That is not a theory of change');
	return frame;
}

function card(doc: Y.Doc, id: string): Item {
	const el = readElement(doc, ElementId.parse(id));
	if (!el || !isCard(el)) throw new Error('That is not a theory-of-change card');
	return el;
}

export const CardType_ = z.enum(COLUMNS.map((c) => c.type) as [CardType, ...CardType[]]);

export const NewCard = z.object({
	type: CardType_,
	text: z.string().trim().min(1, 'a card needs some words').max(MAX_TEXT),
	/** Its fields (who, when, measure…), checked against its type's schema. */
	data: z.record(z.string(), z.json()).default({}),
	/** Cards this one leads to (arrows drawn from it). */
	leadsTo: z.array(ElementId).max(50).default([]),
	/** Cards that lead to this one (arrows drawn to it). */
	comesFrom: z.array(ElementId).max(50).default([])
});
export type NewCard = z.input<typeof NewCard>;

/**
 * Adds a card at the foot of its column (growing the frame if it must), with any arrows, in one
 * transaction; returns its id.
 * @example addCard(doc, frameId, { type: 'outcome', text: 'Early identification of risk of exclusion', data: { timeframe: 'Within 2 years' }, leadsTo: [aimId] }, rules)
 */
export function addCard(doc: Y.Doc, frameId: string, input: NewCard, rules: PlacementRules = NO_PLACEMENT): string {
	const parsed = NewCard.parse(input);
	const data = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== '' && v !== null));
	const valid = DATA_OF[parsed.type].safeParse(data);
	if (!valid.success) throw new Error(`Those details do not fit: ${valid.error.issues[0]?.message}`);
	const frame = tocFrame(doc, frameId);
	const column = COLUMNS.findIndex((c) => c.type === parsed.type);
	const { height } = cardBlocks(parsed.type, parsed.text, data);
	const g = tocGeometry(frame, backgroundOf(frame.data));
	const occupied = contentsOf(frame, readElements(doc)).items;
	const at = slotInColumn({ ...g, frame: { ...g.frame, h: 1_000_000 } }, column, { w: CARD_W, h: height }, occupied);
	for (const id of [...parsed.leadsTo, ...parsed.comesFrom]) card(doc, id);
	let id = '';
	doc.transact(() => {
		const h = neededHeight(frame, at.y, height);
		if (h !== frame.h) updateElement(doc, frame.id, { h }, LOCAL);
		id = createElement(
			doc,
			{
				kind: 'item',
				template: ID,
				type: parsed.type,
				...at,
				w: CARD_W,
				h: height,
				text: parsed.text,
				color: columnOfType(parsed.type)!.color,
				parent: frame.id,
				data
			},
			LOCAL,
			rules
		);
		const arrows = [
			...parsed.leadsTo.map((to) => createElement(doc, { kind: 'connector', from: id, to, data: { template: ID } }, LOCAL)),
			...parsed.comesFrom.map((from) => createElement(doc, { kind: 'connector', from, to: id, data: { template: ID } }, LOCAL))
		];
		// Arrows pass under cards (frames are drawn below everything whatever their index).
		if (arrows.length) sendToBack(doc, arrows, LOCAL);
	}, LOCAL);
	return id;
}

/**
 * Draws an arrow from one card to another. Arrows go between two different cards; a second arrow with
 * the same ends is refused.
 */
export function linkCards(doc: Y.Doc, from: string, to: string): string {
	const a = card(doc, from);
	const b = card(doc, to);
	if (a.id === b.id) throw new Error('A card cannot lead to itself');
	if (readElements(doc).some((e) => e.kind === 'connector' && e.from === a.id && e.to === b.id))
		throw new Error('These two are already joined that way');
	let id = '';
	doc.transact(() => {
		id = createElement(doc, { kind: 'connector', from: a.id, to: b.id, data: { template: ID } }, LOCAL);
		sendToBack(doc, [id], LOCAL);
	}, LOCAL);
	return id;
}

/**
 * Sets one of a card's fields (who, when, outputs, measure, timeframe, accountable, group); an empty
 * value removes it. Refused, changing nothing, when the value does not fit the card's type.
 * @example setCardField(doc, outcomeId, 'accountable', 'yes')
 */
export function setCardField(doc: Y.Doc, cardId: string, key: string, value: string): void {
	const el = card(doc, cardId);
	const v = z.string().max(1000).parse(value).trim();
	const next = { ...el.data, [key]: v === '' ? undefined : v };
	if (v === '') delete next[key];
	const parsed = DATA_OF[el.type as CardType].safeParse(next);
	if (!parsed.success)
		throw new Error(`That does not fit a ${columnOfType(el.type)!.cardLabel.toLowerCase()}: ${parsed.error.issues[0]?.message}`);
	if (!(key in (parsed.data as object)) && v !== '') throw new Error(`A ${columnOfType(el.type)!.cardLabel.toLowerCase()} has no ${key}`);
	setData(doc, el.id, { [key]: v === '' ? undefined : v }, LOCAL);
}

/** Renames a theory of change (its pilot). */
export function renameTheory(doc: Y.Doc, frameId: string, title: string): void {
	const value = z.string().trim().min(1, 'a theory of change needs a name').max(200).parse(title);
	updateElement(doc, tocFrame(doc, frameId).id, { title: value }, LOCAL);
}

/** Sets the background (what the group noticed and decided), shown under the title. */
export function setBackground(doc: Y.Doc, frameId: string, background: string): void {
	const { background: value } = TheoryOfChangeSettings.parse({ background: background.trim() });
	setData(doc, tocFrame(doc, frameId).id, { background: value || undefined }, LOCAL);
}

/**
 * Adds another, empty theory of change (one per pilot) to the right of the board; returns its id.
 * @example addTheory(doc, 'Pilot 2: transition to secondary', rules)
 */
export function addTheory(doc: Y.Doc, title: string = TITLE, rules: PlacementRules = NO_PLACEMENT): string {
	const name = z.string().trim().min(1).max(200).parse(title);
	const seed = emptyTheory(nextExerciseOrigin(doc), name);
	return insertCopies(doc, seed.elements, 0, 0, { origin: LOCAL, rules })[0];
}

/** Every "how might we" question on the board, read from plain element fields. */
export function questionsOn(elements: readonly Element[]): Item[] {
	return elements.filter((e): e is Item => e.kind === 'item' && e.template === HMW.template && e.type === HMW.type);
}

/**
 * Turns a "how might we" question into a new aim or outcome card in a theory of change, keeping the
 * question's id (and its words, shown on the card) in `fromQuestion`; returns the card's id.
 * @example turnQuestionInto(doc, questionId, frameId, 'outcome', rules)
 */
export function turnQuestionInto(
	doc: Y.Doc,
	questionId: string,
	frameId: string,
	as: typeof AIM | typeof OUTCOME,
	rules: PlacementRules = NO_PLACEMENT
): string {
	const kind = z.enum([AIM, OUTCOME]).parse(as);
	const q = readElement(doc, ElementId.parse(questionId));
	if (!q || q.kind !== 'item' || q.template !== HMW.template || q.type !== HMW.type)
		throw new Error('That is not a “How might we” question');
	const text = q.text.trim() || 'How might we…?';
	return addCard(doc, frameId, { type: kind, text, data: { fromQuestion: q.id, questionText: text.slice(0, 1000) } }, rules);
}
