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
	format: FileFormat;
	input: Omit<ExportInput, 'elements' | 'models'>;
	query: ExportQuery;
}

/** The file, its bytes in an ArrayBuffer of their own (transferred, not copied). */
export interface RenderedBytes {
	body: Uint8Array;
	contentType: string;
	fileName: string;
}
