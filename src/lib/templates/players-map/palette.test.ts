import { describe, expect, it } from 'vitest';
import { groupInfo, GROUPS, searchPalette } from './palette.js';
import { GROUP_IDS } from './schema.js';

describe(searchPalette, () => {
	it('gives the whole palette for an empty query', () => {
		expect(searchPalette('  ')).toHaveLength(GROUPS.reduce((n, g) => n + g.players.length, 0));
	});

	it('matches case-blind, exact and prefix matches first', () => {
		const hits = searchPalette('camhs');
		expect(hits[0]).toEqual({ name: 'CAMHS', group: 'health', ring: 3 });
		expect(hits.map((h) => h.name)).toContain('CAMHS link worker');
	});

	it('matches every word, anywhere in the name or group', () => {
		expect(searchPalette('safeguarding lead').map((h) => h.name)).toEqual(['Designated safeguarding lead']);
		expect(searchPalette('police').map((h) => h.name)).toContain('Youth Justice Service');
	});

	it('ignores apostrophe styles', () => {
		expect(searchPalette('children’s social').map((h) => h.name)).toContain("Children's social care");
	});

	it('finds nothing for nonsense', () => {
		expect(searchPalette('zzqx')).toEqual([]);
	});

	it('holds the players the domain names, each in its group’s typical ring', () => {
		const names = searchPalette('').map((h) => h.name);
		for (const name of [
			'Parents/carers',
			'Siblings',
			'Peer group',
			'Trusted adult',
			'SENCO',
			'Headteacher',
			'Designated safeguarding lead',
			'Educational psychologist',
			'Virtual school',
			'Fair Access Panel',
			'Early help',
			"Children's social care",
			'CAMHS',
			'Mental Health Support Team',
			'Youth Justice Service',
			'Police',
			'Voluntary and community sector',
			"Director of Children's Services",
			'DfE',
			'Ofsted'
		])
			expect(names).toContain(name);
		expect(searchPalette('DfE')[0].ring).toBe(4);
		expect(searchPalette('Siblings')[0].ring).toBe(1);
	});
});

describe(groupInfo, () => {
	it('covers every group id and falls back to Other', () => {
		for (const id of GROUP_IDS) expect(groupInfo(id).id).toBe(id);
		expect(groupInfo(undefined).label).toBe('Other');
		expect(new Set(GROUPS.map((g) => g.short)).size).toBe(GROUPS.length);
	});
});
