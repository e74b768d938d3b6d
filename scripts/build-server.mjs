// The second half of `npm run build`: bundles the server (server/main.ts and every module it imports from
// server/ and src/, `$lib` resolved here) into plain JavaScript under build/, next to the SvelteKit app that
// `vite build` wrote just before, the command line (server/cli.ts: backup, restore) beside it, the export
// worker (server/exports/worker.ts, build/export-worker.js) and the compaction worker (server/compaction/worker.ts,
// build/compaction-worker.js), which the server starts in worker threads.
// `npm start` then runs `node build/server.js` with production dependencies only: no TypeScript runner, no
// generated tsconfig, no Vite at run time.
//
// Packages from node_modules stay imports (`packages: 'external'`): they are the production dependencies,
// installed beside the build, and one copy of Yjs is shared with anything else that loads it. Code splitting
// keeps the lazy imports lazy (the PDF, Word and Excel renderers load on the first export, PostgreSQL and
// Redis only when configured).
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}build`;

if (!existsSync(`${out}/handler.js`)) {
	console.error('build/handler.js is missing: `vite build` must run first (npm run build does both).');
	process.exit(1);
}
for (const entry of ['server', 'cli', 'export-worker', 'compaction-worker'])
	for (const ext of ['.js', '.js.map']) rmSync(`${out}/${entry}${ext}`, { force: true });
rmSync(`${out}/server-chunks`, { recursive: true, force: true });

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const production = new Set(Object.keys(pkg.dependencies ?? {}));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Fails the build if the server would import a package that is not a production dependency: with
 * `npm ci --omit=dev` it would be missing at run time, and only the first request that needs it would say so.
 */
const onlyProductionPackages = {
	name: 'only-production-packages',
	setup(b) {
		b.onResolve({ filter: /^[^./$]/ }, (args) => {
			if (builtins.has(args.path)) return null;
			const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
			if (!production.has(name)) {
				return {
					errors: [{ text: `"${args.path}" (imported by ${args.importer.replace(root, '')}) is not in package.json's dependencies` }]
				};
			}
			return null;
		});
	}
};

const result = await build({
	absWorkingDir: root,
	entryPoints: {
		server: 'server/main.ts',
		cli: 'server/cli.ts',
		'export-worker': 'server/exports/worker.ts',
		'compaction-worker': 'server/compaction/worker.ts'
	},
	outdir: out,
	chunkNames: 'server-chunks/[name]-[hash]',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20.19',
	packages: 'external',
	alias: { $lib: './src/lib' },
	sourcemap: true,
	logLevel: 'warning',
	metafile: true,
	plugins: [onlyProductionPackages],
	banner: { js: '// Built by scripts/build-server.mjs from server/: do not edit.' }
});

const bytes = Object.entries(result.metafile.outputs)
	.filter(([file]) => file.endsWith('.js'))
	.reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(
	`Server bundled into build/server.js, build/cli.js, build/export-worker.js and build/compaction-worker.js (${Object.keys(result.metafile.inputs).length} modules, ${(bytes / 1024).toFixed(0)} KiB with its chunks).`
);
