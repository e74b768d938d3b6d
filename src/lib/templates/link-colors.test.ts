/**
 * A template's `linkColor` (what the board's first picture strokes a connector with, before the canvas exists)
 * is the colour its renderer strokes the same connector with, for every choice a connection offers.
 */
import { describe, expect, it } from 'vitest';
import type { Connector, JsonValue } from '$lib/doc/schema.js';
import { isSelectField, type TemplateModel } from './kit/model.js';
import type { TemplateRenderer } from './kit/client.js';
import { templateModel } from './models.js';
import { renderer as causalLoopRenderer } from './causal-loop/renderer.js';
import { renderer as playersMapRenderer } from './players-map/renderer.js';
import { renderer as theoryOfChangeRenderer } from './theory-of-change/renderer.js';

const TEMPLATES: { id: string; model: TemplateModel; renderer: TemplateRenderer }[] = [
	{ id: 'causal-loop', model: templateModel('causal-loop')!, renderer: causalLoopRenderer },
	{ id: 'players-map', model: templateModel('players-map')!, renderer: playersMapRenderer },
	{ id: 'theory-of-change', model: templateModel('theory-of-change')!, renderer: theoryOfChangeRenderer }
];

const connector = (data: Record<string, JsonValue>): Connector =>
	({ kind: 'connector', id: 'c', index: 'a0', parent: null, from: 'a', to: 'b', data, createdBy: 'p' }) as unknown as Connector;

describe('template link colours', () => {
	const styled = TEMPLATES;
	it('every template that styles its links has a link colour', () => {
		for (const t of styled) expect(t.model.linkColor, t.id).toBeTypeOf('function');
		// The others draw their links plain, and the picture strokes them plain.
		const others = ['action-plan', 'how-might-we', 'iceberg'].map((id) => templateModel(id)!);
		for (const m of others) expect(m.linkColor, m.id).toBeUndefined();
	});

	for (const t of styled) {
		it(`${t.id}: the picture's colour is the canvas's for each choice`, () => {
			const samples: Record<string, JsonValue>[] = [{ template: t.id }, { template: t.id, hl: true }];
			for (const field of t.model.linkFields ?? [])
				if (isSelectField(field)) for (const option of field.options) samples.push({ template: t.id, [field.key]: option.value });
			for (const data of samples)
				expect(t.model.linkColor!(data), JSON.stringify(data)).toBe(t.renderer.linkStyle!(connector(data))?.color);
		});
	}
});
