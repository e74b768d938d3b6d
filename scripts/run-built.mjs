// Runs one of the bundles `npm run build` makes, with the arguments after its name:
//   node scripts/run-built.mjs server            (npm start)
//   node scripts/run-built.mjs cli backup …      (npm run backup, npm run restore)
// It never builds: building needs the dev dependencies and a minute of CPU, neither of which a production start
// should depend on. Without a build it says what to run.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [entry = 'server', ...rest] = process.argv.slice(2);
if (!/^[a-z-]+$/.test(entry)) {
	console.error(`Not a bundle name: ${entry}`);
	process.exit(1);
}
const bundle = fileURLToPath(new URL(`../build/${entry}.js`, import.meta.url));
if (!existsSync(bundle)) {
	console.error(`There is no build yet (build/${entry}.js is missing). Run \`npm run build\` first (about a minute), then try again.`);
	process.exit(1);
}
// The bundle reads its arguments from process.argv, as if it had been started itself.
process.argv = [process.argv[0], bundle, ...rest];
await import(pathToFileURL(bundle).href);
