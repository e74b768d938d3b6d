/**
 * Measuring text before it is printed, with the bundled DejaVu fonts and pdfkit's own line breaking
 * (Unicode line-break rules: no-break spaces hold, words break only where a space or hyphen allows).
 * The PDF prints in DejaVu, so its measures are exact there. Word documents name Arial (Liberation Sans
 * in LibreOffice, the same widths), which is narrower than DejaVu Sans: a column wide enough for a word
 * here is wide enough in Word too.
 */
import PDFDocument from 'pdfkit';
import { FONT_FILES } from './fonts.js';

export interface Measure {
	/** Width in points of `text` on one line. */
	width(text: string, size: number, bold?: boolean): number;
	/** Height in points of `text` wrapped to `width` points. */
	height(text: string, width: number, size: number, bold?: boolean): number;
}

/** The longest stretch of `text` that may not be broken: words between ordinary spaces and line breaks (a no-break space joins). */
export function unbreakable(text: string): string[] {
	return text.split(/[ \t\r\n]+/).filter(Boolean);
}

/** A measure on a private pdfkit document (never written out), with the fonts the exports print. */
export function createMeasure(): Measure {
	const doc = new PDFDocument({ autoFirstPage: false });
	doc.registerFont('Sans', FONT_FILES.regular);
	doc.registerFont('Sans-Bold', FONT_FILES.bold);
	doc.addPage({ size: 'A3', margin: 0 });
	const set = (size: number, bold?: boolean) => doc.font(bold ? 'Sans-Bold' : 'Sans').fontSize(size);
	return {
		width: (text, size, bold) => set(size, bold).widthOfString(text),
		height: (text, width, size, bold) => set(size, bold).heightOfString(text || ' ', { width })
	};
}
