/**
 * The one place that knows the layout of a board's documents. Everything else calls these accessors.
 *
 * content: `elements` Y.Map<id, Y.Map<field, value>> (text fields are Y.Text)
 * control: `control` Y.Map of facilitation state (phase, timer, locks, follow)
 * server:  `members` Y.Map<participantId, plain member record>, written by the server only
 */
import * as Y from 'yjs';

const ROOT = {
	elements: 'elements',
	control: 'control',
	locks: 'locks',
	members: 'members',
	board: 'board'
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
