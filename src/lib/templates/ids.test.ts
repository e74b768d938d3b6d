import { describe, expect, it } from 'vitest';
import { TEMPLATE_MODELS, templateModel } from './models.js';
import { HMW_QUESTION, TEMPLATE_IDS, TOC_ACTIVITY } from './ids.js';

describe('the ids templates read from each other', () => {
	it('name every template, and nothing else', () => {
		expect(Object.values(TEMPLATE_IDS).sort()).toEqual(TEMPLATE_MODELS.map((m) => m.id).sort());
	});

	it('name item types their template really has', () => {
		for (const ref of [HMW_QUESTION, TOC_ACTIVITY])
			expect(
				templateModel(ref.template)?.itemTypes.map((t) => t.type),
				`${ref.template}/${ref.type}`
			).toContain(ref.type);
	});
});
