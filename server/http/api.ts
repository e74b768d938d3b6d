/**
 * The public HTTP contract (docs/api.md). Each handler validates its input with zod and answers JSON;
 * errors use `{error: {code, message, path?}}` and never carry a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import { BoardId, CreateBoard, JoinBoard, type BoardService } from '../boards/service.js';
import { HttpError, invalid, readJson, sendError, sendJson } from './respond.js';
import { setApiPolicy } from './headers.js';
import type { RoomRegistry } from '../transport/rooms.js';
import type { Authorize } from '../transport/sync-server.js';
import { EXPORT_FORMATS, ExportFormat, boardExportSchemaText, exportBoardJson } from '../boards/export.js';
import { checkImport, importBoard } from '../boards/import.js';
import { contentDisposition, ExportQuery } from '../exports/query.js';
import { createLimiter } from '../exports/limit.js';
import { fileName } from '../../src/lib/export/file-name.js';
import { readElements } from '../../src/lib/doc/read.js';
import { readBoardInfo, readMembers } from '../../src/lib/doc/members.js';
import { TEMPLATE_MODELS } from '../../src/lib/templates/models.js';
import type { TemplateModel } from '../../src/lib/templates/kit/model.js';

export interface ApiDeps {
	boards: BoardService;
	rooms: RoomRegistry;
	authorize: Authorize;
	log: Logger;
	/** Base of the links we hand out; by default the request's own origin. */
	publicUrl?: string;
	/** Templates that exports describe and imports check (default: all of them). */
	templates?: readonly TemplateModel[];
}

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

	const templates = deps.templates ?? TEMPLATE_MODELS;
	const heavy = createLimiter(2, 8);

	const routes: Route[] = [
		route('GET', '/healthz', async (_req, res) => sendJson(res, 200, { ok: true })),
		route('POST', '/api/boards', async (req, res) => {
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
			const checked = checkImport(await readJson(req, IMPORT_BODY), templates);
			if (!checked.ok) {
				const first = checked.problems[0];
				const count = checked.problems.length;
				throw new HttpError(400, 'invalid_import', `Nothing was imported: the file has ${count === 1 ? 'a problem' : `${count} problems`}. ${first.path}: ${first.message}`, first.path, checked.problems);
			}
			const board = await importBoard(deps.boards, deps.rooms, checked.board, baseUrl(req));
			deps.log.info({ board: board.id, elements: checked.board.content.elements.length }, 'board imported');
			sendJson(res, 201, board);
		}),
		route('GET', '/api/boards/:id/export/:format', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const format = ExportFormat.safeParse(params.format);
			if (!format.success) throw new HttpError(404, 'not_found', `Unknown export format "${params.format}"; use one of ${EXPORT_FORMATS.join(', ')}`);
			const url = new URL(req.url ?? '/', 'http://localhost');
			const query = ExportQuery.safeParse(Object.fromEntries(url.searchParams));
			const session = url.searchParams.get('session') ?? '';
			const grant = session ? await deps.authorize(id, session) : null;
			if (!grant) throw new HttpError(401, 'unauthorised', 'Add ?session=… with a session for this board (from /join)');
			if (!query.success) throw invalid(query.error);
			const includeNames = query.data.names === '1';
			if (includeNames && grant.role !== 'facilitator') throw new HttpError(403, 'forbidden', "Only the facilitator can include people's names in a report", 'names');
			if (format.data === 'json') {
				const body = await exportBoardJson(deps.rooms, id);
				res.setHeader('content-disposition', contentDisposition(fileName(body.board.title, 'json')));
				return sendJson(res, 200, body);
			}
			const fileFormat = format.data;
			const info = await deps.rooms.read(`${id}/server`, (doc) => ({ info: readBoardInfo(doc), members: readMembers(doc) }));
			const elements = await deps.rooms.read(`${id}/content`, (doc) => readElements(doc));
			// SEAM (votes): once src/lib/doc/votes.ts exists, read the revealed tallies from the server doc here.
			const votes = new Map<string, { feasibility: number; desirability: number; viability: number }>();
			const input = { title: info.info?.title ?? 'Untitled board', elements, members: info.members, models: templates, votes, includeNames, now: new Date() };
			// The renderers load pdfkit, docx, exceljs and resvg: only when someone first asks for a file.
			const { renderExport } = await import('../exports/index.js');
			const file = await heavy(() => renderExport(fileFormat, input, query.data));
			res.writeHead(200, {
				'content-type': file.contentType,
				'content-length': file.body.length,
				'content-disposition': contentDisposition(file.fileName),
				'cache-control': 'no-store',
				'x-content-type-options': 'nosniff'
			});
			res.end(file.body);
		}),
		route('POST', '/api/boards/:id/join', async (req, res, params) => {
			const id = parseBoardId(params.id);
			const body = JoinBoard.safeParse(await readJson(req, SMALL_BODY));
			if (!body.success) throw invalid(body.error);
			const joined = await deps.boards.join(id, body.data);
			deps.log.info({ board: id, participant: joined.participantId, role: joined.role }, 'joined');
			sendJson(res, 200, joined);
		})
	];

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
			const params = Object.fromEntries(found.keys.map((k, i) => [k, decodeURIComponent(values[i])]));
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
