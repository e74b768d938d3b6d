// `npm start`: runs the built server (build/server.js, plain JavaScript). It never builds: building needs the
// dev dependencies and a minute of CPU, neither of which a production start should depend on.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const server = fileURLToPath(new URL('../build/server.js', import.meta.url));
if (!existsSync(server)) {
	console.error('There is no build yet (build/server.js is missing). Run `npm run build` first (about a minute), then `npm start`.');
	process.exit(1);
}
await import(pathToFileURL(server).href);
