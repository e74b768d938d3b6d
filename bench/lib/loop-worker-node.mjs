// The loop worker's entry for the bench (bench/lib/live-loops.ts starts it): a worker thread starts as plain
// Node, so this loads the TypeScript worker through tsx's own import, as server/exports/worker-entry.mjs does.
import { tsImport } from 'tsx/esm/api';

await tsImport('./loop-worker-node.ts', import.meta.url);
