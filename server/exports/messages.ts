/** What the route and an export worker say to each other (pool.ts, worker.ts). Everything here survives structured cloning. */
import type { Element } from '../../src/lib/doc/schema.js';
import type { ExportInput } from './index.js';
import type { ExportQuery, FileFormat } from './query.js';

/** A slice of the board's elements, in any order (the worker sorts them by z-order). */
export interface ElementsMessage {
	type: 'elements';
	elements: readonly Element[];
}

/** The rest of the input: makes the file from the elements sent so far. */
export interface RenderMessage {
	type: 'render';
	/** A file format, or `json`: the board's own file (server/boards/export.ts). */
	format: FileFormat | 'json';
	input: Omit<ExportInput, 'elements' | 'models'>;
	query: ExportQuery;
	/** For `json`: the board's id and when it was made. */
	board?: { id: string; createdAt: number | null };
}

/** The file, its bytes in an ArrayBuffer of their own (transferred, not copied). */
export interface RenderedBytes {
	body: Uint8Array;
	contentType: string;
	fileName: string;
}
