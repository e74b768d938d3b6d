/**
 * Colours people see. Sticky-note fills are pale so that black text on them passes WCAG AA
 * (contrast at least 4.5:1); presence colours are dark enough for white name tags.
 */
export const NOTE_COLORS = {
	yellow: '#fff3a3',
	orange: '#ffd8a8',
	pink: '#ffc9de',
	purple: '#e5d4ff',
	blue: '#cfe8ff',
	green: '#c9f2c7',
	grey: '#e5e7eb'
} as const;
export type NoteColorName = keyof typeof NOTE_COLORS;
export const NOTE_COLOR_NAMES = Object.keys(NOTE_COLORS) as NoteColorName[];

export const PRESENCE_COLORS = [
	'#1d4ed8',
	'#b91c1c',
	'#047857',
	'#7c3aed',
	'#c2410c',
	'#0f766e',
	'#be185d',
	'#4d7c0f',
	'#6d28d9',
	'#a16207'
] as const;

/** A stable presence colour for a participant id. */
export function presenceColor(participantId: string): string {
	let h = 0;
	for (let i = 0; i < participantId.length; i++) h = (h * 31 + participantId.charCodeAt(i)) >>> 0;
	return PRESENCE_COLORS[h % PRESENCE_COLORS.length];
}
