/**
 * The real PostgreSQL and Redis that tests use, and what to do when they are not there: the suite is
 * registered as skipped under a name that says why, and a warning is printed. Never a silent pass.
 */
import { describe, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The URL without its password, for messages. */
export function redactUrl(raw: string): string {
	try {
		const u = new URL(raw);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return '<unparseable URL>';
	}
}

/** True if PostgreSQL at `url` answers a query within about two seconds. */
export async function postgresReachable(url = TEST_DATABASE_URL): Promise<boolean> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
	try {
		await client.connect();
		await client.query('SELECT 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

/** True if Redis at `url` answers PING within about two seconds. */
export async function redisReachable(url = TEST_REDIS_URL): Promise<boolean> {
	const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
	redis.on('error', () => {});
	try {
		await redis.connect();
		return (await redis.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		redis.disconnect();
	}
}

/**
 * Checks the services a suite needs; returns null if all answer, else the skip message
 * ("SKIPPED: Redis not reachable at …").
 */
export async function missingServices(needs: { redis?: string; postgres?: string }): Promise<string | null> {
	const missing: string[] = [];
	if (needs.redis !== undefined && !(await redisReachable(needs.redis))) missing.push(`Redis not reachable at ${redactUrl(needs.redis)}`);
	if (needs.postgres !== undefined && !(await postgresReachable(needs.postgres)))
		missing.push(`PostgreSQL not reachable at ${redactUrl(needs.postgres)}`);
	return missing.length ? `SKIPPED: ${missing.join('; ')}` : null;
}

/** Registers a skipped suite named `message` listing the tests that did not run, and prints the message. */
export function describeSkipped(message: string, tests: string[]): void {
	console.warn(message);
	describe.skip(message, () => {
		for (const name of tests) it(name, () => {});
	});
}

/** Runs one statement on a fresh connection (for setup and cleanup outside the store under test). */
export async function adminQuery(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
	await client.connect();
	try {
		return await client.query(sql, values);
	} finally {
		await client.end();
	}
}

/** Deletes every key that starts with `prefix` (a test run's own keys only). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
	const redis = new Redis(url, { maxRetriesPerRequest: 1 });
	redis.on('error', () => {});
	try {
		const keys: string[] = [];
		for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 500 })) keys.push(...(batch as string[]));
		for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
	} finally {
		redis.disconnect();
	}
}
