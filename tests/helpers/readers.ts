/**
 * Reading exported files as a person's software does: LibreOffice (headless) opens DOCX and XLSX,
 * poppler's pdftotext and pdftoppm read and draw PDFs. When a reader is missing a test skips with a
 * visible "SKIPPED: …" line, except in CI (CI=true), where the missing reader is a failure: CI installs
 * them (.ci/run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'vitest';

function which(tool: string): string | null {
	for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, tool))) return join(dir, tool);
	return null;
}

/** The readers missing on this machine, by name. */
export function missingReaders(tools: readonly string[]): string[] {
	return tools.filter((t) => which(t) === null);
}

/**
 * `describe` when every reader is here; otherwise a visible skip, or in CI one failing test that says
 * what to install.
 */
export function describeWithReaders(name: string, tools: readonly string[], body: () => void): void {
	const missing = missingReaders(tools);
	if (missing.length === 0) {
		describe(name, body);
		return;
	}
	const message = `SKIPPED: ${name} needs ${missing.join(', ')} (apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)`;
	if (process.env.CI === 'true') {
		describe(name, () => {
			it('has the readers it needs (CI installs them in .ci/run)', () => {
				throw new Error(message.replace(/^SKIPPED/, 'MISSING in CI'));
			});
		});
		return;
	}
	console.warn(message);
	describe.skip(message, () => {
		it(name, () => {});
	});
}

/**
 * Converts files with LibreOffice headless, all in one run (it is slow to start), into `outDir`.
 * A private profile so a LibreOffice someone has open, or another test's, does not get in the way.
 * @example soffice(['report.docx'], 'pdf', dir)
 */
export function soffice(files: readonly string[], to: string, outDir: string): void {
	const profile = mkdtempSync(join(tmpdir(), 'convene-lo-'));
	try {
		execFileSync(
			'soffice',
			[`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, ...files],
			{ stdio: 'pipe', timeout: 180_000 }
		);
	} finally {
		rmSync(profile, { recursive: true, force: true });
	}
}

/**
 * Every sheet of an XLSX as CSV text, by sheet name, through LibreOffice (UTF-8, comma, quoted, values
 * as shown, each sheet to its own file: the "-1" of the CSV filter's twelfth option, LibreOffice 7.2+).
 */
export function xlsxSheetsAsCsv(file: string, outDir: string): Map<string, string> {
	soffice([file], 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', outDir);
	const stem = basename(file).replace(/\.xlsx$/, '');
	const sheets = new Map<string, string>();
	for (const f of readdirSync(outDir)) {
		if (!f.startsWith(`${stem}-`) || !f.endsWith('.csv')) continue;
		sheets.set(f.slice(stem.length + 1, -4), readFileSync(join(outDir, f), 'utf8'));
	}
	return sheets;
}

/** The text of a PDF (or of pages `first`..`last`), as pdftotext reads it. */
export function pdfText(file: string, pages?: { first: number; last: number }): string {
	const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
	return execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, file, '-']).toString('utf8');
}

/** Each page's text, in order. */
export function pdfPages(file: string): string[] {
	return pdfText(file).split('\f').slice(0, -1);
}

/** Page sizes in points, in order. */
export function pdfPageSizes(file: string): { w: number; h: number }[] {
	const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
	const info = execFileSync('pdfinfo', ['-f', '1', '-l', String(count), file]).toString();
	return [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => ({ w: Number(m[1]), h: Number(m[2]) }));
}

/** Renders pages `first`..`last` to PNGs `<prefix>-<n>.png` at `dpi`. */
export function pdfToPngs(file: string, prefix: string, first: number, last: number, dpi = 60): void {
	execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(first), '-l', String(last), file, prefix]);
}

/** Words for finding a field: hyphens dropped (pdftotext joins a word hyphenated at a line's end), split at spaces and slashes. */
export function plainWords(text: string): string[] {
	return text
		.replace(/[\u00ad-]/g, '')
		.split(/[\s/]+/)
		.map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
		.filter(Boolean);
}

/**
 * The fields not found whole on `pages`, in the order a reader reads them. pdftotext reads a table's
 * cells in its own order (a cell beside another may come out line by line with it, and a row broken
 * across pages goes on after the next page's header), so a field is found when all its words appear in
 * order within a short stretch of the pages' words (at most four times its length, plus 60).
 */
export function missingAcrossPages(pages: readonly string[], fields: readonly string[]): string[] {
	const words = plainWords(pages.join('\n'));
	return fields.filter((field) => {
		const want = plainWords(field);
		const limit = 4 * want.length + 60;
		for (let start = 0; start < words.length; start++) {
			if (words[start] !== want[0]) continue;
			let j = 1;
			let i = start + 1;
			for (; i < words.length && j < want.length && i - start <= limit; i++) if (words[i] === want[j]) j++;
			if (j === want.length) return false;
		}
		return true;
	});
}
