import { describe, expect, it } from 'vitest';
import { exportUrl } from './links.js';
import { fileName, slug } from './file-name.js';

describe(exportUrl, () => {
	it('adds only the options that format uses', () => {
		expect(exportUrl('board123', 'pdf', 's+t/k', { paper: 'a3', names: true, table: 'x', frame: 'f1' })).toBe(
			'/api/boards/board123/export/pdf?session=s%2Bt%2Fk&paper=a3&names=1'
		);
		expect(exportUrl('board123', 'pdf', 's', { paper: 'a4' })).toBe('/api/boards/board123/export/pdf?session=s');
		expect(exportUrl('board123', 'csv', 's', { table: 'Who took part', names: true })).toBe(
			'/api/boards/board123/export/csv?session=s&table=Who+took+part'
		);
		expect(exportUrl('board123', 'png', 's', { frame: 'f1', paper: 'a3' })).toBe('/api/boards/board123/export/png?session=s&frame=f1');
		expect(exportUrl('board123', 'xlsx', 's', { table: 'votes' })).toBe('/api/boards/board123/export/xlsx?session=s&table=votes');
		expect(exportUrl('board123', 'svg', 's', { frame: '' })).toBe('/api/boards/board123/export/svg?session=s');
	});
});

describe(fileName, () => {
	it('makes a readable, safe file name from any title', () => {
		expect(fileName('System-Players Map: “Café” <b>', 'png', new Date('2026-11-24T12:00:00Z'))).toBe(
			'system-players-map-cafe-b-2026-11-24.png'
		);
		expect(slug('***')).toBe('board');
		expect(slug('x'.repeat(100))).toHaveLength(60);
	});
});
