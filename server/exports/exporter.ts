/**
 * Makes export files off the event loop: the route hands the board's data to a pool of worker threads
 * (pool.ts, worker.ts) and gets the file back. The light half of every export (reading the documents,
 * checking who asks) stays in the route; everything that scales with the board runs in a worker.
 */
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Element } from '../../src/lib/doc/schema.js';
import { compareByIndex } from '../../src/lib/shared/order.js';
import type { ExportInput, RenderedFile } from './index.js';
import type { ElementsMessage, RenderedBytes, RenderMessage } from './messages.js';
import { createWorkerPool } from './pool.js';
import type { ExportQuery, FileFormat } from './query.js';

export interface ExporterOptions {
	/**
	 * Worker threads at most (default: one fewer than the cores, at least one, at most two). 0 makes every
	 * file on the event loop, as the server did before; the export benchmark runs it for comparison only.
	 */
	workers?: number;
	/** Exports waiting at most beyond those running; more are told to try again (503). */
	queue?: number;
	/** Nice value of the workers (Linux): above the event loop's, so the live sync goes first. */
	nice?: number;
	/** Heap limit of one worker, MiB. */
	maxMemoryMb?: number;
	timeoutMs?: number;
	onError?: (error: Error) => void;
}

export interface Exporter {
	/** A file of `format`, or (`json`, with `board`) the board's own file. */
	render(
		format: FileFormat | 'json',
		input: Omit<ExportInput, 'models'>,
		query: ExportQuery,
		board?: { id: string; createdAt: number | null }
	): Promise<RenderedFile>;
	close(): Promise<void>;
}

/** Elements per message to a worker: copying a slice this size takes well under a millisecond of the event loop. */
const SLICE = 250;

export function defaultExportWorkers(): number {
	return Math.max(1, Math.min(2, availableParallelism() - 1));
}

/**
 * The worker's entry. From the TypeScript sources (tests, `npm run dev`, benchmarks): worker-entry.mjs, which
 * loads worker.ts through tsx. From the build (`npm start`): build/export-worker.js, which
 * scripts/build-server.mjs bundles beside build/server.js; this code is in build/ or in build/server-chunks/.
 */
export function workerFile(here = import.meta.url): URL {
	const file = fileURLToPath(here);
	if (file.endsWith('.ts')) return new URL('./worker-entry.mjs', here);
	const dir = basename(dirname(file)) === 'server-chunks' ? dirname(dirname(file)) : dirname(file);
	return pathToFileURL(join(dir, 'export-worker.js'));
}

export function createExporter(options: ExporterOptions = {}): Exporter {
	if (options.workers === 0) return inline();
	const pool = createWorkerPool({
		file: workerFile(),
		size: options.workers ?? defaultExportWorkers(),
		queue: options.queue ?? 8,
		nice: options.nice ?? 10,
		maxMemoryMb: options.maxMemoryMb ?? 2048,
		timeoutMs: options.timeoutMs,
		onError: options.onError
	});
	return {
		async render(format, { elements, ...input }, query, board) {
			const parts: ElementsMessage[] = [];
			for (let i = 0; i < elements.length; i += SLICE)
				parts.push({ type: 'elements', elements: elements.slice(i, i + SLICE) as Element[] });
			const head: RenderMessage = { type: 'render', format, input, query, board };
			const file = await pool.run<RenderedBytes>({ parts, head });
			return {
				body: Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength),
				contentType: file.contentType,
				fileName: file.fileName
			};
		},
		close: () => pool.close()
	};
}

/** Files made on the event loop (workers: 0), for the benchmark's comparison only. */
function inline(): Exporter {
	return {
		async render(format, input, query, board) {
			const [{ renderExport }, { TEMPLATE_MODELS }, { boardExport }, { fileName }] = await Promise.all([
				import('./index.js'),
				import('../../src/lib/templates/models.js'),
				import('../boards/export.js'),
				import('../../src/lib/export/file-name.js')
			]);
			const elements = [...input.elements].sort(compareByIndex);
			if (format !== 'json') return renderExport(format, { ...input, elements, models: TEMPLATE_MODELS }, query);
			const text = JSON.stringify(
				boardExport({ id: board?.id ?? '', title: input.title, createdAt: board?.createdAt ?? null }, elements, input.now)
			);
			return { body: Buffer.from(text, 'utf8'), contentType: 'application/json; charset=utf-8', fileName: fileName(input.title, 'json') };
		},
		close: async () => {}
	};
}
