/**
 * The one place that knows the layout of a board's documents. Everything else calls these accessors.
 *
 * content: `elements` Y.Map<id, Y.Map<field, value>> (text fields are Y.Text)
 * control: `control` Y.Map of facilitation state (phase, timer, locks, follow)
 * server:  `members` Y.Map<participantId, plain member record>, written by the server only;
 *          `votes` Y.Map (round, voters, results) of the dot vote, see votes.ts;
 *          `waiting` Y.Map<participantId, number>: how many private notes each person has, see drafts.ts;
 *          `board` Y.Map: title, createdAt (members.ts) and `capacity`, how full `content` is (capacity.ts)
 * drafts:  `drafts` Y.Map<id, draft> (one document per person), see drafts.ts
 */
import * as Y from 'yjs';

const ROOT = {
	elements: 'elements',
	control: 'control',
	locks: 'locks',
	members: 'members',
	board: 'board',
	votes: 'votes',
	waiting: 'waiting',
	drafts: 'drafts'
} as const;

export type ElementMap = Y.Map<unknown>;

export function getElementsMap(doc: Y.Doc): Y.Map<ElementMap> {
	return doc.getMap(ROOT.elements);
}

export function getControlMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(ROOT.control);
}

export function getLocksMap(doc: Y.Doc): Y.Map<true> {
	return doc.getMap(ROOT.locks);
}

export function getMembersMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(ROOT.members);
}

/** Board facts the server publishes (title), in the `server` doc. */
export function getBoardInfoMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(ROOT.board);
}

/** The dot vote as the server publishes it (round, voters, results), in the `server` doc. */
export function getVotesMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(ROOT.votes);
}

/** How many private notes each person has waiting (counts only), in the `server` doc. */
export function getWaitingMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(ROOT.waiting);
}

/** One person's private notes, in their own `drafts` doc. */
export function getDraftsMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(ROOT.drafts);
}
