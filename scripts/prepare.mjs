// `npm install`'s prepare step: generates SvelteKit's types and tsconfig (`svelte-kit sync`), which type
// checking and the tests need. A production install (`npm ci --omit=dev`, as in the Dockerfile) has no
// SvelteKit and needs none of this, so it is skipped there, saying so; anywhere else a failure fails the install.
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
process.exit(run.status ?? 1);
