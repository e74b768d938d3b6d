import { describe, expect, it } from 'vitest';
import { checkChange, isTemplateFrame, NO_RULES, type BoardRules, type ElementChange } from './policy.js';
import type { Element } from './schema.js';

const note = (id: string, extra: Partial<Element> = {}): Element =>
	({
		id,
		kind: 'note',
		index: 'a0',
		parent: null,
		data: {},
		x: 0,
		y: 0,
		w: 200,
		h: 160,
		text: 'x',
		color: 'yellow',
		createdBy: 'sam',
		...extra
	}) as Element;
const frame = (id: string, template: string | null = 'iceberg'): Element =>
	({ id, kind: 'frame', index: 'a0', parent: null, data: {}, x: 0, y: 0, w: 800, h: 600, title: 'F', template }) as Element;

function ctx(elements: Element[]) {
	const byId = new Map(elements.map((e) => [e.id, e]));
	return { before: (id: string) => byId.get(id) ?? null, isStructural: isTemplateFrame };
}
const rules = (patch: Partial<BoardRules> = {}): BoardRules => ({ ...NO_RULES, ...patch });
const move = (el: Element): ElementChange => ({ id: el.id, before: el, after: { ...el, x: 50 } as Element });

describe(checkChange, () => {
	const plainFrame = frame('f1', null);
	const inFrame = note('n1', { parent: 'f1' });
	const c = ctx([plainFrame, inFrame, frame('t1')]);
	const sam = { id: 'sam', role: 'participant' as const };

	it('lets participants change what is not locked, and facilitators anything', () => {
		expect(checkChange(sam, move(inFrame), rules(), c)).toBeNull();
		expect(checkChange({ id: 'fran', role: 'facilitator' }, move(inFrame), rules({ locked: new Set(['f1']), closed: true }), c)).toBeNull();
	});

	it('refuses changes to locked elements, and to anything in a locked frame, moving in or out', () => {
		expect(checkChange(sam, move(inFrame), rules({ locked: new Set(['n1']) }), c)).toMatch(/locked/);
		expect(checkChange(sam, move(inFrame), rules({ locked: new Set(['f1']) }), c)).toMatch(/locked/);
		const loose = note('n2');
		expect(
			checkChange(
				sam,
				{ id: 'n2', before: loose, after: { ...loose, parent: 'f1' } as Element },
				rules({ locked: new Set(['f1']) }),
				ctx([plainFrame, loose])
			)
		).toMatch(/locked/);
		expect(checkChange(sam, { id: 'n1', before: inFrame, after: null }, rules({ locked: new Set(['f1']) }), c)).toMatch(/locked/);
	});

	it('keeps template frames for facilitators unless the structure is open', () => {
		const t = frame('t1');
		expect(checkChange(sam, move(t), rules(), c)).toMatch(/Only a facilitator/);
		expect(checkChange(sam, { id: 't2', before: null, after: frame('t2') }, rules(), c)).toMatch(/Only a facilitator/);
		expect(checkChange(sam, move(t), rules({ structureOpen: true }), c)).toBeNull();
	});

	it('closes the board to everyone but facilitators', () => {
		expect(checkChange(sam, { id: 'n9', before: null, after: note('n9') }, rules({ closed: true }), c)).toMatch(/closed/);
	});

	it('notes-only: adds notes in their own name, changes only their own', () => {
		const pat = { id: 'pat', role: 'notes-only' as const };
		expect(checkChange(pat, { id: 'p1', before: null, after: note('p1', { createdBy: 'pat' }) }, rules(), c)).toBeNull();
		expect(checkChange(pat, { id: 'p2', before: null, after: note('p2', { createdBy: undefined }) }, rules(), c)).toMatch(/own name/);
		expect(checkChange(pat, move(inFrame), rules(), c)).toMatch(/only what you added/);
		expect(checkChange(pat, { id: 't3', before: null, after: { ...frame('t3', null) } }, rules(), c)).toMatch(
			/notes, cards and connectors/
		);
		const mine = note('p3', { createdBy: 'pat' });
		expect(checkChange(pat, move(mine), rules(), ctx([mine]))).toBeNull();
	});

	it('authorship cannot be forged or rewritten, and invalid results are refused for everyone', () => {
		expect(checkChange(sam, { id: 'x', before: null, after: note('x', { createdBy: 'fran' }) }, rules(), c)).toMatch(/own name/);
		expect(
			checkChange(
				{ id: 'fran', role: 'facilitator' },
				{ id: 'n1', before: inFrame, after: { ...inFrame, createdBy: 'fran' } as Element },
				rules(),
				c
			)
		).toMatch(/cannot be changed/);
		expect(checkChange({ id: 'fran', role: 'facilitator' }, { id: 'n1', before: inFrame, after: null, invalid: true }, rules(), c)).toMatch(
			/cannot read/
		);
	});

	it("leaves a frame's template data version to the server, whoever asks", () => {
		const t = frame('t1');
		const fran = { id: 'fran', role: 'facilitator' as const };
		expect(checkChange(fran, { id: 't1', before: t, after: { ...t, templateVersion: 2 } as Element }, rules(), c)).toMatch(
			/only by the server/
		);
		expect(
			checkChange(
				fran,
				{ id: 't1', before: { ...t, templateVersion: 2 } as Element, after: { ...t, templateVersion: 1 } as Element },
				rules(),
				c
			)
		).toMatch(/only by the server/);
		// Absent is version 1: writing the 1 down is no change.
		expect(checkChange(fran, { id: 't1', before: t, after: { ...t, templateVersion: 1 } as Element }, rules(), c)).toBeNull();
		expect(checkChange(fran, { id: 't4', before: null, after: { ...frame('t4'), templateVersion: 1 } as Element }, rules(), c)).toBeNull();
	});

	it('stops walking up frames that nest in a circle', () => {
		const a = { ...frame('a', null), parent: 'b' } as Element;
		const b = { ...frame('b', null), parent: 'a' } as Element;
		const n = note('n', { parent: 'a' });
		expect(checkChange(sam, move(n), rules({ locked: new Set(['zz']) }), ctx([a, b, n]))).toBeNull();
	});
});

describe('open settings of a structural element', () => {
	it('lets participants change only the settings a template opens (a loop name), nothing else of the frame', () => {
		const f = { ...frame('cl', 'causal-loop'), data: { loopNames: {} } } as Element;
		const ctx = { before: () => null, isStructural: isTemplateFrame, openSettings: () => ['loopNames', 'highlight'] };
		const sam = { id: 'sam', role: 'participant' as const };
		const named = { ...f, data: { loopNames: { k: { name: 'Vicious circle' } } } } as Element;
		expect(checkChange(sam, { id: 'cl', before: f, after: named }, NO_RULES, ctx)).toBeNull();
		expect(checkChange(sam, { id: 'cl', before: f, after: { ...named, x: 99 } as Element }, NO_RULES, ctx)).toMatch(/Only a facilitator/);
		expect(checkChange(sam, { id: 'cl', before: f, after: { ...f, data: { loopNames: {}, other: 1 } } as Element }, NO_RULES, ctx)).toMatch(
			/Only a facilitator/
		);
		expect(checkChange(sam, { id: 'cl', before: f, after: null }, NO_RULES, ctx)).toMatch(/Only a facilitator/);
	});
});
