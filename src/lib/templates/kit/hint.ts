/**
 * The size of an empty exercise's one-line start hint, pure: wide enough to read when the frame fills
 * the screen (three quarters of the frame at most), never taller than a heading.
 */
import { GLYPH_BOLD } from './text.js';

export interface HintLook {
	fontSize: number;
	w: number;
	h: number;
}

/** The font size and pill of `text` in a frame `frameW` wide. */
export function hintLook(text: string, frameW: number): HintLook {
	// Width at font size 1, erring wide (no font measurement outside the browser).
	const unit = text.length * GLYPH_BOLD;
	const fontSize = Math.max(14, Math.min(48, (0.72 * frameW) / Math.max(1, unit)));
	const w = Math.min(frameW - 16, unit * fontSize + fontSize * 1.6);
	return { fontSize: Math.round(fontSize), w: Math.round(w), h: Math.round(fontSize * 2.1) };
}
