/**
 * The public HTTP contract (docs/api.md). Each handler validates its input with zod and answers JSON;
 * errors use `{error: {code, message, path?}}` and never carry a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import { BoardId, cleanLine, CreateBoard, DeleteBoard, JoinBoard, type BoardService } from '../boards/service.js';
import { HttpError, invalid, readJson, sendError, sendJson, tooMany } from './respond.js';
import { clientAddress, createRateLimiter, type RateLimit, type RateLimiter, type RateName } from './rate-limits.js';
import { hashToken } from '../auth/tokens.js';
import { setApiPolicy } from './headers.js';
import type { RoomRegistry } from '../transport/rooms.js';
import type { Authorize } from '../transport/sync-server.js';
import { z } from 'zod';
import { ElementId } from '../../src/lib/doc/schema.js';
import { readElement } from '../../src/lib/doc/read.js';
import { revealDrafts } from '../boards/reveal.js';
import { CastVote, RoundCommand } from '../../src/lib/doc/votes.js';
import type { VoteService } from '../votes/service.js';
import type { HistoryService } from '../history/service.js';
import { EXPORT_FORMATS, ExportFormat, boardExportSchemaText } from '../boards/export.js';
import { checkImport, importBoard } from '../boards/import.js';
import { contentDisposition, ExportQuery, readPublishedVote } from '../exports/query.js';
import type { Exporter } from '../exports/exporter.js';
import { readElements } from '../../src/lib/doc/read.js';
import { LinkRole, Role, readBoardInfo, readMembers } from '../../src/lib/doc/members.js';
import { TEMPLATE_MODELS } from '../../src/lib/templates/models.js';
import { pictureJson } from '../boards/picture.js';
import type { TemplateModel } from '../../src/lib/templates/kit/model.js';

export interface ApiDeps {
	boards: BoardService;
	rooms: RoomRegistry;
	authorize: Authorize;
	log: Logger;
	/** Base of the links we hand out; by default the request's own origin. */
	publicUrl?: string;
	votes: VoteService;
	/** Templates that imports check (default: all of them; exports describe them all: the worker imports them). */
	templates?: readonly TemplateModel[];
	/** Rate limits per name (null: off). */
	rates: Record<RateName, RateLimit | null>;
	/** Reverse proxies whose X-Forwarded-For is trusted. */
	trustProxy: number;
	/** Makes the files (PDF, DOCX, pictures, spreadsheets) in worker threads, off the event loop. */
	exporter: Exporter;
	history: HistoryService;
}

const SessionToken = z.string().min(16, 'give your session token (from /join)').max(200);
const WithSession = z.object({ session: SessionToken });
/** The join page's question: which board does this link open? (the token stays out of the address) */
const Invitation = z.object({ token: z.string().min(16, 'give the token of a join link').max(200) }).strict();
/** Strict: a vote names no one; the voter is the session's participant, so any other field is refused. */
const CastVoteBody = CastVote.extend({ session: SessionToken }).strict();

type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void>;
interface Route {
	method: string;
	pattern: RegExp;
	keys: string[];
	handler: Handler;
}

function route(method: string, path: string, handler: Handler): Route {
	const keys: string[] = [];
	const pattern = new RegExp(
		'^' +
			path.replace(/:([a-zA-Z]+)/g, (_, key: string) => {
				keys.push(key);
				return '([^/]+)';
			}) +
			'/?$'
	);
	return { method, pattern, keys, handler };
}

const SMALL_BODY = 16 * 1024;
/** An imported board file: 50,000 elements of a few hundred bytes fit well within this. */
export const IMPORT_BODY = 16 * 1024 * 1024;

const RotateLink = z.object({ session: SessionToken, role: LinkRole }).strict();
const ChangeRole = z.object({ session: SessionToken, role: Role }).strict();
const ParticipantId = z.string().regex(/^[a-z0-9]{8,64}$/, 'not a participant id');

const TakeSnapshot = z
	.object({ session: SessionToken, label: z.string().transform(cleanLine).pipe(z.string().min(1, 'give the snapshot a name').max(120)) })
	.strict();
const SnapshotId = z.string().regex(/^[a-z0-9]{6,40}$/, 'not a snapshot id');

const RevealDrafts = z.object({ session: z.string().min(16).max(200), frameId: ElementId.nullable().optional() });

/** A path segment with its %-escapes decoded; a malformed escape (e.g. `%E0%A4%A`) is a 400, not a crash. */
function decodePathPart(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		throw new HttpError(400, 'invalid_request', 'The address has a malformed %-escape');
	}
}

export function createApi(deps: ApiDeps) {
	const baseUrl = (req: IncomingMessage) => {
		if (deps.publicUrl) return deps.publicUrl;
		const host = req.headers.host ?? 'localhost';
		const secure = (req.socket as { encrypted?: boolean }).encrypted;
		return `${secure ? 'https' : 'http'}://${host}`;
	};

	const parseBoardId = (raw: string) => {
		const parsed = BoardId.safeParse(raw);
		if (!parsed.success) throw new HttpError(404, 'not_found', 'There is no board at this address');
		return parsed.data;
	};

	/** The session's grant on this board, or 401. */
	const grantFor = async (boardId: string, session: string) => {
		const grant = session ? await deps.authorize(boardId, session) : null;
		if (!grant) throw new HttpError(401, 'unauthorised', 'Your session is not valid for this board. Join the board again.');
		return grant;
	};
	const templates = deps.templates ?? TEMPLATE_MODELS;
	const limiters = Object.fromEntries(Object.entries(deps.rates).map(([name, limit]) => [name, createRateLimiter(limit)])) as Record<
		RateName,
		RateLimiter
	>;
	const addressOf = (req: IncomingMessage) =>
		clientAddress({ remoteAddress: req.socket.remoteAddress, forwardedFor: req.headers['x-forwarded-for'] }, deps.trustProxy);
	/** Counts a request against a limit; throws 429 with Retry-After when it is over. */
	const limit = (name: RateName, key: string, what: string) => {
		const wait = limiters[name].take(key);
		if (wait > 0) {
			deps.log.warn({ limit: name }, 'rate limited');
			throw tooMany(what, wait);
		}
	};

	const routes: Route[] = [
		// `now` (server clock, ms) lets every board agree on the facilitator's timer whatever their own clocks say.
		route('GET', '/healthz', async (_req, res) => sendJson(res, 200, { ok: true, now: Date.now() })),
		route('POST', '/api/boards', async (req, res) => {
			limit('createBoard', addressOf(req), 'Too many new boards from your network');
			const body = CreateBoard.safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const board = await deps.boards.create(body.data, baseUrl(req));
			deps.log.info({ board: board.id }, 'board created');
			sendJson(res, 201, board);
		}),
		route('GET', '/api/schema/board-export.json', async (_req, res) => {
			res.setHeader('cache-control', 'public, max-age=3600');
			const text = boardExportSchemaText();
			res.writeHead(200, { 'content-type': 'application/schema+json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
			res.end(text);
		}),
		route('POST', '/api/boards/import', async (req, res) => {
			limit('import', addressOf(req), 'Too many imports from your network');
			const checked = checkImport(await readJson(req, IMPORT_BODY), templates);
			if (!checked.ok) {
				const first = checked.problems[0];
				const count = checked.problems.length;
				throw new HttpError(
					400,
					'invalid_import',
					`Nothing was imported: the file has ${count === 1 ? 'a problem' : `${count} problems`}. ${first.path}: ${first.message}`,
					first.path,
					checked.problems
				);
			}
			const board = await importBoard(deps.boards, deps.rooms, checked.board, baseUrl(req));
			await deps.history.snapshot(board.id, 'import');
			deps.log.info({ board: board.id, elements: checked.board.content.elements.length }, 'board imported');
			sendJson(res, 201, board);
		}),
		route('GET', '/api/boards/:id/export/:format', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const format = ExportFormat.safeParse(params.format);
			if (!format.success)
				throw new HttpError(404, 'not_found', `Unknown export format "${params.format}"; use one of ${EXPORT_FORMATS.join(', ')}`);
			const url = new URL(req.url ?? '/', 'http://localhost');
			const query = ExportQuery.safeParse(Object.fromEntries(url.searchParams));
			const session = url.searchParams.get('session') ?? '';
			const grant = session ? await deps.authorize(id, session) : null;
			if (!grant) throw new HttpError(401, 'unauthorised', 'Add ?session=… with a session for this board (from /join)');
			if (!query.success) throw invalid(query.error);
			limit('export', addressOf(req), 'Too many downloads from your network');
			const includeNames = query.data.names === '1';
			if (includeNames && grant.role !== 'facilitator')
				throw new HttpError(403, 'forbidden', "Only the facilitator can include people's names in a report", 'names');
			// The vote's results are in the server doc only once they are visible to everyone (revealed or never hidden).
			const info = await deps.rooms.read(`${id}/server`, (doc) => ({
				info: readBoardInfo(doc),
				members: readMembers(doc),
				vote: readPublishedVote(doc)
			}));
			// The guard's index holds every element already parsed: a big board is not read again here. Everything
			// that grows with the board (sorting, laying out, encoding, even JSON) happens in an export worker.
			const elements = await deps.rooms.read(`${id}/content`, (doc, room) => room.guard?.elements() ?? readElements(doc));
			const input = {
				title: info.info?.title ?? 'Untitled board',
				elements,
				members: info.members,
				vote: info.vote,
				includeNames,
				now: new Date()
			};
			const file = await deps.exporter.render(format.data, input, query.data, { id, createdAt: info.info?.createdAt ?? null });
			res.writeHead(200, {
				'content-type': file.contentType,
				'content-length': file.body.length,
				'content-disposition': contentDisposition(file.fileName),
				'cache-control': 'no-store',
				'x-content-type-options': 'nosniff'
			});
			res.end(file.body);
		}),
		// The board's first picture, which a board page draws while its scripts load (src/early-sync.js).
		route('GET', '/api/boards/:id/picture', async (req, res, params) => {
			const id = parseBoardId(params.id);
			await grantFor(id, sessionParam(req));
			const body = await pictureJson(deps.rooms, id, templates);
			res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
			res.end(body);
		}),
		route('POST', '/api/boards/:id/reveal', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = RevealDrafts.safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const grant = await deps.authorize(id, body.data.session);
			if (!grant) throw new HttpError(401, 'unauthorised', 'Your session for this board has ended; join again from your link');
			if (grant.role !== 'facilitator') throw new HttpError(403, 'forbidden', 'Only a facilitator can reveal everyone’s notes');
			const frameId = body.data.frameId ?? null;
			if (frameId) {
				const isFrame = await deps.rooms.read(`${id}/content`, (doc) => readElement(doc, frameId)?.kind === 'frame');
				if (!isFrame) throw new HttpError(409, 'no_frame', 'That frame is not on the board any more; choose another or none');
			}
			await deps.history.snapshot(id, 'reveal', { by: grant.name });
			const revealed = await revealDrafts(deps.rooms, id, frameId);
			deps.log.info({ board: id, ...revealed }, 'private notes revealed');
			sendJson(res, 200, revealed);
		}),
		route('POST', '/api/boards/:id/rounds', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const raw = await readJson(req, SMALL_BODY);
			const session = WithSession.safeParse(raw);
			if (!session.success) throw invalid(session.error);
			const command = RoundCommand.safeParse(raw);
			if (!command.success) throw invalid(command.error);
			const round = await deps.votes.changeRound(id, await grantFor(id, session.data.session), command.data);
			sendJson(res, 200, { round });
		}),
		route('POST', '/api/boards/:id/votes', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = CastVoteBody.safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const { session, ...vote } = body.data;
			sendJson(res, 200, await deps.votes.cast(id, await grantFor(id, session), vote));
		}),
		route('GET', '/api/boards/:id/votes', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const query = WithSession.safeParse({ session: new URL(req.url ?? '/', 'http://localhost').searchParams.get('session') ?? '' });
			if (!query.success) throw new HttpError(401, 'unauthorised', 'Add ?session=… with a session for this board (from /join)');
			sendJson(res, 200, await deps.votes.state(id, await grantFor(id, query.data.session)));
		}),
		route('POST', '/api/boards/:id/join', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = JoinBoard.safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			limit('joinPerAddress', addressOf(req), 'Too many people joining from your network');
			limit('joinPerLink', `${id}/${hashToken(body.data.token)}`, 'Too many people joining with this link');
			const joined = await deps.boards.join(id, body.data);
			deps.log.info({ board: id, participant: joined.participantId, role: joined.role }, 'joined');
			sendJson(res, 200, joined);
		}),
		route('POST', '/api/boards/:id/invitation', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = Invitation.safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			// Not counted against the join limits (a room behind one address would reach them twice as fast):
			// it reads one row and writes nothing, and a guessed token learns nothing (403).
			sendJson(res, 200, await deps.boards.invitation(id, body.data.token));
		}),
		route('GET', '/api/boards/:id/links', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const grant = await grantFor(id, sessionParam(req));
			sendJson(res, 200, { links: await deps.boards.links(id, grant) });
		}),
		route('POST', '/api/boards/:id/links', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = RotateLink.safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const grant = await grantFor(id, body.data.session);
			const made = await deps.boards.rotateLink(id, grant, body.data.role, baseUrl(req));
			deps.log.info({ board: id, role: made.role, link: made.id }, 'link replaced');
			sendJson(res, 201, made);
		}),
		route('GET', '/api/boards/:id/members', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const grant = await grantFor(id, sessionParam(req));
			sendJson(res, 200, { members: await deps.boards.members(id, grant) });
		}),
		route('GET', '/api/boards/:id/snapshots', async (req, res, params) => {
			const id = parseBoardId(params.id);
			facilitatorOnly(await grantFor(id, sessionParam(req)), "see the board's history");
			sendJson(res, 200, { snapshots: await deps.history.list(id) });
		}),
		route('POST', '/api/boards/:id/snapshots', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = TakeSnapshot.safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const grant = facilitatorOnly(await grantFor(id, body.data.session), 'take a snapshot');
			sendJson(res, 201, { snapshot: await deps.history.snapshot(id, 'named', { label: body.data.label, by: grant.name }) });
		}),
		route('GET', '/api/boards/:id/snapshots/:snapshot', async (req, res, params) => {
			const id = parseBoardId(params.id);
			facilitatorOnly(await grantFor(id, sessionParam(req)), 'preview an earlier version');
			const { record, content } = await deps.history.load(id, snapshotId(params.snapshot));
			sendJson(res, 200, { snapshot: record, content });
		}),
		route('POST', '/api/boards/:id/snapshots/:snapshot/restore', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = WithSession.strict().safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const grant = facilitatorOnly(await grantFor(id, body.data.session), 'restore an earlier version');
			const done = await deps.history.restore(id, snapshotId(params.snapshot), grant.name);
			deps.log.info({ board: id, snapshot: done.restored.id, by: grant.participantId }, 'snapshot restored');
			sendJson(res, 200, done);
		}),
		route('POST', '/api/boards/:id/snapshots/:snapshot/copy', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = WithSession.strict().safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			facilitatorOnly(await grantFor(id, body.data.session), 'start a new board from an earlier version');
			limit('createBoard', addressOf(req), 'Too many new boards from your network');
			const { record, content } = await deps.history.load(id, snapshotId(params.snapshot));
			const info = await deps.rooms.read(`${id}/server`, (doc) => readBoardInfo(doc));
			const title = `${info?.title ?? 'Board'} (${record.label})`.slice(0, 120);
			const board = await importBoard(
				deps.boards,
				deps.rooms,
				{ format: 'convene-board', version: 1, board: { title }, content },
				baseUrl(req)
			);
			await deps.history.snapshot(board.id, 'import', { label: `Started from “${record.label}” of another board` });
			sendJson(res, 201, board);
		}),
		route('GET', '/api/boards/:id/deleted', async (req, res, params) => {
			const id = parseBoardId(params.id);
			facilitatorOnly(await grantFor(id, sessionParam(req)), 'see what was deleted');
			sendJson(res, 200, { groups: await deps.history.deleted(id) });
		}),
		route('POST', '/api/boards/:id/deleted/:group/restore', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = WithSession.strict().safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const grant = facilitatorOnly(await grantFor(id, body.data.session), 'bring back what was deleted');
			const restored = await deps.history.bringBack(id, snapshotId(params.group));
			deps.log.info({ board: id, restored: restored.length, by: grant.participantId }, 'deleted elements brought back');
			sendJson(res, 200, { restored });
		}),
		route('POST', '/api/boards/:id/members/:participant/role', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const participant = ParticipantId.safeParse(params.participant);
			if (!participant.success) throw new HttpError(404, 'not_found', 'That person is not on this board');
			const body = ChangeRole.safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const grant = await grantFor(id, body.data.session);
			const changed = await deps.boards.setRole(id, grant, participant.data, body.data.role);
			deps.log.info({ board: id, participant: participant.data, role: changed.role, by: grant.participantId }, 'role changed');
			sendJson(res, 200, changed);
		}),
		route('POST', '/api/boards/:id/members/:participant/remove', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const participant = ParticipantId.safeParse(params.participant);
			if (!participant.success) throw new HttpError(404, 'not_found', 'That person is not on this board');
			const body = WithSession.strict().safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const grant = await grantFor(id, body.data.session);
			const removed = await deps.boards.remove(id, grant, participant.data);
			deps.log.info({ board: id, participant: participant.data, by: grant.participantId }, 'person removed');
			sendJson(res, 200, removed);
		}),
		// Facilitators: the board and everything it holds, gone; `confirm` is the board's title typed again.
		route('POST', '/api/boards/:id/delete', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = DeleteBoard.safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const grant = await grantFor(id, body.data.session);
			sendJson(res, 200, await deps.boards.destroy(id, grant, body.data.confirm));
		})
	];

	function facilitatorOnly(grant: Awaited<ReturnType<typeof grantFor>>, what: string) {
		if (grant.role !== 'facilitator') throw new HttpError(403, 'not_facilitator', `Only a facilitator can ${what}`);
		return grant;
	}

	function snapshotId(raw: string): string {
		const parsed = SnapshotId.safeParse(raw);
		if (!parsed.success) throw new HttpError(404, 'not_found', 'There is no such snapshot on this board');
		return parsed.data;
	}

	/** The session from `?session=`, or "" (then grantFor answers 401). */
	function sessionParam(req: IncomingMessage): string {
		const parsed = SessionToken.safeParse(new URL(req.url ?? '/', 'http://localhost').searchParams.get('session') ?? '');
		return parsed.success ? parsed.data : '';
	}

	/** Handles the request if it is an API route; returns false to let the app handle it. */
	return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (url.pathname !== '/healthz' && !url.pathname.startsWith('/api/')) return false;
		setApiPolicy(res);
		const matching = routes.filter((r) => r.pattern.test(url.pathname));
		try {
			if (matching.length === 0) throw new HttpError(404, 'not_found', `No API at ${url.pathname}`);
			const found = matching.find((r) => r.method === req.method);
			if (!found) {
				res.setHeader('allow', matching.map((r) => r.method).join(', '));
				throw new HttpError(405, 'method_not_allowed', `Use ${matching.map((r) => r.method).join(' or ')} here`);
			}
			const values = found.pattern.exec(url.pathname)!.slice(1);
			const params = Object.fromEntries(found.keys.map((k, i) => [k, decodePathPart(values[i])]));
			await found.handler(req, res, params);
		} catch (error) {
			if (res.headersSent) {
				res.destroy();
				return true;
			}
			if (error instanceof HttpError) sendError(res, error);
			else {
				deps.log.error({ path: url.pathname, error }, 'request failed');
				sendError(res, new HttpError(500, 'internal', 'Something went wrong on the server. Please try again.'));
			}
		}
		return true;
	};
}
