/**
 * `npm run dev`: the same API and sync server, attached to Vite's dev server.
 */
import type { Plugin } from 'vite';

export function syncDevServer(): Plugin {
	return {
		name: 'convene-sync-dev',
		apply: 'serve',
		async configureServer(vite) {
			const { loadConfig } = await import('./config.js');
			const { createLogger } = await import('./log.js');
			const { createApp } = await import('./app.js');
			const { createBusFromConfig, createStoreFromConfig } = await import('./stores.js');
			const config = loadConfig(process.env);
			const log = createLogger(config.LOG_LEVEL);
			const app = createApp({
				store: await createStoreFromConfig(config, log),
				bus: await createBusFromConfig(config, log),
				log,
				publicUrl: config.PUBLIC_URL
			});
			vite.middlewares.use((req, res, next) => app.handle(req, res, next));
			vite.httpServer?.on('upgrade', (req, socket, head) => {
				app.upgrade(req, socket, head);
			});
			vite.httpServer?.on('close', () => void app.close());
		}
	};
}
