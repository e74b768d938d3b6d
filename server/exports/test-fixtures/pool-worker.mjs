// A worker for pool.test.ts: it answers as the export worker does, and can also fail in each way a real one might.
import { tsImport } from 'tsx/esm/api';

await tsImport('./pool-worker.ts', import.meta.url);
