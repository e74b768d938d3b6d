/**
 * A board with something in every place a board keeps things, made over real HTTP and real sync: notes and
 * question cards in `content`, private writing on in `control`, members in `server`, a participant's private
 * note in their `drafts` room, a vote round with dots, and history: a named snapshot and a deleted note
 * ("Recently deleted"). Used by the deletion and the backup-and-restore tests.
 * The texts are unusual words, so a search of a store's raw bytes for them finds nothing else.
 */
import {
	addDraft,
	createElement,
	deleteElements,
	readDrafts,
	readElements,
	readMembers,
	setPrivateWriting
} from '../../src/lib/doc/index.js';
import { connect, createBoard, join, synced, waitFor, type Client } from '../helpers/clients.js';
import { call } from './votes-fixture.js';

export const MARKS = {
	title: 'Quillwort County inclusion review',
	note: 'Zephyrine-4417 parents feel unheard at transition meetings',
	question: 'How might we keep Marrowgate-2290 pupils in class?',
	draft: 'Bellflower-8803 waiting lists are eighteen months',
	snapshot: 'Ptarmigan-3321 before lunch',
	deleted: 'Wolverine-9902 a note someone deleted'
};

export interface Person {
	participantId: string;
	role: string;
	sessionToken: string;
}

export interface Workshop {
	boardId: string;
	fac: Person;
	pat: Person;
	viewer: Person;
	questionId: string;
	/** Open connections of every person to every document (closed by the test). */
	clients: Client[];
}

export async function makeWorkshop(baseUrl: string): Promise<Workshop> {
	const board = await createBoard(baseUrl, MARKS.title);
	const fac = await join(baseUrl, board.id, board.links.facilitator, 'Fran', 'Local authority');
	const pat = await join(baseUrl, board.id, board.links.participant, 'Pat', 'School');
	const viewer = await join(baseUrl, board.id, board.links.viewer, 'Vic', 'Health');
	const clients: Client[] = [];
	const open = async (doc: string, who: Person) => {
		const client = connect(baseUrl, board.id, doc, who.sessionToken);
		clients.push(client);
		await synced(client);
		return client;
	};

	const content = await open('content', fac);
	createElement(content.doc, { kind: 'note', x: 0, y: 0, text: MARKS.note });
	const doomed = createElement(content.doc, { kind: 'note', x: 0, y: 300, text: MARKS.deleted });
	deleteElements(content.doc, [doomed]);
	const questionId = createElement(content.doc, {
		kind: 'item',
		template: 'how-might-we',
		type: 'question',
		x: 300,
		y: 0,
		w: 240,
		h: 160,
		text: MARKS.question
	});
	const control = await open('control', fac);
	setPrivateWriting(control.doc, true, Date.now());
	const drafts = await open('drafts', pat);
	addDraft(drafts.doc, { text: MARKS.draft, createdAt: Date.now() });

	// Everyone holds every document open, as people in a workshop do.
	const patContent = await open('content', pat);
	const patServer = await open('server', pat);
	await open('control', pat);
	for (const doc of ['content', 'control', 'server']) await open(doc, viewer);
	await open('server', fac);
	await open('drafts', fac);
	await waitFor(() => readElements(patContent.doc).length === 2, 'the note and the question on the server', 10_000);
	const patAgain = await open('drafts', pat);
	await waitFor(() => readDrafts(patAgain.doc).length === 1, "Pat's private note on the server", 10_000);
	await waitFor(() => readMembers(patServer.doc).length === 3, 'three members', 10_000);

	const snapshot = await call(baseUrl, 'POST', `/api/boards/${board.id}/snapshots`, { session: fac.sessionToken, label: MARKS.snapshot });
	if (snapshot.status !== 201) throw new Error(`taking a snapshot failed: ${snapshot.text}`);
	// The server records a deletion a moment after applying it.
	const recorded = async () =>
		(await call(baseUrl, 'GET', `/api/boards/${board.id}/deleted?session=${encodeURIComponent(fac.sessionToken)}`)).text.includes(
			MARKS.deleted
		);
	await waitFor(recorded, 'the deleted note in Recently deleted', 10_000);

	const started = await call(baseUrl, 'POST', `/api/boards/${board.id}/rounds`, {
		session: fac.sessionToken,
		action: 'start',
		questions: [questionId]
	});
	if (started.status !== 200) throw new Error(`starting the vote failed: ${started.text}`);
	for (const criterion of ['feasibility', 'feasibility', 'desirability'] as const) {
		const cast = await call(baseUrl, 'POST', `/api/boards/${board.id}/votes`, {
			session: pat.sessionToken,
			itemId: questionId,
			criterion,
			delta: 1
		});
		if (cast.status !== 200) throw new Error(`voting failed: ${cast.text}`);
	}
	return { boardId: board.id, fac, pat, viewer, questionId, clients };
}

/** Pat's dots as the votes endpoint reports them: what a restore must bring back. */
export async function patsDots(baseUrl: string, workshop: Workshop) {
	const mine = await call(baseUrl, 'GET', `/api/boards/${workshop.boardId}/votes?session=${encodeURIComponent(workshop.pat.sessionToken)}`);
	return { status: mine.status, json: mine.json };
}
