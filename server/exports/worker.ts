/**
 * The export worker: one thread of the pool (pool.ts), making one file at a time with the same
 * renderers the route used to run on the event loop (index.ts). It takes the board's elements in slices,
 * then the rest of the input, and answers with the file, its bytes transferred, or with an error the
 * route passes on. The template models are code: the worker imports them itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Element } from '../../src/lib/doc/schema.js';
import { compareByIndex } from '../../src/lib/shared/order.js';
import { TEMPLATE_MODELS } from '../../src/lib/templates/models.js';
import { HttpError } from '../http/respond.js';
import { renderExport } from './index.js';
import type { ElementsMessage, RenderedBytes, RenderMessage } from './messages.js';
import { READY, type Reply } from './pool.js';
import { lowerPriority } from './priority.js';
import { CONTENT_TYPES } from './query.js';
import { boardExport } from '../boards/export.js';
import { fileName } from '../../src/lib/export/file-name.js';
import type { RenderedFile } from './index.js';

lowerPriority(Number((workerData as { nice?: number } | null)?.nice ?? 0));

const port = parentPort!;

/** The board's own file (JSON), from its elements in z-order. */
function boardJson(message: RenderMessage, all: Element[]): RenderedFile {
	const board = { id: message.board?.id ?? '', title: message.input.title, createdAt: message.board?.createdAt ?? null };
	const text = JSON.stringify(boardExport(board, all, message.input.now));
	return { body: Buffer.from(text, 'utf8'), contentType: CONTENT_TYPES.json, fileName: fileName(message.input.title, 'json') };
}
let elements: Element[] = [];

port.on('message', (message: ElementsMessage | RenderMessage) => {
	if (message.type === 'elements') {
		for (const element of message.elements) elements.push(element);
		return;
	}
	const all = elements.sort(compareByIndex);
	elements = [];
	const made =
		message.format === 'json'
			? Promise.resolve().then(() => boardJson(message, all))
			: renderExport(message.format, { ...message.input, elements: all, models: TEMPLATE_MODELS }, message.query);
	void made.then(
		(file) => {
			// The bytes go back without a copy. A small Buffer may be a slice of Node's shared pool, which cannot
			// be handed over: such a file is copied into a memory of its own first.
			const owned = file.body.byteOffset === 0 && file.body.byteLength === file.body.buffer.byteLength;
			const body = owned ? new Uint8Array(file.body.buffer, 0, file.body.byteLength) : Uint8Array.from(file.body);
			const reply: Reply<RenderedBytes> = { ok: true, value: { body, contentType: file.contentType, fileName: file.fileName } };
			port.postMessage(reply, [body.buffer as ArrayBuffer]);
		},
		(error: unknown) => {
			const reply: Reply<unknown> =
				error instanceof HttpError
					? { ok: false, error: { status: error.status, code: error.code, message: error.message, path: error.path } }
					: { ok: false, error: { message: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
			port.postMessage(reply);
		}
	);
});

port.postMessage(READY);
