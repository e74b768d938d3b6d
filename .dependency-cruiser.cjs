/**
 * The layering rules of design.md, checked in CI (`npm run lint:deps`, part of `npm test`).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
	forbidden: [
		{
			name: 'src-never-imports-server',
			comment: 'The app is served by the server, never the other way round.',
			severity: 'error',
			from: { path: '^src/' },
			to: { path: '^server/' }
		},
		{
			name: 'shared-is-pure',
			comment: 'src/lib/shared holds pure helpers: zod and fractional-indexing only.',
			severity: 'error',
			from: { path: '^src/lib/shared/' },
			to: { dependencyTypes: ['npm', 'npm-dev'], pathNot: 'node_modules/(zod|fractional-indexing)/' }
		},
		{
			name: 'shared-imports-only-shared',
			severity: 'error',
			from: { path: '^src/lib/shared/' },
			to: { path: '^src/', pathNot: '^src/lib/shared/' }
		},
		{
			name: 'konva-only-in-canvas-and-templates',
			comment: 'Konva belongs to the canvas, template renderers and the kit.',
			severity: 'error',
			from: { path: '^src/', pathNot: '^src/lib/(canvas|templates)/' },
			to: { path: 'node_modules/konva/' }
		},
		{
			name: 'doc-is-framework-free',
			comment: 'The document model imports neither Svelte nor the DOM-bound libraries.',
			severity: 'error',
			from: { path: '^src/lib/doc/' },
			to: { path: 'node_modules/(svelte|konva|y-websocket|y-indexeddb)/' }
		},
		{
			name: 'canvas-knows-no-templates',
			severity: 'error',
			from: { path: '^src/lib/canvas/' },
			to: { path: '^src/lib/(templates|board|a11y|sync|export)/' }
		},
		{
			name: 'templates-are-independent',
			comment: 'A template never imports another template; only the kit and the shared ids (ids.ts) are shared.',
			severity: 'error',
			from: { path: '^src/lib/templates/([^/]+)/' },
			to: { path: '^src/lib/templates/', pathNot: ['^src/lib/templates/$1/', '^src/lib/templates/kit/', '^src/lib/templates/ids\\.ts$'] }
		},
		{
			name: 'transport-sees-only-interfaces',
			comment: 'server/transport sees the interfaces of auth, persistence and scale-out, not their implementations.',
			severity: 'error',
			from: { path: '^server/transport/' },
			to: { path: '^server/(persistence|scale-out|auth)/', pathNot: '/types\\.ts$' }
		},
		{
			name: 'server-uses-only-pure-src',
			comment: 'The server may use the document model, shared helpers and the pure template models; never the UI.',
			severity: 'error',
			from: { path: '^server/' },
			to: {
				path: ['^src/', 'node_modules/(konva|svelte|y-websocket|y-indexeddb)/'],
				pathNot: [
					'^src/lib/(doc|shared)/',
					'^src/lib/export/(report|board-svg|file-name)\\.ts$',
					'^src/lib/templates/(models|ids)\\.ts$',
					'^src/lib/templates/kit/(model|seed|placement|structure|migrate)\\.ts$',
					'^src/lib/drafts/flow\\.ts$',
					'^src/lib/templates/[^/]+/(model|schema|layout|analysis|describe|export|palette|binding)\\.ts$'
				]
			}
		},
		{
			name: 'no-circular',
			severity: 'error',
			from: {},
			to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } }
		}
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '^(\\.svelte-kit|build)/' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		webpackConfig: { fileName: '.dependency-cruiser.resolve.cjs' },
		enhancedResolveOptions: {
			exportsFields: ['exports'],
			conditionNames: ['import', 'require', 'node', 'default', 'svelte'],
			extensions: ['.ts', '.js', '.svelte', '.json']
		}
	}
};
