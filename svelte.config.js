import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// The one inline script of our own (src/early-sync.js, put into the page by src/hooks.server.ts), allowed by its hash.
const EARLY_SYNC = `sha256-${createHash('sha256')
	.update(readFileSync(new URL('./src/early-sync.js', import.meta.url)))
	.digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// SvelteKit hashes its own inline bootstrap script, and ours is listed by its hash, so script-src needs no 'unsafe-inline'.
		// Styles: Svelte sets inline style attributes (style: directives), hence 'unsafe-inline' for styles only.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', EARLY_SYNC],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self', 'ws:', 'wss:'],
				'worker-src': ['self', 'blob:'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
