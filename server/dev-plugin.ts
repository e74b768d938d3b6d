/**
 * `npm run dev`: the same API and sync server, attached to Vite's dev server. Server modules load
 * through Vite's SSR loader, so the Vite config itself bundles none of them.
 */
import type { Plugin } from 'vite';

export function syncDevServer(): Plugin {
	return {
		name: 'convene-sync-dev',
		apply: 'serve',
		async configureServer(vite) {
			const { createDevApp } = (await vite.ssrLoadModule('/server/dev-app.ts')) as typeof import('./dev-app.js');
			const app = await createDevApp(process.env);
			vite.middlewares.use((req, res, next) => app.handle(req, res, next));
			vite.httpServer?.on('upgrade', (req, socket, head) => {
				app.upgrade(req, socket, head);
			});
			vite.httpServer?.on('close', () => void app.close());
		}
	};
}
