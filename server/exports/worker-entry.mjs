// The export worker's entry (server/exports/pool.ts starts it). A worker thread starts as plain Node,
// whatever loader its parent runs under (tsx for `npm start`, Vite in tests), so this loads the TypeScript
// worker through tsx's own import, which resolves the project's `$lib` paths from tsconfig.json.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
