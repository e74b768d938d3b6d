/** File names people can read, shared by the browser's downloads and the server's exports. */

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

/** "system-players-map-2026-11-24.png". */
export function fileName(title: string, extension: string, date = new Date()): string {
	return `${slug(title, 'exercise')}-${date.toISOString().slice(0, 10)}.${extension}`;
}
