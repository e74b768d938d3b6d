/**
 * Undo and redo of one's own changes only: the manager tracks transactions with the LOCAL origin,
 * so a collaborator's edits are never undone by my Ctrl+Z.
 */
import * as Y from 'yjs';
import { getElementsMap } from './board-doc.js';
import { LOCAL } from './origins.js';

export function createUndoManager(doc: Y.Doc, captureTimeout = 400): Y.UndoManager {
	return new Y.UndoManager(getElementsMap(doc), { trackedOrigins: new Set([LOCAL]), captureTimeout });
}
