// `npm install`'s prepare step: generates SvelteKit's types and tsconfig (`svelte-kit sync`), which type
// checking and the tests need, then builds the app and the server, so that `npm install` then `npm start` works
// on a fresh clone (npm start itself never builds). CONVENE_NO_BUILD=1 skips the build (CI, which builds in
// `npm test` anyway). A production install (`npm ci --omit=dev`, as in the Dockerfile) has no SvelteKit and
// needs none of this, so it is skipped there, saying so; anywhere else a failure fails the install.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let kit;
try {
	kit = dirname(require.resolve('@sveltejs/kit/package.json'));
} catch {
	console.log('prepare: SvelteKit is not installed (a production install), so `svelte-kit sync` is skipped.');
	process.exit(0);
}
const run = spawnSync(process.execPath, [join(kit, 'svelte-kit.js'), 'sync'], { stdio: 'inherit' });
if (run.error) console.error(`prepare: could not run svelte-kit sync: ${run.error.message}`);
if (run.status !== 0) process.exit(run.status ?? 1);
if (process.env.CONVENE_NO_BUILD === '1') {
	console.log('prepare: CONVENE_NO_BUILD=1, so the build is skipped (run `npm run build` before `npm start`).');
	process.exit(0);
}
console.log('prepare: building the app and the server (about a minute; CONVENE_NO_BUILD=1 skips this)…');
const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
for (const step of [[vite, 'build', '--logLevel', 'warn'], [join(dirname(new URL(import.meta.url).pathname), 'build-server.mjs')]]) {
	const built = spawnSync(process.execPath, step, { stdio: 'inherit' });
	if (built.status !== 0) {
		console.error(`prepare: the build failed (${step.join(' ')}).`);
		process.exit(built.status ?? 1);
	}
}
