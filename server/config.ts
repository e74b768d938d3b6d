/** Configuration from the environment, parsed once at start-up. Nothing else reads process.env. */
import { z } from 'zod';
import { DEFAULT_RATES, RateSpec } from './http/rate-limits.js';

const Port = z.coerce.number().int().min(0).max(65535);

export const Config = z.object({
	PORT: Port.default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATA_DIR: z.string().min(1).default('./data'),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
		.optional(),
	/** The PostgreSQL schema Convene's tables live in (created if missing). */
	DATABASE_SCHEMA: z
		.string()
		.regex(/^[a-z_][a-z0-9_]{0,62}$/, 'DATABASE_SCHEMA must be a lower-case SQL identifier such as convene')
		.default('public'),
	REDIS_URL: z
		.string()
		.regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
		.optional(),
	PUBLIC_URL: z.url().optional(),
	LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
	/** How long an empty room stays in memory (ms). */
	ROOM_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
	/** Largest WebSocket frame accepted (bytes). */
	MAX_FRAME_BYTES: z.coerce
		.number()
		.int()
		.min(1024)
		.max(256 * 1024 * 1024)
		.default(8 * 1024 * 1024),
	/** Where the built SvelteKit app is (adapter-node output); by default beside the server bundle. */
	BUILD_DIR: z.string().min(1).optional(),
	/** Other browser origins allowed to open WebSockets (comma-separated URLs); PUBLIC_URL's origin always is. */
	ALLOWED_ORIGINS: z
		.string()
		.transform((text) =>
			text
				.split(',')
				.map((o) => o.trim())
				.filter(Boolean)
		)
		.pipe(z.array(z.url('ALLOWED_ORIGINS: each entry is a URL such as https://convene.example')))
		.default([]),
	/** How many reverse proxies in front are trusted for X-Forwarded-For (0: none, use the socket's address). */
	TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
	/** A session unused for this many days stops working; the person joins again from their link. */
	SESSION_IDLE_DAYS: z.coerce.number().min(0.01).max(3650).default(30),
	/** People one board may hold. */
	MAX_MEMBERS: z.coerce.number().int().min(1).max(100_000).default(1000),
	/** Automatic snapshots of a board are kept this many days (named ones until the board is deleted). */
	SNAPSHOT_RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(90),
	/** Deleted elements can be brought back for this many days. */
	DELETED_RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(30),
	/** Boards nobody has used for this many days are deleted with everything they hold; unset: kept until deleted. */
	BOARD_RETENTION_DAYS: z.coerce
		.number()
		.int('BOARD_RETENTION_DAYS: a whole number of days')
		.min(1, 'BOARD_RETENTION_DAYS: at least 1 day (leave it unset to keep boards until a facilitator deletes them)')
		.max(36_500)
		.optional(),
	/** A document people write stops taking changes at this size (MiB). */
	MAX_DOC_MB: z.coerce.number().min(1).max(1024).default(32),
	/** Worker threads that make export files (PDF, DOCX, pictures, spreadsheets); default: cores − 1, at least 1, at most 2. */
	EXPORT_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
	/** Rate limits, "<count>/<s|min|h|d>" or "off" (docs/api.md). */
	RATE_CREATE_BOARD: z.string().default(DEFAULT_RATES.createBoard).pipe(RateSpec),
	RATE_JOIN_LINK: z.string().default(DEFAULT_RATES.joinPerLink).pipe(RateSpec),
	RATE_JOIN_ADDRESS: z.string().default(DEFAULT_RATES.joinPerAddress).pipe(RateSpec),
	RATE_IMPORT: z.string().default(DEFAULT_RATES.import).pipe(RateSpec),
	RATE_EXPORT: z.string().default(DEFAULT_RATES.export).pipe(RateSpec)
});
export type Config = z.infer<typeof Config>;

/** Parses the environment; throws one readable message listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
	// Empty strings mean "unset" (as in a .env file with KEY=).
	const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const parsed = Config.safeParse(cleaned);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
	}
	return parsed.data;
}
