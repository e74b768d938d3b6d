/** SKELETON to be replaced by the template's real model (work in progress in this session). */
import { defineTemplateModel } from '../kit/model.js';
import { z } from 'zod';
import { seedBuilder } from '../kit/seed.js';

const ID = 'iceberg';
export const icebergModel = defineTemplateModel({
	id: ID,
	title: 'The Iceberg',
	summary: '',
	version: 1,
	settings: z.record(z.string(), z.json()),
	itemTypes: [],
	placementKeys: [],
	prompts: [],
	seed: (at) => { const b = seedBuilder(ID); b.frame({ ...at, w: 1200, h: 900 }, 'The Iceberg'); return b.done(); },
	example: (at) => { const b = seedBuilder(ID); b.frame({ ...at, w: 1200, h: 900 }, 'The Iceberg'); return b.done(); },
	assign: () => null,
	sections: () => [],
	describe: (el) => el.kind
});
