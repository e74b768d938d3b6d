import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readElements } from '$lib/doc/index.js';
import { contentsOf } from '../kit/model.js';
import { addNote } from './binding.js';
import { icebergSvg, wrapLines, xmlEscape } from './export.js';
import { icebergBoard, RULES } from './test-board.js';

function svgOf(board: ReturnType<typeof icebergBoard>) {
	return icebergSvg(contentsOf(board.frame(), readElements(board.doc)));
}

describe(icebergSvg, () => {
	it('is well-formed XML holding every note, heading, layer name and prompt', () => {
		const board = icebergBoard(true);
		const svg = svgOf(board);
		expect(XMLValidator.validate(svg)).toBe(true);
		const words = svg.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
		const plain = (t: string) => xmlEscape(t).replace(/\s+/g, ' ');
		const { items } = contentsOf(board.frame(), readElements(board.doc));
		for (const item of items) if ('text' in item) for (const word of plain(item.text).split(' ')) expect(words).toContain(word);
		expect(words).toContain('Mental Models');
		expect(words).toContain('benefits models, educational');
		expect(svg.match(/<line [^>]*marker-end/g)).toHaveLength(3);
	});

	it('escapes what people type', () => {
		const board = icebergBoard();
		addNote(board.doc, board.frameId, 1, 'drivers', 'A <script> tag & "friends" </script>', RULES);
		const svg = svgOf(board);
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&lt;script&gt;');
		expect(svg).toContain('&lt;/script&gt;');
		expect(svg).toContain('&quot;friends&quot;');
		expect(svg).toContain('&amp;');
		const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg);
		expect(JSON.stringify(parsed)).toContain('<script>');
	});
});

describe(wrapLines, () => {
	it('wraps on words and splits words longer than a line', () => {
		expect(wrapLines('Parents feel unheard', 120, 16)).toEqual(['Parents feel', 'unheard']);
		expect(wrapLines('x'.repeat(30), 100, 16).every((l) => l.length <= 11)).toBe(true);
	});
});
