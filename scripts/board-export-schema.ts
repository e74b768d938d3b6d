/**
 * Writes docs/board-export.schema.json from the zod schema of the JSON export (server/boards/export.ts).
 * Run after changing the export's shape: `npx tsx scripts/board-export-schema.ts`; a unit test fails
 * while the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { boardExportSchemaText } from '../server/boards/export.js';

const target = fileURLToPath(new URL('../docs/board-export.schema.json', import.meta.url));
writeFileSync(target, boardExportSchemaText());
console.log(`wrote ${target}`);
