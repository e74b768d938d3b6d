import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readElements, type Frame, type PlacementRules } from '$lib/doc/index.js';
import { composePlacementRule } from '../kit/placement.js';
import { contentsOf } from '../kit/model.js';
import { addExercise } from '../kit/seed.js';
import { addPlayer, connectPlayers } from './binding.js';
import { playersMapSvg, wrapLines, xml } from './export.js';
import { playersMapModel } from './model.js';

/** The board's rules, as the board page makes them (placement only). */
const RULES: PlacementRules = { placement: composePlacementRule([playersMapModel]), link: null };

function exampleBoard() {
	const doc = new Y.Doc();
	const frameId = addExercise(doc, playersMapModel, { example: true, at: { x: 300, y: 200 }, rules: RULES });
	const contents = () => {
		const all = readElements(doc);
		return contentsOf(
			all.find((e): e is Frame => e.id === frameId)!,
			all
		);
	};
	return { doc, frameId, contents };
}

describe(playersMapSvg, () => {
	it('is well-formed XML with every player, every ring name, the legend and styled lines', () => {
		const { contents } = exampleBoard();
		const svg = playersMapSvg(contents());
		expect(XMLValidator.validate(svg)).toBe(true);
		const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg);
		expect(parsed.svg['@_xmlns']).toBe('http://www.w3.org/2000/svg');
		const text = svg.replace(/<[^>]+>/g, ' ').replace(/&apos;/g, "'");
		for (const p of contents().items) if (p.kind === 'item') expect(text).toContain(p.text.split(' ')[0]);
		for (const ring of ['Young person', 'Family and peers', 'The school', 'Local services and settings', 'Strategic and national'])
			expect(text).toContain(ring);
		expect(text).toContain('Relationship quality');
		expect(text).toContain('refers to · strained');
		expect(svg).toContain('stroke-dasharray="16 9"');
		expect(svg).toMatch(/stroke-width="6"/);
	});

	it('escapes user text: a <script> in a player name stays text', () => {
		const { doc, frameId, contents } = exampleBoard();
		const a = addPlayer(doc, frameId, { name: '<script>alert("x")</script> & Co', group: 'other' }, RULES);
		const b = addPlayer(doc, frameId, { name: "O'Brien <b>", group: 'family' }, RULES);
		connectPlayers(doc, a, b, { type: 'other', quality: 'weak' });
		const svg = playersMapSvg(contents());
		expect(svg).not.toContain('<script');
		expect(svg).toContain('&lt;script&gt;');
		expect(svg).toContain('&amp; Co');
		expect(XMLValidator.validate(svg)).toBe(true);
	});
});

describe(xml, () => {
	it('escapes markup and drops characters XML forbids', () => {
		expect(xml(`<a href="x">'&'</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
	});
});

describe(wrapLines, () => {
	it('wraps by words and ellipsises what does not fit', () => {
		expect(wrapLines("Director of Children's Services", 190, 19, 2)).toEqual(['Director of', "Children's Services"]);
		expect(wrapLines('a b c d e f g h i j k l m n o p q r s t u v w x y z', 60, 19, 2).at(-1)).toMatch(/\[1\]$/);
	});
});
