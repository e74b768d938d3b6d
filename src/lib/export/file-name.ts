/** File names people can read, shared by the browser's downloads and the server's exports. */
import { ukToday } from '$lib/shared/dates.js';

/** A slug of `title`: "System-Players Map" → "system-players-map" (at most 60 characters, never empty). */
export function slug(title: string, fallback = 'board'): string {
	return (
		title
			.normalize('NFKD')
			.replace(/[^\w\s-]/g, '')
			.trim()
			.toLowerCase()
			.replace(/[\s_]+/g, '-')
			.replace(/-+/g, '-')
			.slice(0, 60)
			.replace(/^-|-$/g, '') || fallback
	);
}

/** "system-players-map-2026-11-24.png", dated today in the UK (not in UTC). */
export function fileName(title: string, extension: string, date = new Date()): string {
	return `${slug(title, 'exercise')}-${ukToday(date)}.${extension}`;
}
