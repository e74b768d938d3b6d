import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BoardExport, boardExportSchemaText } from './export.js';

describe('the published JSON Schema of the board export', () => {
	it('is the committed docs/board-export.schema.json (run `npx tsx scripts/board-export-schema.ts` after changing the export)', () => {
		const committed = readFileSync(fileURLToPath(new URL('../../docs/board-export.schema.json', import.meta.url)), 'utf8');
		expect(committed).toBe(boardExportSchemaText());
	});

	it('describes the fields an importer checks', () => {
		const schema = JSON.parse(boardExportSchemaText());
		expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
		expect(schema.properties.format.const).toBe('convene-board');
		expect(schema.properties.version.const).toBe(1);
		expect(
			schema.properties.content.properties.elements.items.oneOf
				.map((e: { properties: { kind: { const: string } } }) => e.properties.kind.const)
				.sort()
		).toEqual(['connector', 'frame', 'item', 'note', 'text']);
		expect(
			BoardExport.safeParse({ format: 'convene-board', version: 1, board: { title: 'T' }, content: { version: 1, elements: [] } }).success
		).toBe(true);
	});
});
