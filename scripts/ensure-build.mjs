// Builds the app before `npm start` when there is no build yet, or when the sources are newer than it.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execSync } from 'node:child_process';

const marker = 'build/handler.js';

function newest(dir) {
	let latest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

const sources = Math.max(newest('src'), newest('static'), statSync('svelte.config.js').mtimeMs);
if (!existsSync(marker) || statSync(marker).mtimeMs < sources) {
	console.log('Building the app (first start, or the sources changed)…');
	execSync('npx vite build', { stdio: 'inherit' });
}
