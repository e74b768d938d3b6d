/** JSON responses and the error shape of the contract: `{error: {code, message, path?}}`, never a stack. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly path?: string,
		/** Every problem, for refusals that list them all (an import). */
		readonly problems?: readonly { path: string; message: string }[],
		/** For 429 and 503: seconds until a retry may succeed (the Retry-After header). */
		readonly retryAfterS?: number
	) {
		super(message);
	}
}

/** 429 with Retry-After and a sentence saying what was limited and when to try again. */
export function tooMany(what: string, retryAfterMs: number): HttpError {
	const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
	const wait =
		seconds < 90 ? `${seconds} seconds` : seconds < 5400 ? `${Math.round(seconds / 60)} minutes` : `${Math.round(seconds / 3600)} hours`;
	return new HttpError(429, 'rate_limited', `${what}. Please try again in ${wait}.`, undefined, undefined, seconds);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		'cache-control': 'no-store'
	});
	res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
	const body: { code: string; message: string; path?: string; problems?: readonly { path: string; message: string }[] } = {
		code: error.code,
		message: error.message
	};
	if (error.path) body.path = error.path;
	if (error.problems) body.problems = error.problems;
	if (error.retryAfterS !== undefined) res.setHeader('retry-after', String(error.retryAfterS));
	sendJson(res, error.status, { error: body });
}

/** A zod failure as a 400 that names the first problem's path. */
export function invalid(error: z.ZodError): HttpError {
	const issue = error.issues[0];
	const path = issue?.path.join('.') || undefined;
	const message = issue ? `${path ? `${path}: ` : ''}${issue.message}` : 'invalid request';
	return new HttpError(400, 'invalid_request', message, path);
}

/** Reads a JSON body up to `limit` bytes. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
	const type = req.headers['content-type'] ?? '';
	if (!/^application\/json\b/i.test(type))
		throw new HttpError(415, 'unsupported_media_type', 'Send JSON with content-type: application/json');
	const declared = Number(req.headers['content-length'] ?? 0);
	if (declared > limit) throw new HttpError(413, 'too_large', `The body is larger than ${limit} bytes`);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limit) throw new HttpError(413, 'too_large', `The body is larger than ${limit} bytes`);
		chunks.push(chunk as Buffer);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new HttpError(400, 'invalid_json', 'The body is not valid JSON');
	}
}
