import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe(loadConfig, () => {
	it('keeps boards until deleted unless BOARD_RETENTION_DAYS is set (an empty value is unset)', () => {
		expect(loadConfig({}).BOARD_RETENTION_DAYS).toBeUndefined();
		expect(loadConfig({ BOARD_RETENTION_DAYS: '' }).BOARD_RETENTION_DAYS).toBeUndefined();
		expect(loadConfig({ BOARD_RETENTION_DAYS: '365' }).BOARD_RETENTION_DAYS).toBe(365);
	});

	it('refuses a retention that is not a whole number of days, at least one, naming the variable', () => {
		for (const bad of ['0', '-5', '1.5', 'a year', 'off']) {
			expect(() => loadConfig({ BOARD_RETENTION_DAYS: bad })).toThrow(/BOARD_RETENTION_DAYS/);
		}
	});

	it('puts the PostgreSQL tables in the public schema unless DATABASE_SCHEMA names another, and refuses one that is not an identifier', () => {
		expect(loadConfig({}).DATABASE_SCHEMA).toBe('public');
		expect(loadConfig({ DATABASE_SCHEMA: 'convene' }).DATABASE_SCHEMA).toBe('convene');
		expect(() => loadConfig({ DATABASE_SCHEMA: 'Convene; DROP' })).toThrow(/DATABASE_SCHEMA/);
	});

	it('finds the built app beside the server bundle unless BUILD_DIR says where', () => {
		expect(loadConfig({}).BUILD_DIR).toBeUndefined();
		expect(loadConfig({ BUILD_DIR: '/srv/convene/build' }).BUILD_DIR).toBe('/srv/convene/build');
	});
});
