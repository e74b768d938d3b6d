/** The JSON body reader and error shape, on a real HTTP server on a free port. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError, invalid, readJson, sendError, sendJson, tooMany } from './respond.js';

const LIMIT = 64;
let server: Server;
let url: string;

beforeAll(async () => {
	server = createServer((req, res) => {
		readJson(req, LIMIT).then(
			(body) => sendJson(res, 200, { body }),
			(error) => sendError(res, error instanceof HttpError ? error : new HttpError(500, 'internal', 'no'))
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (body: BodyInit, type = 'application/json') =>
	fetch(url, { method: 'POST', headers: { 'content-type': type }, body, duplex: 'half' } as RequestInit);

describe(readJson, () => {
	it('reads a JSON body and answers no-store JSON', async () => {
		const res = await post(JSON.stringify({ title: 'Session 1' }));
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(await res.json()).toEqual({ body: { title: 'Session 1' } });
	});

	it('refuses other content types, bad JSON, and bodies over the limit, declared or streamed', async () => {
		const expectError = async (res: Response, status: number, code: string) => {
			expect(res.status).toBe(status);
			expect((await res.json()).error.code).toBe(code);
		};
		await expectError(await post('title=x', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
		await expectError(await post('{"title":'), 400, 'invalid_json');
		await expectError(await post(JSON.stringify({ text: 'x'.repeat(LIMIT) })), 413, 'too_large');
		// Chunked, with no content-length to refuse it by: counted as it streams in.
		const stream = new ReadableStream({
			start(controller) {
				for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('"xxxxxxxxxxxxxxxx'));
				controller.close();
			}
		});
		await expectError(await post(stream), 413, 'too_large');
	});
});

describe('errors', () => {
	it('name the first problem and its path, never a stack', () => {
		const parsed = z.object({ title: z.string() }).safeParse({ title: 3 });
		const error = invalid(parsed.error!);
		expect(error).toMatchObject({ status: 400, code: 'invalid_request', path: 'title', message: expect.stringMatching(/^title: /) });
	});

	it('429s say when to try again in words, and carry Retry-After in seconds', () => {
		expect(tooMany('Too many new boards', 20_000)).toMatchObject({
			status: 429,
			retryAfterS: 20,
			message: 'Too many new boards. Please try again in 20 seconds.'
		});
		expect(tooMany('x', 600_000).message).toMatch(/10 minutes/);
		expect(tooMany('x', 7_200_000).message).toMatch(/2 hours/);
		expect(tooMany('x', 1).retryAfterS).toBe(1);
	});
});
