/**
 * Shared by the votes integration tests: a board with "how might we" question cards, its people, and the
 * votes endpoints called over real HTTP.
 */
import { createElement, readElements, type Criterion, type Results } from '../../src/lib/doc/index.js';
import { connect, createBoard, join, synced, waitFor } from '../helpers/clients.js';

export interface Person {
	participantId: string;
	role: string;
	sessionToken: string;
}

export interface Reply {
	status: number;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
}

export async function call(baseUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
	const res = await fetch(`${baseUrl}${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	let json: unknown = null;
	try {
		json = JSON.parse(text);
	} catch {
		// Not JSON: the test looks at `text`.
	}
	return { status: res.status, text, json };
}

export const QUESTIONS = [
	'How might we keep pupils at risk of exclusion in class?',
	'How might we share what each agency knows about a family?',
	'What if parents co-designed the behaviour policy?',
	'How might we fund youth work across the county?'
];

/** Creates a board, joins a facilitator and writes the question cards through the facilitator's content doc. */
export async function boardWithQuestions(baseUrl: string, questions = QUESTIONS) {
	const board = await createBoard(baseUrl);
	const fac = await join(baseUrl, board.id, board.links.facilitator, 'Fran Facilitator', 'Local authority');
	const writer = connect(baseUrl, board.id, 'content', fac.sessionToken);
	await synced(writer);
	const ids = questions.map((text, i) =>
		createElement(writer.doc, { kind: 'item', template: 'how-might-we', type: 'question', x: i * 260, y: 0, w: 240, h: 160, text })
	);
	const note = createElement(writer.doc, { kind: 'note', x: 0, y: 400, text: 'Not a question' });
	// A second reader sees the cards only once the server has them.
	const reader = connect(baseUrl, board.id, 'content', fac.sessionToken);
	await synced(reader);
	await waitFor(() => readElements(reader.doc).length === questions.length + 1, 'question cards on the server', 10_000);
	writer.destroy();
	reader.destroy();
	return { board, fac, ids, note };
}

export function votesApi(baseUrl: string, boardId: string) {
	return {
		round: (session: string, body: Record<string, unknown>) => call(baseUrl, 'POST', `/api/boards/${boardId}/rounds`, { session, ...body }),
		vote: (session: string, itemId: string, criterion: Criterion, delta: 1 | -1 = 1, extra: Record<string, unknown> = {}) =>
			call(baseUrl, 'POST', `/api/boards/${boardId}/votes`, { session, itemId, criterion, delta, ...extra }),
		mine: (session: string) => call(baseUrl, 'GET', `/api/boards/${boardId}/votes?session=${encodeURIComponent(session)}`)
	};
}

export async function joinMany(
	baseUrl: string,
	boardId: string,
	link: string,
	agencies: readonly string[]
): Promise<(Person & { agency: string })[]> {
	return Promise.all(agencies.map(async (agency, i) => ({ ...(await join(baseUrl, boardId, link, `Person ${i + 1}`, agency)), agency })));
}

/** Person i's nine dots: stacked, spread and single, so the totals depend on every one of them. */
export function plan(i: number, ids: readonly string[]): [string, Criterion][] {
	const q = (k: number) => ids[(i + k) % ids.length];
	return [
		[q(0), 'feasibility'],
		[q(0), 'feasibility'],
		[q(0), 'feasibility'],
		[q(1), 'desirability'],
		[q(1), 'desirability'],
		[q(2), 'desirability'],
		[q(0), 'viability'],
		[q(1), 'viability'],
		[q(3), 'viability']
	];
}

export function expectedResults(ids: readonly string[], agencies: readonly string[]): Results {
	const tallies: Results['tallies'] = {};
	for (const id of ids) tallies[id] = { feasibility: 0, desirability: 0, viability: 0, voters: 0 };
	const byAgency: Record<string, { voters: Set<number>; tallies: Record<string, Record<Criterion, number>> }> = {};
	agencies.forEach((agency, i) => {
		const seen = new Set<string>();
		const a = (byAgency[agency] ??= { voters: new Set(), tallies: {} });
		a.voters.add(i);
		for (const [id, c] of plan(i, ids)) {
			tallies[id][c]++;
			seen.add(id);
			(a.tallies[id] ??= { feasibility: 0, desirability: 0, viability: 0 })[c]++;
		}
		for (const id of seen) tallies[id].voters++;
	});
	// Agencies of three or more voters, then the smallest of them dropped while one or two voters would be
	// left out (their dots would be the totals minus the breakdown). Written out here, apart from the server's code.
	let shown = Object.entries(byAgency).filter(([, a]) => a.voters.size >= 3);
	const leftOut = () => agencies.length - shown.reduce((n, [, a]) => n + a.voters.size, 0);
	while (leftOut() > 0 && leftOut() < 3 && shown.length > 0) {
		const smallest = shown.reduce((min, x) =>
			x[1].voters.size < min[1].voters.size || (x[1].voters.size === min[1].voters.size && x[0] < min[0]) ? x : min
		);
		shown = shown.filter((x) => x !== smallest);
	}
	const out: Results['byAgency'] = {};
	for (const [name, a] of shown) out[name] = { voters: a.voters.size, tallies: a.tallies };
	return { tallies, byAgency: out };
}
