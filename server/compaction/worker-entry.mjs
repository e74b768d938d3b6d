// The compaction worker's entry from the TypeScript sources (tests, `npm run dev`, benchmarks), as
// server/exports/worker-entry.mjs is the export worker's: a worker thread starts as plain Node, so this loads
// worker.ts through tsx. The build runs build/compaction-worker.js instead (scripts/build-server.mjs).
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
