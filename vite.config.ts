import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { syncDevServer } from './server/dev-plugin.js';

export default defineConfig({
	plugins: [sveltekit(), syncDevServer()]
});
