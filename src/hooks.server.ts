/**
 * Puts src/early-sync.js into every page's head (src/app.html's `%convene.early-sync%`), inline so that a
 * board page opens its content socket without waiting for another request. svelte.config.js allows the
 * script by its hash, which is of the same file: the text goes in unchanged.
 */
import type { Handle } from '@sveltejs/kit';
import earlySync from './early-sync.js?raw';

const PLACEHOLDER = '%convene.early-sync%';

export const handle: Handle = ({ event, resolve }) =>
	resolve(event, { transformPageChunk: ({ html }) => html.replace(PLACEHOLDER, () => earlySync) });
